"""The folders a run writes to, made (or found writable) before a crawl or import starts.

Scrapy makes a feed's folder at its first item: a ``NEWSCRAWL_FEEDS_DIR`` that cannot be
made or written (a file of that name, no permission) was a traceback for every article
stored, the run "finished" with exit code 0, and the stored articles in no feed. A
``NEWSCRAWL_WARC_DIR`` that cannot be was the same for every WARC record. Either ends the
command at once instead, with one line and exit code 73 (EX_CANTCREAT), as an SQLite
archive that cannot be created does.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from newscrawl.commands._archive import CANNOT_CREATE_EXIT_CODE

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


def make_feeds_dir(settings: BaseSettings, refusal: str = "") -> None:
    """Make ``NEWSCRAWL_FEEDS_DIR`` (if set) or end the command as described above."""
    _make_dir(settings, "NEWSCRAWL_FEEDS_DIR", "run feeds", refusal)


def make_warc_dir(settings: BaseSettings, refusal: str = "") -> None:
    """Make ``NEWSCRAWL_WARC_DIR`` (if set) or end the command as described above."""
    _make_dir(settings, "NEWSCRAWL_WARC_DIR", "WARC files", refusal)


def _make_dir(settings: BaseSettings, name: str, what: str, refusal: str) -> None:
    folder = settings.get(name)
    if not folder:
        return
    path = Path(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
        if not os.access(path, os.W_OK | os.X_OK):
            raise PermissionError(13, "Permission denied")
    except OSError as exc:
        reason = "a file is in the way" if path.is_file() else exc.strerror or str(exc)
        print(f"{refusal}cannot write {what} to {folder} ({name}): {reason}", file=sys.stderr)
        raise SystemExit(CANNOT_CREATE_EXIT_CODE) from None
