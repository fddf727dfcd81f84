"""Size limits: decompression bombs and oversized downloads refused, logged and counted.

Scrapy enforces ``DOWNLOAD_MAXSIZE`` on the bytes received (the download handler cancels a
larger body, announced or not) and, in its HttpCompressionMiddleware, on the bytes a
gzip, deflate, br or zstd body decompresses to, chunk by chunk, so a few kilobytes that
inflate to gigabytes are stopped at the limit. Both log a warning with the sizes. This
subclass makes both outcomes quiet refusals (IgnoreRequest, not a download error) counted as
``newscrawl/refused/decompression-bomb`` and ``newscrawl/refused/too-large``.

A body its ``Content-Encoding`` does not describe made Scrapy's middleware raise the
decoder's error, a download error. Misconfigured servers and proxies send plain HTML under
``Content-Encoding: gzip``: such a body is read as sent, as lenient clients (curl, wget)
do, and counted (``newscrawl/compression/not-encoded``); any other undecodable body is
refused and counted (``newscrawl/refused/undecodable``).

Settings (Scrapy's): ``COMPRESSION_ENABLED``, ``DOWNLOAD_MAXSIZE``, ``DOWNLOAD_WARNSIZE``;
per-request ``meta``: ``download_maxsize``, ``download_warnsize``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.httpcompression import (
    HttpCompressionMiddleware as ScrapyHttpCompressionMiddleware,
)
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import TextResponse
from scrapy.responsetypes import responsetypes

from newscrawl.middlewares._refused import Refused

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response

logger = logging.getLogger(__name__)

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
        except IgnoreRequest as exc:
            if self.stats is not None:
                self.stats.inc_value(f"{REFUSED_PREFIX}decompression-bomb")
            raise Refused("decompression-bomb", str(exc)) from exc
        except Exception as exc:  # each decoder raises an error class of its own
            return self._undecodable(response, exc)

    def _undecodable(self, response: Response, exc: Exception) -> Response:
        encoding = b", ".join(response.headers.getlist("Content-Encoding")).decode("latin-1")
        if response.body.lstrip()[:1] == b"<":
            if self.stats is not None:
                self.stats.inc_value("newscrawl/compression/not-encoded")
            logger.info("%s is not %s-encoded as its header says: read as sent", response, encoding)
            headers = response.headers.copy()
            del headers["Content-Encoding"]
            cls = responsetypes.from_args(headers=headers, url=response.url, body=response.body)
            if issubclass(cls, TextResponse):
                return response.replace(cls=cls, headers=headers, encoding=None)
            return response.replace(cls=cls, headers=headers)
        if self.stats is not None:
            self.stats.inc_value(f"{REFUSED_PREFIX}undecodable")
        logger.warning("Refused %s: its body is not valid %s (%s)", response, encoding, exc)
        raise Refused("undecodable", f"body not valid {encoding}: {exc}") from exc

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
            message = message or "body larger than DOWNLOAD_MAXSIZE"
            raise Refused("too-large", message) from exception
