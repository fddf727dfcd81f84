"""Scaling out: crawler processes sharing one Redis frontier and one PostgreSQL archive.

These tests need the PostgreSQL and Redis servers on 127.0.0.1 (see ``tests/services.py``)
and fail, never skip, when they are unreachable.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import psutil
from sqlalchemy import create_engine, text

from newscrawl.demo import load_demo_articles
from newscrawl.storage import Archive
from tests.integration.crawl import SCRAPY, TEST_SETTINGS, CrawlResult, crawl, run_scrapy
from tests.integration.faults import other_host
from tests.integration.test_crawl import section_urls
from tests.mockserver import MockServer
from tests.mockserver.edge import BROKEN_TITLE, edge_cases
from tests.mockserver.server import REPO_ROOT
from tests.services import REDIS_URL


def start_crawl(workdir: Path, *spider_args: str, **settings: str) -> subprocess.Popen[str]:
    """Start ``scrapy crawl news`` in the background (its log goes to workdir/crawl.log)."""
    workdir.mkdir(parents=True, exist_ok=True)
    merged = {**TEST_SETTINGS, "NEWSCRAWL_FEEDS_DIR": str(workdir / "feeds"), **settings}
    command = [str(SCRAPY), "crawl", "news"]
    for argument in spider_args:
        command += ["-a", argument]
    for name, value in merged.items():
        command += ["-s", f"{name}={value}"]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    with (workdir / "crawl.log").open("w") as log:  # the child keeps its own descriptor
        return subprocess.Popen(command, cwd=REPO_ROOT, stderr=log, text=True, env=env)


def finish(proc: subprocess.Popen[str], workdir: Path, timeout: float = 180) -> CrawlResult:
    returncode = proc.wait(timeout=timeout)
    return CrawlResult(returncode, (workdir / "crawl.log").read_text(), "", workdir)


def shared(postgres_url: str, redis_prefix: str, **settings: str) -> dict[str, str]:
    """Settings of processes sharing one PostgreSQL archive and one Redis frontier."""
    return {
        "NEWSCRAWL_DATABASE_URL": postgres_url,
        "NEWSCRAWL_REDIS_URL": REDIS_URL,
        "NEWSCRAWL_REDIS_PREFIX": redis_prefix,
        "CONCURRENT_REQUESTS_PER_DOMAIN": "2",
        **settings,
    }


def assert_whole_crawl_archived(database_url: str) -> dict[str, dict]:
    """Check that the archive holds what one process crawling the demo sections stores
    (test_crawl.py), nothing missed; return the stored articles by path."""
    archive = Archive(database_url)
    try:
        stored = {urlsplit(a["canonical_url"]).path: a for a in archive.iter_articles()}
    finally:
        archive.close()
    # One demo article is also served, identically, under an edge-case URL: whichever of the
    # two a process stores first is archived, the other dropped as a duplicate (as in
    # test_crawl.py; with two processes either can come first).
    [copy] = [c for c in edge_cases() if c.reason == "same-content"]
    assert (copy.path in stored) != (copy.duplicate_of in stored)
    paths = {copy.duplicate_of if p == copy.path else p for p in stored}
    expected = {a.path for a in load_demo_articles()}
    assert expected <= paths, sorted(expected - paths)
    assert [stored[p]["title"] for p in paths - expected] == [BROKEN_TITLE]
    return stored


def test_two_processes_share_one_frontier_and_archive(
    tmp_path: Path, postgres_url: str, redis_prefix: str
) -> None:
    # Slow enough that the two crawls overlap even when one process starts seconds after
    # the other on a loaded machine; the crawl still takes only seconds.
    settings = shared(postgres_url, redis_prefix, DOWNLOAD_DELAY="0.2", DOWNLOAD_DELAY_JITTER="0")
    with MockServer() as server:
        args = (f"start_urls={section_urls(server)}", "max_pages=2")
        procs = [start_crawl(tmp_path / f"worker{n}", *args, **settings) for n in range(2)]
        results = [finish(proc, tmp_path / f"worker{n}") for n, proc in enumerate(procs)]
        requests = server.requests()

    for result in results:
        assert result.returncode == 0, result.log[-5000:]
        assert "Shared frontier" in result.log
        assert "Shared pace: each site's delay holds for all processes" in result.log
        assert result.stats().get("log_count/ERROR", 0) == 0
    # Links one process found and the other had queued are counted as Scrapy's filter
    # counts them (a process whose links the other took has found them all the same).
    assert sum(int(r.stats().get("dupefilter/filtered", 0)) for r in results) > 0
    queued_elsewhere = "newscrawl/frontier/articles_queued_elsewhere"
    assert sum(int(r.stats().get(queued_elsewhere, 0)) for r in results) > 0
    # Nothing fetched twice, except what each process reads at start: robots.txt and the
    # section pages (start requests bypass the shared duplicate filter by design).
    starts = {urlsplit(url).path for url in section_urls(server).split(",")} | {"/robots.txt"}
    counts = Counter(r["path"] for r in requests if r["method"] == "GET")
    twice = {path: n for path, n in counts.items() if n > 1 and path not in starts}
    assert twice == {}
    assert all(counts[path] >= 1 for path in starts)
    # One site, one pace: the two processes together ask it no faster than one process
    # alone, DOWNLOAD_DELAY (0.2 s) between any two requests (each at its own pace, they
    # came 0.1 s apart on average). A turn is taken as a request is handed to the download
    # handler: a busy reactor may send it some milliseconds late.
    arrivals = sorted(r["monotonic"] for r in requests)
    gaps = [later - earlier for earlier, later in pairwise(arrivals)]
    assert min(gaps) >= 0.2 * 0.7, sorted(gaps)[:5]
    assert sum(int(r.stats().get("newscrawl/frontier/pace_waits", 0)) for r in results) > 0
    stored = assert_whole_crawl_archived(postgres_url)
    # Both processes did part of the work, and each recorded its run in the archive.
    new = [r.stats().get("newscrawl/articles/new", 0) for r in results]
    assert all(n > 0 for n in new) and sum(new) == len(stored), new
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            runs = conn.execute(
                text("SELECT finish_reason, articles_new FROM crawl_runs ORDER BY id")
            ).all()
    finally:
        engine.dispose()
    assert sorted(runs) == sorted(("finished", n) for n in new)


def test_a_slow_site_does_not_hold_up_the_others(tmp_path: Path, redis_prefix: str) -> None:
    """A site asked every 1.5 s, and three sections of another asked every 0.1 s, by one
    process with two places for requests: the slow site's queued articles stay in Redis
    while they would only wait for its turn, and the places go to the other site's (whose
    requests waited behind them, 1.5 s at a time, in one queue for all sites)."""
    with MockServer() as server:
        start = [other_host(server, "/section/science")] + [
            server.url(f"/section/{name}") for name in ("world", "business", "politics")
        ]
        crawl(
            "news",
            tmp_path,
            f"start_urls={','.join(start)}",
            "max_pages=1",
            NEWSCRAWL_REDIS_URL=REDIS_URL,
            NEWSCRAWL_REDIS_PREFIX=redis_prefix,
            CONCURRENT_REQUESTS="2",
            CONCURRENT_REQUESTS_PER_DOMAIN="1",
            DOWNLOAD_DELAY="0.1",
            DOWNLOAD_SLOTS='{"hostb.test": {"delay": 1.5, "jitter": 0}}',
            TWISTED_DNS_RESOLVER="tests.fakedns.FakeResolver",
        )
        log = server.requests()
    slow = sorted(r["monotonic"] for r in log if r["host"].startswith("hostb.test:"))
    fast = sorted(r["monotonic"] for r in log if r["host"].startswith("127.0.0.1:"))
    assert len(slow) >= 6 and len(fast) >= 12
    # Its ~20 requests at its own pace: done before the slow site's fifth turn (7.5 s
    # after its first before; 2.4 s now, on an idle machine).
    assert fast[-1] < slow[4], ([t - slow[0] for t in slow], [t - slow[0] for t in fast])


def test_what_a_killed_process_had_taken_is_crawled_by_the_other(
    tmp_path: Path, postgres_url: str, redis_prefix: str
) -> None:
    """``kill -9`` of one of two processes mid-crawl: the requests it had taken from the
    queue (waiting for its download slot, downloading, or fetched and not yet stored) are
    put back once its heartbeat has stopped long enough, and the other process crawls them."""
    # Slow: each process holds many requests waiting for its download slot.
    settings = shared(
        postgres_url, redis_prefix, DOWNLOAD_DELAY="0.3", CONCURRENT_REQUESTS_PER_DOMAIN="1"
    )
    with MockServer() as server:
        args = (f"start_urls={section_urls(server)}", "max_pages=2")
        killed = start_crawl(tmp_path / "killed", *args, **settings)
        survivor = start_crawl(tmp_path / "survivor", *args, **settings)
        articles = {a.path for a in load_demo_articles()}
        deadline = time.monotonic() + 60
        while sum(r["path"] in articles for r in server.requests()) < 6:
            assert time.monotonic() < deadline and killed.poll() is None
            time.sleep(0.1)
        killed.kill()
        killed.wait(timeout=10)
        result = finish(survivor, tmp_path / "survivor")
    assert result.returncode == 0, result.log[-5000:]
    assert "requests that a process which died had taken are back in the queue" in result.log
    assert int(result.stats()["newscrawl/frontier/reclaimed"]) > 0
    assert_whole_crawl_archived(postgres_url)


def test_run_is_deleted_when_the_last_process_finishes(
    tmp_path: Path, postgres_url: str, redis_prefix: str, mockserver: MockServer
) -> None:
    import redis

    settings = {
        "NEWSCRAWL_DATABASE_URL": postgres_url,
        "NEWSCRAWL_REDIS_URL": REDIS_URL,
        "NEWSCRAWL_REDIS_PREFIX": redis_prefix,
    }
    world = mockserver.url("/section/world")
    first = finish(
        start_crawl(tmp_path / "a", f"start_urls={world}", "max_pages=1", **settings),
        tmp_path / "a",
    )
    assert first.returncode == 0, first.log[-3000:]
    client = redis.Redis.from_url(REDIS_URL)
    try:
        assert list(client.scan_iter(match=f"{redis_prefix}:*")) == []
    finally:
        client.close()
    # So the next run reads the section again and finds its articles archived
    again = finish(
        start_crawl(tmp_path / "b", f"start_urls={world}", "max_pages=1", **settings),
        tmp_path / "b",
    )
    assert again.returncode == 0
    # (the incremental middleware skips the archived articles of the section it read)
    assert "0 articles stored" in again.summary and "5 archived not fetched" in again.summary


def test_sigterm_stops_the_crawl_without_orphan_workers(
    tmp_path: Path, mockserver: MockServer
) -> None:
    settings = {
        "NEWSCRAWL_DATABASE_URL": f"sqlite:///{tmp_path / 'archive.sqlite'}",
        "DOWNLOAD_DELAY": "0.2",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "1",
        "NEWSCRAWL_EXTRACT_WORKERS": "2",
    }
    proc = start_crawl(
        tmp_path, f"start_urls={section_urls(mockserver)}", "max_pages=2", **settings
    )
    crawler = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    log = tmp_path / "crawl.log"
    while (
        "Extraction: 2 worker processes" not in log.read_text()
        or len(crawler.children(recursive=True)) < 3
    ):
        assert time.monotonic() < deadline and proc.poll() is None, log.read_text()[-3000:]
        time.sleep(0.2)
    time.sleep(1.5)  # some articles in flight
    family = crawler.children(recursive=True)
    # As systemd stops a service: SIGTERM to every process of it at once.
    for member in [crawler, *family]:
        member.send_signal(signal.SIGTERM)
    result = finish(proc, tmp_path, timeout=60)
    assert result.returncode == 0, result.log[-3000:]
    assert "shutdown" in result.summary
    assert "extraction worker died" not in result.log
    _gone, alive = psutil.wait_procs(family, timeout=5)
    assert alive == []
    # What was fetched before the signal was stored: nothing lost on the way.
    stats = result.stats()
    assert stats.get("newscrawl/articles/new", 0) > 0
    assert "newscrawl/unaccounted" not in stats


def test_killed_crawler_leaves_no_workers(tmp_path: Path, mockserver: MockServer) -> None:
    settings = {
        "NEWSCRAWL_DATABASE_URL": f"sqlite:///{tmp_path / 'archive.sqlite'}",
        "DOWNLOAD_DELAY": "0.2",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "1",
        "NEWSCRAWL_EXTRACT_WORKERS": "2",
    }
    proc = start_crawl(
        tmp_path, f"start_urls={section_urls(mockserver)}", "max_pages=2", **settings
    )
    crawler = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    while len(crawler.children(recursive=True)) < 3:  # fork server and two workers
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.2)
    time.sleep(1.0)
    family = crawler.children(recursive=True)
    proc.kill()  # SIGKILL: no shutdown at all
    proc.wait(timeout=10)
    _gone, alive = psutil.wait_procs(family, timeout=15)
    assert alive == []


def test_a_frontier_that_cannot_be_reached_stops_the_run_in_one_line(tmp_path: Path) -> None:
    """As an archive that cannot be opened: a URL that is none is a usage error (2), a
    server that does not answer is EX_TEMPFAIL (75); no traceback, the password hidden."""
    down = "redis://:secret@127.0.0.1:1/0"  # nothing listens on port 1
    result = run_scrapy(["crawl", "demo"], tmp_path, NEWSCRAWL_REDIS_URL=down)
    assert result.returncode == 75, result.log[-3000:]
    assert "Not crawling: cannot reach the shared frontier at redis://:***@127.0.0.1:1/0" in (
        result.log
    )
    assert "secret" not in result.log and "Traceback" not in result.log
    result = run_scrapy(["crawl", "demo"], tmp_path, NEWSCRAWL_REDIS_URL="127.0.0.1:6379")
    assert result.returncode == 2
    assert "NEWSCRAWL_REDIS_URL '127.0.0.1:6379' is not a Redis URL" in result.log


class _CuttableProxy:
    """A TCP proxy to the Redis server that a test can cut: the server gone, for a crawler."""

    def __init__(self, target: str) -> None:
        parts = urlsplit(target)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 6379)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = target.replace(parts.netloc, f"127.0.0.1:{self.port}", 1)
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:  # cut
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass

    def cut(self) -> None:
        """Close the port and every connection: the next connect is refused."""
        self.listener.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def _crawl_until_fetching(
    workdir: Path, server: MockServer, **settings: str
) -> subprocess.Popen[str]:
    """A slow crawl of the demo sections, returned once it has fetched a few articles."""
    settings = {
        "NEWSCRAWL_DATABASE_URL": f"sqlite:///{workdir / 'archive.sqlite'}",
        "DOWNLOAD_DELAY": "0.3",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "1",
        **settings,
    }
    proc = start_crawl(workdir, f"start_urls={section_urls(server)}", "max_pages=2", **settings)
    deadline = time.monotonic() + 60
    articles = {a.path for a in load_demo_articles()}
    while sum(r["path"] in articles for r in server.requests()) < 3:
        assert time.monotonic() < deadline and proc.poll() is None, (
            workdir / "crawl.log"
        ).read_text()[-3000:]
        time.sleep(0.2)
    return proc


def test_a_frontier_server_gone_mid_run_fails_the_run(
    tmp_path: Path, redis_prefix: str, mockserver: MockServer
) -> None:
    """The process stops, and its run fails (exit 1), rather than wait for ever on a server
    that does not answer or log a traceback at every turn of the engine."""
    proxy = _CuttableProxy(REDIS_URL)
    settings = {"NEWSCRAWL_REDIS_URL": proxy.url, "NEWSCRAWL_REDIS_PREFIX": redis_prefix}
    mockserver.clear_log()
    proc = _crawl_until_fetching(tmp_path, mockserver, **settings)
    proxy.cut()
    result = finish(proc, tmp_path, timeout=90)
    assert result.returncode == 1, result.log[-3000:]
    assert "Shared frontier lost: Error 111 connecting to 127.0.0.1" in result.log
    assert "Run failed: the shared frontier was lost" in result.log
    assert "Traceback" not in result.log
    assert result.stats()["newscrawl/articles/new"] > 0  # what it fetched, it stored


def test_a_frontier_server_that_lost_the_run_fails_it(
    tmp_path: Path, redis_prefix: str, mockserver: MockServer
) -> None:
    """A Redis server restarted empty (it keeps nothing on disk) while the crawl goes on:
    without the duplicate filter the process would fetch again what it fetched; it stops."""
    import redis

    settings = {"NEWSCRAWL_REDIS_URL": REDIS_URL, "NEWSCRAWL_REDIS_PREFIX": redis_prefix}
    mockserver.clear_log()
    proc = _crawl_until_fetching(tmp_path, mockserver, **settings)
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.delete(*client.scan_iter(match=f"{redis_prefix}:*"))
    finally:
        client.close()
    result = finish(proc, tmp_path, timeout=90)
    assert result.returncode == 1, result.log[-3000:]
    assert "Shared frontier lost: the server no longer has the run (restarted" in result.log
    assert "Run failed: the shared frontier was lost" in result.log


def test_a_second_ctrl_c_ends_the_process(tmp_path: Path, mockserver: MockServer) -> None:
    """Scrapy's "forcing unclean shutdown" stops the reactor without closing the spider:
    the archive's writer thread, which the interpreter waits for at exit, kept the process
    alive for ever, with the site's lock. The next run takes the dead run's lock over."""
    mockserver.clear_log()
    proc = _crawl_until_fetching(tmp_path, mockserver)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError("the crawl did not end after a second Ctrl-C") from None
    log = (tmp_path / "crawl.log").read_text()
    assert "forcing unclean shutdown" in log
    again = start_crawl(
        tmp_path / "again",
        f"start_urls={mockserver.url('/section/world')}",
        "max_pages=1",
        NEWSCRAWL_DATABASE_URL=f"sqlite:///{tmp_path / 'archive.sqlite'}",
    )
    result = finish(again, tmp_path / "again")
    assert result.returncode == 0, result.log[-3000:]
    assert "Took over the lock of 'news:127.0.0.1' from a run that died" in result.log
