"""Copies of listing pages, for conditional requests on the next run.

A scheduled crawl reads the same sitemaps, feeds and section pages at every run. Where the
site gives them validators (``ETag``, ``Last-Modified``), the last copy is kept here; the
next run asks with ``If-None-Match`` / ``If-Modified-Since`` and reads a 304 answer from the
copy. One row per URL (UNIQUE: two processes keeping the same page end with one row, the
later copy). Copies the server has not confirmed for :data:`KEEP_FOR` are forgotten, so
yesterday's daily sitemap does not stay for ever.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from newscrawl.storage.models import ListingPage
from newscrawl.storage.prepared import compress, decompress
from newscrawl.storage.rows import utcnow
from newscrawl.urls import MAX_URL_LENGTH

if TYPE_CHECKING:
    from newscrawl.storage.reading import ArchiveReader

#: How long a copy the server has not confirmed (a 304 or a new copy) is kept: a month
#: covers sites crawled weekly; a listing read less often than that is fetched whole.
KEEP_FOR = timedelta(days=30)


@dataclass(frozen=True)
class Validators:
    """What a conditional request for a kept listing page sends back."""

    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class ListingCopy:
    """A listing page as it was downloaded (body uncompressed, as the spider read it)."""

    url: str
    body: bytes
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None


class ListingCopies:
    """The archive's kept listing pages."""

    def __init__(self, archive: ArchiveReader) -> None:
        self._write = archive._write_sessions
        self._read = archive._read_sessions

    def validators(self, url: str) -> Validators | None:
        """The validators of the kept copy of ``url``, None if there is none."""
        query = select(ListingPage.etag, ListingPage.last_modified).where(ListingPage.url == url)
        with self._read() as session:
            row = session.execute(query).first()
        return None if row is None else Validators(row.etag, row.last_modified)

    def confirmed(self, url: str) -> ListingCopy | None:
        """The kept copy of ``url``, which the server just said is current (a 304).

        None if it is gone (forgotten since it was asked for).
        """
        with self._write.begin() as session:
            row = session.scalars(select(ListingPage).where(ListingPage.url == url)).first()
            if row is None:
                return None
            row.checked_at = utcnow()
            return ListingCopy(
                url=row.url,
                body=decompress(row.compression, row.body),
                content_type=row.content_type,
                etag=row.etag,
                last_modified=row.last_modified,
            )

    def keep(self, copy: ListingCopy) -> bool:
        """Keep ``copy`` in place of the page's earlier one; False if its URL is too long."""
        if len(copy.url) > MAX_URL_LENGTH:
            return False
        now = utcnow()
        method, body = compress(copy.body)
        values = {
            "etag": copy.etag,
            "last_modified": copy.last_modified,
            "content_type": copy.content_type,
            "fetched_at": now,
            "checked_at": now,
            "compression": method,
            "body": body,
        }
        with self._write.begin() as session:
            query = update(ListingPage).where(ListingPage.url == copy.url).values(**values)
            if session.execute(query).rowcount:  # type: ignore[attr-defined]
                return True
            try:
                with session.begin_nested():
                    session.add(ListingPage(url=copy.url, **values))
            except IntegrityError:  # another process kept it first: this copy is later
                session.execute(query)
        return True

    def size(self) -> tuple[int, int]:
        """How many copies are kept, and their bytes as stored (compressed)."""
        query = select(func.count(), func.coalesce(func.sum(func.length(ListingPage.body)), 0))
        with self._read() as session:
            count, stored = session.execute(query).one()
        return int(count), int(stored)

    def forget(self, url: str) -> None:
        """Forget the copy of ``url`` (the page no longer comes with validators)."""
        with self._write.begin() as session:
            session.execute(delete(ListingPage).where(ListingPage.url == url))

    def forget_unconfirmed(self, now: datetime | None = None) -> int:
        """Forget the copies not confirmed for :data:`KEEP_FOR`; return how many."""
        before = (now or utcnow()) - KEEP_FOR
        with self._write.begin() as session:
            result = session.execute(delete(ListingPage).where(ListingPage.checked_at < before))
            return int(result.rowcount)  # type: ignore[attr-defined]
