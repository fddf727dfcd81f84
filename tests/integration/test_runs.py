"""Runs you can trust: run records, the site lock, kill -9, concurrent sites."""

from __future__ import annotations

import signal
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

from newscrawl.demo import DEMO_SECTIONS, load_demo_articles
from tests.integration.crawl import crawl, run_scrapy, start_scrapy
from tests.mockserver import MockServer

#: Slow enough (about 0.15 s per request, one at a time) to be stopped in the middle.
SLOW = {
    "DOWNLOAD_DELAY": "0.15",
    "DOWNLOAD_DELAY_JITTER": "0",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "1",
    "NEWSCRAWL_HEARTBEAT_INTERVAL": "0.5",
}


def sections(server: MockServer, slugs: tuple[str, ...] = DEMO_SECTIONS) -> str:
    return "start_urls=" + ",".join(server.url(f"/section/{s}") for s in slugs)


def query(workdir: Path, sql: str) -> list[tuple]:
    """Run SQL on the test archive; [] while the table does not exist yet."""
    # closing(): sqlite3's own context manager ends the transaction, not the connection.
    with closing(sqlite3.connect(workdir / "archive.sqlite", timeout=30)) as conn:
        try:
            return conn.execute(sql).fetchall()
        except sqlite3.OperationalError:
            return []


def wait_for(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def stored_paths(workdir: Path) -> list[str]:
    return [urlsplit(url).path for (url,) in query(workdir, "SELECT canonical_url FROM articles")]


def test_second_run_of_a_site_is_refused_while_the_first_runs(
    mockserver: MockServer, tmp_path: Path
) -> None:
    # A start page that answers late keeps the first run going while the others run (held
    # up to 50 s, within the crawl's DOWNLOAD_TIMEOUT of 60 s: 15 s was not enough for two
    # more crawls at load 12), answered as soon as they are done.
    hanging = sections(mockserver) + "," + mockserver.url("/fault/delay?n=50&hold=first")
    first = start_scrapy(["crawl", "news", "-a", hanging], tmp_path, "first")
    try:
        wait_for(lambda: bool(query(tmp_path, "SELECT name FROM crawl_locks")))
        second = run_scrapy(["crawl", "news", "-a", sections(mockserver)], tmp_path)
        assert second.returncode == 75, second.log[-3000:]
        assert "Not crawling: another run of 'news:127.0.0.1' is in progress" in second.log
        assert "Traceback" not in second.log
        # A run of another site is not in the way.
        other = crawl("news", tmp_path, sections(mockserver, ("world",)), "site=other")
        assert "0 errors; finished" in other.summary
        assert first.proc.poll() is None  # the first ran all along
    finally:
        mockserver.release("first")
        result = first.wait()
    assert result.returncode == 0, result.log[-3000:]
    runs = run_scrapy(["runs"], tmp_path)
    assert runs.returncode == 0, runs.log
    lines = runs.stdout.splitlines()
    assert lines[0].split()[:2] == ["ID", "SITE"]
    results = {line.split()[0]: line.split()[-1] for line in lines[1:]}
    assert results == {"1": "finished", "2": "locked", "3": "finished"}
    assert query(tmp_path, "SELECT count(*) FROM crawl_locks") == [(0,)]


def test_kill_9_in_the_middle_then_run_again(mockserver: MockServer, tmp_path: Path) -> None:
    args = ["crawl", "news", "-a", sections(mockserver), "-a", "max_pages=2"]
    killed = start_scrapy(args, tmp_path, "killed", **SLOW)
    wait_for(lambda: len(stored_paths(tmp_path)) >= 8)
    killed.proc.send_signal(signal.SIGKILL)
    killed.wait()
    assert killed.proc.returncode == -signal.SIGKILL
    before = set(stored_paths(tmp_path))
    assert 8 <= len(before) < 36, "the crawl was not stopped in the middle"
    mark = max((r["n"] for r in mockserver.requests()), default=0)

    again = crawl("news", tmp_path, sections(mockserver), "max_pages=2")

    assert "Took over the lock of 'news:127.0.0.1' from a run that died" in again.log
    everything = {a.path for a in load_demo_articles()}
    after = stored_paths(tmp_path)
    assert sorted(after) == sorted(everything)  # every article once
    fed = {urlsplit(i["url"]).path for i in again.feed_items("news")}
    assert fed == everything - before  # the rest was fetched by the new run
    assert again.stats()["newscrawl/articles/new"] == len(everything - before)
    # What was committed before the kill was not even downloaded again.
    fetched = {urlsplit(r["path"]).path for r in mockserver.requests() if r["n"] > mark}
    assert not fetched & before
    # Nothing stored twice: one revision and one raw page per article.
    assert query(tmp_path, "SELECT count(*) FROM article_revisions") == [(36,)]
    assert query(tmp_path, "SELECT count(*) FROM raw_pages") == [(36,)]
    assert query(tmp_path, "SELECT finish_reason FROM crawl_runs ORDER BY id") == [
        ("died",),
        ("finished",),
    ]


def test_two_sites_crawl_the_same_database_at_once(mockserver: MockServer, tmp_path: Path) -> None:
    # One article per transaction and frequent heartbeats: as many writes as can be.
    busy = {"NEWSCRAWL_ARCHIVE_BATCH_SIZE": "1", "NEWSCRAWL_HEARTBEAT_INTERVAL": "0.1"}
    halves = {"alpha": ("world", "politics"), "beta": ("business", "science")}
    runs = {
        site: start_scrapy(
            ["crawl", "news", "-a", sections(mockserver, slugs), "-a", f"site={site}"],
            tmp_path,
            site,
            **busy,
        )
        for site, slugs in halves.items()
    }
    results = {site: run.wait() for site, run in runs.items()}
    for site, result in results.items():
        assert result.returncode == 0, result.log[-3000:]
        assert "database is locked" not in result.log
        assert "18 articles stored (18 new, 0 changed)" in result.summary, site
        assert "0 errors; finished" in result.summary
    assert sorted(query(tmp_path, "SELECT site, count(*) FROM articles GROUP BY site")) == [
        ("alpha", 18),
        ("beta", 18),
    ]
