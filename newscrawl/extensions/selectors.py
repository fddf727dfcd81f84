"""Selector report: say which of a site profile's CSS selectors matched no article of a run.

A profile's selector that matches nothing (a typo, a class the site renamed in a redesign)
costs nothing visible: generic extraction fills the field in, or leaves it empty, and the
crawl goes on. This extension counts, for each selector of the crawled site's profile, the
articles whose field it gave and those it did not (stats
``newscrawl/selectors/{field}/{matched,missed}``), and at the end of the run says, in a
warning, each selector that matched none of at least
:data:`MISSED_BEFORE_WARNING` articles.

A selector is counted as matched where the field's source is the selector
(``field_sources``): it matched, and what it found was kept (a selector tried first that
found only junk is no better than one that found nothing).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newscrawl.sites import SiteProfile

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Stats key prefix: ``{prefix}{field}/matched`` and ``{prefix}{field}/missed``.
STATS_PREFIX = "newscrawl/selectors/"
#: Articles a selector must miss, matching none, before the run warns of it: an optional
#: field (an image's credit, tags) may be missing on a few pages.
MISSED_BEFORE_WARNING = 5


class SelectorReport:
    """Count and report the profile selectors' matches (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        if crawler.stats is None:
            raise NotConfigured("no stats collector")
        self.stats = crawler.stats
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the extension."""
        return cls(crawler)

    def item_scraped(self, item: Any, spider: Spider) -> None:
        """Count the article's fields that the profile's selectors gave, and the others."""
        selectors = _selectors(spider)
        if not selectors or not isinstance(item, dict):
            return
        sources = item.get("field_sources") or {}
        for field in selectors:
            outcome = "matched" if sources.get(field) == "selector" else "missed"
            self.stats.inc_value(f"{STATS_PREFIX}{field}/{outcome}")

    def spider_closed(self, spider: Spider) -> None:
        """Warn of each selector that matched none of enough articles."""
        for field, css in sorted(_selectors(spider).items()):
            matched = self.stats.get_value(f"{STATS_PREFIX}{field}/matched", 0)
            missed = self.stats.get_value(f"{STATS_PREFIX}{field}/missed", 0)
            if not matched and missed >= MISSED_BEFORE_WARNING:
                logger.warning(
                    "The profile's selector %s = %r matched none of the %d articles of the "
                    "run: has the site's markup changed? (Keep a replaced selector in "
                    "[[earlier_selectors]], for the pages archived before the change.)",
                    field,
                    css,
                    missed,
                )


def _selectors(spider: Spider) -> dict[str, str]:
    """The selectors of the profile's layout now (the run's pages are fetched now)."""
    profile = getattr(spider, "profile", None)
    return profile.selectors_at(datetime.now(UTC)) if isinstance(profile, SiteProfile) else {}
