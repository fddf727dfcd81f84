"""Crawl runs: a ``crawl_runs`` record per run, and a lock so that runs of a site never overlap.

When the spider opens, the run takes its site's lock in the archive (see
:mod:`newscrawl.storage.runs`) before a single request is sent. If another live run holds
it, this run logs one clear error and closes at once with the reason ``locked`` (``scrapy
crawl`` then exits with code 75, "try again later"); a lock left by a killed process is
detected (dead pid on this host, or a heartbeat older than the stale limit) and taken over.
An archive the run cannot write its lock to (an SQLite file another process holds a write
lock on for longer than the busy timeout, a server gone since the command opened it) is
refused the same way, as ``scrapy crawl`` refuses an archive it cannot open: no run crawls
without its lock. :data:`~newscrawl.crawler_archive.ARCHIVE_REFUSED_KEY` then says why, so
that the components opened after this one leave the archive alone.
While crawling, a heartbeat keeps the lock alive and saves the counts so far; at the end
the run is recorded with its finish reason (``failed`` for one that finished without doing
its work, and why: see :func:`newscrawl.extensions.summary.run_failure`) and counts, and
the lock released. The heartbeat writes from a thread: closing stops it and waits for one
still writing before the run is recorded, so that no heartbeat runs beside (or after) the
final record, nor on an archive closed under it.

Settings:

* ``NEWSCRAWL_RUN_LOCK``: take the site lock (off: runs are only recorded).
* ``NEWSCRAWL_LOCK_STALE_AFTER``: seconds without a heartbeat after which a lock is stale.
* ``NEWSCRAWL_HEARTBEAT_INTERVAL``: seconds between heartbeats.
* ``NEWSCRAWL_DATABASE_URL``: the archive holding runs and locks; the crawl's shared one
  (:mod:`newscrawl.crawler_archive`), closed after ``spider_closed`` has recorded the run.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet.defer import Deferred, succeed
from twisted.internet.task import LoopingCall, deferLater
from twisted.internet.threads import deferToThread

from newscrawl.crawler_archive import ARCHIVE_REFUSED_KEY, crawler_archive
from newscrawl.extensions.summary import (
    ARTICLE_FAILURES_PREFIX,
    LISTING_PROBLEMS_PREFIX,
    archived_not_fetched,
    counts_by_reason,
    run_failure,
)
from newscrawl.pipelines._drop import DROPPED_PREFIX
from newscrawl.pipelines.archive import ARTICLES_PREFIX
from newscrawl.storage.engine import error_line
from newscrawl.storage.runs import FAILED, LOCKED, RunBook, RunLocked, run_key

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from newscrawl.storage import Archive

logger = logging.getLogger(__name__)

#: Exit code of ``scrapy crawl`` when the run was refused by the lock (EX_TEMPFAIL).
LOCKED_EXIT_CODE = 75
#: Seconds to wait before each attempt to record the end of a run.
_FINISH_RETRIES = (0, 2, 5)


def run_counts(stats: StatsCollector) -> dict[str, Any]:
    """The count columns of a run, from the crawl's stats."""

    def get(key: str) -> int:
        return int(stats.get_value(key, 0) or 0)

    return {
        "requests": get("downloader/request_count"),
        "articles_new": get(f"{ARTICLES_PREFIX}new"),
        "articles_changed": get(f"{ARTICLES_PREFIX}changed"),
        "articles_unchanged": get(f"{ARTICLES_PREFIX}unchanged"),
        "articles_removed": get(f"{ARTICLES_PREFIX}removed"),
        "articles_restored": get(f"{ARTICLES_PREFIX}restored"),
        "skipped": archived_not_fetched(stats),
        "errors": get("log_count/ERROR"),
        "dropped": counts_by_reason(stats, DROPPED_PREFIX),
        "listing_problems": counts_by_reason(stats, LISTING_PROBLEMS_PREFIX),
        "articles_not_fetched": counts_by_reason(stats, ARTICLE_FAILURES_PREFIX),
    }


