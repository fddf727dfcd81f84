"""Run summary: the last line of every crawl's log says what the run did.

``newscrawl summary: 57 pages fetched (4 listing pages not modified), 36 articles stored
(30 new, 6 changed), 4 unchanged, 120 archived not fetched, 3 duplicates skipped, 5 pages
dropped (short-body: 3, not-html: 2), 0 errors; finished``

Article pages that could not be fetched (see ``ARTICLE_FAILURES_PREFIX``: an HTTP error, a
download error), section pages, feeds and sitemaps that gave no article (see
``LISTING_PROBLEMS_PREFIX``), and fields the run's articles lost that the site's archived
ones had (:mod:`newscrawl.extensions.coverage`), and stored articles whose WARC records could
not be written (``NEWSCRAWL_WARC_DIR``: the run does not fail for them, the archive has the
articles) are listed before the errors when there are any.

("listing pages not modified": sections, feeds and sitemaps the site answered with 304,
read from the archive's copy; "archived not fetched": article requests the incremental
middleware did not send, because the archive has the article, or knows the page is not one,
and it is not due for a check.)

It also checks the books: every article page a spider yielded must be stored, unchanged,
dropped with a reason or failed with a logged error; a difference is logged as an error and
counted under ``newscrawl/unaccounted``. A run that failed (:func:`run_failure`: articles
not stored, none that could be fetched, or nothing found to crawl) ends with an ERROR line
that says why, and ``scrapy crawl`` exits with :data:`FAILED_EXIT_CODE`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals

from newscrawl.extensions.coverage import FIELDS_LOST_KEY
from newscrawl.extract.validate import WALL_REASONS
from newscrawl.frontier import FRONTIER_LOST_KEY, QUEUED_ELSEWHERE_KEY
from newscrawl.middlewares.incremental import STATS_PREFIX as SKIPPED_PREFIX
from newscrawl.middlewares.revalidate import STATS_PREFIX as REVALIDATE_PREFIX
from newscrawl.pipelines._drop import DROPPED_PREFIX
from newscrawl.pipelines.archive import ARCHIVE_LOST_KEY, ARTICLES_PREFIX, WARC_FAILED_KEY

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

#: Stats key the spiders increment for every page they yield as an article.
ARTICLE_PAGES_KEY = "newscrawl/pages/article"

#: Prefix of the stats of article pages requested but not fetched, by reason: ``http-403``
#: (an HTTP error status), ``robots-txt`` (forbidden), ``DownloadTimeoutError`` (a download error,
#: retries used up); see :mod:`newscrawl.spiders._fetch_errors`. A request the archive
#: spared (archived, not due) is none: it is counted as skipped.
ARTICLE_FAILURES_PREFIX = "newscrawl/pages/not-fetched/"
#: Reasons that say an article page is gone: a dead link is the site's doing, no failed run.
GONE_REASONS = frozenset({"http-404", "http-410"})
# What the reasons of a run's failures most likely mean, the first that applies.
_HINTS = (
    (frozenset({"http-401", "http-403", "http-429"}), "is the site blocking the crawler?"),
    (frozenset({"robots-txt"}), "the site's robots.txt forbids them"),
    # Walls (drop reasons, newscrawl.extract.validate.WALL_REASONS).
    (frozenset({"bot-check"}), "the site takes the crawler for a bot and blocks it"),
    (frozenset({"consent-wall"}), "the site asks for cookie consent before every article"),
    (frozenset({"paywall"}), "the articles are for logged-in readers or subscribers"),
)

#: Prefix of the stats of listing pages (sections, feeds, sitemaps) that gave no articles:
#: ``no-article-links`` (fetched, but no link on it is an article's), ``gone`` (it answered
#: 404 or 410), ``forbidden`` (by robots.txt) and ``not-fetched`` (another HTTP error, a
#: download error, refused otherwise). Listed in the summary when there are any: a run
#: that stores nothing new looks the same whether the site had nothing new or its pages
#: changed under the profile.
LISTING_PROBLEMS_PREFIX = "newscrawl/listing/"


class RunSummary:
    """Log a one-line summary of the run when the spider closes."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.reason = "unknown"

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the component from the crawler and its settings."""
        extension = cls(crawler.stats)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Remember why the spider closed."""
        self.reason = reason

    def engine_stopped(self) -> None:
        """Log the summary line (and the accounting check) as the last line of the run.

        A run that finished without doing its work ends its line as ``failed``, as
        ``scrapy runs`` records it, and the next line says why.
        """
        failure = run_failure(self.stats)
        reason = "failed" if failure and self.reason == "finished" else self.reason
        logger.info("newscrawl summary: %s; %s", summarize(self.stats), reason)
        unaccounted = unaccounted_items(self.stats)
        if unaccounted:
            self.stats.set_value("newscrawl/unaccounted", unaccounted)
            logger.error("%d article pages are neither stored nor dropped nor failed", unaccounted)
        if failure:
            logger.error("Run failed: %s", failure)


