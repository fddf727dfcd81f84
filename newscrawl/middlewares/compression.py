"""Size limits: decompression bombs and oversized downloads refused, logged and counted.

Scrapy enforces ``DOWNLOAD_MAXSIZE`` on the bytes received (the download handler cancels a
larger body, announced or not) and, in its HttpCompressionMiddleware, on the bytes a
gzip, deflate, br or zstd body decompresses to, chunk by chunk, so a few kilobytes that
inflate to gigabytes are stopped at the limit. Both log a warning with the sizes. This
subclass makes both outcomes quiet refusals (IgnoreRequest, not a download error) counted as
``newscrawl/refused/decompression-bomb`` and ``newscrawl/refused/too-large``.

Settings (Scrapy's): ``COMPRESSION_ENABLED``, ``DOWNLOAD_MAXSIZE``, ``DOWNLOAD_WARNSIZE``;
per-request ``meta``: ``download_maxsize``, ``download_warnsize``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.httpcompression import (
    HttpCompressionMiddleware as ScrapyHttpCompressionMiddleware,
)
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response

REFUSED_PREFIX = "newscrawl/refused/"
# Scrapy's message when the download handler cancels a body over DOWNLOAD_MAXSIZE.
_MAXSIZE_MESSAGE = "larger than download max size"


class HttpCompressionMiddleware(ScrapyHttpCompressionMiddleware):
    """Scrapy's decompression, with bombs and oversized bodies counted as refusals."""

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        """Decompress the body; count a refusal when it exceeds the size limit."""
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            if self.stats is not None:
                self.stats.inc_value(f"{REFUSED_PREFIX}decompression-bomb")
            raise

    def process_exception(self, request: Request, exception: Exception) -> None:
        """Turn the handler's cancellation of an oversized body into a counted refusal."""
        # Scrapy's handler cancels with a message when the announced size is too large, and
        # without one (after logging the sizes) when the body received grows too large.
        message = str(exception)
        if isinstance(exception, DownloadCancelledError) and (
            _MAXSIZE_MESSAGE in message or not message
        ):
            if self.stats is not None:
                self.stats.inc_value(f"{REFUSED_PREFIX}too-large")
            # Scrapy logged the sizes already; a refusal is not a download error.
            raise IgnoreRequest(message or "body larger than DOWNLOAD_MAXSIZE") from exception