class CrawlRuns:
    """Record the run and hold its site's lock while it crawls."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.get("NEWSCRAWL_DATABASE_URL"):
            raise NotConfigured("NEWSCRAWL_DATABASE_URL is empty: runs are not recorded")
        self.lock = settings.getbool("NEWSCRAWL_RUN_LOCK")
        self.stale_after = timedelta(seconds=settings.getfloat("NEWSCRAWL_LOCK_STALE_AFTER"))
        self.interval = max(0.1, settings.getfloat("NEWSCRAWL_HEARTBEAT_INTERVAL"))
        self.crawler = crawler
        self.stats = crawler.stats
        self.archive: Archive | None = None
        self.book: RunBook | None = None
        self.run_id: int | None = None
        self.run_key = ""
        self._heartbeat: LoopingCall | None = None
        # Fires once the heartbeat has stopped and its last beat, if any, has returned.
        self._heartbeat_stopped: Deferred[Any] = succeed(None)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the component from the crawler and its settings."""
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        """Take the site's lock and record the start of the run, or refuse to run."""
        self.archive = crawler_archive(self.crawler)
        self.book = RunBook(self.archive)
        self.run_key = run_key(spider)
        try:
            self.run_id, stale = self.book.start(
                spider.name, self.run_key, self.stale_after, lock=self.lock
            )
        except RunLocked as exc:
            logger.error(
                "Not crawling: %s. Runs of one site must not overlap; try again when it has "
                "finished (a lock is taken over automatically once its holder is dead).",
                exc,
            )
            self.book.refused(spider.name, self.run_key)
            raise CloseSpider(LOCKED) from None
        except SQLAlchemyError as exc:
            reason = error_line(exc)
            logger.error(
                "Not crawling: cannot open the archive at %s: %s. Try again later.",
                self.archive.engine.url.render_as_string(hide_password=True),
                reason,
            )
            self.stats.set_value(ARCHIVE_REFUSED_KEY, reason)
            raise CloseSpider(LOCKED) from None
        if stale is not None:
            logger.warning(
                "Took over the lock of %r from a run that died: %s", self.run_key, stale.describe()
            )
        logger.info("Run %d of %r started", self.run_id, self.run_key)
        self._heartbeat = LoopingCall(self._beat)
        self._heartbeat_stopped = self._heartbeat.start(self.interval, now=False)
        # Only a beat that raised in the reactor thread ends the loop early.
        self._heartbeat_stopped.addErrback(
            lambda failure: logger.warning("Run heartbeats stopped: %s", failure.value)
        )

    def _beat(self) -> Any:
        assert self.book is not None and self.run_id is not None
        # In a thread: a busy database must not hold up the reactor. A failed heartbeat is
        # logged and retried at the next tick; the crawl goes on.
        # Without the lock, the processes of a shared run record each other's deaths.
        dead_after = None if self.lock else self.stale_after
        beat = deferToThread(
            self.book.heartbeat, self.run_id, self.run_key, run_counts(self.stats), dead_after
        )
        beat.addErrback(lambda failure: logger.warning("Run heartbeat failed: %s", failure.value))
        return beat

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        """Record the end of the run and release the lock, once no heartbeat is writing.

        Scrapy awaits this before it stops the engine (and closes the archive).
        """
        if self._heartbeat is not None and self._heartbeat.running:
            # No beat starts after this; the loop's Deferred fires when the one in flight
            # (if any) has returned: its thread cannot be interrupted, only waited for.
            self._heartbeat.stop()
        await maybe_deferred_to_future(self._heartbeat_stopped)
        if self.book is not None and self.run_id is not None:
            failure = run_failure(self.stats) if reason == "finished" else None
            if failure:
                reason = FAILED
            counts = run_counts(self.stats)
            await self._finish(reason, counts, failure)

    async def _finish(self, reason: str, counts: dict[str, Any], failure: str | None) -> None:
        """Record the end of the run, trying again a little later if the database fails.

        A database that went away during the run (a PostgreSQL restart) is often back a few
        seconds later; if it is not, one line says so, and the run shows as running until
        a later run of the site finds its process gone (recorded as died).
        """
        assert self.book is not None and self.run_id is not None
        from twisted.internet import reactor

        for wait in _FINISH_RETRIES:
            if wait:
                await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
            try:
                self.book.finish(self.run_id, self.run_key, reason, counts, failure)
            except SQLAlchemyError as exc:
                error: SQLAlchemyError = exc
                continue
            logger.info("Run %d of %r recorded: %s", self.run_id, self.run_key, reason)
            return
        logger.error(
            "Could not record the end of run %d of %r: %s",
            self.run_id,
            self.run_key,
            error_line(error),
        )
