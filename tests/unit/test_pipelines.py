import logging
import time
from pathlib import Path
from typing import Any

import pytest
import pytest_twisted
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.test import get_crawler
from sqlalchemy.exc import DataError
from twisted.internet.defer import DeferredList
from warcio.archiveiterator import ArchiveIterator

from newscrawl.extensions.summary import run_failure, summarize
from newscrawl.items import PAGE_KEY, ArticlePage, GonePage, NotModifiedPage
from newscrawl.middlewares._timing import sleep
from newscrawl.pipelines._drop import drop
from newscrawl.pipelines.archive import ArchivePipeline
from newscrawl.pipelines.dedupe import DedupePipeline
from newscrawl.pipelines.validate import ValidatePipeline
from newscrawl.storage import Archive
from tests.unit.test_archive import article
from tests.utils import project_crawler


def test_dedupe_drops_url_variants_and_identical_content() -> None:
    crawler = get_crawler()
    pipeline = DedupePipeline.from_crawler(crawler)
    first = article("https://www.example.com/a-1")
    assert pipeline.process_item(first) is first
    with pytest.raises(DropItem, match="duplicate-url") as dropped:
        pipeline.process_item(article("http://example.com/a-1/?utm_source=rss", "other-hash"))
    assert str(dropped.value) == (
        "duplicate-url: http://example.com/a-1/?utm_source=rss (another URL of this article "
        "came earlier in this run)"
    )
    amp = article("https://example.com/amp/a-1", "amp-hash")
    amp["canonical_url"] = "https://example.com/a-1"
    with pytest.raises(DropItem, match="duplicate-url") as dropped:
        pipeline.process_item(amp)
    assert str(dropped.value).endswith(
        "(another URL of this article (https://example.com/a-1) came earlier in this run)"
    )
    with pytest.raises(DropItem, match="duplicate-content"):
        pipeline.process_item(article("https://example.com/copy-of-a"))
    assert pipeline.process_item(article("https://example.com/b-2", "h2"))["url"].endswith("b-2")
    stats = crawler.stats.get_stats()
    assert stats["newscrawl/dropped/duplicate-url"] == 2
    assert stats["newscrawl/dropped/duplicate-content"] == 1


def test_dedupe_honours_canonical_link() -> None:
    pipeline = DedupePipeline.from_crawler(get_crawler())
    pipeline.process_item(article("https://example.com/a-1"))
    amp = article(
        "https://example.com/a-1/amp", "amp-hash", canonical_url="https://example.com/a-1"
    )
    with pytest.raises(DropItem):
        pipeline.process_item(amp)


def test_archive_pipeline_off_without_database_url() -> None:
    with pytest.raises(NotConfigured):
        ArchivePipeline.from_crawler(get_crawler(settings_dict={"NEWSCRAWL_DATABASE_URL": ""}))


def _page_item(url: str, content_hash: str) -> dict[str, Any]:
    item = article(url, content_hash)
    item[PAGE_KEY] = ArticlePage(url=url, body=b"<html>x</html>", site="example")
    return item


def _open_pipeline(tmp_path: Path, **settings: Any) -> tuple[ArchivePipeline, Any, str]:
    """An opened archive pipeline on a new SQLite archive: (pipeline, crawler, URL)."""
    url = f"sqlite:///{tmp_path}/a.sqlite"
    crawler = project_crawler(NEWSCRAWL_DATABASE_URL=url, **settings)
    pipeline = ArchivePipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline, crawler, url


