"""Conditional requests for listing pages: an unchanged sitemap is not downloaded again.

A scheduled crawl reads the same sitemaps, feeds and section pages at every run, most of
them unchanged since the last one. A listing page that comes with validators (``ETag``,
``Last-Modified``) is kept in the archive (:mod:`newscrawl.storage.listings`); the next run
sends them back (``If-None-Match``, ``If-Modified-Since``), and a 304 answer is read from
the copy: the spider gets the page as if downloaded, and the site sends a few hundred
bytes instead of a sitemap of megabytes.

Only a 304 is answered from the copy, never an error: Scrapy's HttpCacheMiddleware (whose
policies serve a kept page when the server fails) would hide a site's outage from the
listing report. The copies live in the archive, not in a cache directory, so they follow
the archive to PostgreSQL and several processes share them safely. (Other middlewares only
read the archive; this one writes its own table, ``listing_pages``: what it keeps is a copy
of a download, not an article, and only a downloader middleware sees both the request it
conditions and the response that answers it.) Article pages are not this middleware's:
the incremental middleware makes their revisits conditional, from the archived article's
validators; robots.txt is not a listing page here. A page without validators is not kept
(there would be nothing to ask with), nor one marked ``Cache-Control: no-store``, nor a
truncated one.

Settings:

* ``NEWSCRAWL_REVALIDATE_LISTINGS``: keep listing pages and ask for them conditionally.
* ``NEWSCRAWL_DATABASE_URL``: the archive that keeps them (no archive, no middleware).

Request meta keys: ``dont_cache`` (Scrapy's): neither asked conditionally nor kept.

Stats: ``newscrawl/revalidate/{kept,not_modified,copy_lost,error}`` (``copy_lost``: a 304
whose copy was forgotten, or could not be read, meanwhile: the page is asked for again,
unconditionally; ``error``: the archive failed a lookup or a write of a copy, logged; the
page is downloaded as if there were no copies).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from newscrawl.crawler_archive import ARCHIVE_REFUSED_KEY, crawler_archive
from newscrawl.middlewares._headers import header_bytes, header_text
from newscrawl.middlewares.incremental import ARTICLE_META
from newscrawl.storage.listings import ListingCopies, ListingCopy

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)

#: Meta key: the URL whose kept copy's validators the request carries. A redirect copies
#: a request's headers to the next URL's; theirs are not that URL's.
CONDITIONED_META = "newscrawl_conditioned_on"
#: Meta key: ask without validators (the kept copy was forgotten after a 304).
UNCONDITIONAL_META = "newscrawl_unconditional"
STATS_PREFIX = "newscrawl/revalidate/"
_T = TypeVar("_T")
_VALIDATOR_HEADERS = (b"If-None-Match", b"If-Modified-Since")


class ListingRevalidationMiddleware:
    """Keep listing pages with validators; read a 304 answer from the kept copy."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_REVALIDATE_LISTINGS"):
            raise NotConfigured("NEWSCRAWL_REVALIDATE_LISTINGS is off")
        if not settings.get("NEWSCRAWL_DATABASE_URL"):
            raise NotConfigured("NEWSCRAWL_DATABASE_URL is empty: nowhere to keep pages")
        self.crawler = crawler
        self.stats = crawler.stats
        self.copies: ListingCopies | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the component from the crawler and its settings."""
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self) -> None:
        """Open the kept copies in the crawl's archive; forget those long unconfirmed."""
        if self.stats.get_value(ARCHIVE_REFUSED_KEY):
            return  # the crawl is closing: it could not take its lock in the archive
        self.copies = ListingCopies(crawler_archive(self.crawler))
        forgotten = self.copies.forget_unconfirmed()
        if forgotten:
            logger.debug("Forgot %d listing page copies not confirmed lately", forgotten)

    @staticmethod
    def _is_listing(request: Request) -> bool:
        # Not robots.txt: a few hundred bytes, read once a run (twice where it is given as
        # a sitemap too: the second read would be "not modified" on a first run).
        return (
            request.method == "GET"
            and not request.meta.get(ARTICLE_META)
            and not request.meta.get("dont_cache")
            and urlsplit(request.url).path != "/robots.txt"
        )

    async def process_request(self, request: Request) -> None:
        """Send the validators of the page's kept copy, if there is one."""
        conditioned = request.meta.get(CONDITIONED_META)
        if conditioned == request.url:  # a retry: asked with them already
            return
        if conditioned is not None:  # redirected here with another page's validators
            _unset_validators(request)
        if self.copies is None or not self._is_listing(request):
            return
        if request.meta.get(UNCONDITIONAL_META) or any(
            name in request.headers for name in _VALIDATOR_HEADERS
        ):
            return  # asked for unconditionally, or conditioned by someone else
        validators = await self._in_thread(self.copies.validators, request.url)
        if validators is None:
            return
        if validators.etag:
            request.headers[b"If-None-Match"] = header_bytes(validators.etag)
        if validators.last_modified:
            request.headers[b"If-Modified-Since"] = header_bytes(validators.last_modified)
        request.meta[CONDITIONED_META] = request.url

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        """Read a 304 from the kept copy; keep a listing page that has validators."""
        if self.copies is None or not self._is_listing(request):
            return response
        if response.status == 304 and request.meta.get(CONDITIONED_META) == request.url:
            copy = await self._in_thread(self.copies.confirmed, request.url)
            if copy is None:
                self.stats.inc_value(f"{STATS_PREFIX}copy_lost")
                logger.debug("Kept copy of %s forgotten after its 304: asking again", request)
                retry = request.replace(dont_filter=True)
                _unset_validators(retry)
                retry.meta[UNCONDITIONAL_META] = True
                return retry
            self.stats.inc_value(f"{STATS_PREFIX}not_modified")
            return _restored(copy, response, request)
        if self._keepable(response):
            copy = ListingCopy(
                url=request.url,
                body=response.body,
                content_type=header_text(response, b"Content-Type"),
                etag=header_text(response, b"ETag"),
                last_modified=header_text(response, b"Last-Modified"),
            )
            if await self._in_thread(self.copies.keep, copy):
                self.stats.inc_value(f"{STATS_PREFIX}kept")
        elif response.status == 200 and request.meta.get(CONDITIONED_META) == request.url:
            # Asked with the copy's validators, answered with a page that is not to be
            # kept: the copy is out of date for good.
            await self._in_thread(self.copies.forget, request.url)
        return response

    async def _in_thread(self, call: Callable[..., _T], *args: Any) -> _T | None:
        """``call(*args)`` in a thread; None, logged and counted, if it fails.

        The copies only spare downloads: a database that fails them (locked, gone, a copy
        that does not decompress) must cost a download at most, never the listing page.
        """
        try:
            return await maybe_deferred_to_future(deferToThread(call, *args))
        except Exception as exc:
            self.stats.inc_value(f"{STATS_PREFIX}error")
            logger.warning("Listing page copies: %s failed (%r); going without", call.__name__, exc)
            return None

    @staticmethod
    def _keepable(response: Response) -> bool:
        """A whole 200 with validators, which the server does not forbid keeping."""
        if response.status != 200 or "partial" in response.flags:
            return False
        cache_control = (header_text(response, b"Cache-Control") or "").lower()
        if "no-store" in cache_control:
            return False
        return bool(header_text(response, b"ETag") or header_text(response, b"Last-Modified"))


def _unset_validators(request: Request) -> None:
    for name in _VALIDATOR_HEADERS:
        request.headers.pop(name, None)
    request.meta.pop(CONDITIONED_META, None)


def _restored(copy: ListingCopy, response: Response, request: Request) -> Response:
    """The kept copy as the response to ``request``, which the server said it still is."""
    headers = Headers()
    for name, value in (
        (b"Content-Type", copy.content_type),
        (b"ETag", copy.etag),
        (b"Last-Modified", copy.last_modified),
    ):
        if value:
            headers[name] = header_bytes(value)
    cls = responsetypes.from_args(headers=headers, url=response.url, body=copy.body)
    return cls(
        url=response.url,
        status=200,
        headers=headers,
        body=copy.body,
        flags=[*response.flags, "revalidated"],
        request=request,
        certificate=response.certificate,
        ip_address=response.ip_address,
        protocol=response.protocol,
    )
