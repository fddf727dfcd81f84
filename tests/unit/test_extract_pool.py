"""The extraction pool: same results as inline, errors as today, bounded, no orphans."""

from __future__ import annotations

import json
import logging
import os
import signal
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import pytest
import pytest_twisted
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.defer import DeferredList

from newscrawl.demo import load_demo_articles
from newscrawl.demo.layouts import render_article
from newscrawl.extract import ExtractionError, extract_article
from newscrawl.items import PAGE_KEY, ArticlePage
from newscrawl.pipelines import _worker
from newscrawl.pipelines._pool import ExtractionPool, RemoteTraceback
from newscrawl.pipelines.extract import ExtractPipeline, extract_workers
from newscrawl.storage.revisions import revision_fingerprint
from tests.utils import project_crawler, run_python

BASE = "http://127.0.0.1:8047"
WHEN = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)


def run(coroutine: Any) -> Any:
    """A Deferred of ``coroutine`` run as Scrapy runs pipeline methods (an asyncio task)."""
    return deferred_from_coro(coroutine)


def demo_pages(count: int) -> list[tuple[str, bytes]]:
    articles = load_demo_articles()[:count]
    return [(a.url(BASE), render_article(a, BASE, canonical=a.url(BASE))) for a in articles]


def worker_pids(pool: ExtractionPool) -> list[int]:
    executor: Any = pool._executor
    return list(executor._processes) if executor is not None else []


@pytest.fixture
def pool() -> Iterator[ExtractionPool]:
    pool = ExtractionPool(workers=2)
    pool.start()
    yield pool
    pool.close()


@pytest.fixture
def started_pool() -> Iterator[Callable[..., ExtractionPool]]:
    """Start a pool with the given options; every pool started is closed after the test."""
    pools: list[ExtractionPool] = []

    def start(**options: Any) -> ExtractionPool:
        started = ExtractionPool(**options)
        started.start()
        pools.append(started)
        return started

    yield start
    for started in pools:
        started.close()


def test_worker_count_follows_the_setting() -> None:
    assert extract_workers(project_crawler().settings) == len(os.sched_getaffinity(0))
    crawler = project_crawler(NEWSCRAWL_EXTRACT_WORKERS="0")
    assert extract_workers(crawler.settings) == 0
    assert extract_workers(project_crawler(NEWSCRAWL_EXTRACT_WORKERS=3).settings) == 3


@pytest_twisted.ensureDeferred
async def test_pool_returns_what_inline_extraction_returns(pool: ExtractionPool) -> None:
    pages = demo_pages(4)
    results = [await run(pool.extract(body, url, crawled_at=WHEN)) for url, body in pages]
    # (Nothing is prepared for the archive unless asked.)
    assert results == [(extract_article(body, url, crawled_at=WHEN), None) for url, body in pages]
    inline = ExtractionPool(workers=0)
    url, body = pages[0]
    assert await run(inline.extract(body, url, crawled_at=WHEN)) == results[0]


# A crawler whose main is a script, as the ``scrapy`` console script is: multiprocessing
# would have each worker run it again before its first task.
_SCRIPT_MAIN = """
import json
import sys

import scrapy.cmdline  # the scrapy command's script imports Scrapy, and so does this one

from newscrawl.pipelines import _worker
from newscrawl.pipelines._pool import ExtractionPool

if __name__ == "__main__":
    pool = ExtractionPool(workers=1)
    pool.start()
    executor = pool._executor
    loaded = "sorted(n for n, m in __import__('sys').modules.items() if m is not None)"
    preloaded = executor.submit(eval, loaded).result(timeout=60)
    frozen = executor.submit(eval, "__import__('gc').get_freeze_count()").result(timeout=60)
    html = b"<html><head><title>A headline</title></head><body><p>Text.</p></body></html>"
    status, result, _ = executor.submit(
        _worker.extract_in_worker, html, "https://example.com/a", None, None, None
    ).result(timeout=60)
    modules = executor.submit(eval, loaded).result(timeout=60)
    main = executor.submit(eval, "__import__('sys').modules['__main__'].__name__").result(60)
    pool.close()
    print(json.dumps({"status": status, "title": result[0]["title"], "modules": modules,
                      "preloaded": preloaded, "frozen": frozen, "main": main, "crawler": sorted(sys.modules)}))
"""


def test_workers_of_a_script_crawler_load_neither_scrapy_nor_its_script(tmp_path: Path) -> None:
    # The workers only extract: Scrapy and Twisted would cost each of them ~22 MB.
    script = tmp_path / "crawler_script.py"
    script.write_text(_SCRIPT_MAIN)
    done = run_python(str(script))
    assert done.returncode == 0, done.stderr
    worker = json.loads(done.stdout)
    assert (worker["status"], worker["title"]) == ("ok", "A headline")
    modules = worker["modules"]
    assert "newscrawl.extract" in modules
    assert [name for name in modules if name.split(".")[0] in ("scrapy", "twisted")] == []
    assert worker["main"] == "__main__"  # the script did not run again (as "__mp_main__")
    # The fork server imported the extractor for all its workers, before their first page;
    # the crawler process, which only hands pages over, did not.
    assert {"newscrawl.extract.article", "trafilatura", "numpy"} <= set(worker["preloaded"])
    assert worker["frozen"] > 10_000  # shared with the server, out of the collector's reach
    assert {"newscrawl.extract.article", "trafilatura", "numpy"}.isdisjoint(worker["crawler"])


