"""The DNS resolver of crawls: Scrapy's caching resolver that refuses guarded addresses.

The SSRF guard (:mod:`newscrawl.middlewares.ssrf`) resolves a request's host before the
download and refuses private, loopback and link-local answers with a logged reason. This
resolver, installed through ``TWISTED_DNS_RESOLVER``, applies the same policy to the lookup
the connection itself makes, so a name whose DNS answer changes between the guard's check
and the connection ("DNS rebinding") cannot reach a guarded address either.

Scrapy builds the resolver from the process settings, before any spider: spider
``custom_settings`` do not reach it (the demo spider, which allows 127.0.0.1 there, fetches
by IP address, which this resolver does not look up).

Settings:

* ``NEWSCRAWL_SSRF_GUARD``: off, this resolver is Scrapy's ``CachingThreadedResolver``.
* ``NEWSCRAWL_SSRF_ALLOW``: hosts and networks exempt from the guard.
* Scrapy's ``DNSCACHE_ENABLED``, ``DNSCACHE_SIZE``, ``DNS_TIMEOUT``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.abstract import isIPAddress, isIPv6Address
from twisted.internet.error import DNSLookupError

from newscrawl.middlewares._addresses import AddressPolicy

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Self

    from scrapy.crawler import Crawler
    from twisted.internet.base import ReactorBase
    from twisted.internet.defer import Deferred


class AddressRefused(DNSLookupError):
    """A host name resolved to an address the SSRF guard refuses."""

    def __init__(self, name: str, address: str, reason: str) -> None:
        super().__init__(f"{name} resolves to a {reason}: refused (SSRF guard)")
        self.name = name
        self.address = address
        self.reason = reason


class GuardedResolver(CachingThreadedResolver):
    """``CachingThreadedResolver`` whose answers pass the SSRF guard's address policy."""

    def __init__(
        self,
        reactor: ReactorBase,
        cache_size: int,
        timeout: float,
        policy: AddressPolicy | None = None,
    ) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> Self:
        """Build the resolver from the (process) settings."""
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        policy = None
        if settings.getbool("NEWSCRAWL_SSRF_GUARD"):
            policy = AddressPolicy.from_settings(settings)
        return cls(reactor, cache_size, settings.getfloat("DNS_TIMEOUT"), policy)

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        """Resolve ``name``; fail with :class:`AddressRefused` for a guarded address."""
        d = self.lookup(name, timeout)
        literal = isIPAddress(name) or isIPv6Address(name)
        if self.policy is not None and not literal and not self.policy.host_allowed(name):
            d.addCallback(self._check, name)
        return d

    def lookup(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        """The DNS lookup itself (cached); tests replace it with a hosts table."""
        return super().getHostByName(name, timeout)

    def _check(self, address: Any, name: str) -> Any:
        assert self.policy is not None
        reason = self.policy.check_address(str(address))
        if reason is not None:
            raise AddressRefused(name, str(address), reason)
        return address
