"""An import's record among the crawl runs: ``scrapy runs`` lists ``scrapy importwarc`` too.

Recorded under the key ``importwarc`` (no lock: imports of other files may run at once),
its counts those of the import's summary line: records read (``REQS``), articles new,
changed and unchanged, records skipped (not an article URL, not HTML, ...), duplicates and
pages that were not articles (by reason), extraction errors. Its heartbeat (the counts so
far) is written after a transaction at most every ``NEWSCRAWL_HEARTBEAT_INTERVAL``
seconds: a long import (a CC-NEWS file: tens of thousands of records) is not taken for
dead by the next one. An import stopped by Ctrl-C or SIGTERM is recorded as
:data:`STOPPED`, with its counts so far.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from newscrawl.commands._warc_import import OLDER_OUTCOME
from newscrawl.storage.runs import FAILED, RunBook

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from newscrawl.commands._warc_import import Importer
    from newscrawl.storage import Archive

#: The run key (and spider name) of imports.
IMPORT_RUN = "importwarc"
#: finish_reason of an import stopped by Ctrl-C or SIGTERM: Scrapy's of a crawl so stopped.
STOPPED = "shutdown"


def import_counts(importer: Importer) -> dict[str, Any]:
    """The run columns of an import, from its outcomes."""
    outcomes = importer.outcomes
    dropped: dict[str, int] = {}
    for what, count in outcomes.items():
        if what == "duplicate":
            dropped["duplicate-content"] = count
        elif what == OLDER_OUTCOME:
            dropped["older-capture"] = count
        elif what.startswith("not an article (") and what.endswith(")"):
            reason = what[len("not an article (") : -1]
            dropped[reason] = dropped.get(reason, 0) + count
    return {
        "requests": importer.read_count,
        "articles_new": outcomes["new"],
        "articles_changed": outcomes["changed"],
        "articles_unchanged": outcomes["unchanged"],
        # An import revisits nothing: no URL answers it 404. A page of an article a crawl
        # found taken down brings it back, as a crawl's would.
        "articles_removed": 0,
        "articles_restored": outcomes["restored"],
        "skipped": sum(n for what, n in outcomes.items() if what.startswith("skipped: ")),
        "errors": outcomes["extraction error"],
        "dropped": dropped,
        "listing_problems": {},
        "articles_not_fetched": {},
    }


class ImportRun:
    """The record of one import in ``crawl_runs``."""

    def __init__(self, archive: Archive, settings: BaseSettings) -> None:
        self.book = RunBook(archive)
        self.interval = settings.getfloat("NEWSCRAWL_HEARTBEAT_INTERVAL")
        stale_after = timedelta(seconds=settings.getfloat("NEWSCRAWL_LOCK_STALE_AFTER"))
        self.run_id, _ = self.book.start(IMPORT_RUN, IMPORT_RUN, stale_after, lock=False)
        self._beaten = time.monotonic()

    def beat(self, importer: Importer) -> None:
        """Save the counts so far, if the last heartbeat is old enough."""
        if time.monotonic() - self._beaten >= self.interval:
            self.book.heartbeat(self.run_id, IMPORT_RUN, import_counts(importer))
            self._beaten = time.monotonic()

    def finish(self, importer: Importer, failure: str | None) -> None:
        """Record the end of the import: ``finished``, or ``failed`` and why."""
        reason = FAILED if failure else "finished"
        self.book.finish(self.run_id, IMPORT_RUN, reason, import_counts(importer), failure)

    def stopped(self, importer: Importer) -> None:
        """Record the end of an import stopped before it was done, with its counts so far."""
        self.book.finish(self.run_id, IMPORT_RUN, STOPPED, import_counts(importer))
