"""Incremental crawling: an archived article is not downloaded again unless it is due.

Before an article request is sent, the archive is asked about its URL (one indexed lookup,
in a thread, so the reactor never waits for the database). An unknown URL is fetched. An
archived one is skipped (``IgnoreRequest``) unless the :class:`RevisitPolicy` says it is
due; a due revisit is made conditional (``If-None-Match`` / ``If-Modified-Since`` from the
archived validators), and a 304 answer reaches the spider, which reports the article
unchanged. A URL whose page was rejected (not an article, or gone: 404, 410) is skipped for
``NEWSCRAWL_RECHECK_REJECTED_FIRST`` after its first rejection, then, while it is rejected
again, for as long as it has been rejected, up to ``NEWSCRAWL_RECHECK_REJECTED_AFTER``
(:func:`recheck_wait`): a story a listing links before the site's CDN serves it is fetched
within the hour, a dead link about once a day. An archived article is also due, whatever
its age, when the listing that led to it says it changed since the crawl last saw it (a
sitemap entry's ``<lastmod>``, an Atom entry's ``<updated>``:
:mod:`newscrawl.spiders._lastmod`). Article requests are
the ones considered: the spider marks them with ``meta["newscrawl_article"]``; section
pages, feeds and sitemaps are always fetched, but for a section's next page, which is not
sent when every article the page before links to is archived from an earlier run
(``NEWSCRAWL_PAGINATE_WHILE_NEW``): on a scheduled crawl, the pages behind hold older
articles still, which the archive has, and asks for again itself when they are due
(``NEWSCRAWL_REVISITS_FROM_ARCHIVE``; with that off, a due article on the page before
has the next one read too, as its only way to the revisit). Only when the site's last run
read every listing page it meant to (it finished, no section page unfetched): after a run
that was killed, or missed a page, every page is read, so nothing it left unread is lost.

The archive is the memory: a URL counts as done only once its article has been committed
by the archive pipeline, so a crawl killed at any moment loses nothing and the next run
fetches exactly what was not stored.

Settings:

* ``NEWSCRAWL_INCREMENTAL``: turn the middleware on or off.
* ``NEWSCRAWL_REVISIT_SCHEDULE``: the revisit policy, ``AGE:INTERVAL`` steps.
* ``NEWSCRAWL_RECHECK_REJECTED_FIRST``, ``NEWSCRAWL_RECHECK_REJECTED_AFTER``: when to
  fetch a page that was not an article (or was gone) again: the first wait, the longest.
* ``NEWSCRAWL_REVISIT_ON_LASTMOD``: revisit an archived article whose sitemap lastmod is
  later than the crawl's last look at it.
* ``NEWSCRAWL_PAGINATE_WHILE_NEW``: follow a section's next page only while the page
  before links to an article new to the archive (or due, when
  ``NEWSCRAWL_REVISITS_FROM_ARCHIVE`` is 0).
* ``NEWSCRAWL_DATABASE_URL``: the archive (no archive, no middleware); the crawl's shared
  one (:mod:`newscrawl.crawler_archive`).

Request meta keys:

* ``newscrawl_article``: set by spiders on article requests.
* ``newscrawl_refetch``: True fetches the article unconditionally, whatever the archive says.
* ``newscrawl_listed_modified``: when the listing says the article last changed (ISO 8601),
  set by spiders from sitemap lastmods and feed entries' updated times.
* ``newscrawl_previous_page``: on the request of a section's next page, the article URLs
  of the page before.

Stats: ``newscrawl/incremental/{unknown,skipped,skipped_rejected,revisit,revisit_lastmod,
recheck,not_modified,pagination_stopped,lookup_failed}`` (``revisit_lastmod``: the revisits a
lastmod made due, also counted in ``revisit``; ``lookup_failed``: the archive could not
answer, the page was fetched unchecked), and ``revisit_archive``, set by the site spider: the due
articles it asked for on the archive's word, listed or not (``NEWSCRAWL_REVISITS_FROM_ARCHIVE``).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet.threads import deferToThread

from newscrawl.crawler_archive import crawler_archive
from newscrawl.fingerprints import FingerprintSet
from newscrawl.middlewares._headers import header_bytes
from newscrawl.storage import Archive, FetchState
from newscrawl.storage.inserts import naive_utc
from newscrawl.storage.reading import parse_instant
from newscrawl.storage.runs import RunBook, run_key

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response
    from scrapy.settings import BaseSettings
    from scrapy.spiders import Spider

logger = logging.getLogger(__name__)

#: Meta key spiders set on article requests.
ARTICLE_META = "newscrawl_article"
#: Meta key forcing an unconditional fetch.
REFETCH_META = "newscrawl_refetch"
#: Meta key the middleware sets on revisits (the spider expects a possible 304).
REVISIT_META = "newscrawl_revisit"
#: Meta key of when the listing says the article last changed (ISO 8601).
LISTED_MODIFIED_META = "newscrawl_listed_modified"
#: Meta key of a section's next page: the article URLs of the page before.
PREVIOUS_PAGE_META = "newscrawl_previous_page"
#: How far ahead of this machine's clock a listed change may be and still be believed (the
#: site's clock may run ahead a little; a lastmod hours ahead is a wrong timezone).
_CLOCK_SKEW = timedelta(minutes=15)
STATS_PREFIX = "newscrawl/incremental/"

# A number alone is seconds, as Scrapy's own time settings are ("0": never wait).
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNITS = {"": "seconds", "s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> timedelta:
    """Parse ``90s``, ``15m``, ``3h``, ``7d`` or ``2w`` (a number alone: seconds).

    >>> parse_duration("15m"), parse_duration("1.5h"), parse_duration("0")
    (datetime.timedelta(seconds=900), datetime.timedelta(seconds=5400), datetime.timedelta(0))
    """
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"{text!r}: expected a duration like 90s, 15m, 3h, 7d or 2w")
    return timedelta(**{_UNITS[match[2]]: float(match[1])})


@dataclass(frozen=True)
class RevisitPolicy:
    """When to check an archived article again, by its age.

    ``steps`` are (age limit, interval) pairs in increasing age: an article younger than
    the first limit is rechecked every first interval, and so on; past the last limit it is
    never rechecked. The default (``NEWSCRAWL_REVISIT_SCHEDULE``) is NewsDiffs' schedule:

    >>> policy = RevisitPolicy.parse(["3h:15m", "24h:1h", "7d:1d"])
    >>> policy.interval(timedelta(hours=1)), policy.interval(timedelta(days=8))
    (datetime.timedelta(seconds=900), None)
    """

    steps: tuple[tuple[timedelta, timedelta], ...]

    @classmethod
    def parse(cls, spec: list[str]) -> RevisitPolicy:
        """Build the policy from ``AGE:INTERVAL`` strings (``[]``: never revisit)."""
        steps = []
        for item in spec:
            age, sep, interval = item.partition(":")
            if not sep:
                raise ValueError(f"{item!r}: expected AGE:INTERVAL, e.g. 3h:15m")
            steps.append((parse_duration(age), parse_duration(interval)))
        if [age for age, _ in steps] != sorted(age for age, _ in steps):
            raise ValueError(f"{spec!r}: ages must increase")
        return cls(tuple(steps))

    def interval(self, age: timedelta) -> timedelta | None:
        """How often an article of this age is rechecked (None: never)."""
        for limit, interval in self.steps:
            if age < limit:
                return interval
        return None

    def due(self, state: FetchState, now: datetime) -> bool:
        """Whether the archived article ``state`` describes should be checked at ``now``.

        Its age counts from its publication, or from when the archive first saw it if
        that is earlier or the date is unknown. ``now`` is naive UTC, like the archive.
        """
        born = state.first_seen_at
        published = _parse_iso(state.published_at)
        if published is not None and published < born:
            born = published
        interval = self.interval(now - born)
        return interval is not None and now - state.last_seen_at >= interval


def incremental_enabled(settings: BaseSettings) -> bool:
    """Whether the crawl consults the archive before article requests (and revisits)."""
    return settings.getbool("NEWSCRAWL_INCREMENTAL") and bool(
        settings.get("NEWSCRAWL_DATABASE_URL")
    )


class PaginationStopped(IgnoreRequest):
    """A section's next page not sent: every article on the page before is archived."""


