"""robots.txt end to end: the race Scrapy loses, Crawl-delay, unavailable robots.txt."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

from tests.integration.crawl import CrawlResult, crawl, run_scrapy
from tests.integration.faults import FAST_BACKOFF, links_url, other_host
from tests.mockserver import MockServer

PRIVATE = "/private/staff-directory"
SECTIONS = ["/section/world", "/section/science", PRIVATE, "/section/business", "/section/culture"]


def _start_urls(server: MockServer) -> str:
    return f"start_urls={','.join(server.url(p) for p in SECTIONS)}"


def test_disallowed_url_is_never_fetched_when_requests_start_together(
    mockserver: MockServer, tmp_path: Path
) -> None:
    mockserver.clear_log()
    result = crawl(
        "news",
        tmp_path,
        _start_urls(mockserver),
        "max_pages=1",
        NEWSCRAWL_CONTACT_URL="https://example.org/about-our-crawler",
    )
    requests = mockserver.requests()
    assert not [r for r in requests if r["path"].startswith("/private/")]
    assert result.stats()["robotstxt/forbidden"] == 1
    # robots.txt is fetched once per host and kept for the run.
    assert [r["path"] for r in requests].count("/robots.txt") == 1
    # The User-Agent names newscrawl and the contact URL, robots.txt request included.
    agents = {r["headers"]["user-agent"] for r in requests}
    assert agents == {"newscrawl/0.1.0 (+https://example.org/about-our-crawler)"}


def test_scrapy_robots_middleware_still_lets_the_disallowed_url_through(
    mockserver: MockServer, tmp_path: Path
) -> None:
    """The Scrapy 2.19 bug our middleware works around. When this fails, Scrapy has fixed
    it: newscrawl.middlewares.robotstxt can go back to Scrapy's race handling."""
    mockserver.clear_log()
    scrapy_only = {
        "newscrawl.middlewares.robotstxt.RobotsTxtMiddleware": None,
        "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": 100,
    }
    result = run_scrapy(
        ["crawl", "news", "-a", _start_urls(mockserver), "-a", "max_pages=1"],
        tmp_path,
        DOWNLOADER_MIDDLEWARES=json.dumps(scrapy_only),
    )
    assert result.returncode == 0
    assert [r["path"] for r in mockserver.requests("/private/")] == [PRIVATE]


def _arrivals(server: MockServer, prefix: str = "/") -> list[float]:
    return [r["monotonic"] for r in server.requests(prefix)]


def _crawl_pages(server: MockServer, tmp_path: Path, count: int, **settings: str) -> CrawlResult:
    """Crawl a links page of ``count`` article pages (``/fault/status``) and those pages."""
    pages = [f"/fault/status?n=200&page={n}" for n in range(count)]
    return crawl(
        "news",
        tmp_path,
        f"start_urls={links_url(server, *pages)}",
        "article_pattern=/fault/status",
        "max_pages=1",
        **settings,
    )


def test_crawl_delay_is_honoured_up_to_the_cap(tmp_path: Path) -> None:
    with MockServer(robots="crawl-delay:30") as server:
        _crawl_pages(server, tmp_path, 3, NEWSCRAWL_ROBOTS_CRAWL_DELAY_MAX="1")
        times = _arrivals(server, "/fault/")
    assert len(times) == 4  # the links page and its three pages
    gaps = [b - a for a, b in pairwise(times)]
    # At least the (capped) Crawl-delay apart, despite CONCURRENT_REQUESTS_PER_DOMAIN=8 and
    # DOWNLOAD_DELAY=0, and nowhere near the 30 s robots.txt asks for.
    assert all(0.95 <= gap < 5 for gap in gaps), gaps


