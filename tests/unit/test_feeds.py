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
