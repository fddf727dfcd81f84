"""A DNS resolver for test crawls: a fixed hosts table, no network.

``-s TWISTED_DNS_RESOLVER=tests.fakedns.FakeResolver`` makes a crawl resolve the names of
:data:`HOSTS` from the table (every other name fails to resolve), through newscrawl's
:class:`~newscrawl.resolver.GuardedResolver`, whose SSRF checks still apply.
"""

from __future__ import annotations

from collections.abc import Sequence

from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from newscrawl.resolver import GuardedResolver

#: Host names and what they resolve to.
HOSTS = {
    # A second name for the mock server (127.0.0.1): another host, another downloader slot.
    "hostb.test": "127.0.0.1",
    "www.hostb.test": "127.0.0.1",  # the same site under "www."
    # Two host names of one registrable domain (a public suffix: .com): one site, one slot.
    "www.meridian-news.com": "127.0.0.1",
    "sport.meridian-news.com": "127.0.0.1",
    "evil.example": "10.0.0.5",
    "metadata.example": "169.254.169.254",
    "rebind.example": "192.168.1.1",
}


class FakeResolver(GuardedResolver):
    """GuardedResolver that looks names up in :data:`HOSTS`."""

    def lookup(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        if name in HOSTS:
            return defer.succeed(HOSTS[name])
        if name.replace(".", "").isdigit():
            return defer.succeed(name)
        return defer.fail(DNSLookupError(f"{name}: not in the test hosts table"))
