"""Scrapy's downloader, saying that a download failed before the host's next request goes.

Scrapy's downloader frees a host's slot when a download ends and sends the slot's next
request at once; for a failed download (a timeout, a reset connection) that is before any
downloader middleware sees the error. The backoff (:mod:`newscrawl.middlewares.backoff`)
holds a failing host on the slot itself, and must do so before the slot's next request
goes: for an answer it does in Scrapy's ``response_downloaded`` signal, which the
downloader sends first; an error has no such signal. This downloader sends
:data:`newscrawl.signals.download_error` at that point: it wraps the download handlers,
whatever they are (Scrapy's own, HTTP/2, a plugin's), and sends the signal as the error
leaves them, before the downloader frees the slot. (Scrapy's ``DOWNLOADER`` setting
names the class: the same downloader otherwise, each slot, delay and middleware as it
was.)

Without it (another ``DOWNLOADER``), the backoff still slows the host down when its
``process_exception`` sees the error: one request later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.core.downloader import Downloader as ScrapyDownloader

from newscrawl.signals import download_error

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
        """Scrapy 2.14 and later."""
        try:
            return await self._handlers.download_request_async(request)
        except Exception as exc:
            self._signals.send_catch_log(download_error, request=request, exception=exc)
            raise

    def download_request(self, request: Request, *args: Any) -> Deferred[Response]:
        """Scrapy 2.13 (a Deferred)."""

        def said(failure: Failure) -> Failure:
            exception = failure.value
            self._signals.send_catch_log(download_error, request=request, exception=exception)
            return failure

        deferred: Deferred[Response] = self._handlers.download_request(request, *args)
        return deferred.addErrback(said)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handlers, name)


class Downloader(ScrapyDownloader):
    """Scrapy's downloader; its handlers send :data:`download_error` for failed downloads."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.handlers = _ErrorSignallingHandlers(self.handlers, crawler.signals)  # type: ignore[assignment]