def test_unavailable_robots_txt_defers_then_skips_the_host(tmp_path: Path) -> None:
    with MockServer(robots="status:503") as server:
        result = crawl(
            "news",
            tmp_path,
            _start_urls(server),
            "max_pages=1",
            exit_code=1,  # the host skipped: nothing crawled
            NEWSCRAWL_ROBOTS_RETRY_TIMES="2",
            NEWSCRAWL_ROBOTS_RETRY_DELAY="0.3",
            NEWSCRAWL_BACKOFF_BASE="0.1",
        )
        requests = server.requests()
    # robots.txt asked three times, ever later; nothing else fetched ("not allow all").
    assert [r["path"] for r in requests] == ["/robots.txt"] * 3
    times = [r["monotonic"] for r in requests]
    assert times[1] - times[0] >= 0.3 * 0.95
    assert times[2] - times[1] >= 0.6 * 0.95
    assert result.stats()["newscrawl/robotstxt/host_skipped"] == len(SECTIONS)
    assert "still unavailable after 3 attempts (HTTP 503): host skipped until" in result.log


def test_robots_txt_retry_after_is_honoured(tmp_path: Path) -> None:
    with MockServer(robots="status:429:1") as server:
        crawl(
            "news",
            tmp_path,
            _start_urls(server),
            "max_pages=1",
            exit_code=1,  # robots.txt still 429: the host skipped, nothing crawled
            NEWSCRAWL_ROBOTS_RETRY_TIMES="1",
            **FAST_BACKOFF,
        )
        times = _arrivals(server, "/robots.txt")
    assert len(times) == 2
    assert times[1] - times[0] >= 0.95


def test_requests_wait_for_a_robots_txt_that_comes_back(tmp_path: Path) -> None:
    with MockServer(robots="flaky:2") as server:
        result = crawl("news", tmp_path, _start_urls(server), "max_pages=1", **FAST_BACKOFF)
        requests = server.requests()
    paths = [r["path"] for r in requests]
    assert paths[:3] == ["/robots.txt"] * 3  # nothing else before robots.txt was read
    assert len(paths) > 3
    assert not any(p.startswith("/private/") for p in paths)
    assert result.stats()["newscrawl/articles/new"] > 0


def _slow_crawl(server: MockServer, tmp_path: Path, **settings: str) -> dict[str, Any]:
    """Six article pages, one at a time 0.4 s apart, robots.txt kept for 0.5 s.

    One request at a time in all (CONCURRENT_REQUESTS): each is checked against robots.txt
    when it leaves the scheduler, not all six at once when the links page is parsed.
    """
    result = _crawl_pages(
        server,
        tmp_path,
        6,
        DOWNLOAD_DELAY="0.4",
        DOWNLOAD_DELAY_JITTER="0",
        CONCURRENT_REQUESTS="1",
        CONCURRENT_REQUESTS_PER_DOMAIN="1",
        NEWSCRAWL_ROBOTS_MAX_AGE="0.5",
        NEWSCRAWL_ROBOTS_RETRY_TIMES="0",
        **settings,
    )
    return result.stats()


def test_robots_txt_is_read_again_after_its_max_age(tmp_path: Path) -> None:
    # Everything is allowed at first; read again, robots.txt disallows everything.
    with MockServer(robots="flip:1") as server:
        stats = _slow_crawl(server, tmp_path)
        paths = [r["path"] for r in server.requests()]
    assert paths.count("/robots.txt") >= 2
    assert stats["newscrawl/robotstxt/read_again"] >= 1
    fetched = [p for p in paths if p.startswith("/fault/status")]
    assert 1 <= len(fetched) < 6
    assert stats["robotstxt/forbidden"] == 6 - len(fetched)
    # Nothing is fetched after the new rules were read.
    last_robots = max(i for i, p in enumerate(paths) if p == "/robots.txt")
    assert not [p for p in paths[last_robots + 1 :] if p.startswith("/fault/status")]


