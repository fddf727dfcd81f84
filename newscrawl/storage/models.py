"""SQLAlchemy models of the archive.

The schema itself is owned by the Alembic migrations in ``storage/migrations``; these models
must describe the same tables (a test compares them).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, LargeBinary, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of the archive models."""

    # Deterministic constraint names, so that migrations can refer to them on every backend.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class Article(Base):
    """The latest known version of one article: one row per URL key."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Deduplication key (newscrawl.urls.url_key of the canonical URL): UNIQUE, so that no
    #: article is stored twice, even when two crawler processes race.
    url_key: Mapped[str] = mapped_column(String(2048), unique=True)
    canonical_url: Mapped[str] = mapped_column(String(2048))
    url: Mapped[str] = mapped_column(String(2048))
    site: Mapped[str] = mapped_column(String(100), index=True)
    title: Mapped[str] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: ISO 8601 with UTC offset, as the page gave it (the offset is information).
    published_at: Mapped[str | None] = mapped_column(String(40))
    modified_at: Mapped[str | None] = mapped_column(String(40))
    section: Mapped[str | None] = mapped_column(String(200))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    language: Mapped[str | None] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    image_url: Mapped[str | None] = mapped_column(String(2048))
    image_caption: Mapped[str | None] = mapped_column(Text)
    image_credit: Mapped[str | None] = mapped_column(String(500))
    word_count: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    #: Everything else the extractor returned (field sources, paywall flag, ...).
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: ISO 8601 time of the crawl that produced the stored version.
    crawled_at: Mapped[str] = mapped_column(String(40))
    #: When the archive first and last saw the article (naive UTC).
    first_seen_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)


class RawPage(Base):
    """The raw response an article version was extracted from, compressed."""

    __tablename__ = "raw_pages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(2048))
    fetched_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(200))
    encoding: Mapped[str | None] = mapped_column(String(50))
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    #: "zstd" or "gzip": how ``body`` is compressed.
    compression: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)
    body: Mapped[bytes] = mapped_column(LargeBinary)


class FetchFailure(Base):
    """A URL a crawl gave up on (after its retries); the next run of the site retries it."""

    __tablename__ = "fetch_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    site: Mapped[str] = mapped_column(String(100), index=True)
    #: Short reason: "http-503", "timeout", "connection-refused", ...
    reason: Mapped[str] = mapped_column(String(200))
    #: Attempts made in the last run that tried it.
    attempts: Mapped[int] = mapped_column(Integer)
    failed_at: Mapped[datetime] = mapped_column(DateTime)
