"""SSRF guard: no request, link or redirect reaches a private or internal address.

A news crawl fetches URLs that strangers write: links in pages, feeds and sitemaps, and
``Location`` headers. Any of them may point at the crawler's own network: loopback, private
ranges (10/8, 172.16/12, 192.168/16, fc00::/7), link-local addresses such as the cloud
metadata service at 169.254.169.254, or IPv4 addresses hidden in IPv6 (``::ffff:10.0.0.1``).
This middleware refuses those requests before they are sent, redirects included (Scrapy
sends every redirect through the downloader middlewares again). A host name is resolved
first (the answer is cached for the download) and refused when it resolves to such an
address; :class:`newscrawl.resolver.GuardedResolver` checks the connection's own lookup
too. Schemes other than http, https and data (``file:``, ``ftp:``, ``s3:``) are refused.

There is deliberately no per-request ``meta`` key to skip the guard: redirects copy the
meta of the request they replace, so such a key would exempt wherever a site redirects to.

Refusals are logged at WARNING and counted under ``newscrawl/ssrf/refused``.

Settings:

* ``NEWSCRAWL_SSRF_GUARD``: False turns the guard off.
* ``NEWSCRAWL_SSRF_ALLOW``: host names, addresses and CIDR networks exempt from it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached

from newscrawl.middlewares._addresses import AddressPolicy, parse_ip
from newscrawl.middlewares._refused import Refused
from newscrawl.resolver import AddressRefused

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Stats key of refused requests.
REFUSED_KEY = "newscrawl/ssrf/refused"
_SCHEMES = frozenset({"http", "https", "data"})

Resolve = Callable[[str], Awaitable[str]]


async def reactor_resolve(host: str) -> str:
    """Resolve ``host`` with the reactor's resolver (the one downloads use)."""
    from twisted.internet import reactor  # as Scrapy does: importing installs no reactor

    address: str = await maybe_deferred_to_future(reactor.resolve(host))  # type: ignore[arg-type]
    return address


class SSRFGuardMiddleware:
    """Refuse requests whose host is, or resolves to, a non-public address."""

    def __init__(self, crawler: Crawler, resolve: Resolve | None = None) -> None:
        if not crawler.settings.getbool("NEWSCRAWL_SSRF_GUARD"):
            raise NotConfigured
        self.policy = AddressPolicy.from_settings(crawler.settings)
        self.stats = crawler.stats
        self.resolve = resolve or reactor_resolve

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the component from the crawler and its settings."""
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        """Raise IgnoreRequest if ``request`` would reach a guarded address."""
        reason = await self.refusal(request)
        if reason is None:
            return
        self.stats.inc_value(REFUSED_KEY)
        redirects = request.meta.get("redirect_urls")
        origin = f" (redirected from {redirects[0]})" if redirects else ""
        logger.warning("SSRF guard refused %s: %s%s", request, reason, origin)
        raise Refused("ssrf-guard", f"SSRF guard: {reason}")

    async def refusal(self, request: Request) -> str | None:
        """Why ``request`` is refused, or None."""
        url = urlparse_cached(request)
        if url.scheme not in _SCHEMES:
            return f"scheme {url.scheme}: not fetched"
        if url.scheme == "data":
            return None
        host = url.hostname
        reason = self.policy.check_host(host)
        if reason is not None or host is None or parse_ip(host) is not None:
            return reason
        if self.policy.host_allowed(host) or request.meta.get("proxy"):
            # A proxy resolves the name itself; the URL's literal address was checked above.
            return None
        try:
            address = await self.resolve(host)
        except AddressRefused as exc:
            return f"{host} resolves to a {exc.reason}"
        except Exception:  # the download reports the DNS failure (and retries it)
            return None
        return self.policy.check_resolved(host, [address])
