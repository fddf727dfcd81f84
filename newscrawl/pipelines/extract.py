"""Extract pipeline: an :class:`~newscrawl.items.ArticlePage` becomes a normalized article.

The work is :func:`newscrawl.extract.extract_article`, the same function the
``python -m newscrawl.extract`` command runs. Pages that cannot be articles at all (empty,
binary, not HTML) are dropped here with the extractor's reason.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from newscrawl.extract import ExtractionError, extract_article
from newscrawl.items import PAGE_KEY, ArticlePage
from newscrawl.pipelines._drop import drop

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class ExtractPipeline:
    """Run the extractor over every page a spider believes to be an article."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the component from the crawler and its settings."""
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        """Return the article extracted from ``item``, or drop the page."""
        if not isinstance(item, ArticlePage):
            return item
        profile = getattr(self.crawler.spider, "profile", None)
        try:
            article = extract_article(
                item.body,
                item.url,
                profile,
                encoding=item.encoding,
                crawled_at=item.fetched_at,
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
