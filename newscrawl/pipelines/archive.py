"""Archive pipeline: store articles in the archive database, group-committed.

Writes run on one dedicated thread, so the reactor never waits for the database. While a
transaction is running, newly arrived articles queue up; when it commits, everything queued
goes into the next transaction (group commit). That batches writes under load without
delaying a lone article. An item leaves this pipeline (and reaches feeds) only after its
transaction has committed, with ``archive_status`` set to what the archive did:
``new``, ``changed`` or ``unchanged``. A copy of an archived article under another URL is
dropped as ``duplicate-content``.

On close (normal end, SIGTERM/SIGINT shutdown) Scrapy lets in-flight items finish before it
closes the pipeline, and the pipeline waits for the last transaction, so nothing is lost.

Settings:

* ``NEWSCRAWL_DATABASE_URL``: SQLAlchemy URL of the archive.
* ``NEWSCRAWL_ARCHIVE_BATCH_SIZE``: most articles per transaction.
* ``NEWSCRAWL_KEEP_RAW``: also store each article's raw response, compressed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.threads import deferToThreadPool
from twisted.python.threadpool import ThreadPool

from newscrawl.items import PAGE_KEY
from newscrawl.pipelines._drop import drop
from newscrawl.storage import Archive, StoreResult

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

#: Stats prefix of archive outcomes: new, changed, unchanged.
ARTICLES_PREFIX = "newscrawl/articles/"


class ArchivePipeline:
    """Store every article that reaches it; set ``archive_status``."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.database_url = settings.get("NEWSCRAWL_DATABASE_URL")
        if not self.database_url:
            raise NotConfigured("NEWSCRAWL_DATABASE_URL is empty: archive off")
        self.batch_size = max(1, settings.getint("NEWSCRAWL_ARCHIVE_BATCH_SIZE"))
        self.keep_raw = settings.getbool("NEWSCRAWL_KEEP_RAW")
        self.crawler = crawler
        self.stats = crawler.stats
        self.archive: Archive | None = None
        self._pending: list[tuple[dict[str, Any], Deferred[StoreResult]]] = []
        self._writing: Deferred[list[StoreResult]] | None = None
        self._idle: list[Deferred[None]] = []
        # One writer thread: SQLite has one writer anyway, and a single thread keeps the
        # group-commit order simple.
        self._pool = ThreadPool(minthreads=1, maxthreads=1, name="newscrawl-archive")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the component from the crawler and its settings."""
        return cls(crawler)

    def open_spider(self) -> None:
        """Open (and migrate) the archive; start the writer thread."""
        self.archive = Archive(self.database_url, keep_raw=self.keep_raw)
        self._pool.start()
        logger.info("Archive: %s", self.archive.engine.url.render_as_string(hide_password=True))

    async def close_spider(self) -> None:
        """Wait for the last transaction, then release the thread and the database."""
        if self._writing is not None or self._pending:
            idle: Deferred[None] = Deferred()
            self._idle.append(idle)
            await maybe_deferred_to_future(idle)
        self._pool.stop()
        if self.archive is not None:
            self.archive.close()

    async def process_item(self, item: Any) -> Any:
        """Queue ``item`` for the next transaction and return it once committed."""
        done: Deferred[StoreResult] = Deferred()
        self._pending.append((item, done))
        self._write_next()
        result = await maybe_deferred_to_future(done)
        if result.status == "duplicate":
            raise drop(self.stats, "duplicate-content", item["url"], f"article {result.article_id}")
        self.stats.inc_value(f"{ARTICLES_PREFIX}{result.status}")
        item["archive_status"] = result.status
        return item

    def _write_next(self) -> None:
        if self._writing is not None:
            return
        if not self._pending:
            for idle in self._idle:
                idle.callback(None)
            self._idle.clear()
            return
        batch = self._pending[: self.batch_size]
        del self._pending[: self.batch_size]
        articles = [article for article, _ in batch]
        pages = [article.pop(PAGE_KEY, None) for article in articles]
        assert self.archive is not None
        # Imported here, as Scrapy does, so that importing this module installs no reactor.
        from twisted.internet import reactor

        self._writing = deferToThreadPool(
            reactor, self._pool, self.archive.store_articles, articles, pages
        )
        self._writing.addBoth(self._written, batch)

    def _written(
        self,
        outcome: list[StoreResult] | Failure,
        batch: list[tuple[dict[str, Any], Deferred[StoreResult]]],
    ) -> None:
        self._writing = None
        if isinstance(outcome, list):
            self.stats.inc_value("newscrawl/archive/transactions")
            for (_, done), result in zip(batch, outcome, strict=True):
                done.callback(result)
        else:
            # The database refused the whole batch (disk full, server gone...). Each item
            # fails with the error, which Scrapy logs and counts; the URLs are not marked
            # archived, so the next run fetches them again.
            logger.error("Archive transaction of %d articles failed: %s", len(batch), outcome)
            self.stats.inc_value("newscrawl/archive/failed_items", len(batch))
            for _, done in batch:
                done.errback(outcome)
        self._write_next()