@pytest_twisted.ensureDeferred
async def test_archive_pipeline_group_commits_and_sets_status(tmp_path: Path) -> None:
    pipeline, crawler, url = _open_pipeline(tmp_path, NEWSCRAWL_ARCHIVE_BATCH_SIZE=10)
    items = [_page_item(f"https://example.com/story-{n}", f"h{n}") for n in range(25)]
    items.append(_page_item("https://example.com/copy", "h3"))
    # Scrapy runs each process_item() as an asyncio task; so does deferred_from_coro().
    try:
        results = await DeferredList(
            [deferred_from_coro(pipeline.process_item(i)) for i in items], consumeErrors=True
        )
    finally:
        await deferred_from_coro(pipeline.close_spider())
    outcomes = [value if ok else value.value for ok, value in results]

    assert [o["archive_status"] for o in outcomes[:25]] == ["new"] * 25
    assert isinstance(outcomes[25], DropItem)
    assert all(PAGE_KEY not in o for o in outcomes[:25])
    stats = crawler.stats.get_stats()
    assert stats["newscrawl/articles/new"] == 25
    assert stats["newscrawl/dropped/duplicate-content"] == 1
    # 26 items in batches of at most 10, group-committed: more than one transaction, far
    # fewer than one per item.
    assert 3 <= stats["newscrawl/archive/transactions"] <= 4
    archive = Archive(url)
    assert archive.count_articles() == 25
    assert archive.raw_page(1) is not None
    archive.close()


@pytest_twisted.ensureDeferred
async def test_archive_pipeline_lingers_for_a_fuller_transaction(tmp_path: Path) -> None:
    pipeline, crawler, _ = _open_pipeline(tmp_path, NEWSCRAWL_ARCHIVE_LINGER=0.3)
    try:
        # Arriving one by one (each a little later) within the linger: one transaction.
        pending = []
        for n in range(5):
            pending.append(
                deferred_from_coro(
                    pipeline.process_item(_page_item(f"https://example.com/s-{n}", f"h{n}"))
                )
            )
            await deferred_from_coro(sleep(0.02))
        outcomes = await DeferredList(pending)
    finally:
        await deferred_from_coro(pipeline.close_spider())
    assert [value["archive_status"] for _, value in outcomes] == ["new"] * 5
    assert crawler.stats.get_value("newscrawl/archive/transactions") == 1


@pytest_twisted.ensureDeferred
async def test_closing_does_not_wait_for_the_linger(tmp_path: Path) -> None:
    pipeline, _, _ = _open_pipeline(tmp_path, NEWSCRAWL_ARCHIVE_LINGER=60)
    lone = deferred_from_coro(pipeline.process_item(_page_item("https://example.com/a-1", "h1")))
    try:
        await deferred_from_coro(sleep(0.2))
        waiting = not lone.called  # for company
    finally:
        started = time.monotonic()
        await deferred_from_coro(pipeline.close_spider())
        closing = time.monotonic() - started
    assert waiting
    assert closing < 10  # not the 60 s linger
    assert (await lone)["archive_status"] == "new"


@pytest_twisted.ensureDeferred
async def test_an_article_the_database_refuses_costs_its_batch_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline, crawler, url = _open_pipeline(tmp_path, NEWSCRAWL_ARCHIVE_LINGER=5)
    assert pipeline.archive is not None
    store = pipeline.archive.store_articles

    def refusing(articles: list[dict[str, Any]], pages: list[Any]) -> Any:
        # As PostgreSQL refuses a value it cannot hold, whatever else the batch has.
        if any(a["title"] == "refused" for a in articles):
            raise DataError("INSERT INTO articles ...", {}, ValueError("value refused"))
        return store(articles, pages)

    monkeypatch.setattr(pipeline.archive, "store_articles", refusing)
    items = [_page_item(f"https://example.com/story-{n}", f"h{n}") for n in range(6)]
    items[2]["title"] = "refused"
    try:
        outcomes = await _through(pipeline, items)  # one batch: they linger together
    finally:
        await deferred_from_coro(pipeline.close_spider())
    assert [getattr(o, "get", lambda _: None)("archive_status") for o in outcomes] == [
        "new",
        "new",
        None,
        "new",
        "new",
        "new",
    ]
    assert isinstance(outcomes[2], DataError)
    stats = crawler.stats.get_stats()
    assert stats["newscrawl/archive/failed_items"] == 1
    assert stats["newscrawl/archive/split_batches"] == 1
    archive = Archive(url)
    try:
        assert archive.count_articles() == 5
        assert all(archive.raw_page(n) is not None for n in range(1, 6))  # pages kept too
    finally:
        archive.close()


