"""``scrapy copyarchive URL``: the whole archive, into another (empty) database.

    scrapy copyarchive postgresql://newscrawl@db.example/news
    scrapy copyarchive sqlite:///backup/newscrawl.sqlite

Copies the archive ``NEWSCRAWL_DATABASE_URL`` names (SQLite by default) into the database
``URL`` names, table by table, ids and all (:mod:`newscrawl.storage.copy`): what moves an
archive to PostgreSQL when one machine is outgrown, or makes a consistent copy of a live
one. The target's schema is made (its migrations run) first; a target that holds any row
already is a usage error (exit code 2), so that no archive is ever merged into another; a
copy that fails or is stopped leaves the target empty. Then point ``NEWSCRAWL_DATABASE_URL``
at the target.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from sqlalchemy.exc import SQLAlchemyError

from newscrawl.commands._archive import UNREACHABLE_EXIT_CODE, open_archive
from newscrawl.commands._options import StrictOptions
from newscrawl.commands._output import INTERRUPTED_EXIT_CODE
from newscrawl.storage.copy import TargetNotEmpty, copy_archive
from newscrawl.storage.engine import archive_url, error_line

if TYPE_CHECKING:
    import argparse
    from typing import TextIO


class Command(StrictOptions, ScrapyCommand):
    """Copy the archive into another database."""

    requires_project = True
    requires_crawler_process = False
    max_args = 1
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        """Usage line."""
        return "URL"

    def short_desc(self) -> str:
        """One-line description for ``scrapy -h``."""
        return "Copy the whole archive into another, empty database (SQLite to PostgreSQL)"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Copy."""
        if len(args) != 1:
            raise UsageError("give the database URL to copy the archive into")
        assert self.settings is not None
        source_url = self.settings.get("NEWSCRAWL_DATABASE_URL")
        if _same_database(source_url, args[0]):
            raise UsageError(f"{args[0]} is the archive itself", print_help=False)
        target_settings = self.settings.copy()
        target_settings.set("NEWSCRAWL_DATABASE_URL", args[0], priority="cmdline")
        source = open_archive(self.settings, create=False, read_only=True)
        # Its errors speak of the URL the user typed, not of the setting it is passed in.
        target = open_archive(target_settings, refusal="Not copying: ", named="the target")
        shown = archive_url(args[0]).render_as_string(hide_password=True)
        progress = Progress(sys.stderr)
        try:
            counts = copy_archive(source.engine, target.engine, progress)
        except TargetNotEmpty as exc:
            raise UsageError(f"not copying into {shown}: {exc}", print_help=False) from None
        except SQLAlchemyError as exc:
            print(f"\nCopy failed, {shown} left empty: {error_line(exc)}", file=sys.stderr)
            raise SystemExit(UNREACHABLE_EXIT_CODE) from None
        except KeyboardInterrupt:
            print(f"\nStopped: {shown} left empty", file=sys.stderr)
            raise SystemExit(INTERRUPTED_EXIT_CODE) from None
        finally:
            source.close()
            target.close()
        progress.done()
        rows = ", ".join(f"{table} {count:,}" for table, count in counts.items() if count)
        print(f"Copied the archive into {shown} ({rows or 'no rows: it was empty'}).")
        print(f"Point NEWSCRAWL_DATABASE_URL at it: -s NEWSCRAWL_DATABASE_URL={shown}")


class Progress:
    """The rows copied so far, said on ``stream`` as the copy goes.

    On a terminal, one line rewritten in place; in a log (cron, systemd's journal), a line
    for each table once it is copied, where the rewritten line ran on as one line of
    thousands of characters.

    >>> import io
    >>> log = io.StringIO()
    >>> progress = Progress(log)
    >>> progress("articles", 500); progress("articles", 700); progress("revisions", 90)
    >>> progress.done(); print(log.getvalue(), end="")
    articles: 700 rows
    revisions: 90 rows
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.table: str | None = None
        self.rows = 0

    def __call__(self, table: str, rows: int) -> None:
        """Say that ``rows`` rows of ``table`` are copied."""
        if self.live:
            # Padded: a shorter line would leave the end of the one before it on the screen.
            print(f"\r{f'{table}: {rows:,} rows':<40}", end="", file=self.stream, flush=True)
            return
        if self.table not in (None, table):
            self._say()
        self.table, self.rows = table, rows

    def done(self) -> None:
        """End the progress: the terminal's line, or the last table's."""
        if self.live:
            print(file=self.stream)
        elif self.table is not None:
            self._say()

    def _say(self) -> None:
        print(f"{self.table}: {self.rows:,} rows", file=self.stream, flush=True)


def _same_database(first: str, second: str) -> bool:
    try:
        one, other = archive_url(first), archive_url(second)
    except SQLAlchemyError:  # not a URL: open_archive says so
        return False
    if one.get_backend_name() == other.get_backend_name() == "sqlite":
        return Path(one.database or "").resolve() == Path(other.database or "").resolve()
    return one == other
