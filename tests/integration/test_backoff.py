"""Retry-After, backoff and retries end to end, timed by the mock server's request log."""

from __future__ import annotations

import signal
import time
import uuid
from itertools import pairwise
from pathlib import Path

import pytest

from newscrawl.storage import Archive
from tests.integration.crawl import crawl, database_url, start_scrapy
from tests.integration.faults import FAST_BACKOFF, links_url, other_host
from tests.mockserver import MockServer

# Host B is the same server under another name: another downloader slot.
HOST_B = {"TWISTED_DNS_RESOLVER": "tests.fakedns.FakeResolver"}


@pytest.mark.parametrize(("retry_after", "at_least"), [("2", 2.0), ("date:3", 2.0)])
def test_retry_after_holds_one_host_while_others_go_on(
    tmp_path: Path, retry_after: str, at_least: float
) -> None:
    with MockServer() as server:
        limited = f"/fault/flaky?key={uuid.uuid4().hex}&fail=1&n=429&retry_after={retry_after}"
        start = [
            server.url(limited),
            server.url("/section/science"),
            other_host(server, "/section/world"),
            other_host(server, "/section/business"),
        ]
        crawl(
            "news",
            tmp_path,
            f"start_urls={','.join(start)}",
            "max_pages=1",
            CONCURRENT_REQUESTS_PER_DOMAIN="1",
            # Not 0: with no delay, Scrapy 2.19's downloader (asyncio) hands every queued
            # request of a slot out at once, whatever CONCURRENT_REQUESTS_PER_DOMAIN says.
            DOWNLOAD_DELAY="0.001",
            **HOST_B,
        )
        log = server.requests()
    host_a = [r for r in log if r["host"].startswith("127.0.0.1:")]
    host_b = [r for r in log if r["host"].startswith("hostb.test:")]
    first = next(r for r in host_a if r["path"] == limited)
    assert first["status"] == 429
    # Retry-After seconds, or an HTTP date (whole seconds, so up to one second less).
    deadline = first["finished"] + at_least - 0.05
    later_a = [r for r in host_a if r["n"] > first["n"]]
    assert later_a, "the retry and the other section of host A were fetched afterwards"
    assert all(r["monotonic"] >= deadline for r in later_a), [
        (r["path"], r["monotonic"] - first["finished"]) for r in later_a
    ]
    # Host B went on meanwhile: its section and articles arrived before A's deadline.
    during = [r for r in host_b if first["finished"] < r["monotonic"] < deadline]
    assert len(during) >= 3
    assert [r["status"] for r in host_a if r["path"] == limited] == [429, 200]


def test_repeated_503s_back_the_host_off_exponentially(tmp_path: Path) -> None:
    with MockServer() as server:
        burst = f"/fault/flaky?key={uuid.uuid4().hex}&fail=3&n=503"
        result = crawl(
            "news",
            tmp_path,
            f"start_urls={server.url(burst)}",
            "max_pages=1",
            exit_code=1,  # the page, fetched at last, links to no article
            NEWSCRAWL_BACKOFF_BASE="0.3",
        )
        times = [r["monotonic"] for r in server.requests("/fault/flaky")]
    assert len(times) == 4  # three 503s, then the page
    gaps = [b - a for a, b in pairwise(times)]
    # Each wait is at least half the host delay, doubling from 0.3 s: 0.3, 0.6, 1.2.
    for gap, delay in zip(gaps, (0.3, 0.6, 1.2), strict=True):
        assert gap >= delay * 0.5 * 0.95, gaps
    stats = result.stats()
    assert stats["newscrawl/backoff/slowdowns"] == 3
    assert float(stats["newscrawl/backoff/max_delay"]) == pytest.approx(1.2)


def test_the_next_request_goes_when_the_retry_after_ends_not_a_delay_later(
    tmp_path: Path,
) -> None:
    """Retry-After 3 s on a host paced 2 s apart: the retry went 3 + 2 s later."""
    with MockServer() as server:
        limited = f"/fault/flaky?key={uuid.uuid4().hex}&fail=1&n=429&retry_after=3"
        crawl(
            "news",
            tmp_path,
            f"start_urls={server.url(limited)}",
            "max_pages=1",
            exit_code=1,  # the page, fetched at last, links to no article
            CONCURRENT_REQUESTS_PER_DOMAIN="1",
            DOWNLOAD_DELAY="2",
            DOWNLOAD_DELAY_JITTER="0",
            NEWSCRAWL_BACKOFF_BASE="1",
        )
        first, retry = server.requests("/fault/flaky")
    assert (first["status"], retry["status"]) == (429, 200)
    gap = retry["monotonic"] - first["finished"]
    assert 3 - 0.05 <= gap < 4.5, gap