def _get(stats: StatsCollector, key: str) -> int:
    return int(stats.get_value(key, 0) or 0)


def counts_by_reason(stats: StatsCollector, prefix: str) -> dict[str, int]:
    """The stats under ``prefix``, by the rest of their key ("short-body": 3, ...)."""
    return {
        key[len(prefix) :]: int(value)
        for key, value in sorted(stats.get_stats().items())
        if key.startswith(prefix)
    }


def is_duplicate(reason: str) -> bool:
    """Whether a drop reason is a copy of an article (counted as "duplicates skipped")."""
    return reason.startswith("duplicate")


def archived_not_fetched(stats: StatsCollector) -> int:
    """Article requests the incremental middleware did not send (see the module docstring)."""
    return _get(stats, f"{SKIPPED_PREFIX}skipped") + _get(
        stats, f"{SKIPPED_PREFIX}skipped_rejected"
    )


def _dropped(stats: StatsCollector) -> dict[str, int]:
    return counts_by_reason(stats, DROPPED_PREFIX)


def summarize(stats: StatsCollector) -> str:
    """The summary of a run, from its stats."""
    new = _get(stats, f"{ARTICLES_PREFIX}new")
    changed = _get(stats, f"{ARTICLES_PREFIX}changed")
    unchanged = _get(stats, f"{ARTICLES_PREFIX}unchanged")
    removed = _get(stats, f"{ARTICLES_PREFIX}removed")
    restored = _get(stats, f"{ARTICLES_PREFIX}restored")
    dropped = _dropped(stats)
    duplicates = sum(n for reason, n in dropped.items() if is_duplicate(reason))
    others = {reason: n for reason, n in dropped.items() if not is_duplicate(reason)}
    reasons = _by_reason(others)
    errors = _get(stats, "log_count/ERROR")
    skipped = archived_not_fetched(stats)
    not_modified = _get(stats, f"{REVALIDATE_PREFIX}not_modified")
    return (
        _count(_get(stats, "downloader/response_count"), "page")
        + " fetched"
        + (f" ({_count(not_modified, 'listing page')} not modified)" if not_modified else "")
        + ", "
        + _count(new + changed, "article")
        + f" stored ({new} new, {changed} changed), "
        f"{unchanged} unchanged, "
        + (f"{removed} taken down, " if removed else "")
        + (f"{restored} back online, " if restored else "")
        + f"{skipped} archived not fetched, "
        + _count(duplicates, "duplicate")
        + " skipped, "
        + _count(sum(others.values()), "page")
        + " dropped"
        + (f" ({reasons})" if reasons else "")
        + ", "
        + _pages_by_reason(stats, ARTICLE_FAILURES_PREFIX, "article", "not fetched")
        + _pages_by_reason(stats, LISTING_PROBLEMS_PREFIX, "listing", "gave no articles")
        + _fields_lost(stats)
        + _warc_failed(stats)
        + _count(errors, "error")
    )


