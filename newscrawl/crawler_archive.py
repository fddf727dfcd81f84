"""One archive per crawler: the components of a crawl share one engine and connection pool.

The archive pipeline, the incremental middleware, the run and fetch-failure extensions and
the site spider all use the archive during a crawl. Each opening an
:class:`~newscrawl.storage.Archive` of its own meant an engine, a connection pool and a
migration check each, and on PostgreSQL a pool of connections each. :func:`crawler_archive`
returns the crawler's one archive instead, opened (and migrated) on first use.

It is closed once, when the engine has stopped (``engine_stopped``): Scrapy sends that after
the pipelines have closed, so the archive writer has committed its last batch, and after
every ``spider_closed`` handler has finished, so the run record and the last fetch failures
are written. Components therefore never close it themselves.

The archive is kept per crawler, not per process: a ``CrawlerProcess`` (or a test) may run
several crawlers, each with its own settings and its own archive.

Settings:

* ``NEWSCRAWL_DATABASE_URL``: SQLAlchemy URL of the archive.
* ``NEWSCRAWL_KEEP_RAW``: whether the archive stores raw pages; only the archive pipeline
  stores articles, so the crawl's setting is the archive's.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary, ref

from scrapy import signals

from newscrawl.storage import Archive

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

#: Stats key set, to why, when the run could not take its lock in the archive
#: (:mod:`newscrawl.extensions.runs`): the crawl is closing without a request, and the
#: components opened after that leave the archive alone (each write would wait out the
#: busy timeout of a locked SQLite file again).
ARCHIVE_REFUSED_KEY = "newscrawl/archive/refused"

# Keyed weakly, so that an archive does not outlive a crawler that never started its engine.
_archives: WeakKeyDictionary[Crawler, _CrawlerArchive] = WeakKeyDictionary()
# Components ask from the reactor thread, but nothing forbids a thread: never open two.
_lock = threading.Lock()


class _CrawlerArchive:
    """A crawler's archive, closed when the crawler's engine stops."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        url = settings.get("NEWSCRAWL_DATABASE_URL")
        if not url:
            raise ValueError("NEWSCRAWL_DATABASE_URL is empty: this crawl has no archive")
        self.archive = Archive(url, keep_raw=settings.getbool("NEWSCRAWL_KEEP_RAW"))
        # Weakly: as a value of _archives, a strong reference would keep its key alive.
        self._crawler = ref(crawler)
        # The signal manager holds its receivers weakly; _archives holds this object.
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    def engine_stopped(self) -> None:
        """Release every connection; a later :func:`crawler_archive` opens a new archive."""
        crawler = self._crawler()
        with _lock:
            if crawler is not None and _archives.get(crawler) is self:
                del _archives[crawler]
        self.archive.close()


def crawler_archive(crawler: Crawler) -> Archive:
    """The archive of ``crawler``'s crawl, opened on first use, closed when its engine stops."""
    with _lock:
        shared = _archives.get(crawler)
        if shared is None:
            shared = _archives[crawler] = _CrawlerArchive(crawler)
        return shared.archive