def test_a_few_broken_pages_at_the_end_of_a_crawl_do_not_skip_the_host(tmp_path: Path) -> None:
    """Their retries are all that is left: failures in a row, but of three pages only."""
    with MockServer() as server:
        broken = [f"/fault/status?n=503&page={n}" for n in range(3)]
        result = crawl(
            "news",
            tmp_path,
            f"start_urls={links_url(server, *broken)}",
            "article_pattern=/fault/status",
            "max_pages=1",
            exit_code=None,
            CONCURRENT_REQUESTS_PER_DOMAIN="1",
            RETRY_TIMES="3",
            NEWSCRAWL_BACKOFF_BASE="0.05",
            NEWSCRAWL_BACKOFF_GIVE_UP="4",
        )
        sent = server.requests("/fault/status")
    assert "Skipping 127.0.0.1" not in result.log
    assert sorted(r["path"] for r in sent) == sorted(broken * 4)  # each tried 4 times


def test_nothing_more_is_sent_to_a_host_once_it_is_skipped(tmp_path: Path) -> None:
    """A Retry-After beyond the maximum: the requests already waiting in the host's slot
    were sent too, one a second, each answered 429 again."""
    with MockServer() as server:
        key = uuid.uuid4().hex
        pages = [f"/fault/flaky?key={key}-{n}&fail=9&n=429&retry_after=100000" for n in range(8)]
        result = crawl(
            "news",
            tmp_path,
            f"start_urls={links_url(server, *pages)}",
            "article_pattern=/fault/flaky",
            "max_pages=1",
            exit_code=None,
            CONCURRENT_REQUESTS_PER_DOMAIN="1",
            DOWNLOAD_DELAY="0.2",
        )
        sent = server.requests("/fault/flaky")
    assert [r["status"] for r in sent] == [429]
    assert "Skipping 127.0.0.1" in result.log
    assert "8 article pages not fetched (host-skipped: 8)" in result.summary


def _failures(workdir: Path) -> list[str]:
    archive = Archive(database_url(workdir))
    try:
        return archive.failed_urls("127.0.0.1")
    finally:
        archive.close()


def test_final_failures_are_recorded_and_retried_by_the_next_run(tmp_path: Path) -> None:
    with MockServer() as server:
        reset = "/fault/drop?before=1&abort=1"  # connection reset, every time
        flaky = f"/fault/flaky?key={uuid.uuid4().hex}&fail=2&n=503"  # two 503s, then fine
        first = crawl(
            "news",
            tmp_path,
            f"start_urls={links_url(server, reset, flaky)}",
            "article_pattern=/fault/(drop|flaky)",
            "max_pages=1",
            RETRY_TIMES="1",
            exit_code=None,
            **FAST_BACKOFF,
        )
        # Neither page could be fetched: a failed run, which says why.
        assert first.returncode == 1
        assert "Run failed: no article page could be fetched (" in first.log
        assert "http-503: 1" in first.summary and "DownloadFailedError" not in first.summary
        resets = [r["monotonic"] for r in server.requests("/fault/drop")]
        # The request and its one retry (Twisted itself may resend a request at once when a
        # reused connection is reset: more arrivals, one attempt).
        assert len(resets) >= 2
        # The retry waited for the host's backoff: at least half its delay (0.2 s).
        assert resets[-1] - resets[0] >= 0.5 * 0.2 * 0.95
        assert [r["status"] for r in server.requests("/fault/flaky")] == [503, 503]
        assert sorted(_failures(tmp_path)) == sorted(server.url(p) for p in (reset, flaky))
        assert first.stats()["newscrawl/failures/recorded"] == 2
        rows = _failure_rows(tmp_path)
        assert rows[server.url(flaky)] == ("503 Service Unavailable", 2)
        reason, attempts = rows[server.url(reset)]
        assert attempts == 2
        assert "Connection" in reason or "Response" in reason, reason

        # The next run links neither page but asks for both again: the flaky one answers
        # now and is forgotten; the other still fails and stays recorded.
        second = crawl(
            "news",
            tmp_path,
            f"start_urls={links_url(server)}",
            "article_pattern=/fault/",
            "max_pages=1",
            RETRY_TIMES="1",
            **FAST_BACKOFF,
        )
        assert server.requests("/fault/flaky")[-1]["status"] == 200
        assert _failures(tmp_path) == [server.url(reset)]
        assert second.stats()["newscrawl/failures/cleared"] == 1


