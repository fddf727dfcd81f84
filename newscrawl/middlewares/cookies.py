"""Cookies: Scrapy's CookiesMiddleware, bounded, with the public suffix list read offline.

A response may set at most :data:`MAX_COOKIES` cookies of at most :data:`MAX_COOKIE_BYTES`
each (browsers keep a few hundred a site, of 4 KB): the rest are not kept, counted
(``newscrawl/cookies/dropped``). A page that set two thousand cookies made every later
request to its site carry a Cookie header of 400 KB, which servers refuse (431), so one page
cost the rest of the run.

Scrapy's middleware asks tldextract whether a cookie's domain is a public suffix (``co.uk``
may not set cookies for every site under it). tldextract's instance, as Scrapy makes it,
downloads the Public Suffix List from publicsuffix.org the first time it is asked, caches
it under the user's home, and falls back to the list bundled with tldextract when the
download fails, with two tracebacks in the log. A crawler asks the hosts it crawls and no
other, and a test never reaches the internet: the bundled list (updated with tldextract's
releases) is used here, without a download and without a cache file.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import scrapy.downloadermiddlewares.cookies as scrapy_cookies
from tldextract import TLDExtract

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response

logger = logging.getLogger(__name__)

# Scrapy reads this module global in _is_public_domain (Scrapy 2.11 to 2.19); replaced as
# this module loads, before the middleware handles a response.
scrapy_cookies._split_domain = TLDExtract(
    cache_dir=None, suffix_list_urls=(), include_psl_private_domains=True
)


#: Cookies kept of one response, and the size of one (name, value and attributes).
MAX_COOKIES = 50
MAX_COOKIE_BYTES = 4096


class CookiesMiddleware(scrapy_cookies.CookiesMiddleware):
    """Scrapy's CookiesMiddleware, bounded (its module's suffix list made offline above)."""

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        """Keep the response's cookies, as many and as large as a browser would."""
        set_cookies = response.headers.getlist("Set-Cookie")
        kept = [c for c in set_cookies if len(c) <= MAX_COOKIE_BYTES][:MAX_COOKIES]
        if len(kept) < len(set_cookies):
            dropped = len(set_cookies) - len(kept)
            self.crawler.stats.inc_value("newscrawl/cookies/dropped", dropped)
            logger.warning("%s set %d cookies: %d not kept", response, len(set_cookies), dropped)
            headers = response.headers.copy()
            headers.setlist("Set-Cookie", kept)
            response = response.replace(headers=headers)
        return super().process_response(request, response)