@pytest_twisted.ensureDeferred
async def test_extraction_error_keeps_its_reason(pool: ExtractionPool) -> None:
    with pytest.raises(ExtractionError) as inline:
        extract_article(b"%PDF-1.7 \x00\x01", "https://example.com/a.pdf")
    with pytest.raises(ExtractionError) as pooled:
        await run(pool.extract(b"%PDF-1.7 \x00\x01", "https://example.com/a.pdf"))
    assert pooled.value.reason == inline.value.reason == "binary"
    assert str(pooled.value) == str(inline.value)


@pytest_twisted.ensureDeferred
async def test_unexpected_error_carries_the_worker_traceback(pool: ExtractionPool) -> None:
    url, body = demo_pages(1)[0]
    # Not a SiteProfile: extract_article fails with an AttributeError deep inside.
    with pytest.raises(AttributeError) as raised:
        await run(pool.extract(body, url, "not a profile"))  # type: ignore[arg-type]
    cause = raised.value.__cause__
    assert isinstance(cause, RemoteTraceback)
    assert "Traceback" in cause.text and "extract_article" in cause.text


@pytest_twisted.ensureDeferred
async def test_in_flight_pages_are_bounded(pool: ExtractionPool) -> None:
    pool.max_pending = 2
    pool._slots.limit = pool._slots.tokens = 2
    executor: Any = pool._executor
    submit = executor.submit
    in_flight, peak, most_waiting = 0, 0, 0

    def counting_submit(*args: Any) -> Any:
        nonlocal in_flight, peak, most_waiting
        in_flight += 1
        peak = max(peak, in_flight)
        most_waiting = max(most_waiting, len(pool._slots.waiting))
        future = submit(*args)

        def done(_: Any) -> None:
            nonlocal in_flight
            in_flight -= 1

        future.add_done_callback(done)
        return future

    executor.submit = counting_submit
    pages = demo_pages(8)
    calls = [run(pool.extract(body, url)) for url, body in pages]
    results = await DeferredList(calls, fireOnOneErrback=True)
    assert len(results) == 8 and all(ok for ok, _ in results)
    # Never more than two pages with the workers; the others waited for a slot.
    assert peak == 2 and most_waiting >= 4 and pool.pending == 0


@pytest_twisted.ensureDeferred
async def test_a_dead_worker_is_replaced_and_its_page_retried(pool: ExtractionPool) -> None:
    url, body = demo_pages(1)[0]
    await run(pool.extract(body, url))
    for pid in worker_pids(pool):
        os.kill(pid, signal.SIGKILL)
    article, _ = await run(pool.extract(body, url))
    assert article["url"] == url
    assert pool.restarts == 1
    # The new pool, like the first, has all its workers before its first page: a submit
    # starting one raced with the clean-up of a broken pool in CPython 3.11.
    assert len(worker_pids(pool)) == 2


def test_every_worker_starts_with_the_pool_and_ends_with_it() -> None:
    """Even a pool that never got a page (a run with nothing new) stops its workers."""
    pool = ExtractionPool(workers=2)
    pool.start()
    pids = worker_pids(pool)
    assert len(pids) == 2
    pool.close()
    assert not any(psutil.pid_exists(pid) and _alive(pid) for pid in pids)


@pytest_twisted.ensureDeferred
async def test_workers_ignore_sigterm_and_exit_on_close() -> None:
    pool = ExtractionPool(workers=2)
    pool.start()
    url, body = demo_pages(1)[0]
    await DeferredList([run(pool.extract(body, url)) for _ in range(4)])
    pids = worker_pids(pool)
    assert pids
    from multiprocessing import forkserver

    server = forkserver._forkserver._forkserver_pid  # type: ignore[attr-defined]
    for pid in [*pids, server]:
        os.kill(pid, signal.SIGTERM)  # as systemd does to a whole service
    time.sleep(0.2)
    assert all(_alive(pid) for pid in [*pids, server])
    article, _ = await run(pool.extract(body, url))
    assert article["url"] == url
    assert pool.restarts == 0
    pool.close()
    assert not any(psutil.pid_exists(pid) and _alive(pid) for pid in pids)


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest_twisted.ensureDeferred
async def test_pipeline_counts_drops_as_inline_extraction_did(
    caplog: pytest.LogCaptureFixture,
) -> None:
    crawler = project_crawler(NEWSCRAWL_EXTRACT_WORKERS=2)
    pipeline = ExtractPipeline.from_crawler(crawler)
    pipeline.open_spider()
    url, body = demo_pages(1)[0]
    try:
        item = await run(pipeline.process_item(ArticlePage(url=url, body=body, site="demo")))
        assert item["title"] and item[PAGE_KEY].url == url and item["site"] == "demo"
        # The worker prepared the page for the archive; the fingerprint only for revisits.
        prepared = item[PAGE_KEY].prepared
        assert prepared.matches(item) and prepared.signature and prepared.raw
        assert prepared.fingerprint is None
        revisit = ArticlePage(url=url, body=body, site="demo", revisit=True)
        item = await run(pipeline.process_item(revisit))
        assert item[PAGE_KEY].prepared.fingerprint == revision_fingerprint(item)
        with pytest.raises(DropItem, match="empty"):
            await run(pipeline.process_item(ArticlePage(url=url, body=b"  ", site="demo")))
        crawler.spider = type("Spider", (), {"profile": "not a profile"})()
        with caplog.at_level(logging.ERROR), pytest.raises(DropItem, match="extraction-error"):
            await run(pipeline.process_item(ArticlePage(url=url, body=body, site="demo")))
    finally:
        pipeline.close_spider()
    stats = crawler.stats.get_stats()
    assert stats["newscrawl/dropped/empty"] == 1
    assert stats["newscrawl/dropped/extraction-error"] == 1
    assert "Extraction failed on" in caplog.text and "extract_article" in caplog.text