def test_a_stop_signal_leaves_the_requests_waiting_for_a_backed_off_host_to_the_next_run(
    tmp_path: Path,
) -> None:
    """SIGTERM while a host is held for 30 s: the run used to wait, and send, for minutes."""
    with MockServer() as server:
        held = [f"/fault/status?n=503&retry_after=30&page={n}" for n in range(3)]
        run = start_scrapy(
            [
                "crawl",
                "news",
                "-a",
                f"start_urls={links_url(server, *held)}",
                "-a",
                "article_pattern=/fault/status",
            ],
            tmp_path,
            "crawl",
            CONCURRENT_REQUESTS_PER_DOMAIN="1",
            DOWNLOAD_DELAY="0.2",
        )
        deadline = time.monotonic() + 60
        while "Backing off 127.0.0.1" not in run.log_path.read_text():
            assert time.monotonic() < deadline and run.proc.poll() is None, run.result().log
            time.sleep(0.2)
        signalled = time.monotonic()
        run.proc.send_signal(signal.SIGTERM)
        try:
            result = run.wait(timeout=60)
        finally:
            if run.proc.poll() is None:  # still waiting on the host: not left behind
                run.proc.kill()
                run.proc.wait()
        took = time.monotonic() - signalled
        sent = server.requests("/fault/status")
    assert took < 20, result.log[-3000:]
    assert [r["status"] for r in sent] == [503]  # nothing after the first 503
    assert "shutdown" in result.summary
    assert "(shutdown: 3)" in result.summary, result.summary
    # Recorded: the next run asks for them first.
    assert sorted(_failures(tmp_path)) == sorted(server.url(p) for p in held)


def _failure_rows(workdir: Path) -> dict[str, tuple[str, int]]:
    from sqlalchemy import select

    from newscrawl.storage.models import FetchFailure

    archive = Archive(database_url(workdir))
    try:
        with archive.engine.connect() as connection:
            rows = connection.execute(
                select(FetchFailure.url, FetchFailure.reason, FetchFailure.attempts)
            )
            return {url: (reason, attempts) for url, reason, attempts in rows}
    finally:
        archive.close()


def test_a_timeout_holds_the_host_before_its_next_request_goes(tmp_path: Path) -> None:
    """Scrapy frees a host's slot, and sends its next request, when a download fails,
    before any middleware sees the error: the backoff must hold the host first, as it does
    for a 503 answer. One request at a time to the host, each timing out after 1 s; the
    backoff holds the host for 0.5-1 s after the first timeout, 1-2 s after the second."""
    with MockServer() as server:
        key = uuid.uuid4().hex
        slow = [f"/fault/delay?n=30&hold={key}&page={n}" for n in range(3)]
        try:
            result = crawl(
                "news",
                tmp_path,
                f"start_urls={links_url(server, *slow)}",
                "article_pattern=/fault/delay",
                "max_pages=1",
                exit_code=None,
                CONCURRENT_REQUESTS_PER_DOMAIN="1",
                DOWNLOAD_DELAY="0.001",
                DOWNLOAD_TIMEOUT="1",
                RETRY_TIMES="0",
                NEWSCRAWL_BACKOFF_BASE="1",
            )
        finally:
            server.release(key)
        arrivals = [r["monotonic"] for r in server.requests("/fault/delay")]
    assert len(arrivals) == 3, result.log[-3000:]
    gaps = [b - a for a, b in pairwise(arrivals)]
    # The timeout (1 s), then the hold: at least half the host's delay (1 s, then 2 s).
    for gap, hold in zip(gaps, (0.5, 1.0), strict=True):
        assert gap >= (1.0 + hold) * 0.95, gaps
    assert result.stats()["newscrawl/backoff/slowdowns"] == 3


def test_the_host_names_of_one_site_share_its_delay(tmp_path: Path) -> None:
    """www. and sport. of one domain: one download slot, so one request at a time for the
    site, DOWNLOAD_DELAY apart, not one per host name."""
    with MockServer() as server:
        hosts = ("www.meridian-news.com", "sport.meridian-news.com")
        start = [
            f"http://{hosts[0]}:{server.port}/section/world",
            f"http://{hosts[1]}:{server.port}/section/science",
        ]
        crawl(
            "news",
            tmp_path,
            f"start_urls={','.join(start)}",
            "max_pages=1",
            exit_code=None,
            CONCURRENT_REQUESTS_PER_DOMAIN="1",
            DOWNLOAD_DELAY="0.5",
            DOWNLOAD_DELAY_JITTER="0",
            AUTOTHROTTLE_ENABLED="False",
            CLOSESPIDER_PAGECOUNT="10",
            **HOST_B,
        )
        log = server.requests()
    sent = [r for r in log if r["host"].split(":")[0] in hosts]
    assert {r["host"].split(":")[0] for r in sent} == set(hosts)
    gaps = [b["monotonic"] - a["monotonic"] for a, b in pairwise(sent)]
    assert len(gaps) >= 6 and min(gaps) >= 0.5 * 0.9, gaps
