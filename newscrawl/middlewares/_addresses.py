"""Which network addresses the SSRF guard refuses, and what ``NEWSCRAWL_SSRF_ALLOW`` exempts.

Pure functions and a small policy object, shared by the guard middleware
(:mod:`newscrawl.middlewares.ssrf`) and the resolver (:mod:`newscrawl.resolver`).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_ip(host: str | None) -> IPAddress | None:
    """The IP address a URL host names literally, or None for a host name.

    IPv4-mapped and 6to4 IPv6 addresses become the IPv4 address they carry, and the
    numeric forms C libraries accept (``2130706433``, ``0x7f.1``, ``0177.0.0.1``) are read
    as the address they connect to.

    >>> parse_ip("[::ffff:127.0.0.2]"), parse_ip("2130706433"), parse_ip("0x7f.1")
    (IPv4Address('127.0.0.2'), IPv4Address('127.0.0.1'), IPv4Address('127.0.0.1'))
    >>> parse_ip("example.com") is None, parse_ip("cafe.de") is None
    (True, True)
    """
    if not host:
        return None
    host = host.strip("[]").rstrip(".")
    try:
        address: IPAddress = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        if not host or not all(c in "0123456789abcdefxABCDEFX." for c in host):
            return None
        try:
            address = ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return embedded
    return address


def refusal(address: IPAddress) -> str | None:
    """Why a connection to ``address`` is refused, or None for a public address.

    >>> refusal(ipaddress.ip_address("169.254.169.254"))
    'link-local (cloud metadata) address'
    >>> [refusal(ipaddress.ip_address(a)) for a in ("10.0.0.1", "::1", "fd00::1", "8.8.8.8")]
    ['private address', 'loopback address', 'private address', None]
    """
    if address.is_unspecified:
        return "unspecified address"
    if address.is_loopback:
        return "loopback address"
    if address.is_link_local:
        return "link-local (cloud metadata) address"
    if address.is_private:
        return "private address"
    if address.is_multicast:
        return "multicast address"
    if address.is_reserved or not address.is_global:
        return "non-public address"
    return None


# An allow-list entry of digits and dots only is meant as an IPv4 address.
_NUMERIC = re.compile(r"[\d.]+")


class AddressPolicy:
    """The guard's decisions, with the exemptions of an allow list of hosts and networks.

    >>> policy = AddressPolicy(["127.0.0.1", "intranet.example", "10.1.0.0/16"])
    >>> policy.check_host("127.0.0.1"), policy.check_host("intranet.example")
    (None, None)
    >>> policy.check_host("127.0.0.2"), policy.check_host("[::ffff:127.0.0.2]")
    ('loopback address 127.0.0.2', 'loopback address 127.0.0.2')
    >>> policy.check_address("10.1.2.3"), policy.check_address("10.2.0.1")
    (None, 'private address 10.2.0.1')
    """

    def __init__(self, allow: Iterable[str] = ()) -> None:
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in allow:
            entry = entry.strip().lower()
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                if "/" in entry or _NUMERIC.fullmatch(entry):
                    # "10.0.0.0/99", "10.0.0.256": a network or address mistyped, not a host.
                    raise ValueError(f"{entry!r} is not an address or network") from None
                hosts.add(entry.rstrip("."))
        self.hosts = frozenset(hosts)
        self.networks = tuple(networks)

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> AddressPolicy:
        """The policy of ``NEWSCRAWL_SSRF_ALLOW`` (a list or a comma-separated string)."""
        return cls(str(entry) for entry in settings.getlist("NEWSCRAWL_SSRF_ALLOW"))

    def host_allowed(self, host: str) -> bool:
        """Whether the allow list names ``host`` itself."""
        return host.lower().rstrip(".") in self.hosts

    def allowed(self, address: IPAddress) -> bool:
        """Whether ``address`` is in one of the allowed networks."""
        return any(
            address in network for network in self.networks if _same_family(network, address)
        )

    def check_address(self, address: str | IPAddress) -> str | None:
        """Why connecting to ``address`` is refused, or None."""
        parsed = parse_ip(address) if isinstance(address, str) else address
        if parsed is None:
            return f"unreadable address {address!r}"
        reason = refusal(parsed)
        if reason is None or self.allowed(parsed):
            return None
        return f"{reason} {parsed}"

    def check_resolved(self, host: str, addresses: Iterable[str]) -> str | None:
        """Why connecting to ``host``, which resolves to ``addresses``, is refused, or None.

        >>> AddressPolicy().check_resolved("intranet.example", ["93.184.215.14", "10.0.0.7"])
        'intranet.example resolves to a private address 10.0.0.7'
        """
        for address in addresses:
            reason = self.check_address(address)
            if reason is not None:
                return f"{host} resolves to a {reason}"
        return None

    def check_host(self, host: str | None) -> str | None:
        """Why a URL with this host is refused without resolving it, or None.

        None also for host names: they are checked once resolved.
        """
        if not host:
            return "no host"
        if self.host_allowed(host):
            return None
        address = parse_ip(host)
        return None if address is None else self.check_address(address)


def _same_family(network: IPNetwork, address: IPAddress) -> bool:
    return network.version == address.version
