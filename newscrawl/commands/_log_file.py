"""The folder of ``LOG_FILE``, made before a crawl starts; a log that cannot be written, said.

Scrapy opens ``LOG_FILE`` (or ``--logfile``) when it sets up logging, before any of the
command's own code runs, and neither makes its folder nor catches the error: a cron line
with ``-s LOG_FILE=logs/site.log`` in a fresh checkout ended in a ``FileNotFoundError``
traceback and exit code 1, which looks like a failed run. The folder is made here, as the
run feeds' is (:mod:`newscrawl.commands._feeds_dir`); a log file that cannot be written (a
folder of that name, no permission) ends the command at once, with one line on stderr and
exit code 73 (EX_CANTCREAT).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from newscrawl.commands._archive import CANNOT_CREATE_EXIT_CODE

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


def make_log_dir(settings: BaseSettings, refusal: str = "") -> None:
    """Make the folder of ``LOG_FILE`` (if logging to a file) or end the command."""
    name = settings.get("LOG_FILE")
    if not name or not settings.getbool("LOG_ENABLED"):
        return
    path = Path(name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Opened to append, as Scrapy opens it by default: nothing in it is lost, and what
        # cannot be opened here could not be opened there.
        with path.open("a", encoding=settings.get("LOG_ENCODING") or "utf-8"):
            pass
    except OSError as exc:
        reason = "a folder is in the way" if path.is_dir() else exc.strerror or str(exc)
        print(f"{refusal}cannot write the log to {name} (LOG_FILE): {reason}", file=sys.stderr)
        raise SystemExit(CANNOT_CREATE_EXIT_CODE) from None
