"""WARC files of the raw responses, written with warcio (ISO 28500, the web-archive format).

Optional (``NEWSCRAWL_WARC_DIR``): the archive database keeps every stored article's raw
page anyway; WARC files are for tools of the web-archiving world (pywb, replay, CDX
indexes). One gzipped file per run; a record is appended once its article is committed,
so a file holds no article the archive does not have.

:func:`write_warc` writes the pages the archive kept as a WARC file after the fact
(``scrapy export -o pages.warc.gz``), for crawls made without ``NEWSCRAWL_WARC_DIR``. The
archive keeps of a response its status, body and the headers it uses (Content-Type, ETag,
Last-Modified, and Date: when the server made the response, a cache's Age taken off), so
those are the records' HTTP headers; a warcinfo record says so.

The next pages of an article split over several follow its page as response records of
their own, with two fields of newscrawl's in their WARC headers: :data:`ARTICLE_FIELD`, the
URL of the article's first page, and :data:`PAGE_FIELD`, the page's number (2, 3, ...).
``scrapy importwarc`` reads them as the article's pages, not as articles of their own.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime
from email.utils import format_datetime
from http import HTTPStatus
from io import BytesIO, FileIO
from os import SEEK_END
from typing import IO, TYPE_CHECKING

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.storage.prepared import decompress

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from newscrawl.items import ArticlePage
    from newscrawl.storage.models import RawPage

#: WARC header field of a record that is a next page of an article: the URL of its first page.
ARTICLE_FIELD = "Newscrawl-Article"
#: WARC header field of such a record: the page's number in the article (2 for the second).
PAGE_FIELD = "Newscrawl-Article-Page"

# The body stored is the decoded one: these headers would describe another byte stream.
_DROPPED_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


class WarcFile:
    """A WARC file that response records are appended to (created on the first one).

    An article's records are appended whole or not at all: a write that fails (a disk full)
    cuts the file back to where it was, as a gzip member cut short would leave every record
    after it unreadable. The error is raised for the caller to count.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stream: FileIO | None = None
        #: Bytes of the file that hold whole records.
        self._size = 0
        self.records = 0

    def write(self, page: ArticlePage) -> None:
        """Append the response of ``page`` (and of its next pages)."""
        records = BytesIO()
        writer = WARCWriter(records, gzip=True)
        pages = (page, *page.more_pages)
        for number, each in enumerate(pages, 1):
            headers = [(k, v) for k, v in each.headers if k.lower() not in _DROPPED_HEADERS]
            fields = _page_fields(page.url, number)
            write_response(
                writer, each.url, each.status, headers, each.body, each.fetched_at, fields
            )
        if self._stream is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Unbuffered: a record is in the file once written (the archive has committed
            # its article), and a failed write leaves nothing behind in a buffer.
            self._stream = self.path.open("ab", buffering=0)
            self._size = self._stream.seek(0, SEEK_END)
        data = records.getbuffer()
        try:
            written = 0
            while written < len(data):
                written += self._stream.write(data[written:]) or 0
        except OSError:
            with suppress(OSError):
                self._stream.truncate(self._size)
            raise
        self._size += len(data)
        self.records += len(pages)

    def close(self) -> None:
        """Close the file."""
        if self._stream is not None:
            self._stream.close()
            self._stream = None


def write_warc(pages: Iterable[RawPage], stream: IO[bytes], *, gzip: bool = True) -> int:
    """Write the archive's raw ``pages`` to ``stream`` as WARC records; return how many.

    A warcinfo record first, then a response record a page, fetched when the page was.
    """
    writer = WARCWriter(stream, gzip=gzip)
    info = {
        "software": "newscrawl (scrapy export)",
        "format": "WARC File Format 1.0",
        "description": "Pages kept by a newscrawl archive. HTTP headers: those the archive "
        "keeps (Content-Type, ETag, Last-Modified, Date); bodies as received, "
        "content-decoded.",
    }
    writer.write_record(writer.create_warcinfo_record("", info))
    count = 0
    for raw in pages:
        kept = (
            ("Content-Type", raw.content_type),
            ("ETag", raw.etag),
            ("Last-Modified", raw.last_modified),
            ("Date", _http_date(raw.served_at) if raw.served_at else None),
        )
        headers = [(name, value) for name, value in kept if value]
        body = decompress(raw.compression, raw.body)
        write_response(writer, raw.url, raw.status, headers, body, raw.fetched_at)
        count += 1
        for part in raw.parts:
            kept_part = [("Content-Type", part.content_type)] if part.content_type else []
            part_body = decompress(part.compression, part.body)
            fields = _page_fields(raw.url, part.number)
            write_response(
                writer, part.url, part.status, kept_part, part_body, part.fetched_at, fields
            )
            count += 1
    return count


def _page_fields(article_url: str, number: int) -> dict[str, str]:
    """The WARC header fields of page ``number`` of the article at ``article_url``."""
    return {ARTICLE_FIELD: article_url, PAGE_FIELD: str(number)} if number > 1 else {}


def _http_date(value: datetime) -> str:
    """``value`` (naive: UTC) as an HTTP date."""
    return format_datetime(value.replace(tzinfo=UTC) if value.tzinfo is None else value, True)


def write_response(
    writer: WARCWriter,
    url: str,
    status: int,
    headers: list[tuple[str, str]],
    body: bytes,
    fetched_at: datetime,
    fields: dict[str, str] | None = None,
) -> None:
    """Append a response record: ``body`` under ``headers``, fetched at ``fetched_at``.

    A naive ``fetched_at`` is UTC (as the archive keeps times); ``fields``: more WARC header
    fields.
    """
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Unknown"
    http_headers = StatusAndHeaders(
        f"{status} {reason}", [*headers, ("Content-Length", str(len(body)))], protocol="HTTP/1.1"
    )
    when = fetched_at if fetched_at.tzinfo else fetched_at.replace(tzinfo=UTC)
    record = writer.create_warc_record(
        url,
        "response",
        payload=BytesIO(body),
        length=len(body),
        http_headers=http_headers,
        warc_headers_dict={
            "WARC-Date": when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            **(fields or {}),
        },
    )
    writer.write_record(record)
