"""Hostile and broken input, end to end: one crawl of the mock server's fault endpoints."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from newscrawl.storage import Archive
from tests.integration.crawl import CrawlResult, crawl, database_url
from tests.integration.faults import FAST_BACKOFF, links_url, other_host
from tests.mockserver import MockServer

PRIVATE_TARGETS = [
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/",
    "http://192.168.1.1/admin",
    "http://172.16.0.1/",
    "http://[::ffff:127.0.0.2]/",
    "http://[::1]/",
]
BOMBS = ["gzip", "deflate", "br", "zstd"]
# A URL Python's parser refuses (ValueError), as some news sites' menus carry.
MALFORMED = "http://[ccpa-preferences]/fault/status?n=200"
WALLS = ["consent", "captcha", "login"]


def _bomb(kind: str) -> str:
    return f"/fault/xmlbomb?kind={kind}&target={quote(_bomb_target(kind), safe='')}"


def _bomb_target(kind: str) -> str:
    return f"/fault/status?n=200&via={kind}"


def _redirect(to: str) -> str:
    return f"/fault/redirect?to={quote(to, safe='')}"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    """One crawl through every hostile endpoint; the server's request log with it."""
    with MockServer() as server:
        evil = other_host(server, "/section/world", host="evil.example")
        fine = other_host(server, "/section/world")  # hostb.test resolves to 127.0.0.1
        # Outside the crawl's domains: refused at the redirect, never asked for.
        offsite = other_host(server, "/section/world", host="offsite.example")
        targets = [
            *(_redirect(t) for t in PRIVATE_TARGETS),
            _redirect(evil),
            _redirect(fine),
            _redirect(offsite),
            MALFORMED,  # a link the section page gives: skipped, the page's others followed
            _redirect(MALFORMED),
            f"{_redirect(MALFORMED)}&meta=1",  # the same by <meta http-equiv="refresh">
            *(f"/fault/compress?enc={enc}" for enc in BOMBS),
            "/fault/compress?enc=gzip&size=20000",  # an ordinary compressed page
            # A plain page under "Content-Encoding: gzip"; bodies no decoder reads.
            "/fault/compress?enc=gzip&size=20000&body=plain",
            *(f"/fault/compress?enc={enc}&size=20000&body=garbage" for enc in BOMBS),
            # 4 MB without Content-Length, sent as fast as it goes: cut at 2 MB, well within
            # the 2 s timeout even on a loaded machine.
            "/fault/slow?chunks=40&size=100000&interval=0",
            "/fault/slow?chunks=20&interval=0.5",  # trickles for 10 s
            "/fault/loop",
            "/fault/loop?period=0",
            *(f"/fault/wall?kind={kind}" for kind in WALLS),
        ]
        workdir = tmp_path_factory.mktemp("hostile")
        result = crawl(
            "news",
            workdir,
            f"start_urls={links_url(server, *targets)}",
            "article_pattern=/fault/",
            "max_pages=1",
            f"feeds={server.url(_bomb('feed'))}",
            f"sitemaps={server.url(_bomb('sitemap'))}",
            # Allowed domains, so that Scrapy's offsite filter leaves them to the SSRF guard.
            "domains=evil.example,hostb.test,169.254.169.254,10.0.0.1,192.168.1.1,172.16.0.1,"
            "::ffff:127.0.0.2,::1",
            TWISTED_DNS_RESOLVER="tests.fakedns.FakeResolver",
            DOWNLOAD_MAXSIZE="2000000",
            DOWNLOAD_TIMEOUT="2",
            RETRY_TIMES="1",
            **FAST_BACKOFF,
        )
        yield result, server.requests()


def test_redirects_to_private_addresses_are_refused(hostile: tuple[CrawlResult, list]) -> None:
    result, requests = hostile
    stats = result.stats()
    # Six literal private targets and evil.example, which resolves to 10.0.0.5.
    assert stats["newscrawl/ssrf/refused"] == len(PRIVATE_TARGETS) + 1
    for target in PRIVATE_TARGETS:
        assert f"SSRF guard refused <GET {target}>" in result.log
    assert "evil.example resolves to a private address 10.0.0.5" in result.log
    # The redirect itself was served: the refusal is the crawler's, not a dead link. (Counted
    # by distinct URL: on a loaded machine one may time out at 2 s and be retried.)
    redirects = {r["path"] for r in requests if r["path"].startswith("/fault/redirect")}
    assert len(redirects) == len(PRIVATE_TARGETS) + 5  # evil, fine, offsite, the malformed two
    # hostb.test also resolves to loopback, but to the allowed 127.0.0.1: it was fetched.
    assert any(r["host"].startswith("hostb.test:") for r in requests)
    assert not any(r["host"].startswith("evil.example") for r in requests)


def test_decompression_bombs_are_refused_and_counted(hostile: tuple[CrawlResult, list]) -> None:
    result, _ = hostile
    stats = result.stats()
    assert stats["newscrawl/refused/decompression-bomb"] == len(BOMBS)
    assert result.log.count("exceeded DOWNLOAD_MAXSIZE (2000000 B) during decompression") == len(
        BOMBS
    )
    assert stats["httpcompression/response_count"] >= 1  # the ordinary page went through


