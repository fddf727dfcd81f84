"""Field watch: say when a field a site's articles had is missing from a run's articles.

A redesign that moves a site's byline, date or lead image costs the crawl nothing visible:
the articles are stored, without that field, run after run. This extension counts, for
each site, the run's articles that have each field of :data:`COMPARED` and, at the end of
the run, compares them with the site's articles archived before them
(:func:`recent_fields`: the last :data:`HISTORY` of them). A field that at least
:data:`HAD` of those had, and at most :data:`HAS` of the articles compared, is said in a
warning and counted (``newscrawl/fields_lost``, and ``newscrawl/fields_lost/{field}``: the
summary line names them); a site with a short history says nothing. A field that comes and
goes with the story (an image's credit) is not said unless it was nearly always there.

A crawl run from cron every few minutes brings a site's articles a few at a time: a run
with fewer than ``NEWSCRAWL_FIELD_WATCH_ARTICLES`` articles of a site is compared together
with the site's articles archived just before it, as many as it lacks, so that a redesign
is said once that many articles have come since, in however many runs. A run without
articles of a site says nothing of it.

Settings: ``NEWSCRAWL_DATABASE_URL``, the archive compared with (the crawl's shared one,
:mod:`newscrawl.crawler_archive`); without one, the extension is off.
``NEWSCRAWL_FIELD_WATCH_ARTICLES``: the fewest articles compared.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet.threads import deferToThread

from newscrawl.crawler_archive import crawler_archive
from newscrawl.storage.coverage import WATCHED_FIELDS, Coverage, present_fields, recent_fields
from newscrawl.storage.engine import error_line

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Stats key of the fields said lost (``{FIELDS_LOST_KEY}/{field}`` for each).
FIELDS_LOST_KEY = "newscrawl/fields_lost"
#: Archived articles of the site compared with, the newest before the run.
HISTORY = 200
#: Fewest archived articles the comparison needs: a new site's first runs say nothing.
MIN_HISTORY = 50
#: Share of the archived articles that had the field, and most of the run's that may have
#: it, for the field to be said lost.
HAD, HAS = 0.8, 0.1
#: The fields compared. Not ``modified_at``: many sites give a story its modification time
#: only once it is edited, so a run of fresh stories may have none where the archive's,
#: revisited and edited since, mostly have one.
COMPARED = tuple(field for field in WATCHED_FIELDS if field != "modified_at")


class FieldWatch:
    """Warn of a field the run's articles lost (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.get("NEWSCRAWL_DATABASE_URL"):
            raise NotConfigured("no archive")
        if crawler.stats is None:
            raise NotConfigured("no stats collector")
        self.crawler = crawler
        self.stats = crawler.stats
        self.min_articles = crawler.settings.getint("NEWSCRAWL_FIELD_WATCH_ARTICLES")
        if self.min_articles < 1:
            raise NotConfigured("NEWSCRAWL_FIELD_WATCH_ARTICLES is below 1")
        self.started = datetime.now(UTC)
        #: Per site: the run's articles, and of them those that have each field.
        self.articles: Counter[str] = Counter()
        self.present: defaultdict[str, Counter[str]] = defaultdict(Counter)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the extension."""
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        """The run starts: the archive's articles before now are the run's history."""
        self.started = datetime.now(UTC)

    def item_scraped(self, item: Any, spider: Spider) -> None:
        """Count the fields the article has."""
        if not isinstance(item, dict) or not item.get("site"):
            return
        site = item["site"]
        self.articles[site] += 1
        self.present[site].update(present_fields(item))

    async def spider_closed(self, spider: Spider) -> None:
        """Compare each site's fields with its archived articles'; warn of those lost."""
        sites = sorted(self.articles)
        if not sites:
            return
        try:
            archived = await maybe_deferred_to_future(deferToThread(self._archived, sites))
        except SQLAlchemyError as exc:
            # A check, not the run's work: the run's record says whether the archive failed.
            logger.warning("Field watch: the archive could not be read: %s", error_line(exc))
            return
        for site in sites:
            self._compare(site, archived[site])

    def _topping_up(self, site: str) -> int:
        """Articles archived before the run compared with the run's ``site`` articles."""
        return max(0, self.min_articles - self.articles[site])

    def _archived(self, sites: list[str]) -> dict[str, list[set[str]]]:
        """Per site, the fields of its articles archived before the run, newest first."""
        engine = crawler_archive(self.crawler).engine
        return {
            site: recent_fields(engine, site, self.started, self._topping_up(site) + HISTORY)
            for site in sites
        }

    def _compare(self, site: str, archived: list[set[str]]) -> None:
        earlier = self._topping_up(site)
        if len(archived) < earlier + MIN_HISTORY:
            return
        history = Coverage.of(archived[earlier:])
        topped_up = Coverage.of(archived[:earlier])
        run = self.articles[site]
        compared = run + earlier
        for field in COMPARED:
            has = self.present[site][field] + topped_up.present[field]
            if history.share(field) < HAD or has > HAS * compared:
                continue
            self.stats.inc_value(FIELDS_LOST_KEY)
            self.stats.inc_value(f"{FIELDS_LOST_KEY}/{field}")
            if earlier:
                which = (
                    f"{has} of its {compared} newest articles ({run} of the run's, "
                    f"{earlier} archived before it) have {field}, where "
                    f"{history.present[field]} of the {history.articles} archived before "
                    "those had it"
                )
            else:
                which = (
                    f"{has} of the run's {run} articles have {field}, where "
                    f"{history.present[field]} of its {history.articles} archived before "
                    "the run had it"
                )
            logger.warning(
                "Site %s: %s: has the site's markup changed? (python -m newscrawl.extract URL "
                "shows what a page gives; a profile's [selectors] can find the field)",
                site,
                which,
            )