@pytest_twisted.ensureDeferred
async def test_a_database_gone_stops_the_crawl_after_a_few_failed_transactions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PostgreSQL server down: the crawl would fetch the rest of the site for nothing (and
    take requests other processes of a shared run would have stored). A blip does not."""
    from sqlalchemy.exc import OperationalError

    pipeline, crawler, _ = _open_pipeline(tmp_path, NEWSCRAWL_ARCHIVE_BATCH_SIZE=1)
    assert pipeline.archive is not None
    store, down = pipeline.archive.store_articles, [True]

    def failing(articles: list[dict[str, Any]], pages: list[Any]) -> Any:
        if down[0]:
            raise OperationalError("INSERT ...", {}, ConnectionError("server closed"))
        return store(articles, pages)

    closed: list[str] = []

    class Engine:
        async def close_spider_async(self, reason: str) -> None:
            closed.append(reason)

    crawler.engine = Engine()
    monkeypatch.setattr(pipeline.archive, "store_articles", failing)
    items = [_page_item(f"https://example.com/story-{n}", f"h{n}") for n in range(6)]
    try:
        for item in items[:2]:  # two failures, then one success: a blip
            await _through(pipeline, [item])
        down[0] = False
        await _through(pipeline, [items[2]])
        down[0] = True
        assert closed == [] and run_failure(crawler.stats) == "2 article pages were not stored"
        for item in items[3:]:  # three in a row
            await _through(pipeline, [item])
    finally:
        await deferred_from_coro(pipeline.close_spider())
    assert closed == ["archive-lost"]
    assert run_failure(crawler.stats) == "the archive was lost: server closed"


async def _through(pipeline: ArchivePipeline, items: list) -> list:
    results = await DeferredList(
        [deferred_from_coro(pipeline.process_item(i)) for i in items], consumeErrors=True
    )
    return [value if ok else value.value for ok, value in results]


@pytest_twisted.ensureDeferred
async def test_archive_pipeline_revisions_304s_and_warc(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/a.sqlite"
    crawler = project_crawler(NEWSCRAWL_DATABASE_URL=url, NEWSCRAWL_WARC_DIR=str(tmp_path / "w"))
    crawler.spider = type("S", (), {"name": "example"})()
    pipeline = ArchivePipeline.from_crawler(crawler)
    pipeline.open_spider()
    try:
        [new] = await _through(pipeline, [_page_item("https://example.com/a-1", "h1")])
        edited = _page_item("https://example.com/a-1", "h2")
        edited["body"] = "A different body."
        [changed] = await _through(pipeline, [edited])
        checked = NotModifiedPage(url="https://example.com/a-1", site="example", etag='"x"')
        unknown = NotModifiedPage(url="https://example.com/z-9", site="example")
        [same, missing] = await _through(pipeline, [checked, unknown])
    finally:
        await deferred_from_coro(pipeline.close_spider())
    assert (new["archive_status"], new["revision"], new["duplicate_of"]) == ("new", 1, None)
    assert (changed["archive_status"], changed["revision"]) == ("changed", 2)
    assert (same["archive_status"], same["revision"], same["body"]) == (
        "unchanged", 2, "A different body.",
    )  # fmt: skip
    assert isinstance(missing, DropItem)
    [warc] = (tmp_path / "w" / "example").glob("*.warc.gz")
    with warc.open("rb") as stream:
        records = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)]
    assert records == ["https://example.com/a-1"] * 2  # the new and the changed version


@pytest_twisted.ensureDeferred
async def test_archive_pipeline_reports_a_takedown_once(tmp_path: Path) -> None:
    """A GonePage (a revisit answered 404 or 410): the archived article, "removed", the
    first time; dropped as still gone after that. Validation and dedupe pass it on."""
    url = f"sqlite:///{tmp_path}/a.sqlite"
    crawler = project_crawler(NEWSCRAWL_DATABASE_URL=url)
    pipeline = ArchivePipeline.from_crawler(crawler)
    pipeline.open_spider()
    gone = GonePage(url="https://example.com/a-1", site="example", reason="http-404")
    assert ValidatePipeline.from_crawler(crawler).process_item(gone) is gone
    assert DedupePipeline.from_crawler(crawler).process_item(gone) is gone
    try:
        await _through(pipeline, [_page_item("https://example.com/a-1", "h1")])
        [removed] = await _through(pipeline, [gone])
        [again] = await _through(pipeline, [gone])
    finally:
        await deferred_from_coro(pipeline.close_spider())
    assert removed["archive_status"] == "removed" and removed["removed_at"]
    assert removed["canonical_url"] == "https://example.com/a-1"
    assert isinstance(again, DropItem)
    assert crawler.stats.get_value("newscrawl/articles/removed") == 1
    assert crawler.stats.get_value("newscrawl/dropped/still-gone") == 1


@pytest_twisted.ensureDeferred
async def test_pages_that_are_not_articles_are_remembered(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/a.sqlite"
    crawler = project_crawler(NEWSCRAWL_DATABASE_URL=url)
    pipeline = ArchivePipeline.from_crawler(crawler)
    pipeline.open_spider()
    page = ArticlePage(url="https://example.com/pdf-1", body=b"%PDF", site="example")
    pipeline.item_dropped(page, drop(None, "binary", page.url))
    pipeline.item_dropped(article("https://example.com/b-2"), drop(None, "short-body", "x"))
    pipeline.item_dropped(article("https://example.com/c-3"), drop(None, "duplicate-url", "x"))
    pipeline.item_dropped(article("https://example.com/d-4"), DropItem("someone else's"))
    await deferred_from_coro(pipeline.close_spider())
    archive = Archive(url)
    try:
        rejected = {
            u: (s.rejected if (s := archive.fetch_state(u)) else None)
            for u in ("https://example.com/pdf-1", "https://example.com/b-2",
                      "https://example.com/c-3", "https://example.com/d-4")
        }  # fmt: skip
    finally:
        archive.close()
    assert list(rejected.values()) == ["binary", "short-body", None, None]


@pytest_twisted.ensureDeferred
async def test_a_warc_write_that_fails_undoes_nothing_the_archive_committed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """WARC files that cannot be written (here a file is in the way of the run's folder):
    the articles are stored and passed on to the feeds, the failure counted and logged once,
    and records are written again once they can be. (The WARC error failed the committed
    articles: the run said they were not stored, and they reached no feed.)"""
    blocked = tmp_path / "w" / "crawl"  # <dir>/<spider>: the spider of project_crawler
    blocked.parent.mkdir()
    blocked.write_text("")
    pipeline, crawler, url = _open_pipeline(tmp_path, NEWSCRAWL_WARC_DIR=str(blocked.parent))
    try:
        items = [_page_item(f"https://example.com/b-{n}", f"hb{n}") for n in range(3)]
        stored = await _through(pipeline, items)
        [another] = await _through(pipeline, [_page_item("https://example.com/b-9", "h9")])
        blocked.unlink()
        [later] = await _through(pipeline, [_page_item("https://example.com/c-1", "hc")])
    finally:
        await deferred_from_coro(pipeline.close_spider())
    assert [i["archive_status"] for i in [*stored, another, later]] == ["new"] * 5
    assert crawler.stats.get_value("newscrawl/warc/failed") == 4
    assert crawler.stats.get_value("newscrawl/articles/new") == 5
    assert run_failure(crawler.stats) is None
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(said) == 1 and f"File exists: {blocked}" in said[0], said
    assert "4 stored articles not in the WARC file" in summarize(crawler.stats)
    [warc] = blocked.glob("*.warc.gz")
    with warc.open("rb") as stream:
        records = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)]
    assert records == ["https://example.com/c-1"]
    archive = Archive(url)
    try:
        assert archive.count_articles() == 5
    finally:
        archive.close()