def test_a_crawl_delay_gone_when_robots_txt_is_read_again_is_lifted(tmp_path: Path) -> None:
    # robots.txt first asks for 3 s between requests; read again, it asks for none.
    with MockServer(robots="calm:1") as server:
        _crawl_pages(
            server,
            tmp_path,
            6,
            CONCURRENT_REQUESTS="1",
            NEWSCRAWL_ROBOTS_MAX_AGE="0.5",
            NEWSCRAWL_ROBOTS_RETRY_TIMES="0",
        )
        requests = server.requests()
    paths = [r["path"] for r in requests]
    assert paths.count("/robots.txt") >= 2
    times = [r["monotonic"] for r in requests if r["path"].startswith("/fault/")]
    assert len(times) == 7  # the links page and its six pages
    gaps = [b - a for a, b in pairwise(times)]
    # The first pages 3 s apart, the rest without the delay once it is lifted (a request
    # already waiting in the slot keeps its turn).
    assert gaps[0] >= 3 * 0.95, gaps
    assert sum(gap < 1 for gap in gaps) >= 3, gaps


def test_a_robots_txt_unreadable_when_read_again_keeps_the_copy_read_before(
    tmp_path: Path,
) -> None:
    with MockServer(robots="gone:1") as server:
        # The 503 of robots.txt backs the host off too: briefly, not 2 s a page.
        stats = _slow_crawl(server, tmp_path, NEWSCRAWL_BACKOFF_BASE="0.2")
        paths = [r["path"] for r in server.requests()]
    assert paths.count("/robots.txt") >= 2
    assert stats["newscrawl/robotstxt/kept_unreadable"] >= 1
    assert len([p for p in paths if p.startswith("/fault/status")]) == 6
    assert "robotstxt/forbidden" not in stats


def test_a_host_waiting_for_its_robots_txt_does_not_hold_up_the_others(tmp_path: Path) -> None:
    # Two requests' places in all; the first host's robots.txt answers 503 twice (then the
    # rules, after 1.5 + 3 s). Its requests wait in the scheduler, not in those places: the
    # other host's pages are all fetched meanwhile.
    with MockServer(robots="flaky:2") as waiting, MockServer() as other:
        pages = [f"/fault/status?n=200&page={n}" for n in range(6)]
        start = [waiting.url(page) for page in pages] + [links_url(other, *pages, host="localhost")]
        crawl(
            "news",
            tmp_path,
            f"start_urls={','.join(start)}",
            "article_pattern=/fault/status",
            "max_pages=1",
            CONCURRENT_REQUESTS="2",
            NEWSCRAWL_BACKOFF_BASE="0.2",
            NEWSCRAWL_ROBOTS_RETRY_DELAY="1.5",
        )
        robots_back = waiting.requests("/robots.txt")[-1]["monotonic"]
        waited = waiting.requests("/fault/status")
        others = other.requests("/fault/status")
    assert len(waited) == 6
    assert len(others) == 6
    assert all(request["monotonic"] < robots_back for request in others)


def test_a_site_whose_robots_txt_forbids_every_article_fails_the_run(
    mockserver: MockServer, tmp_path: Path
) -> None:
    """Obeyed, and said: a run that could fetch nothing is no quiet day."""
    private = [f"/private/story-{n}" for n in range(2)]
    mockserver.clear_log()
    result = crawl(
        "news",
        tmp_path,
        f"start_urls={links_url(mockserver, *private)}",
        "article_pattern=/private/",
        "max_pages=1",
        exit_code=1,
        failure="no article page could be fetched (robots-txt: 2): the site's robots.txt "
        "forbids them",
    )
    assert not mockserver.requests("/private/")
    assert "2 article pages not fetched (robots-txt: 2)" in result.summary


def test_a_robots_txt_moved_to_another_host_is_followed_and_obeyed(tmp_path: Path) -> None:
    """RFC 9309 2.3.1.2: a crawler follows robots.txt's redirects. One that leaves the
    site was abandoned as "outside the crawl", and the host crawled as if it had none."""
    with MockServer(robots="disallow-all") as rules:
        moved = other_host(rules, "/robots.txt")
        with MockServer(robots=f"moved:{moved}") as site:
            # Nothing may be fetched: the run fails.
            _crawl_pages(
                site, tmp_path, 2, exit_code=1, TWISTED_DNS_RESOLVER="tests.fakedns.FakeResolver"
            )
            fetched = [r["path"] for r in site.requests()]
        asked = [r["path"] for r in rules.requests()]
    assert fetched == ["/robots.txt"]
    assert asked == ["/robots.txt"]
