"""``newscrawl.fetch``: the SSRF guard's decisions for the pages a command fetches."""

from __future__ import annotations

from newscrawl.fetch import refusal
from newscrawl.middlewares._addresses import AddressPolicy


def test_hosts_and_names_resolving_to_internal_addresses_are_refused() -> None:
    guard = AddressPolicy()
    assert refusal("http://127.0.0.1:8080/", guard) == "loopback address 127.0.0.1"
    assert refusal("http://[::ffff:10.0.0.1]/", guard) == "private address 10.0.0.1"
    assert refusal("http://169.254.169.254/latest/", guard) == (
        "link-local (cloud metadata) address 169.254.169.254"
    )
    assert refusal("http://localhost:8080/", guard) in {
        "localhost resolves to a loopback address 127.0.0.1",
        "localhost resolves to a loopback address ::1",
    }
    assert refusal("http://93.184.215.14/", guard) is None
    # A name that cannot be resolved is left to the fetch, which says so.
    assert refusal("http://no-such-host.invalid/", guard) is None


def test_the_allow_list_lets_hosts_and_networks_through() -> None:
    allowed = AddressPolicy(["127.0.0.1", "localhost", "10.1.0.0/16"])
    for url in ("http://127.0.0.1:8080/", "http://localhost/", "http://10.1.2.3/"):
        assert refusal(url, allowed) is None, url
    assert refusal("http://10.2.0.1/", allowed) == "private address 10.2.0.1"
