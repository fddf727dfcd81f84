"""Redirects: Scrapy's RedirectMiddleware, with loops stopped at the first repeat.

Scrapy follows up to ``REDIRECT_MAX_TIMES`` redirects and relies on the duplicate filter to
notice a loop, which retried requests (``dont_filter``) bypass. Here a redirect back to a URL
of the same chain is refused at once, and both that and an over-long chain are logged and
counted (``newscrawl/refused/redirect-loop``, ``newscrawl/refused/redirect-limit``), as is
a ``Location`` the URL parser refuses (``http://[...]``, a port out of range), on which
Scrapy's middleware raises ValueError (``newscrawl/refused/redirect-invalid``).

Scrapy's own handling, relied on and tested here: ``Cookie`` headers are dropped on a
redirect to another host (or from https to http), ``Authorization`` on a redirect to another
scheme, host or port; cookies from the cookie jar follow their own domains. Redirects to
private addresses are refused by :mod:`newscrawl.middlewares.ssrf`, which every redirected
request passes again.

Settings (Scrapy's): ``REDIRECT_ENABLED``, ``REDIRECT_MAX_TIMES``; per-request ``meta``:
``dont_redirect``, ``handle_httpstatus_list``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware as ScrapyRedirectMiddleware
from scrapy.exceptions import IgnoreRequest

from newscrawl.middlewares.compression import REFUSED_PREFIX

if TYPE_CHECKING:
    from scrapy.http import Response

logger = logging.getLogger(__name__)


class RedirectMiddleware(ScrapyRedirectMiddleware):
    """Scrapy's RedirectMiddleware that stops loops and counts abandoned chains."""

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        """Follow a redirect, unless it loops or the chain is too long."""
        try:
            result = super().process_response(request, response)
        except IgnoreRequest:
            self._refuse("redirect-limit", request, f"more than {self.max_redirect_times}")
            raise
        except ValueError as exc:
            location = (response.headers.get("Location") or b"").decode("latin-1")
            self._refuse("redirect-invalid", request, f"Location {location!r}: {exc}")
            raise IgnoreRequest(f"redirect to a malformed URL {location!r}") from exc
        if isinstance(result, Request) and result.url in result.meta.get("redirect_urls", ()):
            self._refuse("redirect-loop", request, f"back to {result.url}")
            raise IgnoreRequest(f"redirect loop back to {result.url}")
        return result

    def _refuse(self, reason: str, request: Request, detail: str) -> None:
        self.crawler.stats.inc_value(f"{REFUSED_PREFIX}{reason}")
        first = (request.meta.get("redirect_urls") or [request.url])[0]
        logger.warning("Redirects abandoned (%s: %s) for %s", reason, detail, first)
