"""Credentials and cookies are not forwarded when a redirect leads to another host."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from tests.integration.crawl import run_scrapy
from tests.integration.faults import other_host
from tests.mockserver import MockServer


def test_authorization_and_cookies_stay_on_their_host(tmp_path: Path) -> None:
    with MockServer() as server:
        elsewhere = other_host(server, "/fault/status?n=200&to=other")
        same = server.url("/fault/status?n=200&to=same")
        urls = [
            server.url(f"/fault/redirect?to={quote(elsewhere, safe='')}"),
            server.url(f"/fault/redirect?to={quote(same, safe='')}&hop=2"),
        ]
        result = run_scrapy(
            [
                "runspider",
                "tests/integration/spiders/credentials.py",
                "-a",
                f"urls={','.join(urls)}",
            ],
            tmp_path,
            TWISTED_DNS_RESOLVER="tests.fakedns.FakeResolver",
        )
        assert result.returncode == 0, result.log[-3000:]
        log = {r["path"]: r for r in server.requests("/fault/")}
    first = log[urls[0].removeprefix(server.base)]["headers"]
    assert first["authorization"] == "Bearer s3cret"
    assert "session=abc" in first["cookie"]
    # Redirected to another host: neither the header nor any cookie goes along.
    other = next(r for p, r in log.items() if p.endswith("to=other"))
    assert other["host"].startswith("hostb.test:")
    assert "authorization" not in other["headers"]
    assert "cookie" not in other["headers"]
    # Redirected on the same host: both stay.
    kept = next(r for p, r in log.items() if p.endswith("to=same"))["headers"]
    assert kept["authorization"] == "Bearer s3cret"
    assert "session=abc" in kept["cookie"]
