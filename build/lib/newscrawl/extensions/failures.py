"""Fetch failures: article pages a run could not fetch are recorded for the next run.

When a request for an article page fails for good (retries used up, its host skipped by the
backoff or because robots.txt stayed unavailable), the ``fetch_failed`` signal
(:mod:`newscrawl.signals`) carries its URL, the reason and the number of attempts; this
extension records them in the archive (``fetch_failures``). The next run of the site asks
for those URLs again (:meth:`newscrawl.spiders.site.SiteSpider.start`), and a URL that is
fetched (any answer but a 5xx or 429) is forgotten. Only requests marked with
:data:`RETRY_NEXT_RUN` in ``meta`` are recorded: article pages, which a later run may not
find linked any more (section pages, feeds and sitemaps are fetched by every run anyway).

The writes run in the reactor's thread pool, never on the reactor thread.

Stats: ``newscrawl/failures/recorded``, ``newscrawl/failures/cleared``.

Settings:

* ``NEWSCRAWL_RECORD_FAILURES``: False turns this off (and the retrying of earlier failures).
* ``NEWSCRAWL_DATABASE_URL``: the archive; the crawl's shared one
  (:mod:`newscrawl.crawler_archive`), closed after ``spider_closed`` has waited for the writes.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import DeferredList

from newscrawl.crawler_archive import crawler_archive
from newscrawl.signals import fetch_failed
from newscrawl.storage import Archive

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

#: ``Request.meta`` key marking requests whose final failure is recorded for the next run.
RETRY_NEXT_RUN = "newscrawl_retry_next_run"
#: ``Request.meta`` key of a request for a URL an earlier run failed on: that URL.
FAILED_BEFORE = "newscrawl_failed_before"


def failures_enabled(crawler: Crawler) -> bool:
    """Whether failures are recorded (and earlier ones retried) in this crawl."""
    settings = crawler.settings
    return settings.getbool("NEWSCRAWL_RECORD_FAILURES") and bool(
        settings.get("NEWSCRAWL_DATABASE_URL")
    )


class FetchFailures:
    """Record final fetch failures of article pages; forget them once fetched."""

    def __init__(self, crawler: Crawler) -> None:
        if not failures_enabled(crawler):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self.archive: Archive | None = None
        self._writes: set[Deferred[Any]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the component from the crawler and its settings."""
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.fetch_failed, signal=fetch_failed)
        crawler.signals.connect(extension.response_received, signal=signals.response_received)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        """Open the crawl's archive."""
        self.archive = crawler_archive(self.crawler)

    async def spider_closed(self, spider: Spider) -> None:
        """Wait for the last writes (the archive is closed when the engine stops)."""
        if self._writes:
            await maybe_deferred_to_future(DeferredList(list(self._writes)))

    def fetch_failed(self, request: Request, reason: str, attempts: int) -> None:
        """Record the failure of an article request."""
        if not request.meta.get(RETRY_NEXT_RUN) or self.archive is None:
            return
        spider = self.crawler.spider
        site_name_for = getattr(spider, "site_name_for", None)
        site = site_name_for(request.url) if site_name_for else getattr(spider, "name", "")
        logger.info(
            "Fetch failed, retried next run: %s (%s, %d attempts)", request, reason, attempts
        )
        self.stats.inc_value("newscrawl/failures/recorded")
        self._write(self.archive.record_failure, request.url, site, reason, attempts)

    def response_received(self, response: Response, request: Request, **kwargs: Any) -> None:
        """Forget the failure of a URL fetched at last."""
        if not request.meta.get(RETRY_NEXT_RUN) or self.archive is None:
            return
        if response.status >= 500 or response.status == 429:
            return
        failed_url = request.meta.get(FAILED_BEFORE)
        if failed_url:
            self.stats.inc_value("newscrawl/failures/cleared")
            self._write(self.archive.clear_failure, failed_url)

    def _write(self, function: Any, *args: Any) -> None:
        from twisted.internet import reactor  # as Scrapy does: importing installs no reactor
        from twisted.internet.threads import deferToThreadPool

        write = deferToThreadPool(reactor, reactor.getThreadPool(), function, *args)
        self._writes.add(write)

        def done(result: Any) -> None:
            self._writes.discard(write)
            if hasattr(result, "getErrorMessage"):
                logger.error("Could not update fetch failures: %s", result.getErrorMessage())

        write.addBoth(done)
