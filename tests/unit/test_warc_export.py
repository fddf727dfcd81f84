"""The archive's raw pages written as a WARC file (``scrapy export -o pages.warc.gz``)."""

from __future__ import annotations

import errno
from datetime import UTC, datetime
from io import BytesIO
from typing import TYPE_CHECKING, Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from newscrawl.items import ArticlePage
from newscrawl.storage import Archive
from newscrawl.storage.warc import WarcFile, write_warc
from tests.unit.test_archive import article

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

FETCHED = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def _page(url: str, body: bytes, site: str, **fields: Any) -> ArticlePage:
    fields.setdefault("fetched_at", FETCHED)
    return ArticlePage(
        url=url,
        body=body,
        site=site,
        content_type="text/html; charset=windows-1252",
        encoding="cp1252",
        **fields,
    )


def _records(data: bytes) -> Iterator[tuple[str, str | None, object, bytes]]:
    for record in ArchiveIterator(BytesIO(data)):
        uri = record.rec_headers.get_header("WARC-Target-URI")
        yield record.rec_type, uri, record.http_headers, record.content_stream().read()


def test_every_kept_page_of_the_articles_selected(database_url: str) -> None:
    archive = Archive(database_url)
    try:
        one, two = "https://one.example/a-1", "https://two.example/b-2"
        archive.store_articles(
            [article(one, "h1", site="one"), article(two, "h2", site="two")],
            [
                _page(one, b"<html>caf\xe9</html>", "one", etag='"v1"'),
                _page(
                    two, b"<html>two</html>", "two", last_modified="Mon, 02 Nov 2026 09:00:00 GMT"
                ),
            ],
        )
        # An edit: a new revision, and its page kept beside the first.
        archive.store_articles(
            [article(one, "h1-edited", site="one", body="Edited.")],
            [_page(one, b"<html>edited</html>", "one", fetched_at=FETCHED.replace(hour=12))],
        )
        stream = BytesIO()
        assert write_warc(archive.iter_raw_pages(), stream) == 3
        records = list(_records(stream.getvalue()))
        assert [r[0] for r in records] == ["warcinfo", "response", "response", "response"]
        assert [r[1] for r in records[1:]] == [one, two, one]
        _, _, headers, body = records[1]
        assert body == b"<html>caf\xe9</html>"  # the bytes as received, not re-encoded
        assert headers.get_statuscode() == "200"  # type: ignore[attr-defined]
        assert headers.get_header("Content-Type") == "text/html; charset=windows-1252"  # type: ignore[attr-defined]
        assert headers.get_header("ETag") == '"v1"'  # type: ignore[attr-defined]
        assert records[2][2].get_header("Last-Modified").startswith("Mon, 02 Nov")  # type: ignore[attr-defined]
        assert records[3][3] == b"<html>edited</html>"
        dates = [
            record.rec_headers.get_header("WARC-Date")
            for record in ArchiveIterator(BytesIO(stream.getvalue()))
            if record.rec_type == "response"
        ]
        assert dates == ["2026-11-02T09:30:00Z", "2026-11-02T09:30:00Z", "2026-11-02T12:30:00Z"]

        # Selected as articles are (site), and by when the page was fetched (since).
        assert [p.url for p in archive.iter_raw_pages(site="two")] == [two]
        since = FETCHED.replace(hour=10)
        assert [p.fetched_at.hour for p in archive.iter_raw_pages(since=since)] == [12]
    finally:
        archive.close()


def test_an_archive_without_pages_gives_a_file_of_its_warcinfo_alone(
    tmp_path: pytest.TempPathFactory,
) -> None:
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        archive.store_articles([article("https://one.example/a-1")], [None])
        stream = BytesIO()
        assert write_warc(archive.iter_raw_pages(), stream, gzip=False) == 0
        assert stream.getvalue().startswith(b"WARC/1.0\r\n")
        assert [r[0] for r in _records(stream.getvalue())] == ["warcinfo"]
    finally:
        archive.close()


class _DiskFull:
    """A file that takes ``room`` more bytes, then fails as a full disk does."""

    def __init__(self, stream: Any, room: int) -> None:
        self.stream, self.room = stream, room

    def write(self, data: Any) -> int:
        if len(data) > self.room:
            self.stream.write(data[: self.room])
            self.room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return int(self.stream.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def test_a_run_warc_file_keeps_whole_records_when_the_disk_fills(tmp_path: Path) -> None:
    """A write cut short by a full disk is taken back: a gzip member cut in the middle made
    every record after it unreadable. Once there is room again, records are appended."""
    warc = WarcFile(tmp_path / "demo" / "run.warc.gz")
    warc.write(_page("https://example.com/a-1", b"<p>one</p>", "example"))
    full = _DiskFull(warc._stream, room=10)
    warc._stream = full  # type: ignore[assignment]
    with pytest.raises(OSError, match="No space"):
        warc.write(_page("https://example.com/b-2", b"<p>two</p>" * 500, "example"))
    full.room = 10**6
    warc.write(_page("https://example.com/c-3", b"<p>three</p>", "example"))
    warc.close()
    uris = [uri for _, uri, _, _ in _records((tmp_path / "demo" / "run.warc.gz").read_bytes())]
    assert uris == ["https://example.com/a-1", "https://example.com/c-3"]
    assert warc.records == 2
