"""The spider every site crawl runs: discovery driven by a :class:`SiteProfile`.

It starts from the profile's sitemaps (through Scrapy's SitemapSpider machinery), section
pages (following pagination up to ``max_pages``; with ``discover_sections``, also the
sections their menus link to) and RSS/Atom feeds (with ``discover_feeds``, also those the
section pages announce), requests every article
link (tracking parameters stripped, so that Scrapy's duplicate filter requests each once)
and yields each article response as an :class:`~newscrawl.items.ArticlePage` for the
pipelines to extract and store. Article requests carry ``meta["newscrawl_article"]``, so
that the incremental middleware skips those the archive already holds; a conditional
revisit answered with 304 becomes a :class:`~newscrawl.items.NotModifiedPage`. What a
feed or news sitemap says of an article (when it was published, who wrote it, its
categories) goes with its request and page, for a page that says less
(:mod:`newscrawl.spiders._listed`, :mod:`newscrawl.spiders._listing_words`). Archived
articles the revisit schedule says are due are asked for too, listed or not
(``NEWSCRAWL_REVISITS_FROM_ARCHIVE``): an article leaves the listings long before the
schedule stops checking it.

A listing page (section page, feed, sitemap) that gives no articles, because no link on it
is an article's or because it was not fetched, is named in a warning and counted (see
:mod:`newscrawl.spiders._listing`): the sign that a site changed under its profile. Not so
a sitemap whose entries are all older than the max age, or that lists none (quiet, not
broken).

Spider arguments (``-a``):

* ``max_pages``: pages followed per section (default: the profile's, else the
  ``NEWSCRAWL_MAX_PAGES`` setting).

Settings:

* ``NEWSCRAWL_MAX_PAGES``: default pagination depth.
* ``NEWSCRAWL_SITEMAP_MAX_AGE_DAYS``: skip sitemap entries older than this (0: keep all).
* ``NEWSCRAWL_RECORD_FAILURES``, ``NEWSCRAWL_DATABASE_URL``: article pages earlier runs failed
  to fetch (see :mod:`newscrawl.extensions.failures`) are requested first.
* ``NEWSCRAWL_REVISITS_FROM_ARCHIVE``, ``NEWSCRAWL_REVISIT_SCHEDULE``: how many due
  archived articles are asked for on the archive's word, and when they are due.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from lxml import html as lxml_html
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spiders import SitemapSpider
from scrapy.utils.gz import gzip_magic_number
from w3lib.url import safe_url_string

from newscrawl.crawler_archive import crawler_archive
from newscrawl.extensions.failures import FAILED_BEFORE, RETRY_NEXT_RUN, failures_enabled
from newscrawl.extensions.summary import ARTICLE_FAILURES_PREFIX, ARTICLE_PAGES_KEY, GONE_REASONS
from newscrawl.extract.listing import Listing
from newscrawl.items import ArticlePage, GonePage, NotModifiedPage
from newscrawl.middlewares._headers import header_text
from newscrawl.middlewares.incremental import (
    ARTICLE_META,
    LISTED_MODIFIED_META,
    PREVIOUS_PAGE_META,
    REVISIT_META,
    RevisitPolicy,
    incremental_enabled,
)
from newscrawl.middlewares.incremental import STATS_PREFIX as INCREMENTAL_PREFIX
from newscrawl.middlewares.redirect import first_url
from newscrawl.served import served_at
from newscrawl.signals import page_gone
from newscrawl.sites.profile import ProfileError
from newscrawl.spiders._arguments import parse_positive_int, unknown_arguments
from newscrawl.spiders._article_pages import (
    MULTIPAGE_KEY,
    PAGES_META,
    PARTS_FAILED_KEY,
    PARTS_KEY,
    next_part_request,
)
from newscrawl.spiders._encoding import page_encoding
from newscrawl.spiders._feeds import MAX_FEED_ENTRIES, announced_feeds, feed_entries
from newscrawl.spiders._fetch_errors import fetch_error_reason
from newscrawl.spiders._links import (
    MAX_LINKS_READ,
    article_links,
    clearly_not_article,
    host_allowed,
    is_article_url,
    links_cut,
    next_page_url,
    section_links,
    site_links,
)
from newscrawl.spiders._listed import news_sitemap_listings
from newscrawl.spiders._listing import (
    ANNOUNCED_BY,
    ANNOUNCED_FEEDS,
    DISCOVERED_ON,
    DISCOVERED_SECTIONS,
    LISTINGS_SITEMAPS,
    NO_ARTICLE_LINKS,
    ListingReport,
    SitemapTally,
    counted,
)
from newscrawl.spiders._listing_words import ListingWords
from newscrawl.storage.reading import parse_instant
from newscrawl.urls import MAX_URL_LENGTH, is_http_url, strip_tracking

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterable, Iterator
    from typing import Self

    from lxml.html import HtmlElement
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

    from newscrawl.sites.profile import SiteProfile

logger = logging.getLogger(__name__)

#: The reason an article link longer than MAX_URL_LENGTH is counted under (not fetched).
URL_TOO_LONG = "url-too-long"

#: Priority of a section's next page, below the article requests' (0).
NEXT_PAGE_PRIORITY = -1
#: Priority of the revisits the archive asks for (see ``due_revisits``): after the
#: listings' articles and pages, which bring what is new.
ARCHIVE_REVISIT_PRIORITY = -2

#: Stats key: listing pages with more links (or feed entries) than are read of one.
LINKS_CUT = "newscrawl/links_cut"
#: Meta of every article request: the incremental middleware looks it up in the archive,
#: and a final fetch failure is recorded for the next run.
ARTICLE_REQUEST_META = {ARTICLE_META: True, RETRY_NEXT_RUN: True}
#: Meta of sitemap requests: the sitemap protocol's limit (50 MB unpacked, 50,000 URLs: one
#: with image or news tags is past DOWNLOAD_MAXSIZE's 16 MB for pages), and no warning
#: under it (a whole-site sitemap of 8 MB warned at every run). Parsing one that large
#: costs the crawler a few hundred MB for a moment (lxml builds its tree).
SITEMAP_MAX_SIZE = 52_428_800
SITEMAP_SIZE_META = {"download_maxsize": SITEMAP_MAX_SIZE, "download_warnsize": SITEMAP_MAX_SIZE}


class SiteSpider(SitemapSpider):
    """Crawl one site as its profile describes."""

    #: The site this spider crawls; set by subclasses (see ``spiders/sites.py``).
    profile: ClassVar[SiteProfile]
    sitemap_rules: ClassVar[list[tuple[str, str]]] = [("", "parse_article")]  # type: ignore[misc]

    def __init__(self, *args: Any, max_pages: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_domains = list(self.profile.domains)
        self.sitemap_urls = list(self.profile.sitemaps)
        self._max_pages_arg = (
            None if max_pages is None else parse_positive_int("max_pages", max_pages)
        )
        self.max_pages = 1
        #: Pages an article is read from, at most (NEWSCRAWL_MAX_ARTICLE_PAGES).
        self.max_article_pages = 1
        self.sitemap_max_age: timedelta | None = None
        #: The entries of the sitemap being read (see _parse_sitemap).
        self._sitemap_tally: SitemapTally | None = None
        #: URLs of the listing pages (sections and their pages, feeds, sitemaps) this run
        #: has asked for (see _first_ask).
        self._listings_asked: set[str] = set()

    @classmethod
    def check_arguments(cls, arguments: dict[str, Any]) -> None:
        """Raise ProfileError if the ``-a`` arguments are not what this spider takes."""
        unknown = set(arguments) - {"max_pages"}
        if unknown:
            raise ProfileError(unknown_arguments(unknown, {"max_pages"}))
        if "max_pages" in arguments:
            parse_positive_int("max_pages", arguments["max_pages"])

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        """Build the component from the crawler and its settings."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.max_pages = (
            spider._max_pages_arg
            or spider.profile.max_pages
            or max(1, settings.getint("NEWSCRAWL_MAX_PAGES"))
        )
        days = settings.getint("NEWSCRAWL_SITEMAP_MAX_AGE_DAYS")
        spider.sitemap_max_age = timedelta(days=days) if days > 0 else None
        spider.max_article_pages = max(1, settings.getint("NEWSCRAWL_MAX_ARTICLE_PAGES"))
        return spider

    async def start(self) -> AsyncIterator[Any]:
        """Pages earlier runs failed on, sitemaps (cheapest per article), sections, feeds.

        Start pages (sitemaps, sections, feeds) bypass the duplicate filter, as Scrapy's own
        start requests do: with a frontier shared by several processes
        (``NEWSCRAWL_REDIS_URL``) every process reads them, and their links are what the
        shared filter deduplicates.
        """
        for url in self.failed_urls():
            for request in self._article_request(url):
                request.meta[FAILED_BEFORE] = url
                yield request
        async for request in super().start():
            if isinstance(request, Request):
                request = request.replace(dont_filter=True, errback=self.listing_failed)
                request.meta.update(SITEMAP_SIZE_META)
                self._first_ask(request)
            yield request
        for url in self.profile.sections:
            request = Request(
                url,
                callback=self.parse_section,
                cb_kwargs={"page": 1},
                errback=self.listing_failed,
                dont_filter=True,
            )
            self._first_ask(request)
            yield request
        for url in self.profile.feeds:
            request = Request(
                url, callback=self.parse_feed, errback=self.listing_failed, dont_filter=True
            )
            self._first_ask(request)
            yield request
        for url in self.due_revisits():
            for request in self._article_request(url, priority=ARCHIVE_REVISIT_PRIORITY):
                yield request

    # --- discovery ----------------------------------------------------------------------

    def parse_section(self, response: Response, page: int = 1) -> Iterator[Request]:
        """Request the articles a section page links to, and its next page.

        A feed or a sitemap given as a section (``-a start_urls=https://.../rss.xml``, an easy
        mistake) is read as what it is: as HTML it links to nothing.
        """
        kind = _xml_kind(response.body)
        if kind is not None:
            logger.info("%s is a %s, not a section page: read as one", response.url, kind)
            yield from (self.parse_feed if kind == "feed" else self._parse_sitemap)(response)
            return
        root = _html_root(response)
        if isinstance(root, str):
            message = "Section page %s not read: %s"
            self.listing.problem(_meta(response), NO_ARTICLE_LINKS, message, response.url, root)
            return
        if links_cut(root):
            self._links_cut(response, f"links (only the first {MAX_LINKS_READ:,} read)")
        links = article_links(root, response.url, self.profile)
        if not links:
            self.listing.no_article_links(
                "Section page", response, self._pattern_hint(root, response)
            )
        for url in links:
            yield from self._article_request(url)
        # A start page's: a discovered section leads to no more discoveries.
        if page == 1 and DISCOVERED_ON not in _meta(response):
            if self.profile.discover_feeds:
                yield from self._announced_feed_requests(root, response.url)
            if self.profile.discover_sections:
                yield from self._discovered_section_requests(root, response.url)
        if page < self.max_pages:
            next_url = next_page_url(root, response.url, self.profile)
            if next_url:
                # Below the articles' priority: the articles of this page are fetched before
                # the next page adds more, so the frontier holds about one page of links per
                # section instead of the whole site's (memory stays flat on big sites).
                # With the page's articles: the incremental middleware does not send it
                # when every one is archived (the pages behind hold older ones still).
                request = Request(
                    next_url,
                    callback=self.parse_section,
                    cb_kwargs={"page": page + 1},
                    errback=self.listing_failed,
                    priority=NEXT_PAGE_PRIORITY,
                    meta={PREVIOUS_PAGE_META: [strip_tracking(url) for url in links]},
                )
                if self._first_ask(request):
                    yield request

    def _announced_feed_requests(self, root: HtmlElement, url: str) -> Iterator[Request]:
        """The feeds a start page announces (``discover_feeds``), on the crawl's domains.

        Through the duplicate filter: the sections of one site announce the same feeds.
        """
        for feed in announced_feeds(root, url):
            if feed in self.profile.feeds or not host_allowed(feed, self.profile.domains):
                continue
            request = Request(
                feed, self.parse_feed, errback=self.listing_failed, meta={ANNOUNCED_BY: url}
            )
            if self._first_ask(request):
                self.crawler.stats.inc_value(ANNOUNCED_FEEDS)
                logger.debug("Reading the feed %s that %s announces", feed, url)
                yield request

    def _discovered_section_requests(self, root: HtmlElement, url: str) -> Iterator[Request]:
        """The sections a start page's menus link to (``discover_sections``).

        Through the duplicate filter: every page of a site has the same menu.
        """
        for section in section_links(root, url, self.profile):
            request = Request(
                section,
                callback=self.parse_section,
                cb_kwargs={"page": 1},
                errback=self.listing_failed,
                meta={DISCOVERED_ON: url},
            )
            if self._first_ask(request):
                self.crawler.stats.inc_value(DISCOVERED_SECTIONS)
                logger.debug("Crawling the section %s found on %s", section, url)
                yield request

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """Request the articles an RSS or Atom feed lists (with when each last changed)."""
        entries = feed_entries(response.body, response.url)
        if len(entries) >= MAX_FEED_ENTRIES:
            self._links_cut(response, f"entries (only the first {MAX_FEED_ENTRIES:,} read)")
        links = list(entries)
        if not links and _xml_kind(response.body) != "feed":
            # A feed URL that now serves a page (a discontinued feed redirected to the home
            # page): said, so that a crawl finding nothing there is not a mystery.
            self.crawler.stats.inc_value("newscrawl/feed/invalid")
            message = "Not a feed: %s (no RSS or Atom document in it)"
            self.listing.problem(response.meta, NO_ARTICLE_LINKS, message, response.url)
            return
        articles = [
            url
            for url in links
            if self.profile.article_regex is None or is_article_url(url, self.profile)
        ]
        if not articles:
            refused = f" ({counted(len(links), 'link')} in it, none matching article_pattern)"
            self.listing.no_article_links("Feed", response, refused if links else "")
        updated = {url: entry.updated for url, entry in entries.items() if entry.updated}
        changes = self.listing_words.changes(updated, response, "Feed", "updated")
        listings = {url: entry.listing for url, entry in entries.items()}
        listings = self.listing_words.listings(listings, response, "Feed")
        for url in articles:
            for request in self._article_request(url):
                if when := changes.get(url):
                    request.meta[LISTED_MODIFIED_META] = when
                self.listing_words.hand_on(request, listings[url])
                yield request

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        """Keep sitemap entries that are articles of this site and recent enough."""
        # Scrapy passes the Sitemap object itself, which knows whether it is an index.
        is_index = getattr(entries, "type", None) == "sitemapindex"
        tally = self._sitemap_tally or SitemapTally()
        tally.read, tally.index = True, is_index
        cutoff = None
        if self.sitemap_max_age is not None:
            cutoff = datetime.now(UTC) - self.sitemap_max_age
        for entry in entries:
            if not is_http_url(entry.get("loc", "")):
                # Scrapy would raise ValueError building its request, and the rest of the
                # sitemap would be lost with it.
                self.crawler.stats.inc_value("newscrawl/sitemap/malformed_loc")
                logger.debug("Ignoring malformed sitemap URL %r", entry.get("loc"))
                continue
            if cutoff is not None and _older_than(entry.get("lastmod"), cutoff):
                continue
            tally.recent += 1
            if is_index or "news" in entry or is_article_url(entry["loc"], self.profile):
                tally.kept += 1
                tally.news = tally.news or "news" in entry
                if not is_index and entry.get("lastmod"):
                    # Keyed as Scrapy's Request will have the URL.
                    tally.lastmods[safe_url_string(entry["loc"])] = entry["lastmod"]
                yield entry
            elif not tally.other_entries and not clearly_not_article(entry["loc"]):
                tally.other_entries = True

    def _parse_sitemap(self, response: Response) -> Iterable[Request]:
        # Scrapy's method reads the whole sitemap through sitemap_filter before it returns
        # (its requests are made lazily, one at a time: a sitemap of 50,000 URLs is not
        # 50,000 requests at once), so the tally is this sitemap's; a test checks it does.
        self._sitemap_tally = tally = SitemapTally()
        try:
            requests = super()._parse_sitemap(response)
        except StopIteration:
            # Scrapy's Sitemap reads the document's first element at once, and raises
            # StopIteration (a RuntimeError in this generator) when lxml finds none: a blank
            # or binary body, an XML declaration alone.
            self.crawler.stats.inc_value("newscrawl/sitemap/invalid")
            self.crawler.stats.inc_value(NO_ARTICLE_LINKS)
            logger.warning("Ignoring invalid sitemap: %s (no XML element in it)", response)
            return
        finally:
            self._sitemap_tally = None
        if not tally.read and not response.url.endswith("/robots.txt"):
            # Not a sitemap (an HTML page, another XML document): Scrapy said so in a
            # warning ("Ignoring invalid sitemap"); counted here.
            self.crawler.stats.inc_value("newscrawl/sitemap/invalid")
            self.crawler.stats.inc_value(NO_ARTICLE_LINKS)
        elif tally.recent and not tally.kept and not tally.index and not tally.other_entries:
            # A sitemap of the site's sections (tags, authors): no articles, as it should.
            self.crawler.stats.inc_value(LISTINGS_SITEMAPS)
            logger.info(
                "Sitemap %s lists %s, all listing pages (sections, tags, authors): no "
                "articles to read there",
                response.url,
                counted(tally.recent, "recent entry", "recent entries"),
            )
        elif tally.recent and not tally.kept and not tally.index:
            # Entries, recent ones, but not one an article's: the site's URLs changed under
            # the profile's article_pattern. (All too old: nothing new, no problem.)
            recent = counted(tally.recent, "recent entry", "recent entries")
            self.listing.no_article_links("Sitemap", response, f" ({recent}, none an article's)")
        # SitemapSpider builds the requests of sitemaps itself: mark the articles' (with
        # their lastmod, which can make an archived article due), and have the failure of a
        # sitemap an index lists said.
        lastmods = self.listing_words.changes(tally.lastmods, response, "Sitemap", "lastmod")
        listings = self._news_listings(response, tally)
        for request in requests:
            if request.callback == self.parse_article:
                request.meta.update(ARTICLE_REQUEST_META)
                if lastmod := lastmods.get(request.url):
                    request.meta[LISTED_MODIFIED_META] = lastmod
                if listing := listings.get(request.url):
                    self.listing_words.hand_on(request, listing)
                request = request.replace(errback=self.article_failed)
            elif request.callback == self._parse_sitemap:
                if not self._first_ask(request):
                    continue
                if request.errback is None:
                    request = request.replace(errback=self.listing_failed)
                request.meta.update(SITEMAP_SIZE_META)
            yield request

    def _first_ask(self, request: Request) -> bool:
        """Note a listing page's request; False if the run has asked for its URL already.

        The duplicate filter does not know the start pages (they bypass it, see
        :meth:`start`): a section whose pagination leads back to its first page, a sitemap
        index that lists itself, a start page that another announces or links as a section
        would be read twice, and reported twice when it gives nothing.
        """
        if request.url in self._listings_asked:
            logger.debug("Not reading %s again: this run has read it", request.url)
            return False
        self._listings_asked.add(request.url)
        return True

    def _get_sitemap_body(self, response: Response) -> bytes | None:
        # Kept for _news_listings: a gzipped sitemap is unpacked once, not twice.
        body = super()._get_sitemap_body(response)
        if body is None and gzip_magic_number(response):
            # Scrapy's reader gives up on a gzipped sitemap that unpacks past the limit,
            # and says only "Ignoring invalid sitemap".
            logger.warning(
                "Sitemap %s unpacks to more than %d bytes, the sitemap protocol's limit: not read",
                response.url,
                response.meta.get("download_maxsize", self._max_size),
            )
        if self._sitemap_tally is not None:
            self._sitemap_tally.body = body
        return body

    def _news_listings(self, response: Response, tally: SitemapTally) -> dict[str, Listing]:
        """What a news sitemap's entries say of their articles, by request URL.

        A method of its own, which takes the sitemap's body from the tally: the body is let
        go of here, not held by the generator that hands Scrapy the sitemap's requests one
        at a time.
        """
        body, tally.body = tally.body, None
        if not tally.news or not body:
            return {}
        return self.listing_words.listings(news_sitemap_listings(body), response, "Sitemap")

    def _links_cut(self, response: Response, what: str) -> None:
        """Say and count a listing page too long to be read whole."""
        self.crawler.stats.inc_value(LINKS_CUT)
        logger.warning("Listing page %s has more %s", response.url, what)

    def _pattern_hint(self, root: Any, response: Response) -> str:
        """Where the profile's article_pattern refused every link of the site: how many."""
        if self.profile.article_regex is None:
            return ""
        count = site_links(root, response.url, self.profile)
        if not count:
            return ""
        return f" ({counted(count, 'link')} to the site on it, none matching article_pattern)"

    @cached_property
    def listing(self) -> ListingReport:
        """Says and counts the listing pages that gave no articles."""
        return ListingReport(self.crawler.stats, self.profile.domains)

    @cached_property
    def listing_words(self) -> ListingWords:
        """What listings say of their articles, handed on with the articles' requests."""
        return ListingWords(self.crawler.stats)

    def listing_failed(self, failure: Failure) -> None:
        """Errback of listing pages: say why one gave no articles (it was not fetched).

        A spider method, not the report's: a shared frontier stores requests with their
        callbacks and errbacks named as the spider's methods.
        """
        self.listing.not_fetched(failure)

    def _article_request(self, url: str, priority: int = 0) -> Iterator[Request]:
        # Tracking parameters never change the article: dropping them lets Scrapy's
        # duplicate filter see that two links lead to the same page.
        url = strip_tracking(url)
        if len(url) > MAX_URL_LENGTH:
            # No archive key holds it (a trap, or tracking garbage). Scrapy's URL length
            # limit drops such a request at INFO level, uncounted; or, under its limit, it
            # was fetched to be dropped.
            self.crawler.stats.inc_value(f"{ARTICLE_FAILURES_PREFIX}{URL_TOO_LONG}")
            logger.info("Article link not followed (%s, %d characters)", URL_TOO_LONG, len(url))
            return
        yield Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            meta=dict(ARTICLE_REQUEST_META),
            priority=priority,
        )

    def article_failed(self, failure: Failure) -> Failure | list[GonePage]:
        """Errback of article requests: count a page that could not be fetched, by reason.

        A refusal is handed back, so Scrapy logs it as it does without an errback
        ("Ignoring response <403 ...>"); a download error is one warning. The reasons: see
        :mod:`newscrawl.spiders._fetch_errors`. A page that is gone (404, 410) is
        remembered by the archive (the ``page_gone`` signal): later runs ask for it again
        only at its recheck (:func:`newscrawl.middlewares.incremental.recheck_wait`); an
        archived article gone at a revisit is a :class:`~newscrawl.items.GonePage` for the
        pipelines (a takedown).
        """
        reason = fetch_error_reason(failure)
        request: Request = failure.request  # type: ignore[attr-defined]
        if reason in GONE_REASONS and request.meta.get(REVISIT_META):
            # An archived article gone: a takedown, which the run feed reports (and the
            # summary counts as taken down, not as a page not fetched).
            link = first_url(request)
            status = reason.removeprefix("http-")
            logger.info("Article %s answered HTTP %s: taken down", link, status)
            self.crawler.stats.inc_value(ARTICLE_PAGES_KEY)
            return [GonePage(url=link, site=self.site_name_for(link), reason=reason)]
        if reason is not None:
            self.crawler.stats.inc_value(f"{ARTICLE_FAILURES_PREFIX}{reason}")
        if reason in GONE_REASONS:
            link = first_url(request)
            site = self.site_name_for(link)
            self.crawler.signals.send_catch_log(page_gone, url=link, site=site, reason=reason)
        if reason is not None and not failure.check(IgnoreRequest):
            # A download error, its retries used up: counted, said in the summary and
            # recorded for the next run. Handed back, Scrapy would log it as an ERROR with a
            # traceback: an ordinary timeout in every cron mail, and one more "error" in
            # the summary line, which is for what went wrong with the crawler.
            detail = failure.getErrorMessage()
            if "<twisted." in detail:
                detail = ""  # Twisted's failures' reprs, under Scrapy's wrappers: noise
            logger.warning(
                "Article page not fetched (%s%s): %s",
                reason,
                f": {detail[:200]}" if detail else "",
                first_url(request),
            )
            return []
        return failure

    def failed_urls(self) -> list[str]:
        """Article URLs of this site that earlier runs failed to fetch."""
        if not failures_enabled(self.crawler):
            return []
        archive = crawler_archive(self.crawler)
        return [url for site in self.archived_sites() for url in archive.failed_urls(site)]

    def archived_sites(self) -> list[str]:
        """The names this crawl's articles are archived under (one, but for ``news``)."""
        profile = self.profile
        urls = (*profile.sections, *profile.feeds, *profile.sitemaps)
        return list(dict.fromkeys(self.site_name_for(u) for u in urls))

    def due_revisits(self) -> list[str]:
        """Archived articles of this site due for a revisit, whether or not listed now.

        An article leaves a section's first page and the feed within hours, while the
        revisit schedule checks it for a week: its later revisits are asked for on the
        archive's word, the longest unchecked first, at most
        ``NEWSCRAWL_REVISITS_FROM_ARCHIVE`` a run (after the listings' articles).
        """
        settings = self.crawler.settings
        limit = settings.getint("NEWSCRAWL_REVISITS_FROM_ARCHIVE")
        if limit <= 0 or not incremental_enabled(settings):
            return []
        policy = RevisitPolicy.parse(settings.getlist("NEWSCRAWL_REVISIT_SCHEDULE"))
        now = datetime.now(UTC).replace(tzinfo=None)
        archive = crawler_archive(self.crawler)
        candidates = archive.revisit_candidates(
            self.archived_sites(), policy.steps, now, limit, self._on_domains
        )
        due = [url for url, state in candidates if policy.due(state, now)]
        self.crawler.stats.set_value(f"{INCREMENTAL_PREFIX}revisit_archive", len(due))
        if due:
            logger.info(
                "Revisiting %d archived articles the revisit schedule says are due", len(due)
            )
        return due

    def _on_domains(self, url: str) -> bool:
        return host_allowed(url, self.profile.domains)

    @property
    def run_key(self) -> str:
        """What runs are locked by: two runs with the same key never overlap."""
        return self.profile.name

    # --- articles -----------------------------------------------------------------------

    def parse_article(
        self, response: Response
    ) -> Iterator[ArticlePage | NotModifiedPage | Request]:
        """Hand the article response to the pipelines as plain data.

        An article that goes on over more pages waits for them (:mod:`._article_pages`).
        """
        self.crawler.stats.inc_value(ARTICLE_PAGES_KEY)
        if response.status == 304:
            yield NotModifiedPage(
                url=response.url,
                site=self.site_name_for(response.url),
                etag=header_text(response, b"ETag"),
                last_modified=header_text(response, b"Last-Modified"),
            )
            return
        page = self._article_page(response)
        yield self._next_part_request(page, response, 1) or page

    def parse_article_part(self, response: Response) -> Iterator[ArticlePage | Request]:
        """A next page of an article: ask for the one after it, or hand the article on."""
        first, number = response.meta[PAGES_META]
        self.crawler.stats.inc_value(PARTS_KEY)
        article = first.with_page(self._article_page(response))
        following = self._next_part_request(article, response, number)
        if following is None:
            self.crawler.stats.inc_value(MULTIPAGE_KEY)
        yield following or article

    def article_part_failed(self, failure: Failure) -> list[ArticlePage]:
        """Errback of an article's next page: the article is the pages before it."""
        request: Request = failure.request  # type: ignore[attr-defined]
        first, number = request.meta[PAGES_META]
        self.crawler.stats.inc_value(PARTS_FAILED_KEY)
        if first.more_pages:
            self.crawler.stats.inc_value(MULTIPAGE_KEY)
        logger.warning(
            "Page %d of article %s could not be fetched (%s): the article is read from "
            "the %d pages before it",
            number,
            first.url,
            fetch_error_reason(failure) or failure.getErrorMessage(),
            number - 1,
        )
        return [first]

    def _next_part_request(
        self, article: ArticlePage, response: Response, number: int
    ) -> Request | None:
        return next_part_request(
            article,
            response,
            number,
            self.max_article_pages,
            self.profile.domains,
            self.parse_article_part,
            self.article_part_failed,
        )

    def _article_page(self, response: Response) -> ArticlePage:
        return ArticlePage(
            url=response.url,
            body=response.body,
            site=self.site_name_for(response.url),
            status=response.status,
            content_type=header_text(response, b"Content-Type"),
            encoding=page_encoding(response),
            etag=header_text(response, b"ETag"),
            last_modified=header_text(response, b"Last-Modified"),
            served_at=served_at(header_text(response, b"Date"), header_text(response, b"Age")),
            redirect_urls=tuple(response.meta.get("redirect_urls", ())),
            revisit=bool(response.meta.get(REVISIT_META)),
            listing=Listing.from_json(self.listing_words.take(response)),
            headers=tuple(
                (name.decode("latin-1"), value.decode("latin-1"))
                for name, values in response.headers.items()
                for value in values
            ),
        )

    def site_name_for(self, url: str) -> str:
        """Site name of an article URL (the profile's name; ``news`` overrides it)."""
        return self.profile.name


