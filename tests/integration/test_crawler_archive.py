"""One archive per crawler: shared by the crawl's components, closed when its engine stops."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_twisted
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.utils.defer import deferred_from_coro

from newscrawl.crawler_archive import crawler_archive
from newscrawl.extensions.failures import FetchFailures
from newscrawl.extensions.runs import CrawlRuns
from newscrawl.middlewares.incremental import IncrementalMiddleware
from newscrawl.pipelines.archive import ArchivePipeline
from newscrawl.spiders.news import NewsSpider
from newscrawl.storage import Archive, reading
from newscrawl.storage.runs import RunBook
from tests.integration.crawl import TEST_SETTINGS
from tests.mockserver import MockServer
from tests.utils import project_crawler


@pytest.fixture
def engines(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every archive engine created while the test runs."""
    created: list[Any] = []
    real = reading.create_archive_engine

    def spy(url: str, **kwargs: Any) -> Any:
        engine = real(url, **kwargs)
        created.append(engine)
        return engine

    monkeypatch.setattr(reading, "create_archive_engine", spy)
    yield created


@pytest.fixture
def closes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Archive]]:
    """Every archive closed, and every run recorded, in order."""
    events: list[tuple[str, Any]] = []
    close, finish = Archive.close, RunBook.finish

    def closing(archive: Archive) -> None:
        events.append(("close", archive))
        close(archive)

    def finishing(book: RunBook, *args: Any) -> None:
        events.append(("finish", book))
        finish(book, *args)

    monkeypatch.setattr(Archive, "close", closing)
    monkeypatch.setattr(RunBook, "finish", finishing)
    return events


def _crawler(tmp_path: Path, **settings: Any) -> Crawler:
    url = f"sqlite:///{tmp_path}/archive.sqlite"
    return project_crawler(NewsSpider, NEWSCRAWL_DATABASE_URL=url, **settings)


def _bare_crawler(tmp_path: Path, **settings: Any) -> Crawler:
    """A crawler whose components are not built: engine_stopped reaches only the archive."""
    url = f"sqlite:///{tmp_path}/archive.sqlite"
    defaults = {"NEWSCRAWL_DATABASE_URL": url, "NEWSCRAWL_KEEP_RAW": True}
    return Crawler(NewsSpider, Settings({**defaults, **settings}))


@pytest_twisted.ensureDeferred
async def test_components_of_a_crawl_share_one_archive(tmp_path: Path, engines: list[Any]) -> None:
    crawler = _crawler(tmp_path)
    spider = NewsSpider.from_crawler(crawler, start_urls="https://example.com/world")
    crawler.spider = spider
    pipeline = ArchivePipeline.from_crawler(crawler)
    middleware = IncrementalMiddleware.from_crawler(crawler)
    runs = CrawlRuns.from_crawler(crawler)
    failures = FetchFailures.from_crawler(crawler)
    try:
        pipeline.open_spider()
        middleware.spider_opened()
        runs.spider_opened(spider)
        failures.spider_opened(spider)
        assert spider.failed_urls() == []
        archive = crawler_archive(crawler)
        assert pipeline.archive is archive
        assert middleware.archive is archive
        assert failures.archive is archive
        assert runs.archive is archive
        # The spider's look-up of earlier failures went through it too: one engine in all.
        assert engines == [archive.engine]
        # The crawl's NEWSCRAWL_KEEP_RAW is the archive's: only the pipeline stores pages.
        assert archive.keep_raw is True
        without_raw = crawler_archive(_bare_crawler(tmp_path / "b", NEWSCRAWL_KEEP_RAW=False))
        assert without_raw.keep_raw is False
        without_raw.close()
    finally:
        await deferred_from_coro(failures.spider_closed(spider))
        await deferred_from_coro(runs.spider_closed(spider, "finished"))
        await deferred_from_coro(pipeline.close_spider())
        # (Its engine never ran: the archive is closed here, not at engine_stopped.)
        crawler_archive(crawler).close()


def test_two_crawlers_have_archives_of_their_own(tmp_path: Path, closes: list[Any]) -> None:
    first, second = _bare_crawler(tmp_path / "a"), _bare_crawler(tmp_path / "b")
    one, other = crawler_archive(first), crawler_archive(second)
    assert one is not other and one.engine is not other.engine
    assert crawler_archive(first) is one
    assert other.database_url.endswith("/b/archive.sqlite")

    first.signals.send_catch_log(signals.engine_stopped)
    assert closes == [("close", one)]  # the other crawl's archive stays open
    # Once closed, the crawler's archive is forgotten; asked again, a new one is opened.
    reopened = crawler_archive(first)
    assert reopened is not one
    second.signals.send_catch_log(signals.engine_stopped)
    first.signals.send_catch_log(signals.engine_stopped)
    assert closes == [("close", one), ("close", other), ("close", reopened)]


def test_an_empty_database_url_has_no_archive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="NEWSCRAWL_DATABASE_URL"):
        crawler_archive(_bare_crawler(tmp_path, NEWSCRAWL_DATABASE_URL=""))


@pytest_twisted.ensureDeferred
async def test_the_archive_is_closed_once_after_the_crawl(
    tmp_path: Path, mockserver: MockServer, engines: list[Any], closes: list[Any]
) -> None:
    crawler = _crawler(
        tmp_path,
        **{name: value for name, value in TEST_SETTINGS.items() if name != "LOG_LEVEL"},
        NEWSCRAWL_EXTRACT_WORKERS=0,
        NEWSCRAWL_FEEDS_DIR="",
    )
    await crawler.crawl(start_urls=mockserver.url("/section/world"), max_pages="1")

    stats = crawler.stats.get_stats()
    assert stats["newscrawl/articles/new"] > 0
    [engine] = engines
    # The run record is written at spider_closed; the archive is closed after it, once.
    assert [event for event, _ in closes] == ["finish", "close"]
    assert closes[1][1].engine is engine
    # Nothing of the crawl's is still checked out of the pool.
    assert engine.pool.checkedout() == 0
    archive = Archive(crawler.settings["NEWSCRAWL_DATABASE_URL"])
    try:
        assert archive.count_articles() == stats["newscrawl/articles/new"]
    finally:
        archive.close()
