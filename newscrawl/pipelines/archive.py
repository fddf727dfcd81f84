"""Archive pipeline: store articles in the archive database, group-committed.

Writes run on one dedicated thread, so the reactor never waits for the database. While a
transaction is running, newly arrived articles queue up; when it commits, everything queued
goes into the next transaction (group commit). A transaction starts once the oldest queued
article has waited ``NEWSCRAWL_ARCHIVE_LINGER`` seconds, or sooner when a full batch is
queued: a transaction costs milliseconds whatever it holds (measured: ~4 ms of CPU an
article in transactions of one, ~1 ms in transactions of fifty), and in a fast crawl that
CPU is the crawler process's, taken from the reactor.

An item leaves this pipeline (and reaches feeds) only after its transaction has committed,
with ``archive_status`` set to what the archive did (``new``, ``changed`` or
``unchanged``), its ``revision`` number and ``duplicate_of`` (the URL of the article it is
a syndicated or near copy of, or null). A copy of an archived article of the
same site under another URL is dropped as ``duplicate-content``. A 304 answer to a revisit
(:class:`~newscrawl.items.NotModifiedPage`) is recorded as a check and replaced by the
archived article, ``unchanged``. A page dropped as not an article (``item_dropped`` with a
reason such as ``short-body`` or ``not-html``) is remembered as rejected, so that the
incremental middleware does not fetch it again on the next run; so is an article page that
answered 404 or 410 (the ``page_gone`` signal, :mod:`newscrawl.signals`).

A transaction the database refuses for an article's data (a value it cannot hold, a
constraint) is run again an item a transaction, so that only the refused item fails
(``newscrawl/archive/split_batches``); one it refuses outright (disk full, server gone)
fails every item of it, counted under ``newscrawl/archive/failed_items``: their URLs are
not marked archived, and the next run fetches them again.

On close (normal end, SIGTERM/SIGINT shutdown) Scrapy lets in-flight items finish before it
closes the pipeline, and the pipeline waits for the last transaction, so nothing is lost.
The archive is the crawl's shared one (:mod:`newscrawl.crawler_archive`), closed after the
pipeline when the engine stops.

Settings:

* ``NEWSCRAWL_DATABASE_URL``: SQLAlchemy URL of the archive.
* ``NEWSCRAWL_ARCHIVE_BATCH_SIZE``: most articles per transaction.
* ``NEWSCRAWL_ARCHIVE_LINGER``: seconds an article may wait for others to share its
  transaction (0: none).
* ``NEWSCRAWL_KEEP_RAW``: also store each article's raw response, compressed (the shared
  archive reads it).
* ``NEWSCRAWL_WARC_DIR``: also append stored responses to a WARC file per run there.

A WARC record is written once its article is committed: a write that fails (a disk full,
the folder gone) undoes nothing the archive did. The article counts as stored and goes on
to the feeds; the failure is logged once per cause and counted under :data:`WARC_FAILED_KEY`
(the summary line says so; the archive keeps the raw pages, which ``scrapy export -o
pages.warc.gz`` writes as WARC).
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import CallLaterResult, call_later
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError
from twisted.internet.defer import Deferred
from twisted.internet.threads import deferToThreadPool
from twisted.python.threadpool import ThreadPool

from newscrawl.crawler_archive import crawler_archive
from newscrawl.items import PAGE_KEY, ArticlePage, GonePage, NotModifiedPage
from newscrawl.pipelines._drop import Dropped, drop
from newscrawl.signals import page_gone
from newscrawl.storage import Archive, NotModified, StoreResult
from newscrawl.storage.engine import error_line
from newscrawl.storage.warc import WarcFile

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

#: Stats prefix of archive outcomes: new, changed, unchanged.
ARTICLES_PREFIX = "newscrawl/articles/"
#: Transactions failed in a row by the database going away that stop the crawl.
ARCHIVE_LOST_AFTER = 3
#: Stats key set, to why, when the crawl stopped because its archive was lost.
ARCHIVE_LOST_KEY = "newscrawl/archive/lost"
#: Close reason of a crawl that lost its archive.
ARCHIVE_LOST = "archive-lost"
#: Stats key of the stored articles whose WARC records could not be written.
WARC_FAILED_KEY = "newscrawl/warc/failed"

#: Drop reasons that say nothing about the page itself: not remembered as rejections.
NOT_REJECTIONS = frozenset({"extraction-error", "not-modified-unknown"})


@dataclass(frozen=True)
class _Rejected:
    """A page that was not an article, queued for the writer like an item."""

    url: str
    site: str
    reason: str


#: Articles whose rel=canonical named an archived article of another story.
CANONICAL_REFUSED_KEY = "newscrawl/archive/canonical_refused"
#: What the writer thread hands back per item: a StoreResult for an article; for a 304,
#: the result and the archived article, or None if the archive does not know the URL.
#: For a page gone (404, 410), the archived article if it was found gone for the first time.
Outcome = StoreResult | tuple[StoreResult, dict[str, Any]] | dict[str, Any] | None


class ArchivePipeline:
    """Store every article that reaches it; set ``archive_status``."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.get("NEWSCRAWL_DATABASE_URL"):
            raise NotConfigured("NEWSCRAWL_DATABASE_URL is empty: archive off")
        self.batch_size = max(1, settings.getint("NEWSCRAWL_ARCHIVE_BATCH_SIZE"))
        self.linger = max(0.0, settings.getfloat("NEWSCRAWL_ARCHIVE_LINGER"))
        self.warc_dir = settings.get("NEWSCRAWL_WARC_DIR") or None
        self.crawler = crawler
        self.stats = crawler.stats
        self.archive: Archive | None = None
        self.warc: WarcFile | None = None
        #: WARC writes that failed in the writer thread, for ``_written`` to count and log.
        self._warc_failures: list[tuple[str, OSError]] = []
        #: Causes of failed WARC writes already logged (each is logged once).
        self._warc_causes: set[str] = set()
        self._pending: list[tuple[Any, Deferred[Outcome]]] = []
        # When the oldest queued item arrived (time.monotonic()), and the call that starts
        # its transaction when it has waited long enough.
        self._oldest = 0.0
        self._linger_call: CallLaterResult | None = None
        self._closing = False
        #: Items at the head of the queue to store one a transaction (see _written).
        self._alone = 0
        self._writing: Deferred[list[Outcome]] | None = None
        self._idle: list[Deferred[None]] = []
        #: Transactions that failed in a row because the database went away (see _lost).
        self._lost_in_a_row = 0
        # One writer thread: SQLite has one writer anyway, and a single thread keeps the
        # group-commit order simple.
        self._pool = ThreadPool(minthreads=1, maxthreads=1, name="newscrawl-archive")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the component from the crawler and its settings."""
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.page_gone, signal=page_gone)
        return pipeline

    def page_gone(self, url: str, site: str, reason: str) -> None:
        """Queue an article page that answered 404 or 410.

        An archived article is marked removed (counted under ``newscrawl/articles/removed``),
        another URL remembered as rejected.
        """
        done: Deferred[Outcome] = Deferred()
        # A failed transaction is logged once, for its batch (_written).
        done.addCallbacks(self._count_removed, _logged_with_its_batch)
        self._queue(GonePage(url, site, reason), done)

    def _count_removed(self, outcome: Outcome) -> None:
        if isinstance(outcome, dict):
            self.stats.inc_value(f"{ARTICLES_PREFIX}removed")

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        """Queue a page dropped as not an article, to be remembered as rejected."""
        reason = getattr(exception, "reason", None) if isinstance(exception, Dropped) else None
        if not reason or reason.startswith("duplicate") or reason in NOT_REJECTIONS:
            return
        if isinstance(item, ArticlePage):
            rejected = _Rejected(item.url, item.site, reason)
        elif isinstance(item, dict) and item.get("url") and item.get("site"):
            rejected = _Rejected(item["url"], item["site"], reason)
        else:
            return
        done: Deferred[Outcome] = Deferred()
        done.addErrback(_logged_with_its_batch)
        self._queue(rejected, done)

    def open_spider(self) -> None:
        """Open (and migrate) the crawl's archive; start the writer thread."""
        self.archive = crawler_archive(self.crawler)
        if self.warc_dir:
            spider = getattr(self.crawler.spider, "name", "crawl")
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            self.warc = WarcFile(Path(self.warc_dir) / spider / f"{stamp}-{os.getpid()}.warc.gz")
        self._pool.start()
        # A second Ctrl-C stops the reactor without closing the spider: the writer thread,
        # which the interpreter waits for at exit, must be stopped then too, or the process
        # never ends (Twisted's own thread pool is stopped the same way).
        from twisted.internet import reactor

        # (Twisted's interfaces type the reactor's methods with their self: mypy misreads.)
        cast("Any", reactor).addSystemEventTrigger("during", "shutdown", self._stop_pool)
        logger.info("Archive: %s", self.archive.engine.url.render_as_string(hide_password=True))

    async def close_spider(self) -> None:
        """Wait for the last transaction, then release the thread.

        The archive stays open: other components still write to it (the run record), and it
        is closed when the engine stops.
        """
        self._closing = True  # nothing lingers any more
        if self._writing is not None or self._pending:
            idle: Deferred[None] = Deferred()
            self._idle.append(idle)
            self._write_next()
            await maybe_deferred_to_future(idle)
        self._stop_pool()
        if self.warc is not None:
            self.warc.close()

    def _stop_pool(self) -> None:
        """Stop the writer thread (once: a thread pool stopped twice raises)."""
        if not self._pool.joined:
            self._pool.stop()

    async def process_item(self, item: Any) -> Any:
        """Queue ``item`` for the next transaction and return it once committed."""
        done: Deferred[Outcome] = Deferred()
        self._queue(item, done)
        outcome = await maybe_deferred_to_future(done)
        if isinstance(item, GonePage):
            if not isinstance(outcome, dict):
                raise drop(self.stats, "still-gone", item.url)  # marked by an earlier run
            self._count_removed(outcome)
            outcome["archive_status"] = "removed"
            return outcome
        if isinstance(item, NotModifiedPage):
            if not isinstance(outcome, tuple):
                raise drop(self.stats, "not-modified-unknown", item.url)
            result, article = outcome
            self.stats.inc_value(f"{ARTICLES_PREFIX}{result.status}")
            article["archive_status"] = result.status
            return article
        assert isinstance(outcome, StoreResult)
        if outcome.status == "duplicate":
            raise drop(
                self.stats, "duplicate-content", item["url"], f"article {outcome.article_id}"
            )
        self.stats.inc_value(f"{ARTICLES_PREFIX}{outcome.status}")
        if outcome.canonical_refused:
            # Its rel=canonical names an archived article of another story; the archive
            # gave the item its own URL as canonical (the item is the article it stored).
            # Said once: at later revisits of the page, still naming it, it is only counted.
            self.stats.inc_value(CANONICAL_REFUSED_KEY)
            log = logger.debug if outcome.refused_before else logger.warning
            log(
                "%s names %s as its canonical URL, which the archive holds for another story: "
                "stored under its own URL",
                item["url"],
                outcome.canonical_refused,
            )
        if outcome.duplicate_of is not None and outcome.status == "new":
            self.stats.inc_value(f"{ARTICLES_PREFIX}near_duplicate")
        item["archive_status"] = outcome.status
        item["revision"] = outcome.revision
        item["duplicate_of"] = outcome.duplicate_of
        return item

    def _queue(self, item: Any, done: Deferred[Outcome]) -> None:
        if not self._pending:
            self._oldest = time.monotonic()
        self._pending.append((item, done))
        self._write_next()

    def _write_next(self) -> None:
        if self._writing is not None:
            return
        if not self._pending:
            for idle in self._idle:
                idle.callback(None)
            self._idle.clear()
            return
        wait = self.linger - (time.monotonic() - self._oldest)
        if wait > 0 and len(self._pending) < self.batch_size and not (self._closing or self._alone):
            if self._linger_call is None:
                self._linger_call = call_later(wait, self._linger_over)
            return
        if self._linger_call is not None:
            self._linger_call.cancel()
            self._linger_call = None
        size = 1 if self._alone else self.batch_size
        self._alone = max(0, self._alone - 1)
        batch = self._pending[:size]
        del self._pending[:size]
        # What stays queued has waited since this batch was taken, at least.
        self._oldest = time.monotonic()
        items = [item for item, _ in batch]
        pages = [i.pop(PAGE_KEY, None) if isinstance(i, dict) else None for i in items]
        assert self.archive is not None
        # Imported here, as Scrapy does, so that importing this module installs no reactor.
        from twisted.internet import reactor

        self._writing = deferToThreadPool(reactor, self._pool, self._commit, items, pages)
        self._writing.addBoth(self._written, batch, pages)

    def _linger_over(self) -> None:
        self._linger_call = None
        self._write_next()

    def _commit(self, items: list[Any], pages: list[ArticlePage | None]) -> list[Outcome]:
        """Store a batch (in the writer thread); return the outcome of every item."""
        assert self.archive is not None
        articles, article_pages, checks = [], [], []
        rejected: list[tuple[str, str, str]] = []
        gone: list[tuple[str, str, str]] = []
        for item, page in zip(items, pages, strict=True):
            if isinstance(item, NotModifiedPage):
                checks.append(NotModified(item.url, item.etag, item.last_modified))
            elif isinstance(item, _Rejected):
                rejected.append((item.url, item.site, item.reason))
            elif isinstance(item, GonePage):
                gone.append((item.url, item.site, item.reason))
            else:
                articles.append(item)
                article_pages.append(page)
        stored = iter(self.archive.store_articles(articles, article_pages) if articles else [])
        checked = iter(self.archive.mark_not_modified(checks) if checks else [])
        if rejected:
            self.archive.record_rejected(rejected)
        removed = iter(self.archive.record_gone(gone) if gone else [])
        outcomes: list[Outcome] = []
        for item, page in zip(items, pages, strict=True):
            if isinstance(item, NotModifiedPage):
                outcomes.append(next(checked))
                continue
            if isinstance(item, GonePage):
                outcomes.append(next(removed))
                continue
            if isinstance(item, _Rejected):
                outcomes.append(None)
                continue
            result = next(stored)
            outcomes.append(result)
            if (
                self.warc is not None
                and page is not None
                and (result.status == "new" or result.revised)
            ):
                try:
                    self.warc.write(page)
                except OSError as exc:  # the article is committed all the same
                    self._warc_failures.append((page.url, exc))
        return outcomes

    def _written(
        self,
        outcome: list[Outcome] | Failure,
        batch: list[tuple[Any, Deferred[Outcome]]],
        pages: list[ArticlePage | None],
    ) -> None:
        self._writing = None
        self._count_warc_failures()
        if isinstance(outcome, list):
            self._lost_in_a_row = 0
            self.stats.inc_value("newscrawl/archive/transactions")
            for (_, done), result in zip(batch, outcome, strict=True):
                done.callback(result)
        elif len(batch) > 1 and outcome.check(DataError, IntegrityError):
            # The database refused a value of one article (one it cannot hold, a
            # constraint): that must not cost the others their place in the archive. The
            # batch is stored again, an item a transaction, and only the refused fail.
            logger.warning(
                "Archive transaction of %d items refused (%s): storing them one at a time",
                len(batch),
                outcome.value,
            )
            self.stats.inc_value("newscrawl/archive/split_batches")
            for (item, _), page in zip(batch, pages, strict=True):
                if page is not None:
                    item[PAGE_KEY] = page
            self._pending[:0] = batch
            self._alone += len(batch)
        else:
            # The database refused the whole batch (disk full, server gone...). Each item
            # fails with the error, which Scrapy logs and counts; the URLs are not marked
            # archived, so the next run fetches them again.
            logger.error("Archive transaction of %d articles failed: %s", len(batch), outcome)
            self.stats.inc_value("newscrawl/archive/failed_items", len(batch))
            for _, done in batch:
                done.errback(outcome)
            if outcome.check(OperationalError, InterfaceError) and outcome.value is not None:
                self._lost(outcome.value)
        self._write_next()

    def _count_warc_failures(self) -> None:
        """Count the WARC writes of the last transaction that failed; log each cause once."""
        if not self._warc_failures:
            return
        assert self.warc is not None
        for url, error in self._warc_failures:
            self.stats.inc_value(WARC_FAILED_KEY)
            cause = f"{error.strerror}: {error.filename}" if error.strerror else str(error)
            if cause in self._warc_causes:
                logger.debug("No WARC record of %s: %s", url, cause)
                continue
            self._warc_causes.add(cause)
            logger.error(
                "Cannot write WARC records to %s (%s): the articles are stored without them "
                "(counted under %s; scrapy export -o pages.warc.gz writes the raw pages the "
                "archive keeps)",
                self.warc.path,
                cause,
                WARC_FAILED_KEY,
            )
        self._warc_failures.clear()

    def _lost(self, error: BaseException) -> None:
        """Stop the crawl once the database has failed :data:`ARCHIVE_LOST_AFTER` in a row.

        A database gone (a PostgreSQL server down, a disk unmounted) fails every
        transaction: the crawl would fetch the rest of the site for nothing (and, in
        scale-out mode, take requests from the shared queue that the other processes
        would have stored). A single failure (a blip, a deadlock) does not stop it.
        """
        self._lost_in_a_row += 1
        if self._lost_in_a_row != ARCHIVE_LOST_AFTER:
            return
        reason = error_line(error)
        logger.error(
            "Archive lost: %d transactions in a row failed (%s). Stopping the crawl: what it "
            "fetched now could not be stored (the next run fetches it again).",
            ARCHIVE_LOST_AFTER,
            reason,
        )
        self.stats.set_value(ARCHIVE_LOST_KEY, reason)
        engine = self.crawler.engine
        if engine is not None:
            closing = deferred_from_coro(engine.close_spider_async(reason=ARCHIVE_LOST))
            closing.addErrback(lambda failure: logger.debug("%s", failure.value))


def _logged_with_its_batch(failure: Failure) -> None:
    """Errback of a record no one waits for: its batch's failure is logged (``_written``).

    Left unhandled, the failure was printed again at garbage collection, as "Unhandled
    error in Deferred" with a traceback, on the terminal even with ``LOG_FILE`` set.
    """
