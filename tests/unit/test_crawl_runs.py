"""The run extension's heartbeat: never beside, nor after, the run's final record."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_twisted
from scrapy import Spider
from scrapy.exceptions import CloseSpider
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.test import get_crawler
from twisted.internet import reactor
from twisted.internet.task import deferLater

from newscrawl.crawler_archive import ARCHIVE_REFUSED_KEY, crawler_archive
from newscrawl.extensions import runs
from newscrawl.middlewares.revalidate import ListingRevalidationMiddleware
from newscrawl.storage import Archive, engine
from newscrawl.storage.runs import LOCKED
from tests.utils import project_crawler

INTERVAL = 0.1


class SlowBook:
    """A run book whose heartbeats write until the test lets them return."""

    def __init__(self, archive: object) -> None:
        self.pid = 1
        self.calls: list[str] = []
        self.beating = threading.Event()
        self.release = threading.Event()

    def start(
        self, spider: str, run_key: str, stale_after: timedelta, *, lock: bool = True
    ) -> tuple[int, None]:
        return 1, None

    def heartbeat(
        self,
        run_id: int,
        run_key: str,
        counts: dict[str, Any],
        dead_after: timedelta | None = None,
    ) -> None:
        self.calls.append("heartbeat")
        self.beating.set()
        # Bounded, so that a failing test cannot hang the reactor's thread pool.
        self.release.wait(timeout=10)
        self.calls.append("heartbeat returned")

    def finish(
        self,
        run_id: int,
        run_key: str,
        reason: str,
        counts: dict[str, Any],
        failure: str | None = None,
    ) -> None:
        self.calls.append(f"finish {reason}")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> tuple[runs.CrawlRuns, SlowBook]:
    """The extension of a run just opened, heartbeat every INTERVAL, and its run book."""
    books: list[SlowBook] = []

    def make(archive: object) -> SlowBook:
        books.append(SlowBook(archive))
        return books[-1]

    monkeypatch.setattr(runs, "RunBook", make)
    monkeypatch.setattr(runs, "crawler_archive", lambda crawler: object())
    extension = runs.CrawlRuns.from_crawler(
        get_crawler(
            Spider,
            {"NEWSCRAWL_DATABASE_URL": "sqlite://", "NEWSCRAWL_HEARTBEAT_INTERVAL": INTERVAL},
        )
    )
    extension.spider_opened(Spider("news"))
    return extension, books[0]


async def until(condition: Callable[[], bool]) -> None:
    for _ in range(200):
        if condition():
            return
        await deferLater(reactor, 0.01, lambda: None)
    raise AssertionError("timed out")


@pytest_twisted.ensureDeferred
async def test_closing_waits_for_the_heartbeat_in_flight(
    opened: tuple[runs.CrawlRuns, SlowBook],
) -> None:
    extension, book = opened
    try:
        await until(book.beating.is_set)
        closed = deferred_from_coro(extension.spider_closed(Spider("news"), "finished"))
        await deferLater(reactor, 2 * INTERVAL, lambda: None)
        # The heartbeat still writes: the run is not recorded beside it.
        assert book.calls == ["heartbeat"]
        assert not closed.called
    finally:
        book.release.set()
    await closed
    assert book.calls == ["heartbeat", "heartbeat returned", "finish finished"]
    # And none starts after the final record.
    await deferLater(reactor, 3 * INTERVAL, lambda: None)
    assert book.calls == ["heartbeat", "heartbeat returned", "finish finished"]


@pytest_twisted.ensureDeferred
async def test_closing_between_heartbeats_records_the_run_at_once(
    opened: tuple[runs.CrawlRuns, SlowBook],
) -> None:
    extension, book = opened
    book.release.set()
    await deferred_from_coro(extension.spider_closed(Spider("news"), "shutdown"))
    assert book.calls == ["finish shutdown"]
    # No heartbeat starts after the final record.
    await deferLater(reactor, 3 * INTERVAL, lambda: None)
    assert book.calls == ["finish shutdown"]


@pytest_twisted.ensureDeferred
async def test_a_database_gone_at_the_end_is_tried_again_then_said(
    opened: tuple[runs.CrawlRuns, SlowBook],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A PostgreSQL restart as the run ends: recorded when the server is back; if it is
    not, one line (the signal handler's traceback before, and the run "running" for ever
    whatever happened next)."""
    from sqlalchemy.exc import OperationalError

    caplog.set_level("INFO", logger=runs.__name__)
    extension, book = opened
    book.release.set()
    monkeypatch.setattr(runs, "_FINISH_RETRIES", (0, 0.01, 0.01))
    failures = iter([OperationalError("UPDATE", {}, Exception("server closed the connection"))])

    def finish(*args: object, **kwargs: object) -> None:
        if (error := next(failures, None)) is not None:
            raise error
        book.calls.append("finish")

    monkeypatch.setattr(book, "finish", finish)
    await deferred_from_coro(extension.spider_closed(Spider("news"), "finished"))
    assert book.calls[-1:] == ["finish"]
    assert "Run 1 of 'news' recorded: finished" in caplog.text

    down = OperationalError("UPDATE", {}, Exception("connection refused"))
    failures = iter([down] * 3)
    extension.run_id = 1
    await deferred_from_coro(extension._finish("finished", {}, None))
    assert "Could not record the end of run 1 of 'news': connection refused" in caplog.text


def test_an_archive_locked_by_another_writer_refuses_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Another process holds SQLite's write lock past the busy timeout: one line, the run
    closed as locked (exit code 75), and the components opened after it leave the archive
    alone. (The run crawled on without its lock and without a run record, after a
    traceback for each component that waited out the busy timeout.)"""
    monkeypatch.setattr(engine, "SQLITE_BUSY_TIMEOUT_MS", 100)
    url = f"sqlite:///{tmp_path}/archive.sqlite"
    Archive(url).close()
    crawler = project_crawler(Spider, NEWSCRAWL_DATABASE_URL=url)
    extension = runs.CrawlRuns.from_crawler(crawler)
    middleware = ListingRevalidationMiddleware.from_crawler(crawler)
    writer = sqlite3.connect(tmp_path / "archive.sqlite", isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        with pytest.raises(CloseSpider) as refused:
            extension.spider_opened(Spider("news"))
        started = time.monotonic()
        middleware.spider_opened()
        assert time.monotonic() - started < 0.1  # no second wait for the lock
    finally:
        writer.close()
        crawler_archive(crawler).close()
    assert refused.value.reason == LOCKED
    assert f"Not crawling: cannot open the archive at {url}: database is locked" in caplog.text
    assert crawler.stats.get_value(ARCHIVE_REFUSED_KEY) == "database is locked"
    assert extension.run_id is None and middleware.copies is None