def _count(number: int, noun: str) -> str:
    """``number`` and ``noun``, plural unless it is one: "1 article", "36 articles"."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _by_reason(counts: dict[str, int]) -> str:
    return ", ".join(f"{reason}: {n}" for reason, n in counts.items())


def _pages_by_reason(stats: StatsCollector, prefix: str, kind: str, what: str) -> str:
    """The pages counted under ``prefix``, for the summary line ("" if none).

    "3 article pages not fetched (http-403: 2, DownloadTimeoutError: 1), "
    "2 listing pages gave no articles (no-article-links: 1, not-fetched: 1), "
    """
    counts = counts_by_reason(stats, prefix)
    if not counts:
        return ""
    total = sum(counts.values())
    return f"{total} {kind} page{'' if total == 1 else 's'} {what} ({_by_reason(counts)}), "


def _fields_lost(stats: StatsCollector) -> str:
    """The fields the run's articles lost (:mod:`newscrawl.extensions.coverage`), or "".

    "fields lost: authors, image_url, "
    """
    fields = counts_by_reason(stats, f"{FIELDS_LOST_KEY}/")
    return f"fields lost: {', '.join(fields)}, " if fields else ""


def _warc_failed(stats: StatsCollector) -> str:
    """The stored articles whose WARC records could not be written, or "".

    "3 stored articles not in the WARC file, "
    """
    failed = _get(stats, WARC_FAILED_KEY)
    return f"{_count(failed, 'stored article')} not in the WARC file, " if failed else ""


def run_failure(stats: StatsCollector) -> str | None:
    """Why the run failed, or None: articles it could not store, or fetch, or find.

    A run fails when it lost its shared frontier (scale-out mode: the Redis server went
    away, or came back without the run's data); when articles it fetched are not in the
    archive (a transaction the database refused, an item no outcome accounts for: the next
    run fetches them again); or, when it skipped no article as archived: the article pages
    it asked for could not be fetched for another reason than that they are gone (404,
    410): the site refuses the crawler (403, 429) or forbids it (robots.txt), is down, or
    times out; or every one it fetched was a wall (a consent page, a bot check served with
    200); or it found no article page at all while its listing pages gave none (sections
    gone, the site down or redesigned). ``scrapy crawl`` then exits with
    :data:`FAILED_EXIT_CODE`. (A page that fails at every run, among archived ones
    skipped, fails no run: it is counted.)
    """
    frontier = stats.get_value(FRONTIER_LOST_KEY)
    if frontier:
        return f"the shared frontier was lost: {frontier}"
    archive = stats.get_value(ARCHIVE_LOST_KEY)
    if archive:
        return f"the archive was lost: {archive}"
    lost = _get(stats, "newscrawl/archive/failed_items") + unaccounted_items(stats)
    if lost:
        return f"{lost} article pages were not stored"
    skipped = (
        archived_not_fetched(stats)
        # Article links another process of a shared frontier had already queued (scale-out
        # mode). Not Scrapy's dupefilter/filtered: a section's pagination that loops back
        # to its first page counts there, in a run that found no article at all.
        + _get(stats, QUEUED_ELSEWHERE_KEY)
    )
    if skipped:
        return None
    pages = _get(stats, ARTICLE_PAGES_KEY)
    failures = counts_by_reason(stats, ARTICLE_FAILURES_PREFIX)
    if not pages and set(failures) - GONE_REASONS:
        return f"no article page could be fetched ({_by_reason(failures)}){_hint(failures)}"
    walls = {r: n for r, n in sorted(_dropped(stats).items()) if r in WALL_REASONS}
    if pages and sum(walls.values()) == pages:
        return f"every article page it fetched was a wall ({_by_reason(walls)}){_hint(walls)}"
    if not pages and counts_by_reason(stats, LISTING_PROBLEMS_PREFIX):
        return "no section page, feed or sitemap gave an article"
    return None


def _hint(counts: dict[str, int]) -> str:
    """What the reasons most likely mean, as ``: ...`` (the most frequent's), or ""."""
    for reason in sorted(counts, key=counts.__getitem__, reverse=True):
        for reasons, hint in _HINTS:
            if reason in reasons:
                return f": {hint}"
    return ""


#: Exit code of ``scrapy crawl`` when :func:`run_failure` names a reason.
FAILED_EXIT_CODE = 1


def unaccounted_items(stats: StatsCollector) -> int:
    """Article pages yielded by spiders that no outcome accounts for."""
    yielded = _get(stats, ARTICLE_PAGES_KEY)
    # Scraped items are the ones that passed every pipeline: stored, unchanged, or simply
    # passed on when the archive is switched off.
    outcomes = (
        _get(stats, "item_scraped_count")
        + sum(_dropped(stats).values())
        + _get(stats, "newscrawl/archive/failed_items")
    )
    return max(0, yielded - outcomes)
