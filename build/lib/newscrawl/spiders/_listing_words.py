"""What a crawl's listings say of their articles: which of it to believe, and keeping it.

A feed or sitemap says when each article changed (a sitemap's ``lastmod``, an Atom entry's
``updated``) and what it is (:class:`~newscrawl.extract.listing.Listing`: when it was
published, who wrote it, its tags). Two things stand between that word and the article:

* Some listings give every entry the time the listing was made (:mod:`._lastmod`): such
  times are said once in the log, counted (``newscrawl/{kind}/{field}-generated``) and not
  handed on.
* A section page may link to the article too, and be read first: the duplicate filter then
  drops the feed's request for it, and the listing's word would be lost with it. What
  listings said is kept here until the article's page arrives, at most ``limit`` articles'
  (~200 bytes each), the oldest dropped first.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from newscrawl.middlewares.redirect import first_url
from newscrawl.spiders._lastmod import generated_lastmod

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

    from newscrawl.extract.listing import Listing

logger = logging.getLogger(__name__)

#: Meta key: what the feed or news sitemap listing the article said of it (publication
#: time, authors, tags; ``Listing.to_json``), handed on with the page for a page that says
#: less.
LISTING_META = "newscrawl_listing"
#: Articles whose listing's word is kept for a request that came another way.
MAX_KEPT_LISTINGS = 20_000


class ListingWords:
    """Hands a listing's word on with article requests, the believable part of it."""

    def __init__(self, stats: StatsCollector, limit: int = MAX_KEPT_LISTINGS) -> None:
        self.stats = stats
        self.limit = limit
        #: What listings said of the articles they list, by request URL.
        self.kept: dict[str, dict[str, Any]] = {}

    def hand_on(self, request: Request, listing: Listing) -> None:
        """Put what a listing says of an article into its request's meta, and keep it."""
        said = listing.to_json()
        if said is None:
            return
        request.meta[LISTING_META] = said
        self.kept[request.url] = said
        if len(self.kept) > self.limit:
            del self.kept[next(iter(self.kept))]

    def take(self, response: Response) -> dict[str, Any] | None:
        """What a listing said of the article ``response`` is, if one listed it."""
        request = response.request
        kept = self.kept.pop(first_url(request) if request else response.url, None)
        meta = request.meta if request is not None else {}
        return meta.get(LISTING_META) or kept

    def changes(
        self, lastmods: dict[str, str], response: Response, kind: str, field: str
    ) -> dict[str, str]:
        """A listing's times of change, unless they are the time it was generated.

        Sitemap lastmods, feed entries' updated: one value for nearly every entry is when
        the listing was made, not when its articles changed.
        """
        return self._believed(lastmods, response, kind, field, "word that an article changed")

    def listings(
        self, listings: dict[str, Listing], response: Response, kind: str
    ) -> dict[str, Listing]:
        """What a listing says of its entries, less publication times that are its own.

        Some feeds give every item the time the feed was made as its ``pubDate``.
        """
        times = {url: listing.published for url, listing in listings.items() if listing.published}
        if times and not self._believed(
            times, response, kind, "published", "when the articles were published"
        ):
            return {url: replace(listing, published=None) for url, listing in listings.items()}
        return listings

    def _believed(
        self, times: dict[str, str], response: Response, kind: str, field: str, taken_as: str
    ) -> dict[str, str]:
        generated = generated_lastmod(times)
        if generated is None:
            return times
        self.stats.inc_value(f"newscrawl/{kind.lower()}/{field}-generated")
        logger.info(
            "%s %s gives its entries one %s time (%s), the time it was made: not taken as %s",
            kind,
            response.url,
            field,
            generated,
            taken_as,
        )
        return {}
