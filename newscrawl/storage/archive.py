"""The archive's operations, named after what the rest of newscrawl needs.

:class:`Archive` wraps an engine (any SQLAlchemy URL) whose schema it brings up to date on
open. Writing goes through :meth:`Archive.store_articles`, one transaction per batch, which
decides for every article whether it is new, changed, unchanged or a duplicate of another
archived article. The UNIQUE constraint on ``url_key`` makes the decision safe when several
processes write to the same database: a lost race turns into "already archived", never into
a second row. Nothing here imports Scrapy.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from newscrawl.storage.engine import (
    create_archive_engine,
    lock_keys,
    upgrade_schema,
    write_engine,
)
from newscrawl.storage.models import Article, FetchFailure, RawPage
from newscrawl.urls import url_key

if TYPE_CHECKING:
    from newscrawl.items import ArticlePage

import zstandard

#: Article fields stored in their own columns; everything else goes to ``extra``.
ARTICLE_COLUMNS = (
    "url", "canonical_url", "site", "title", "authors", "published_at", "modified_at",
    "section", "tags", "language", "description", "body", "image_url", "image_caption",
    "image_credit", "word_count", "content_hash", "crawled_at",
)  # fmt: skip
#: Item keys that describe this crawl, not the article, and are never stored.
_TRANSIENT_KEYS = frozenset({"archive_status", "revision", "duplicate_of", "_page"})
# SQLite allows 32766 bound parameters per statement; stay far below.
_IN_CHUNK = 500


@dataclass(frozen=True)
class StoreResult:
    """What the archive did with one article of a batch."""

    #: "new", "changed", "unchanged" or "duplicate" (same content under another URL).
    status: str
    article_id: int
    url_key: str


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def compress(body: bytes) -> tuple[str, bytes]:
    """Compress a raw page; returns the method name and the compressed bytes."""
    # zstd makes news HTML smaller than gzip does, several times faster.
    return "zstd", zstandard.ZstdCompressor(level=6).compress(body)


def decompress(method: str, data: bytes) -> bytes:
    """Undo :func:`compress`."""
    if method == "zstd":
        return zstandard.ZstdDecompressor().decompress(data)
    if method == "gzip":
        return gzip.decompress(data)
    raise ValueError(f"unknown compression {method!r}")


class Archive:
    """An open archive database."""

    def __init__(self, database_url: str, *, keep_raw: bool = True) -> None:
        self.database_url = database_url
        self.keep_raw = keep_raw
        self.engine = create_archive_engine(database_url)
        upgrade_schema(self.engine)
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(write_engine(self.engine), expire_on_commit=False)

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    # --- writing ------------------------------------------------------------------------

    def store_articles(
        self, articles: Sequence[dict[str, Any]], pages: Sequence[ArticlePage | None]
    ) -> list[StoreResult]:
        """Store a batch of extracted articles (and their raw pages) in one transaction."""
        now = _utcnow()
        keys = [url_key(a["canonical_url"]) for a in articles]
        with self._write_sessions.begin() as session:
            lock_keys(session, [*keys, *(f"content:{a['content_hash']}" for a in articles)])
            known = {a.url_key: a for a in _load_by(session, Article.url_key, keys)}
            hashes = [a["content_hash"] for a in articles]
            by_hash = {a.content_hash: a for a in _load_by(session, Article.content_hash, hashes)}
            results = []
            for article, page, key in zip(articles, pages, keys, strict=True):
                row = known.get(key)
                if row is None and article["content_hash"] in by_hash:
                    duplicate = by_hash[article["content_hash"]]
                    results.append(StoreResult("duplicate", duplicate.id, key))
                    continue
                if row is None:
                    row, inserted = self._insert(session, article, key, now)
                    known[key] = row
                    by_hash.setdefault(row.content_hash, row)
                    if inserted:
                        self._add_raw(session, row, page)
                        results.append(StoreResult("new", row.id, key))
                        continue
                results.append(self._update(session, row, article, page, now))
        return results

    @staticmethod
    def _insert(
        session: Session, article: dict[str, Any], key: str, now: datetime
    ) -> tuple[Article, bool]:
        """Insert a new article; returns its row and whether this call inserted it."""
        row = Article(url_key=key, first_seen_at=now, last_seen_at=now, **_columns(article))
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:
            # Another process stored this URL since we looked: carry on with its row.
            return session.scalars(select(Article).where(Article.url_key == key)).one(), False
        return row, True

    def _update(
        self,
        session: Session,
        row: Article,
        article: dict[str, Any],
        page: ArticlePage | None,
        now: datetime,
    ) -> StoreResult:
        row.last_seen_at = now
        if row.content_hash == article["content_hash"]:
            return StoreResult("unchanged", row.id, row.url_key)
        for name, value in _columns(article).items():
            setattr(row, name, value)
        self._add_raw(session, row, page)
        return StoreResult("changed", row.id, row.url_key)

    def _add_raw(self, session: Session, row: Article, page: ArticlePage | None) -> None:
        if page is None or not self.keep_raw:
            return
        session.flush()
        method, data = compress(page.body)
        session.add(
            RawPage(
                article_id=row.id,
                url=page.url,
                fetched_at=page.fetched_at.astimezone(UTC).replace(tzinfo=None),
                status=page.status,
                content_type=page.content_type,
                encoding=page.encoding,
                etag=page.etag,
                last_modified=page.last_modified,
                compression=method,
                size=len(page.body),
                body=data,
            )
        )

    def record_failure(self, url: str, site: str, reason: str, attempts: int) -> None:
        """Remember that fetching ``url`` failed for good in this run."""
        with self._write_sessions.begin() as session:
            row = session.scalars(select(FetchFailure).where(FetchFailure.url == url)).first()
            if row is None:
                row = FetchFailure(url=url, site=site)
                session.add(row)
            row.reason, row.attempts, row.failed_at = reason, attempts, _utcnow()

    def clear_failure(self, url: str) -> None:
        """Forget a failure (the URL was fetched after all)."""
        with self._write_sessions.begin() as session:
            session.execute(delete(FetchFailure).where(FetchFailure.url == url))

    def failed_urls(self, site: str) -> list[str]:
        """URLs of ``site`` that earlier runs failed to fetch, oldest failure first."""
        query = (
            select(FetchFailure.url)
            .where(FetchFailure.site == site)
            .order_by(FetchFailure.failed_at)
        )
        with self._read_sessions() as session:
            return list(session.scalars(query))

    # --- reading ------------------------------------------------------------------------

    def is_archived(self, url: str) -> bool:
        """Whether an article with this URL (or a variant of it) is in the archive."""
        with self._read_sessions() as session:
            found = session.scalar(select(Article.id).where(Article.url_key == url_key(url)))
        return found is not None

    def count_articles(self, site: str | None = None) -> int:
        """Number of archived articles, of one site or of all."""
        query = select(func.count(Article.id))
        if site is not None:
            query = query.where(Article.site == site)
        with self._read_sessions() as session:
            return session.scalar(query) or 0

    def iter_articles(
        self, site: str | None = None, since: datetime | None = None
    ) -> Iterator[dict[str, Any]]:
        """Archived articles as contract dicts, oldest first, streamed in chunks.

        ``since`` (an aware datetime, or naive UTC) keeps articles first archived at or
        after that time.
        """
        query = select(Article).order_by(Article.id)
        if site is not None:
            query = query.where(Article.site == site)
        if since is not None:
            if since.tzinfo is not None:
                since = since.astimezone(UTC).replace(tzinfo=None)
            query = query.where(Article.first_seen_at >= since)
        with self._read_sessions() as session:
            for row in session.scalars(query.execution_options(yield_per=500)):
                yield article_dict(row)
                session.expunge(row)

    def raw_page(self, article_id: int) -> RawPage | None:
        """The newest raw page stored for an article."""
        with self._read_sessions() as session:
            return session.scalars(
                select(RawPage)
                .where(RawPage.article_id == article_id)
                .order_by(RawPage.id.desc())
                .limit(1)
            ).first()


def article_dict(row: Article) -> dict[str, Any]:
    """An archived article as a contract dict (extra fields included)."""
    data = {name: getattr(row, name) for name in ARTICLE_COLUMNS}
    data.update(row.extra or {})
    return data


def _columns(article: dict[str, Any]) -> dict[str, Any]:
    columns = {name: article.get(name) for name in ARTICLE_COLUMNS}
    columns["authors"] = list(columns["authors"] or [])
    columns["tags"] = list(columns["tags"] or [])
    columns["extra"] = {
        k: v for k, v in article.items() if k not in ARTICLE_COLUMNS and k not in _TRANSIENT_KEYS
    }
    return columns


def _load_by(session: Session, column: Any, values: Sequence[str]) -> list[Article]:
    unique = list(dict.fromkeys(values))
    rows: list[Article] = []
    for start in range(0, len(unique), _IN_CHUNK):
        chunk = unique[start : start + _IN_CHUNK]
        rows.extend(session.scalars(select(Article).where(column.in_(chunk))))
    return rows
