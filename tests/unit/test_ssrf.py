"""The SSRF guard: address policy, middleware (with a fake resolver) and DNS resolver."""

from __future__ import annotations

import pytest
import pytest_twisted
from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from newscrawl.middlewares._addresses import AddressPolicy
from newscrawl.middlewares.ssrf import REFUSED_KEY, SSRFGuardMiddleware
from newscrawl.resolver import AddressRefused
from tests.fakedns import HOSTS, FakeResolver
from tests.utils import project_crawler

REFUSED_HOSTS = [
    "127.0.0.2",
    "127.255.255.254",
    "10.0.0.1",
    "172.16.5.4",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "0.0.0.0",
    "100.64.0.1",
    "[::1]",
    "[fc00::1]",
    "[fd12:3456::1]",
    "[fe80::1]",
    "[::ffff:127.0.0.2]",
    "[::ffff:10.0.0.1]",
    "[::ffff:a9fe:a9fe]",
    "[2002:c0a8:0101::1]",  # 6to4 of 192.168.1.1
    "2130706434",  # 127.0.0.2 as one number
    "0x7f.2",
    "0177.0.0.2",
]


@pytest.mark.parametrize("host", REFUSED_HOSTS)
def test_policy_refuses_non_public_addresses(host: str) -> None:
    assert AddressPolicy(["127.0.0.1"]).check_host(host) is not None


@pytest.mark.parametrize("host", ["8.8.8.8", "[2001:4860:4860::8888]", "example.com", "cafe.de"])
def test_policy_lets_public_addresses_and_names_through(host: str) -> None:
    assert AddressPolicy().check_host(host) is None


@pytest.mark.parametrize(
    "allow",
    ["127.0.0.1, 10.1.0.0/16,intranet.example", ["127.0.0.1", "10.1.0.0/16", "intranet.example"]],
)
def test_allow_list_from_a_string_or_a_list(allow: object) -> None:
    policy = AddressPolicy.from_settings(project_crawler(NEWSCRAWL_SSRF_ALLOW=allow).settings)
    assert policy.check_host("127.0.0.1") is None
    assert policy.check_host("[::ffff:127.0.0.1]") is None
    assert policy.check_host("10.1.200.3") is None
    assert policy.check_host("Intranet.Example") is None
    assert policy.check_host("127.0.0.2") == "loopback address 127.0.0.2"
    assert policy.check_host("10.2.0.1") == "private address 10.2.0.1"


def _guard(**settings: object) -> tuple[SSRFGuardMiddleware, object]:
    crawler = project_crawler(**settings)

    async def resolve(host: str) -> str:
        if host not in HOSTS:
            raise OSError(f"cannot resolve {host}")
        return HOSTS[host]

    return SSRFGuardMiddleware(crawler, resolve=resolve), crawler


async def _check(guard: SSRFGuardMiddleware, request: Request) -> None:
    await deferred_from_coro(guard.process_request(request))


@pytest_twisted.ensureDeferred
async def test_guard_refuses_private_targets_and_counts_them(
    caplog: pytest.LogCaptureFixture,
) -> None:
    guard, crawler = _guard(NEWSCRAWL_SSRF_ALLOW="127.0.0.1")
    refused = [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://192.168.1.1:8080/admin",
        "http://[::ffff:127.0.0.2]/",
        "http://[::1]:8047/",
        "http://evil.example/",  # resolves to 10.0.0.5
        "http://metadata.example/latest/",
        "file:///etc/passwd",
    ]
    for url in refused:
        request = Request(url, meta={"redirect_urls": ["http://127.0.0.1:1234/fault/redirect"]})
        with pytest.raises(IgnoreRequest, match="SSRF guard"):
            await _check(guard, request)
    assert crawler.stats.get_value(REFUSED_KEY) == len(refused)
    assert "evil.example resolves to a private address 10.0.0.5" in caplog.text
    assert "redirected from http://127.0.0.1:1234/fault/redirect" in caplog.text


@pytest_twisted.ensureDeferred
async def test_guard_lets_public_and_allowed_targets_through() -> None:
    guard, crawler = _guard(NEWSCRAWL_SSRF_ALLOW="127.0.0.1")
    for url in [
        "http://127.0.0.1:8047/section/world",
        "http://hostb.test:8047/",  # resolves to the allowed 127.0.0.1
        "http://8.8.8.8/",
        "http://unknown.example/",  # unresolvable: the download reports the DNS error
        "data:text/plain,hello",
    ]:
        await _check(guard, Request(url))
    assert crawler.stats.get_value(REFUSED_KEY) is None


@pytest_twisted.ensureDeferred
async def test_guard_is_on_by_default_even_for_loopback() -> None:
    guard, _ = _guard()
    with pytest.raises(IgnoreRequest):
        await _check(guard, Request("http://127.0.0.1:8047/"))


def test_guard_can_be_switched_off() -> None:
    with pytest.raises(NotConfigured):
        SSRFGuardMiddleware(project_crawler(NEWSCRAWL_SSRF_GUARD=False))


def _resolver(allow: list[str]) -> FakeResolver:
    from twisted.internet import reactor

    return FakeResolver(reactor, 0, 5.0, AddressPolicy(allow))


@pytest_twisted.ensureDeferred
async def test_resolver_refuses_names_resolving_to_guarded_addresses() -> None:
    resolver = _resolver(["127.0.0.1"])
    with pytest.raises(AddressRefused, match=r"evil\.example resolves to a private address"):
        await resolver.getHostByName("evil.example")
    assert await resolver.getHostByName("hostb.test") == "127.0.0.1"
    # Literal addresses are the middleware's business (spider settings apply there).
    assert await resolver.getHostByName("10.0.0.7") == "10.0.0.7"


@pytest_twisted.ensureDeferred
async def test_resolver_without_allow_list_refuses_loopback_names() -> None:
    with pytest.raises(AddressRefused):
        await _resolver([]).getHostByName("hostb.test")
