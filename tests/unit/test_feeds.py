"""Run feeds' files: written a line at a time, so that a killed crawl's stored articles are
in its feed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exporters import JsonLinesItemExporter
from scrapy.extensions.feedexport import FileFeedStorage
from scrapy.settings import Settings

from newscrawl import settings as project_settings
from newscrawl.feeds import UnbufferedFileFeedStorage

if TYPE_CHECKING:
    from pathlib import Path


def _written(storage_class: type[FileFeedStorage], path: Path) -> bytes:
    """What another process would read of the file after one item, the feed still open."""
    storage = storage_class(str(path))
    stream = storage.open(None)  # type: ignore[arg-type]
    try:
        JsonLinesItemExporter(stream).export_item({"title": "A story"})
        return path.read_bytes()
    finally:
        stream.close()


def test_each_article_is_in_the_file_as_soon_as_it_is_written(tmp_path: Path) -> None:
    assert _written(UnbufferedFileFeedStorage, tmp_path / "a" / "run.jsonl") == (
        b'{"title": "A story"}\n'
    )
    # Scrapy's own storage keeps it in a buffer: a crawl killed now loses the line.
    assert _written(FileFeedStorage, tmp_path / "b.jsonl") == b""


def test_the_project_writes_local_feeds_with_it() -> None:
    storages = Settings(vars(project_settings)).getdict("FEED_STORAGES")
    assert storages[""] == storages["file"] == "newscrawl.feeds.UnbufferedFileFeedStorage"


def test_a_news_crawls_feed_is_named_for_its_site() -> None:
    """Two crawls of the news spider started in the same second (cron) wrote one file."""
    from newscrawl.feeds import uri_params
    from newscrawl.sites import load_profiles
    from newscrawl.spiders.news import NewsSpider
    from newscrawl.spiders.sites import spider_class

    def feed_name(spider: object) -> str:
        return str(uri_params({"name": "x", "time": "T"}, spider)["feed_name"])  # type: ignore[arg-type]

    both = NewsSpider(start_urls="https://www.b.example/world,https://a.example/x")
    assert feed_name(both) == "news/a.example+b.example"
    assert feed_name(NewsSpider(start_urls="https://a.example/x", site="wire")) == "news/wire"
    assert feed_name(spider_class(load_profiles()["jpost"])()) == "jpost"