def _parse_iso(value: str | None) -> datetime | None:
    """An ISO 8601 time as naive UTC, like the archive's times (None if it is none)."""
    when = parse_instant(value)
    return None if when is None else naive_utc(when)


def recheck_wait(state: FetchState, first: timedelta, longest: timedelta) -> timedelta:
    """How long after its last rejection a rejected URL is skipped.

    ``first`` after the first rejection; after another, as long as the URL has been
    rejected (the waits double: 1h, 1h, 2h, 4h...), never more than ``longest``.

    >>> from datetime import datetime
    >>> def state(hours: float) -> FetchState:
    ...     began = datetime(2026, 3, 5, 8)
    ...     return FetchState(None, began, began + timedelta(hours=hours), rejected="http-404")
    >>> hour, day = timedelta(hours=1), timedelta(days=1)
    >>> [recheck_wait(state(h), hour, day) / hour for h in (0, 1, 2, 48)]
    [1.0, 1.0, 2.0, 24.0]
    """
    rejected_for = state.last_seen_at - state.first_seen_at
    return min(max(rejected_for, first), longest)


class IncrementalMiddleware:
    """Skip article requests the archive already answers; make revisits conditional."""

    def __init__(self, crawler: Crawler) -> None:
        settings: BaseSettings = crawler.settings
        if not settings.getbool("NEWSCRAWL_INCREMENTAL"):
            raise NotConfigured("NEWSCRAWL_INCREMENTAL is off")
        if not settings.get("NEWSCRAWL_DATABASE_URL"):
            raise NotConfigured("NEWSCRAWL_DATABASE_URL is empty: nothing to consult")
        self.policy = RevisitPolicy.parse(settings.getlist("NEWSCRAWL_REVISIT_SCHEDULE"))
        self.recheck_rejected = parse_duration(settings.get("NEWSCRAWL_RECHECK_REJECTED_AFTER"))
        self.recheck_rejected_first = min(
            parse_duration(settings.get("NEWSCRAWL_RECHECK_REJECTED_FIRST")),
            self.recheck_rejected,
        )
        self.revisit_on_lastmod = settings.getbool("NEWSCRAWL_REVISIT_ON_LASTMOD")
        self.paginate_while_new = settings.getbool("NEWSCRAWL_PAGINATE_WHILE_NEW")
        #: Whether the spider asks the archive for due articles, listed or not: then a due
        #: article on a section page is no reason to read the next.
        self.revisits_from_archive = settings.getint("NEWSCRAWL_REVISITS_FROM_ARCHIVE") > 0
        #: When the crawl began (naive UTC): an article first seen since is new to it.
        self.opened_at = datetime.now(UTC).replace(tzinfo=None)
        #: What the crawl's runs are recorded under (set when the spider opens); None: no
        #: run records to go by (runs of several processes), pagination never stopped.
        self.run_key: str | None = None
        self._last_run_complete: bool | None = None
        self.crawler = crawler
        self.stats = crawler.stats
        self.archive: Archive | None = None
        #: The archived articles this run has revisited (by id): once is enough.
        self._revisited = FingerprintSet()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the component from the crawler and its settings."""
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Spider | None = None) -> None:
        """Open the crawl's archive (closed when the engine stops)."""
        self.archive = crawler_archive(self.crawler)
        self.opened_at = datetime.now(UTC).replace(tzinfo=None)
        if spider is not None and self.crawler.settings.getbool("NEWSCRAWL_RUN_LOCK"):
            self.run_key = run_key(spider)

    async def process_request(self, request: Request) -> None:
        """Ignore an archived article that is not due; make a due one conditional.

        Ignore a section's next page when every article on the page before is archived.
        """
        if self.archive is None:  # opened by spider_opened, before any request
            return
        if request.meta.get(PREVIOUS_PAGE_META) and self.paginate_while_new:
            await self._check_next_page(request, self.archive)
            return
        if not request.meta.get(ARTICLE_META) or request.meta.get(REFETCH_META):
            return
        try:
            state = await maybe_deferred_to_future(
                deferToThread(self.archive.fetch_state, request.url)
            )
        except SQLAlchemyError as exc:
            # The archive cannot answer (a database gone): the page is fetched unchecked,
            # rather than fail as a download error with a traceback per article; if the
            # database stays away, storing fails too and stops the crawl (archive-lost).
            self.stats.inc_value(f"{STATS_PREFIX}lookup_failed")
            reason = getattr(exc, "orig", None) or exc
            logger.warning("Archive lookup failed, fetching %s unchecked: %s", request, reason)
            return
        if state is None:
            self.stats.inc_value(f"{STATS_PREFIX}unknown")
            return
        now = datetime.now(UTC).replace(tzinfo=None)
        if state.rejected is not None:
            wait = recheck_wait(state, self.recheck_rejected_first, self.recheck_rejected)
            if now - state.last_seen_at < wait:
                self.stats.inc_value(f"{STATS_PREFIX}skipped_rejected")
                raise IgnoreRequest(f"not an article ({state.rejected}) lately: {request.url}")
            self.stats.inc_value(f"{STATS_PREFIX}recheck")
            return
        if not self.policy.due(state, now):
            if not self._changed_since_seen(request, state, now):
                self.stats.inc_value(f"{STATS_PREFIX}skipped")
                raise IgnoreRequest(f"archived, not due for a revisit: {request.url}")
            self.stats.inc_value(f"{STATS_PREFIX}revisit_lastmod")
        first = state.article_id is None or self._revisited.add(state.article_id)
        if not request.meta.get(REVISIT_META) and not first:
            # Another URL of the article (a trailing slash, its AMP page, the canonical one
            # beside the one a section linked) was revisited in this run. (A retry or a
            # redirect of a revisit carries REVISIT_META: it is that revisit still.)
            self.stats.inc_value(f"{STATS_PREFIX}skipped")
            raise IgnoreRequest(f"archived, revisited in this run already: {request.url}")
        self.stats.inc_value(f"{STATS_PREFIX}revisit")
        request.meta[REVISIT_META] = True
        if state.etag and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = header_bytes(state.etag)
        if state.last_modified and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = header_bytes(state.last_modified)
        # Let the 304 through HttpErrorMiddleware to the spider, which reports it.
        allowed = list(request.meta.get("handle_httpstatus_list", []))
        request.meta["handle_httpstatus_list"] = [*allowed, 304]

    async def _check_next_page(self, request: Request, archive: Archive) -> None:
        """Raise PaginationStopped unless the page before links to a new article.

        Or to a due one, when the archive's due articles are not asked for otherwise.
        Never after a run of the site that did not read all its listing pages.
        """
        if self.run_key is None:
            return
        if self._last_run_complete is None:
            book = RunBook(archive)
            self._last_run_complete = await maybe_deferred_to_future(
                deferToThread(book.last_run_was_complete, self.run_key)
            )
        if not self._last_run_complete:
            return
        urls = list(request.meta[PREVIOUS_PAGE_META])
        states = await maybe_deferred_to_future(
            deferToThread(lambda: [archive.fetch_state(url) for url in urls])
        )
        now = datetime.now(UTC).replace(tzinfo=None)
        for state in states:
            # New: unknown, or first seen by this crawl (stored since it began).
            if state is None or state.first_seen_at >= self.opened_at:
                return
            if self.revisits_from_archive:
                continue
            if state.rejected is None and self.policy.due(state, now):
                return
        self.stats.inc_value(f"{STATS_PREFIX}pagination_stopped")
        raise PaginationStopped(
            f"every article on the page before is archived: {request.url} not fetched"
        )

    def _changed_since_seen(self, request: Request, state: FetchState, now: datetime) -> bool:
        """Whether the listing says the article changed after the crawl last saw it."""
        if not self.revisit_on_lastmod:
            return False
        listed = request.meta.get(LISTED_MODIFIED_META)
        changed = _parse_iso(listed) if isinstance(listed, str) else None
        return changed is not None and state.last_seen_at < changed <= now + _CLOCK_SKEW

    def process_response(self, request: Request, response: Response) -> Response:
        """Count 304 answers to revisits."""
        if response.status == 304 and request.meta.get(REVISIT_META):
            self.stats.inc_value(f"{STATS_PREFIX}not_modified")
        return response