def test_bodies_their_content_encoding_does_not_describe(
    hostile: tuple[CrawlResult, list],
) -> None:
    """Plain HTML under a gzip header is read as sent; undecodable bodies refused, counted."""
    result, requests = hostile
    stats = result.stats()
    assert stats["newscrawl/compression/not-encoded"] == 1
    assert "is not gzip-encoded as its header says: read as sent" in result.log
    assert stats["newscrawl/refused/undecodable"] == len(BOMBS)
    for enc in BOMBS:
        assert f"its body is not valid {enc} (" in result.log
    garbage = [r for r in requests if "body=garbage" in r["path"]]
    assert len(garbage) == len(BOMBS)  # refused, not retried as download errors
    errors = [line for line in result.log.splitlines() if "Error downloading" in line]
    assert not [line for line in errors if "/fault/compress" in line]


def test_oversized_body_is_cut_off(hostile: tuple[CrawlResult, list]) -> None:
    result, _ = hostile
    assert result.stats()["newscrawl/refused/too-large"] == 1
    assert "larger than download max size (2000000)" in result.log


def test_slow_body_is_cut_at_the_timeout(hostile: tuple[CrawlResult, list]) -> None:
    result, requests = hostile
    slow = [r for r in requests if r["path"].startswith("/fault/slow?chunks=20")]
    assert len(slow) == 2  # the first attempt and one retry
    for entry in slow:
        # The body would take 10 s; the crawler hung up after DOWNLOAD_TIMEOUT (2 s), give or
        # take a loaded machine's scheduling.
        assert entry["finished"] - entry["monotonic"] < 7
    archive = Archive(database_url(result.workdir))
    try:
        failed = archive.failed_urls("127.0.0.1")
    finally:
        archive.close()
    assert any("/fault/slow?chunks=20" in url for url in failed)


def test_redirect_loops_are_stopped(hostile: tuple[CrawlResult, list]) -> None:
    result, requests = hostile
    stats = result.stats()
    assert stats["newscrawl/refused/redirect-loop"] == 1
    assert stats["newscrawl/refused/redirect-limit"] == 1
    # A Location or meta refresh the URL parser refuses: counted and logged, not an error.
    assert stats["newscrawl/refused/redirect-invalid"] == 2
    assert "Redirects abandoned (redirect-invalid: Location 'http://[ccpa-preferences]" in (
        result.log
    )
    assert "ValueError" not in result.log
    loops = {r["path"] for r in requests if r["path"].startswith("/fault/loop")}
    # period 2: /fault/loop, ?i=1, ?i=0, then back to ?i=1 is refused (3 URLs);
    # period 0: the first URL and REDIRECT_MAX_TIMES (10) redirects.
    assert len(loops) == 3 + 11


def test_article_pages_refused_are_counted_as_not_fetched(
    hostile: tuple[CrawlResult, list],
) -> None:
    """A guard's refusal is a page not fetched, by reason, in the summary and the run's
    record: bodies no decoder reads, redirects that loop, go on and on, are malformed or
    leave the crawl's domains, private addresses."""
    result, requests = hostile
    summary = result.summary
    for reason, count in (
        ("undecodable", len(BOMBS)),
        ("redirect-loop", 1),
        ("redirect-limit", 1),
        ("redirect-invalid", 2),
        ("redirect-offsite", 1),
        ("ssrf-guard", len(PRIVATE_TARGETS) + 1),
    ):
        assert f"{reason}: {count}" in summary, reason
    assert result.stats()["newscrawl/refused/redirect-offsite"] == 1
    assert not any(r["host"].startswith("offsite.example") for r in requests)


def test_walls_are_not_stored_but_counted(hostile: tuple[CrawlResult, list]) -> None:
    result, _ = hostile
    # Consent, captcha and login walls are all recognised as such, and told apart.
    for kind, reason in (
        ("consent", "consent-wall"),
        ("captcha", "bot-check"),
        ("login", "paywall"),
    ):
        assert result.stats()[f"newscrawl/dropped/{reason}"] == 1
        dropped = [line for line in result.log.splitlines() if f"wall?kind={kind}" in line]
        assert any(f"Dropped: {reason}: " in line for line in dropped), kind
    archive = Archive(database_url(result.workdir))
    try:
        urls = [a["url"] for a in archive.iter_articles()]
    finally:
        archive.close()
    assert not any("/fault/wall" in url for url in urls)


def test_entity_bombs_in_feeds_and_sitemaps_are_not_expanded(
    hostile: tuple[CrawlResult, list],
) -> None:
    result, requests = hostile
    paths = [r["path"] for r in requests]
    # The feed's and the sitemap's real entry was followed ...
    assert paths.count(_bomb_target("feed")) == 1
    assert paths.count(_bomb_target("sitemap")) == 1
    # ... and nothing the entities would have produced: no expanded URL, no local file.
    assert not any(p.startswith("/bomb/") for p in paths)
    assert "root:" not in result.log


def test_crawl_survives_and_summarises(hostile: tuple[CrawlResult, list]) -> None:
    result, _ = hostile
    assert result.returncode == 0
    assert result.summary.endswith("finished")
