"""Redirects: Scrapy's RedirectMiddleware, with loops stopped at the first repeat.

Scrapy follows up to ``REDIRECT_MAX_TIMES`` redirects and relies on the duplicate filter to
notice a loop, which retried requests (``dont_filter``) bypass. Here a redirect back to a URL
of the same chain is refused at once, and both that and an over-long chain are logged and
counted (``newscrawl/refused/redirect-loop``, ``newscrawl/refused/redirect-limit``), as is
a ``Location`` the URL parser refuses (``http://[...]``, a port out of range), on which
Scrapy's middleware raises ValueError (``newscrawl/refused/redirect-invalid``). Redirects by
``<meta http-equiv="refresh">`` (Scrapy's MetaRefreshMiddleware) are checked the same way.

A start page (section, feed, sitemap) that redirects outside the crawl's domains is not
followed (Scrapy's offsite filter, which says so only at DEBUG level): a warning names both
URLs, so that a crawl that found nothing there says why. Any other page that does (an
article moved to another site, a redirect to a login or consent host) is refused, counted
(``newscrawl/refused/redirect-offsite``) and, for an article, counted as not fetched.

The validators of a conditional request (``If-None-Match``, ``If-Modified-Since``) are
dropped on a redirect to another URL: they are the first page's, and the next URL's server
would answer 304 for a page the crawl has no copy of (an article that moved to a new slug,
revisited at its old URL, was lost as "not modified"). The middlewares that condition
requests give the next URL its own, if the crawl has a copy of it.

Scrapy's own handling, relied on and tested here: ``Cookie`` headers are dropped on a
redirect to another host (or from https to http), ``Authorization`` on a redirect to another
scheme, host or port; cookies from the cookie jar follow their own domains. Redirects to
private addresses are refused by :mod:`newscrawl.middlewares.ssrf`, which every redirected
request passes again.

Settings (Scrapy's): ``REDIRECT_ENABLED``, ``REDIRECT_MAX_TIMES``, ``METAREFRESH_ENABLED``,
``METAREFRESH_MAXDELAY``; per-request ``meta``: ``dont_redirect``, ``handle_httpstatus_list``.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import (
    MetaRefreshMiddleware as ScrapyMetaRefreshMiddleware,
)
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware as ScrapyRedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse

from newscrawl.middlewares._refused import Refused
from newscrawl.middlewares.compression import REFUSED_PREFIX
from newscrawl.urls import host_allowed

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

# Callbacks of the start pages of newscrawl's spiders: sections, feeds, sitemaps.
_START_CALLBACKS = frozenset({"parse_section", "parse_feed", "_parse_sitemap"})
# The headers that make a request conditional on the copy of its page the crawl has.
_VALIDATOR_HEADERS = (b"If-None-Match", b"If-Modified-Since")


class _Checked:
    """What both redirect middlewares add to Scrapy's, the next class in their MRO.

    Loops stopped; abandoned chains and malformed targets counted; start pages that leave
    the crawl's domains said.
    """

    crawler: Crawler
    max_redirect_times: int

    def process_response(self, request: Request, response: Response) -> Request | Response:
        """Follow a redirect, unless it loops, the chain is too long or the URL malformed."""
        try:
            result = super().process_response(request, response)  # type: ignore[misc]
        except IgnoreRequest as exc:
            self._refuse("redirect-limit", request, f"more than {self.max_redirect_times}")
            raise Refused("redirect-limit", str(exc)) from exc
        except ValueError as exc:  # a URL the parser refuses: http://[...], a bad port
            target = self._target(response)
            self._refuse("redirect-invalid", request, f"Location {target!r}: {exc}")
            raise Refused("redirect-invalid", f"redirect to a malformed URL {target!r}") from exc
        if isinstance(result, Request) and result.url != request.url:
            for name in _VALIDATOR_HEADERS:
                result.headers.pop(name, None)
        if isinstance(result, Request) and result.url in result.meta.get("redirect_urls", ()):
            self._refuse("redirect-loop", request, f"back to {result.url}")
            raise Refused("redirect-loop", f"redirect loop back to {result.url}")
        if isinstance(result, Request) and self._leaves(result):
            if self._is_start_page(request):
                self._warn_start_page_leaves(request, result)
            else:
                # Scrapy's offsite filter drops it at DEBUG level, uncounted, or, for a
                # request retried (dont_filter), lets it through to a host the crawl does not
                # cover: the page (moved to another site, a login or consent host) is refused.
                self._refuse("redirect-offsite", request, f"to {result.url}")
                raise Refused("redirect-offsite", f"redirect outside the crawl to {result.url}")
        return result

    def _leaves(self, redirected: Request) -> bool:
        """Whether ``redirected`` leaves the spider's ``allowed_domains``."""
        domains = getattr(self.crawler.spider, "allowed_domains", None)
        if not domains or redirected.meta.get("allow_offsite"):
            return False
        return not host_allowed(redirected.url, domains)

    def _is_start_page(self, request: Request) -> bool:
        callback = getattr(request.callback, "__name__", "")
        return callback in _START_CALLBACKS and not request.meta.get("depth")

    def _warn_start_page_leaves(self, request: Request, redirected: Request) -> None:
        domains = getattr(self.crawler.spider, "allowed_domains", None) or ()
        logger.warning(
            "Start page %s redirects to %s, outside the crawl's domains (%s): not "
            "followed (-a domains=... allows more)",
            first_url(request),
            redirected.url,
            ", ".join(domains),
        )

    def _target(self, response: Response) -> str:
        """The URL ``response`` redirects to, as written (for the log)."""
        raise NotImplementedError

    def _refuse(self, reason: str, request: Request, detail: str) -> None:
        self.crawler.stats.inc_value(f"{REFUSED_PREFIX}{reason}")
        logger.warning("Redirects abandoned (%s: %s) for %s", reason, detail, first_url(request))


def first_url(request: Request) -> str:
    """The URL a chain of redirects started from."""
    return (request.meta.get("redirect_urls") or [request.url])[0]


class RedirectMiddleware(_Checked, ScrapyRedirectMiddleware):  # type: ignore[misc]
    """Scrapy's RedirectMiddleware (3xx) that stops loops and counts abandoned chains."""

    def _target(self, response: Response) -> str:
        return (response.headers.get("Location") or b"").decode("latin-1")


class MetaRefreshMiddleware(_Checked, ScrapyMetaRefreshMiddleware):  # type: ignore[misc]
    """Scrapy's MetaRefreshMiddleware (``<meta http-equiv="refresh">``), checked the same way."""

    def _target(self, response: Response) -> str:
        if not isinstance(response, HtmlResponse):
            return ""
        match = _REFRESH_URL.search(response.text[:8192])
        return match.group(1).strip() if match else ""


_REFRESH_URL = re.compile(r"""http-equiv=["']?refresh["']?[^>]*?url\s*=\s*['"]?([^'">]*)""", re.I)
