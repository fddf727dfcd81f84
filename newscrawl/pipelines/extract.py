"""Extract pipeline: an :class:`~newscrawl.items.ArticlePage` becomes a normalized article.

The work is :func:`newscrawl.extract.extract_article`, the same function the
``python -m newscrawl.extract`` command runs, here in a pool of worker processes
(:mod:`newscrawl.pipelines._pool`) so that extraction uses every core and never holds up
the reactor. Pages that cannot be articles at all (empty, binary, not HTML) are dropped with
the extractor's reason; an unexpected error costs its page (``extraction-error``), loudly,
never the crawl.

Settings:

* ``NEWSCRAWL_EXTRACT_WORKERS``: worker processes (None: one per available CPU; 0: extract
  inline on the reactor thread).
* ``NEWSCRAWL_EXTRACT_TIMEOUT``: seconds a page's extraction may take in a worker; a slower
  page is dropped as ``extract-timeout`` (0: no limit).
* ``NEWSCRAWL_DATABASE_URL``, ``NEWSCRAWL_KEEP_RAW``: whether there is an archive, and
  whether it keeps raw pages; the workers prepare for it what it needs
  (:mod:`newscrawl.storage.prepared`), carried on the page as ``prepared``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from newscrawl.extract.errors import ExtractionError
from newscrawl.items import PAGE_KEY, ArticlePage
from newscrawl.pipelines._drop import drop
from newscrawl.pipelines._pool import ExtractionPool, available_cpus
from newscrawl.storage.prepared import PrepareOptions

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)


def extract_workers(settings: BaseSettings) -> int:
    """Worker processes the ``NEWSCRAWL_EXTRACT_WORKERS`` setting asks for.

    Raises ValueError for a value that is no whole number, or a negative one (which is no
    way of asking for inline extraction: 0 is).
    """
    value = settings.get("NEWSCRAWL_EXTRACT_WORKERS")
    if value is None or value == "":
        return available_cpus()
    workers = int(value)
    if workers < 0:
        raise ValueError("must be 0 or more")
    return workers


class ExtractPipeline:
    """Run the extractor over every page a spider believes to be an article."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.pool = ExtractionPool(
            extract_workers(settings), timeout=settings.getfloat("NEWSCRAWL_EXTRACT_TIMEOUT")
        )
        #: Whether the workers prepare pages for an archive; None: there is no archive.
        self.keep_raw: bool | None = None
        if settings.get("NEWSCRAWL_DATABASE_URL"):
            self.keep_raw = settings.getbool("NEWSCRAWL_KEEP_RAW")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the component from the crawler and its settings."""
        return cls(crawler)

    def open_spider(self) -> None:
        """Start the worker pool."""
        self.pool.start()
        workers = self.pool.workers
        logger.info("Extraction: %s", f"{workers} worker processes" if workers else "inline")

    def close_spider(self) -> None:
        """Stop the worker pool (Scrapy has let in-flight items finish)."""
        self.pool.close()

    async def process_item(self, item: Any) -> Any:
        """Return the article extracted from ``item``, or drop the page."""
        if not isinstance(item, ArticlePage):
            return item
        profile = getattr(self.crawler.spider, "profile", None)
        options = None
        if self.keep_raw is not None:
            options = PrepareOptions(raw=self.keep_raw, fingerprint=item.revisit)
        try:
            article, item.prepared = await self.pool.extract(
                item.body,
                item.url,
                profile,
                encoding=item.encoding,
                crawled_at=item.fetched_at,
                listing=item.listing,
                served_at=item.served_at,
                options=options,
                more_pages=[(page.body, page.url, page.encoding) for page in item.more_pages],
            )
        except ExtractionError as exc:
            raise drop(self.stats, exc.reason, item.url, str(exc)) from None
        except Exception as exc:
            # A bug in extraction must cost one page, loudly, never the crawl.
            logger.exception("Extraction failed on %s", item.url)
            raise drop(self.stats, "extraction-error", item.url, repr(exc)) from None
        article["site"] = item.site
        article[PAGE_KEY] = item
        return article
