"""The folders a run writes to, made (or found writable) before a crawl or import starts.

Scrapy makes a feed's folder at its first item: a ``NEWSCRAWL_FEEDS_DIR`` that cannot be
made or written (a file of that name, no permission) was a traceback for every article
stored, the run "finished" with exit code 0, and the stored articles in no feed. A
``NEWSCRAWL_WARC_DIR`` that cannot be was the same for every WARC record, and the folder
of a file ``-o``/``-O`` name (Scrapy's FEEDS) the same for every item. Each ends the
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


def make_output_dirs(settings: BaseSettings, refusal: str = "") -> None:
    """Make the folder of each local file Scrapy's ``FEEDS`` name (``-o``, ``-O``), or end.

    Scrapy opens them when the crawl starts: one that cannot be written was an error for
    every item, no file, and a run that "finished" with exit code 0.
    """
    for uri in settings.getdict("FEEDS"):
        path = _local_path(str(uri))
        if path is not None and "%(" not in str(path.parent):  # else named per run
            _make(path.parent, f"the feed {uri} (its folder {path.parent})", refusal)


def _local_path(uri: str) -> Path | None:
    """The file a feed URI names on this machine, or None (stdout, S3, FTP...).

    >>> _local_path("data/out.jsonl"), _local_path("file:///tmp/out.jsonl")
    (PosixPath('data/out.jsonl'), PosixPath('/tmp/out.jsonl'))
    >>> _local_path("s3://bucket/out.jsonl"), _local_path("stdout:"), _local_path("-")
    (None, None, None)
    """
    scheme, colon, rest = uri.partition(":")
    if scheme == "file":
        return Path(rest.removeprefix("//"))
    if uri == "-" or (colon and len(scheme) > 1 and "/" not in scheme):
        return None
    return Path(uri)


def _make_dir(settings: BaseSettings, name: str, what: str, refusal: str) -> None:
    folder = settings.get(name)
    if folder:
        _make(Path(folder), f"{what} to {folder} ({name})", refusal)


def _make(path: Path, what: str, refusal: str) -> None:
    """Make the folder ``path``, or end the command saying it "cannot write ``what``"."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        if not os.access(path, os.W_OK | os.X_OK):
            raise PermissionError(13, "Permission denied")
    except OSError as exc:
        reason = "a file is in the way" if path.is_file() else exc.strerror or str(exc)
        print(f"{refusal}cannot write {what}: {reason}", file=sys.stderr)
        raise SystemExit(CANNOT_CREATE_EXIT_CODE) from None
