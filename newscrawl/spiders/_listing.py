"""Listing pages that gave no articles: said in a warning and counted.

A run that stores nothing new looks the same whether the site published nothing or its
pages changed under the profile. So a section page, feed or sitemap that gives no article
is named in a warning, with what may help mend the profile, and counted under
``newscrawl/listing/<reason>`` (:data:`NO_ARTICLE_LINKS`: fetched, but no link on it is an
article's; :data:`NOT_FETCHED`: an HTTP error, a refusal, a download error). The run's
summary line lists these counts, its record keeps them, and a run that found no article
at all while they were counted has failed (:mod:`newscrawl.extensions.summary`).

A feed a start page announces (``discover_feeds``), or a section its menu links to
(``discover_sections``), is the site's doing, not the profile's: one that is gone or lists
nothing of use is noted at INFO level and counted apart (:data:`ANNOUNCED_UNUSED`,
:data:`DISCOVERED_UNUSED`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

from newscrawl.extensions.summary import LISTING_PROBLEMS_PREFIX
from newscrawl.middlewares.incremental import PaginationStopped
from newscrawl.middlewares.robotstxt import RobotsTxtForbidden
from newscrawl.urls import host_allowed

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy import Request
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

#: Stats of listing pages that gave no articles (listed in the run's summary line).
NO_ARTICLE_LINKS = f"{LISTING_PROBLEMS_PREFIX}no-article-links"
NOT_FETCHED = f"{LISTING_PROBLEMS_PREFIX}not-fetched"
#: A listing page that answered 404 or 410: moved or removed (nothing there to read).
GONE = f"{LISTING_PROBLEMS_PREFIX}gone"
#: A listing page the site's robots.txt forbids: never to be read, as long as it does.
FORBIDDEN = f"{LISTING_PROBLEMS_PREFIX}forbidden"
#: Meta of the request of a feed a start page announces: the page's URL.
ANNOUNCED_BY = "newscrawl_announced_by"
#: Stats of announced feeds: read, and found of no use (gone, no feed, no article in it).
ANNOUNCED_FEEDS = "newscrawl/feed/announced"
ANNOUNCED_UNUSED = "newscrawl/feed/announced-unused"
#: Meta of the request of a section a start page's menu links to: the page's URL.
DISCOVERED_ON = "newscrawl_discovered_on"
#: Stats of discovered sections: requested, and found of no use (gone, no article on it).
DISCOVERED_SECTIONS = "newscrawl/section/discovered"
DISCOVERED_UNUSED = "newscrawl/section/discovered-unused"
#: Stats key counting the sitemaps whose recent entries are all listing pages' (sections,
#: tags, authors): a sitemap of the site's sections, read for nothing, no problem.
LISTINGS_SITEMAPS = "newscrawl/sitemap/listings-only"
# Meta key of a page a start page led to, its stat when of no use, and what the note says.
_FOUND = (
    (ANNOUNCED_BY, ANNOUNCED_UNUSED, "announced by"),
    (DISCOVERED_ON, DISCOVERED_UNUSED, "found on"),
)

# What an HTTP error of a listing page most likely means.
_STATUS_HINTS = {
    **dict.fromkeys((404, 410), ": moved or removed?"),
    **dict.fromkeys((401, 403, 429), ": is the site blocking the crawler?"),
    **dict.fromkeys(range(500, 600), ": the site is down or failing"),
}

_KINDS = {"parse_section": "Section page", "parse_feed": "Feed", "_parse_sitemap": "Sitemap"}


@dataclass
class SitemapTally:
    """What a sitemap held: whether it was one, an index, recent entries, kept entries."""

    read: bool = False
    index: bool = False
    recent: int = 0
    kept: int = 0
    #: Whether a recent entry it left out may be an article's: not plainly a listing page's
    #: (a section, a tag, an author: a sitemap of those is no sign of changed URLs).
    other_entries: bool = False
    #: The lastmod of each kept article entry that has one, by its request URL.
    lastmods: dict[str, str] = field(default_factory=dict)
    #: Whether it is a news sitemap (its entries say when each article was published).
    news: bool = False
    #: The sitemap's document as Scrapy read it (unpacked, if it came gzipped), until the
    #: spider has read its news tags, which Scrapy's reader leaves out.
    body: bytes | None = None


def counted(n: int, one: str, many: str | None = None) -> str:
    """A count and its noun, in the plural unless it is one.

    >>> counted(1, "link"), counted(2, "link"), counted(3, "entry", "entries")
    ('1 link', '2 links', '3 entries')
    """
    return f"{n} {one if n == 1 else many or one + 's'}"


class ListingReport:
    """Says and counts the listing pages of a crawl that gave no articles."""

    def __init__(self, stats: StatsCollector, domains: Iterable[str]) -> None:
        self.stats = stats
        self.domains = tuple(domains)

    def no_article_links(self, kind: str, response: Response, hint: str = "") -> None:
        """``response``, a listing page of ``kind``, links to no article (``hint``: why)."""
        if not host_allowed(response.url, self.domains):
            # Redirected off the site: the redirect middleware said so.
            self.stats.inc_value(self._found_by(response.meta)[1] or NO_ARTICLE_LINKS)
            return
        self.problem(
            response.meta,
            NO_ARTICLE_LINKS,
            "%s %s links to no article%s: has the site changed (a redesign, new URLs, a "
            "consent page, links drawn by JavaScript)? The site's article_pattern may need "
            "changing",
            kind,
            response.url,
            hint,
        )

    def not_fetched(self, failure: Failure) -> None:
        """A listing page could not be fetched: an HTTP error, a refusal, a download error.

        Scrapy says so at INFO level for an HTTP error ("Ignoring response <404 ...>") and
        at DEBUG for a refusal (robots.txt): a section a site has moved or removed, or
        forbids, would make the crawl find nothing there, unsaid.
        """
        if isinstance(failure.value, PaginationStopped):
            return  # nothing new on the page before: no problem of the listing
        request: Request = failure.request  # type: ignore[attr-defined]
        kind = _KINDS.get(getattr(request.callback, "__name__", ""), "Listing page")
        said = (request.meta, NOT_FETCHED)
        if isinstance(failure.value, HttpError):
            status = failure.value.response.status
            message = "%s %s answered HTTP %d" + _STATUS_HINTS.get(status, "")
            gone = (request.meta, GONE) if status in (404, 410) else said
            self.problem(*gone, message, kind, request.url, status)
        elif isinstance(failure.value, RobotsTxtForbidden):
            forbidden = (request.meta, FORBIDDEN)
            self.problem(*forbidden, "%s %s not fetched: %s", kind, request.url, failure.value)
        elif isinstance(failure.value, IgnoreRequest):
            self.problem(*said, "%s %s not fetched: %s", kind, request.url, failure.value)
        else:
            message = "%s %s could not be fetched: %s"
            self.problem(*said, message, kind, request.url, failure.value, level=logging.ERROR)

    def problem(
        self,
        meta: dict[str, Any],
        key: str,
        message: str,
        *args: Any,
        level: int | None = None,
    ) -> None:
        """Count ``key`` and log ``message`` (a WARNING unless ``level`` says otherwise).

        For a feed a start page announces, or a section its menu links to (``meta`` names
        the page): a note at INFO level, counted under :data:`ANNOUNCED_UNUSED` or
        :data:`DISCOVERED_UNUSED` instead.
        """
        said, unused = self._found_by(meta)
        if unused:
            self.stats.inc_value(unused)
            logger.info(f"{message} ({said}: ignored)", *args)
            return
        self.stats.inc_value(key)
        logger.log(level or logging.WARNING, message, *args)

    @staticmethod
    def _found_by(meta: dict[str, Any]) -> tuple[str, str | None]:
        """For a page a start page led to: ("announced by URL", its stat when of no use)."""
        for meta_key, unused, verb in _FOUND:
            if meta_key in meta:
                return f"{verb} {meta[meta_key]}", unused
        return "", None
