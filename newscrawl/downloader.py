"""Scrapy's downloader, with one slot per site and a say when a download fails.

**One download slot per registrable domain.** Scrapy gives every host name a download slot
of its own: its delay, its concurrency, its backoff. A news site on several host names
(``www.example.com``, ``sport.example.com``, ``example.com``) was asked as many times as
fast as one. Here the hosts of one registrable domain (by the Public Suffix List bundled
with tldextract, private suffixes included: two blogs of ``blogspot.com`` are two sites)
share one slot, named after the domain: ``CONCURRENT_REQUESTS_PER_DOMAIN`` and
``DOWNLOAD_DELAY`` hold for the site, as their names say, and ``DOWNLOAD_SLOTS`` entries
are named by domain (one named by a host name is warned about as the crawl starts). IP
addresses and names without a public suffix keep a slot each; a request that names its
``download_slot`` keeps it; with ``CONCURRENT_REQUESTS_PER_IP`` set, slots are per IP
address, as Scrapy makes them. ``NEWSCRAWL_SLOT_PER_DOMAIN = False`` gives Scrapy's slot
per host name back.

**A failed download is said before the host's next request goes.** Scrapy's downloader
frees a slot when a download ends and sends the slot's next request at once; for a
failed download (a timeout, a reset connection) that is before any downloader middleware
sees the error. The backoff (:mod:`newscrawl.middlewares.backoff`) holds a failing host
on the slot itself, and must do so before the slot's next request goes: for an answer it
does in Scrapy's ``response_downloaded`` signal, which the downloader sends first; an
error has no such signal. This downloader sends :data:`newscrawl.signals.download_error`
at that point: it wraps the download handlers, whatever they are (Scrapy's own, HTTP/2, a
plugin's), and sends the signal as the error leaves them, before the downloader frees the
slot. Without it (another ``DOWNLOADER``), the backoff still slows the host down when its
``process_exception`` sees the error: one request later.

Scrapy's ``DOWNLOADER`` setting names the class; the rest is Scrapy's downloader as it is.
"""

from __future__ import annotations

import logging
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from scrapy.core.downloader import Downloader as ScrapyDownloader
from scrapy.utils.httpobj import urlparse_cached
from tldextract import TLDExtract

from newscrawl.signals import download_error

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.core.downloader.handlers import DownloadHandlers
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.signalmanager import SignalManager
    from twisted.internet.defer import Deferred
    from twisted.python.failure import Failure


class _ErrorSignallingHandlers:
    """Scrapy's download handlers, sending :data:`download_error` for each failed download."""

    def __init__(self, handlers: DownloadHandlers, signals: SignalManager) -> None:
        self._handlers = handlers
        self._signals = signals

    async def download_request_async(self, request: Request) -> Response:
        """What the downloader awaits (Scrapy's coroutine API, as in 2.19)."""
        try:
            return await self._handlers.download_request_async(request)
        except Exception as exc:
            self._signals.send_catch_log(download_error, request=request, exception=exc)
            raise

    def download_request(self, request: Request, *args: Any) -> Deferred[Response]:
        """What older downloaders wait for (a Deferred, as in Scrapy 2.13)."""

        def said(failure: Failure) -> Failure:
            exception = failure.value
            self._signals.send_catch_log(download_error, request=request, exception=exception)
            return failure

        deferred: Deferred[Response] = self._handlers.download_request(request, *args)
        return deferred.addErrback(said)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handlers, name)


@cache
def _public_suffixes() -> TLDExtract:
    # The list bundled with tldextract: no download, no cache file (see middlewares.cookies).
    return TLDExtract(cache_dir=None, suffix_list_urls=(), include_psl_private_domains=True)


# Asked for every request; a broad crawl meets many hosts, so the cache is bounded.
@lru_cache(maxsize=4096)
def site_domain(host: str) -> str:
    """The registrable domain of ``host``; ``host`` itself if it has none (an IP address).

    >>> site_domain("sport.example.co.uk"), site_domain("www.example.com")
    ('example.co.uk', 'example.com')
    >>> site_domain("127.0.0.1"), site_domain("localhost"), site_domain("ann.blogspot.com")
    ('127.0.0.1', 'localhost', 'ann.blogspot.com')
    """
    parts = _public_suffixes()(host)
    return f"{parts.domain}.{parts.suffix}" if parts.domain and parts.suffix else host


class Downloader(ScrapyDownloader):
    """Scrapy's downloader: a slot per registrable domain; failed downloads said at once."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.handlers = _ErrorSignallingHandlers(self.handlers, crawler.signals)  # type: ignore[assignment]
        self.slot_per_domain = self.settings.getbool("NEWSCRAWL_SLOT_PER_DOMAIN")
        if self.slot_per_domain and not self.ip_concurrency:
            for name in self.per_slot_settings:
                if site_domain(name) != name:
                    # Set for Scrapy's slots per host name: it would match no slot here.
                    logger.warning(
                        "DOWNLOAD_SLOTS entry %r names a host: slots are per site here, "
                        "name it %r (or set NEWSCRAWL_SLOT_PER_DOMAIN=False)",
                        name,
                        site_domain(name),
                    )

    def get_slot_key(self, request: Request) -> str:
        """The request's ``download_slot``, else its site's registrable domain."""
        if (
            not self.slot_per_domain
            or self.ip_concurrency
            or request.meta.get(self.DOWNLOAD_SLOT) is not None
        ):
            return super().get_slot_key(request)
        return site_domain(urlparse_cached(request).hostname or "")