def _meta(response: Response) -> dict[str, Any]:
    """The response's request's meta ({} for a response made without a request)."""
    return response.request.meta if response.request is not None else {}


def _html_root(response: Response) -> HtmlElement | str:
    """The parsed page, or why it cannot be read."""
    if not isinstance(response, TextResponse) or not response.body.strip():
        return "not an HTML page"
    try:
        return lxml_html.fromstring(response.text, base_url=response.url)
    except (ValueError, lxml_html.etree.ParserError) as exc:
        return f"cannot be parsed ({exc})"


# The root element of a feed or a sitemap, near the start of the document.
_XML_ROOT = re.compile(rb"<(rss|feed|rdf:RDF|urlset|sitemapindex)[\s>]")


def _xml_kind(body: bytes) -> str | None:
    """Say "feed" or "sitemap" if ``body`` is one (a gzipped body is taken for a sitemap)."""
    if body[:2] == b"\x1f\x8b":
        return "sitemap"  # sitemap.xml.gz, which Scrapy's sitemap reader unpacks
    head = body[:4096]
    match = _XML_ROOT.search(head)
    if match is None or b"<html" in head[: match.start()].lower():
        return None
    return "sitemap" if match[1] in (b"urlset", b"sitemapindex") else "feed"


def _older_than(lastmod: str | None, cutoff: datetime) -> bool:
    when = parse_instant(lastmod)
    return when is not None and when < cutoff
