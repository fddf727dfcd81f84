"""Cookies: Scrapy's CookiesMiddleware, with the public suffix list read offline.

Scrapy's middleware asks tldextract whether a cookie's domain is a public suffix (``co.uk``
may not set cookies for every site under it). tldextract's instance, as Scrapy makes it,
downloads the Public Suffix List from publicsuffix.org the first time it is asked, caches
it under the user's home, and falls back to the list bundled with tldextract when the
download fails, with two tracebacks in the log. A crawler asks the hosts it crawls and no
other, and a test never reaches the internet: the bundled list (updated with tldextract's
releases) is used here, without a download and without a cache file.
"""

from __future__ import annotations

import scrapy.downloadermiddlewares.cookies as scrapy_cookies
from tldextract import TLDExtract

# Scrapy reads this module global in _is_public_domain (Scrapy 2.11 to 2.19); replaced as
# this module loads, before the middleware handles a response.
scrapy_cookies._split_domain = TLDExtract(
    cache_dir=None, suffix_list_urls=(), include_psl_private_domains=True
)


class CookiesMiddleware(scrapy_cookies.CookiesMiddleware):
    """Scrapy's CookiesMiddleware; importing this module makes its suffix list offline."""
