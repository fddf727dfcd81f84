"""WARC files of the raw responses, written with warcio (ISO 28500, the web-archive format).

Optional (``NEWSCRAWL_WARC_DIR``): the archive database keeps every stored article's raw
page anyway; WARC files are for tools of the web-archiving world (pywb, replay, CDX
indexes). One gzipped file per run; a record is appended once its article is committed,
so a file holds no article the archive does not have.
"""

from __future__ import annotations

from datetime import UTC
from http import HTTPStatus
from io import BytesIO
from typing import TYPE_CHECKING, BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

if TYPE_CHECKING:
    from pathlib import Path

    from newscrawl.items import ArticlePage

# The body stored is the decoded one: these headers would describe another byte stream.
_DROPPED_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


class WarcFile:
    """A WARC file that response records are appended to (created on the first one)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stream: BinaryIO | None = None
        self._writer: WARCWriter | None = None
        self.records = 0

    def write(self, page: ArticlePage) -> None:
        """Append the response of ``page``."""
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._stream = self.path.open("ab")
            self._writer = WARCWriter(self._stream, gzip=True)
        headers = [(k, v) for k, v in page.headers if k.lower() not in _DROPPED_HEADERS]
        headers.append(("Content-Length", str(len(page.body))))
        try:
            reason = HTTPStatus(page.status).phrase
        except ValueError:
            reason = "Unknown"
        http_headers = StatusAndHeaders(f"{page.status} {reason}", headers, protocol="HTTP/1.1")
        record = self._writer.create_warc_record(
            page.url,
            "response",
            payload=BytesIO(page.body),
            length=len(page.body),
            http_headers=http_headers,
            warc_headers_dict={
                "WARC-Date": page.fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            },
        )
        self._writer.write_record(record)
        self.records += 1

    def flush(self) -> None:
        """Push written records to the file."""
        if self._stream is not None:
            self._stream.flush()

    def close(self) -> None:
        """Close the file."""
        if self._stream is not None:
            self._stream.close()
            self._stream = self._writer = None
