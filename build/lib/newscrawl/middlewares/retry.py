"""Retries: Scrapy's RetryMiddleware, reporting the requests it gives up on.

Scrapy retries connection errors, timeouts and 5xx/429 answers ``RETRY_TIMES`` times, at once.
Here the waiting between attempts comes from :mod:`newscrawl.middlewares.backoff`, which
holds the host's downloader slot (exponential backoff, Retry-After). When a request has used
up its retries, the ``fetch_failed`` signal (:mod:`newscrawl.signals`) reports the URL, the
reason and the number of attempts; :class:`newscrawl.extensions.failures.FetchFailures`
records it so that the next run retries the page.

Settings (Scrapy's): ``RETRY_ENABLED``, ``RETRY_TIMES``, ``RETRY_HTTP_CODES``,
``RETRY_EXCEPTIONS``, ``RETRY_PRIORITY_ADJUST``. Per-request ``meta``: ``dont_retry``,
``max_retry_times``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware as ScrapyRetryMiddleware
from scrapy.utils.response import response_status_message

from newscrawl.signals import fetch_failed

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response


class RetryMiddleware(ScrapyRetryMiddleware):
    """Scrapy's RetryMiddleware that reports the requests it gives up on."""

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        """Retry a retryable answer, or report the final failure."""
        result = super().process_response(request, response)
        if (
            result is response
            and response.status in self.retry_http_codes
            and not request.meta.get("dont_retry", False)
        ):
            self._gave_up(request, response_status_message(response.status))
        return result

    def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        """Retry a retryable download error, or report the final failure."""
        result = super().process_exception(request, exception)
        if (
            result is None
            and isinstance(exception, self.exceptions_to_retry)
            and not request.meta.get("dont_retry", False)
        ):
            reason = f"{type(exception).__name__}: {exception}".rstrip(": ")
            self._gave_up(request, reason)
        return result

    def _gave_up(self, request: Request, reason: str) -> None:
        self.crawler.signals.send_catch_log(
            fetch_failed,
            request=request,
            reason=reason[:200],
            attempts=request.meta.get("retry_times", 0) + 1,
        )