@pytest_twisted.ensureDeferred
async def test_nothing_is_prepared_inline_or_without_an_archive() -> None:
    url, body = demo_pages(1)[0]
    for settings in ({"NEWSCRAWL_EXTRACT_WORKERS": 0}, {"NEWSCRAWL_DATABASE_URL": ""}):
        pipeline = ExtractPipeline.from_crawler(project_crawler(**settings))
        pipeline.open_spider()
        try:
            item = await run(pipeline.process_item(ArticlePage(url=url, body=body, site="d")))
        finally:
            pipeline.close_spider()
        assert item["title"] and item[PAGE_KEY].prepared is None


def long_page(paragraphs: int = 16000) -> bytes:
    """A real article too long to extract in half a second (about 3 s here)."""
    paragraph = "<div class='c'><p>" + "Words of a story that goes on and on. " * 8 + "</p></div>"
    html = f"<html><head><title>Long</title></head><body><article><h1>Long</h1>{paragraph * paragraphs}"
    return (html + "</article></body></html>").encode()


@pytest_twisted.ensureDeferred
async def test_a_worker_gives_up_a_page_at_its_timeout(
    started_pool: Callable[..., ExtractionPool],
) -> None:
    pool = started_pool(workers=1, timeout=0.5)
    url, body = demo_pages(1)[0]
    started = time.monotonic()
    with pytest.raises(ExtractionError) as raised:
        await run(pool.extract(long_page(), "https://example.com/world/long-story"))
    assert raised.value.reason == "extract-timeout"
    assert time.monotonic() - started < 1.5  # before the pool would give up on it
    assert pool.restarts == 0  # the worker stopped itself
    article, _ = await run(pool.extract(body, url))
    assert article["url"] == url


def test_a_page_done_in_time_leaves_no_timer_running() -> None:
    url, body = demo_pages(1)[0]
    status, (article, _), _ = _worker.extract_in_worker(body, url, None, None, WHEN, timeout=30)
    assert status == "ok" and article["url"] == url
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest_twisted.ensureDeferred
async def test_pipeline_drops_a_page_that_takes_too_long_and_goes_on() -> None:
    crawler = project_crawler(NEWSCRAWL_EXTRACT_WORKERS=1, NEWSCRAWL_EXTRACT_TIMEOUT=0.5)
    pipeline = ExtractPipeline.from_crawler(crawler)
    pipeline.open_spider()
    url, body = demo_pages(1)[0]
    try:
        long = ArticlePage(url=url + "?long", body=long_page(), site="demo")
        with pytest.raises(DropItem, match="extract-timeout"):
            await run(pipeline.process_item(long))
        item = await run(pipeline.process_item(ArticlePage(url=url, body=body, site="demo")))
        assert item["url"] == url
        assert pipeline.pool.restarts == 0  # the worker stopped itself
    finally:
        pipeline.close_spider()
    assert crawler.stats.get_value("newscrawl/dropped/extract-timeout") == 1


class _Stuck:
    """Unpickled in the worker as a 30-second sleep: a worker busy where no timer reaches."""

    def __reduce__(self) -> tuple[Any, tuple[int]]:
        return (time.sleep, (30,))


@pytest_twisted.ensureDeferred
async def test_a_stuck_worker_costs_its_page_and_the_pool_is_replaced(
    started_pool: Callable[..., ExtractionPool],
) -> None:
    pool = started_pool(workers=1, timeout=0.3)
    url, body = demo_pages(1)[0]
    started = time.monotonic()
    with pytest.raises(ExtractionError) as raised:
        await run(pool.extract(body, url, _Stuck()))  # type: ignore[arg-type]
    assert raised.value.reason == "extract-timeout"
    assert time.monotonic() - started < 10
    assert pool.restarts == 1
    article, _ = await run(pool.extract(body, url))
    assert article["url"] == url
