"""Validate pipeline: drop what is not an article (no title, short body, error pages...).

The rules are :func:`newscrawl.extract.validate.check_article`, shared with the extract CLI.

Settings:

* ``NEWSCRAWL_MIN_WORDS``: bodies with fewer words are dropped as ``short-body``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newscrawl.extract.validate import check_article
from newscrawl.items import GonePage, NotModifiedPage
from newscrawl.pipelines._drop import drop

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


class ValidatePipeline:
    """Drop extracted pages that are not articles, counting each reason."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.min_words = crawler.settings.getint("NEWSCRAWL_MIN_WORDS")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the component from the crawler and its settings."""
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        """Return ``item`` if it is an article; drop it otherwise."""
        if isinstance(item, NotModifiedPage | GonePage):  # the archived version is the article
            return item
        reason = check_article(item, self.min_words)
        if reason is not None:
            raise drop(self.stats, reason, item.get("url", "?"))
        return item
