"""Validate pipeline: drop what is not an article (no title, short body, error pages...).

The rules are :func:`newscrawl.extract.validate.check_article`, shared with the extract CLI.

An article in a language the crawl does not keep (the site profile's ``keep_languages``,
the ``news`` spider's ``-a keep_languages=``, else ``NEWSCRAWL_KEEP_LANGUAGES``) is dropped
as ``other-language``, and so is one whose language the extractor cannot tell: a crawl
that asks for German wants no article it cannot say is German. The archive remembers the
page as rejected, as any page dropped here (see :mod:`newscrawl.pipelines.archive`).

Settings:

* ``NEWSCRAWL_MIN_WORDS``: bodies with fewer words are dropped as ``short-body``.
* ``NEWSCRAWL_KEEP_LANGUAGES``: the languages kept, for a spider whose profile names none
  (empty: all).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newscrawl.extract.validate import check_article, kept_languages
from newscrawl.items import GonePage, NotModifiedPage
from newscrawl.pipelines._drop import drop

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from newscrawl.sites.profile import SiteProfile


class ValidatePipeline:
    """Drop extracted pages that are not articles, counting each reason."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.min_words = crawler.settings.getint("NEWSCRAWL_MIN_WORDS")
        self.languages: frozenset[str] = frozenset()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the component from the crawler and its settings."""
        return cls(crawler)

    def open_spider(self) -> None:
        """Read the languages kept: the spider's profile's, else the setting's."""
        profile: SiteProfile | None = getattr(self.crawler.spider, "profile", None)
        self.languages = (profile.languages_kept if profile else frozenset()) or kept_languages(
            self.crawler.settings.getlist("NEWSCRAWL_KEEP_LANGUAGES")
        )

    def process_item(self, item: Any) -> Any:
        """Return ``item`` if it is an article; drop it otherwise."""
        if isinstance(item, NotModifiedPage | GonePage):  # the archived version is the article
            return item
        reason = check_article(item, self.min_words, self.languages)
        if reason is not None:
            raise drop(self.stats, reason, item.get("url", "?"))
        return item
