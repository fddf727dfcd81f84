from pathlib import Path
from typing import Any

import pytest
import pytest_twisted
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.test import get_crawler
from twisted.internet.defer import DeferredList

from newscrawl.items import PAGE_KEY, ArticlePage
from newscrawl.pipelines.archive import ArchivePipeline
from newscrawl.pipelines.dedupe import DedupePipeline
from newscrawl.storage import Archive
from tests.unit.test_archive import article
from tests.utils import project_crawler


def test_dedupe_drops_url_variants_and_identical_content() -> None:
    crawler = get_crawler()
    pipeline = DedupePipeline.from_crawler(crawler)
    first = article("https://www.example.com/a-1")
    assert pipeline.process_item(first) is first
    with pytest.raises(DropItem, match="duplicate-url"):
        pipeline.process_item(article("http://example.com/a-1/?utm_source=rss", "other-hash"))
    with pytest.raises(DropItem, match="duplicate-content"):
        pipeline.process_item(article("https://example.com/copy-of-a"))
    assert pipeline.process_item(article("https://example.com/b-2", "h2"))["url"].endswith("b-2")
    stats = crawler.stats.get_stats()
    assert stats["newscrawl/dropped/duplicate-url"] == 1
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


@pytest_twisted.ensureDeferred
async def test_archive_pipeline_group_commits_and_sets_status(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/a.sqlite"
    crawler = project_crawler(NEWSCRAWL_DATABASE_URL=url, NEWSCRAWL_ARCHIVE_BATCH_SIZE=10)
    pipeline = ArchivePipeline.from_crawler(crawler)
    pipeline.open_spider()
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
