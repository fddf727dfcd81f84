"""``scrapy runs``: the latest crawl runs (and WARC imports), newest first.

    scrapy runs [--spider NAME] [--limit N]

One line per run: id, site (run key), start (UTC), duration, requests, articles new /
changed / unchanged, archived articles taken down (``GONE``: their URL answered 404 or 410)
and back online (``BACK``), article requests skipped (archived, not due: the summary's "archived
not fetched"), duplicates skipped (``DUPS``), pages dropped (other reasons), article
pages that could not be fetched (``UNFETCHED``: an HTTP error, a download error), listing
pages (sections, feeds, sitemaps) that gave no articles (``EMPTY``: a site that changed
under its profile; the run's log names them), errors and the finish reason:
``finished``, ``failed`` (finished without doing its work: why is said under the table),
``shutdown``, ``locked`` (refused: another run of the site was in progress), ``died``
(killed; noticed when the next run took its lock over) or ``running``.

A run that died is shown as of its last heartbeat (``NEWSCRAWL_HEARTBEAT_INTERVAL``): its
counts then, and the time to it. One that died before its first heartbeat left no counts:
they are shown as ``?``, not as nothing done, and a line under the table says so.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.commands._archive import missing_sqlite_file, open_archive
from newscrawl.commands._options import StrictOptions
from newscrawl.extensions.summary import is_duplicate
from newscrawl.stdout import reader_may_stop
from newscrawl.storage.runs import DIED, RunBook

if TYPE_CHECKING:
    import argparse

_COLUMNS = (
    ("ID", ">"), ("SITE", "<"), ("STARTED (UTC)", "<"), ("TOOK", ">"), ("REQS", ">"),
    ("NEW", ">"), ("CHANGED", ">"), ("UNCHANGED", ">"), ("GONE", ">"), ("BACK", ">"),
    ("SKIPPED", ">"), ("DUPS", ">"),
    ("DROPPED", ">"), ("UNFETCHED", ">"), ("EMPTY", ">"), ("ERRORS", ">"), ("RESULT", "<"),
)  # fmt: skip


def _duration(start: datetime, end: datetime | None) -> str:
    if end is None:
        return "-"
    seconds = int((end - start).total_seconds())
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def _count(count: int | None) -> str:
    return "-" if count is None else str(count)


def _total(counts: dict[str, int] | None) -> str:
    return "-" if counts is None else str(sum(counts.values()))


def died_unbeaten(run: dict[str, Any]) -> bool:
    """Whether ``run`` died before its first heartbeat: what it did was never saved."""
    return run["finish_reason"] == DIED and run.get("heartbeat_at") == run["started_at"]


def run_row(run: dict[str, Any]) -> list[str]:
    """The table cells of one run (the counts as its summary line gives them)."""
    cells = _run_cells(run)
    if died_unbeaten(run):
        # Its duration and counts are unknown, not none: "0s" and zeros said it did nothing.
        return [*cells[:3], *["?"] * (len(cells) - 4), cells[-1]]
    return cells


def _run_cells(run: dict[str, Any]) -> list[str]:
    dropped = run["dropped"] or {}
    duplicates = sum(n for reason, n in dropped.items() if is_duplicate(reason))
    return [
        str(run["id"]),
        run["run_key"],
        f"{run['started_at']:%Y-%m-%d %H:%M:%S}",
        _duration(run["started_at"], run["finished_at"]),
        str(run["requests"]),
        str(run["articles_new"]),
        str(run["articles_changed"]),
        str(run["articles_unchanged"]),
        # Null for runs recorded before the archive kept them (migration 0015).
        _count(run.get("articles_removed")),
        _count(run.get("articles_restored")),
        str(run["skipped"]),
        str(duplicates),
        str(sum(dropped.values()) - duplicates),
        # Null for runs recorded before the archive kept them (migrations 0007, 0006).
        _total(run.get("articles_not_fetched")),
        _total(run.get("listing_problems")),
        str(run["errors"]),
        run["finish_reason"] or "running",
    ]


def render_runs(runs: list[dict[str, Any]]) -> str:
    """The runs as a text table; under it, why each failed run failed, which died unbeaten."""
    rows = [[name for name, _ in _COLUMNS], *map(run_row, runs)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_COLUMNS))]
    table = [
        "  ".join(
            f"{cell:{align}{width}}"
            for cell, (_, align), width in zip(row, _COLUMNS, widths, strict=True)
        ).rstrip()
        for row in rows
    ]
    # Null for runs recorded before the archive kept it (migration 0009).
    notes = [
        f"Run {run['id']} failed: {run['failure']}"
        if run.get("failure")
        else f"Run {run['id']} died before its first heartbeat: what it did is not known (the "
        "archive has what it stored)"
        for run in runs
        if run.get("failure") or died_unbeaten(run)
    ]
    return "\n".join([*table, *(["", *notes] if notes else [])])


class Command(StrictOptions, ScrapyCommand):
    """List the latest crawl runs."""

    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        """Usage line."""
        return "[--spider NAME] [--limit N]"

    def short_desc(self) -> str:
        """One-line description for ``scrapy -h``."""
        return "List the latest crawl runs and what they did"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Add the command's options."""
        super().add_options(parser)
        parser.add_argument(
            "--spider", help="only runs of this spider, or of this site (news:local, or local)"
        )
        parser.add_argument("--limit", type=int, default=20, help="most runs shown (20)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Print the table."""
        if args:
            raise UsageError("scrapy runs takes no arguments")
        if opts.limit < 1:
            raise UsageError(f"--limit {opts.limit}: give 1 or more runs", print_help=False)
        assert self.settings is not None
        if (missing := missing_sqlite_file(self.settings)) is not None:
            # Not made by asking: a new project's first question, or a mistyped path.
            print(f"No runs recorded yet (no archive at {missing}).")
            return
        archive = open_archive(self.settings, read_only=True)
        try:
            book = RunBook(archive)
            runs = book.runs(spider=opts.spider, limit=opts.limit)
            spiders = book.spiders() if not runs and opts.spider else []
        finally:
            archive.close()
        if runs:
            with reader_may_stop():
                print(render_runs(runs))
        elif spiders:  # a mistyped name, or a spider that never ran
            names = ", ".join(spiders)
            print(f"No runs of {opts.spider!r} recorded; spiders and sites with runs: {names}")
        else:
            print("No runs recorded yet.")
