"""SQLAlchemy models of the archive.

The schema itself is owned by the Alembic migrations in ``storage/migrations``; these models
must describe the same tables (a test compares them).

Bounded text columns are :class:`Bounded`: a value longer than the column is cut to it as
it is written. SQLite ignores a VARCHAR's length, PostgreSQL refuses a longer value with an
error that aborts the whole transaction: one article's 300-character section, or one
server's 1 KB ETag, would cost every article stored with it. The URL keys of articles are
the exception (``String``): a cut key would be another article's, and articles whose URL
is longer than :data:`newscrawl.urls.MAX_URL_LENGTH` are dropped before they get here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class NulFreeText(TypeDecorator[str]):
    r"""``TEXT`` without NUL characters: PostgreSQL's text holds none (the write would fail).

    The extractor leaves none in what it gives; the archive, which must keep on SQLite what
    it keeps on PostgreSQL, holds to that whoever hands it a text.

    >>> NulFreeText().process_bind_param("a\0b", None)
    'ab'
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect | None) -> str | None:
        """The value as stored: without NUL characters."""
        return _without_nul(value)


class Bounded(TypeDecorator[str]):
    r"""``VARCHAR(length)`` that cuts a longer value to ``length`` characters when written.

    Without NUL characters, as :class:`NulFreeText` (header values, URLs).

    >>> Bounded(5).process_bind_param("abcdefgh", None), Bounded(5).process_bind_param("a\0b", None)
    ('abcde', 'ab')
    """

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect | None) -> str | None:
        """The value as stored: at most the column's length, without NUL characters."""
        value = _without_nul(value)
        length: int | None = getattr(self.impl_instance, "length", None)
        if value is not None and length is not None and len(value) > length:
            return value[:length]
        return value


def _without_nul(value: str | None) -> str | None:
    """``value`` without NUL characters, which PostgreSQL's text cannot hold."""
    return None if value is None else value.replace("\0", "")


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
    # A site's articles first seen since a time: the revisits a run asks the archive for
    # (migration 0012); by the site index alone, every article of the site is read.
    __table_args__ = (Index("ix_articles_site_first_seen_at", "site", "first_seen_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Deduplication key (newscrawl.urls.url_key of the canonical URL): UNIQUE, so that no
    #: article is stored twice, even when two crawler processes race.
    url_key: Mapped[str] = mapped_column(String(2048), unique=True)
    canonical_url: Mapped[str] = mapped_column(Bounded(2048))
    url: Mapped[str] = mapped_column(Bounded(2048))
    site: Mapped[str] = mapped_column(Bounded(100), index=True)
    title: Mapped[str] = mapped_column(NulFreeText)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: ISO 8601 with UTC offset, as the page gave it (the offset is information).
    published_at: Mapped[str | None] = mapped_column(Bounded(40), index=True)
    modified_at: Mapped[str | None] = mapped_column(Bounded(40))
    section: Mapped[str | None] = mapped_column(Bounded(200))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    language: Mapped[str | None] = mapped_column(Bounded(16))
    description: Mapped[str | None] = mapped_column(NulFreeText)
    body: Mapped[str] = mapped_column(NulFreeText)
    image_url: Mapped[str | None] = mapped_column(Bounded(2048))
    image_caption: Mapped[str | None] = mapped_column(NulFreeText)
    image_credit: Mapped[str | None] = mapped_column(Bounded(500))
    word_count: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(Bounded(64), index=True)
    #: Everything else the extractor returned (field sources, paywall flag, ...).
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: ISO 8601 time of the crawl that produced the stored version.
    crawled_at: Mapped[str] = mapped_column(Bounded(40))
    #: When the archive first and last saw the article (naive UTC). ``last_seen_at`` is also
    #: "last checked": a 304 answer to a revisit moves it on.
    first_seen_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)
    #: When the article's URL was first found answering 404 or 410 (naive UTC): the
    #: publisher took it down. None while it is online (cleared when seen again).
    removed_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: Number of the revision the row shows (the latest; 1 for an article never changed).
    revision: Mapped[int] = mapped_column(Integer, server_default="1")
    #: ``articles.id`` of the earlier article this one copies (syndicated or lightly edited
    #: copy), or None. No FOREIGN KEY: SQLite cannot add one to an existing table in place.
    duplicate_of: Mapped[int | None] = mapped_column(Integer, index=True)
    #: Validators of the last response, sent back in conditional revisits.
    etag: Mapped[str | None] = mapped_column(Bounded(500))
    last_modified: Mapped[str | None] = mapped_column(Bounded(100))


class RawPage(Base):
    """The raw response an article version was extracted from, compressed."""

    __tablename__ = "raw_pages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(Bounded(2048))
    fetched_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(Bounded(200))
    encoding: Mapped[str | None] = mapped_column(Bounded(50))
    etag: Mapped[str | None] = mapped_column(Bounded(500))
    last_modified: Mapped[str | None] = mapped_column(Bounded(100))
    #: When the server made the response (its Date header less a cache's Age; None: it did
    #: not say), an input of the page's extraction (:mod:`newscrawl.served`).
    served_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: What the feed or news sitemap that listed the page said of it (``Listing.to_json``;
    #: None: nothing), an input of the page's extraction as ``encoding`` is.
    listing: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    #: "zstd" or "gzip": how ``body`` is compressed.
    compression: Mapped[str] = mapped_column(Bounded(10))
    size: Mapped[int] = mapped_column(Integer)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    #: The article's next pages, fetched with this one (most articles have none). Loaded
    #: with the page, in one more query for all the pages a query reads.
    parts: Mapped[list[RawPagePart]] = relationship(
        order_by="RawPagePart.number", lazy="selectin", cascade="all, delete-orphan"
    )


class RawPagePart(Base):
    """A next page of an article split over several, fetched with the raw page it follows.

    The article's body is extracted from its raw page and these, in ``number`` order
    (:mod:`newscrawl.extract.pagination`): ``scrapy reprocess`` reads them again.
    """

    __tablename__ = "raw_page_parts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    raw_page_id: Mapped[int] = mapped_column(
        ForeignKey("raw_pages.id", ondelete="CASCADE"), index=True
    )
    #: The page's number in the article: 2 for the page after the raw page, and so on.
    number: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(Bounded(2048))
    fetched_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(Bounded(200))
    encoding: Mapped[str | None] = mapped_column(Bounded(50))
    #: "zstd" or "gzip": how ``body`` is compressed.
    compression: Mapped[str] = mapped_column(Bounded(10))
    size: Mapped[int] = mapped_column(Integer)
    body: Mapped[bytes] = mapped_column(LargeBinary)


class FetchFailure(Base):
    """A URL a crawl gave up on (after its retries); the next run of the site retries it."""

    __tablename__ = "fetch_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Bounded(2048), unique=True)
    site: Mapped[str] = mapped_column(Bounded(100), index=True)
    #: Short reason: "http-503", "timeout", "connection-refused", ...
    reason: Mapped[str] = mapped_column(Bounded(200))
    #: Attempts made in the last run that tried it.
    attempts: Mapped[int] = mapped_column(Integer)
    failed_at: Mapped[datetime] = mapped_column(DateTime)


class ArticleRevision(Base):
    """One version of an article's content; the article row shows the latest one."""

    __tablename__ = "article_revisions"
    __table_args__ = (UniqueConstraint("article_id", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    #: 1, 2, 3... per article.
    revision: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(NulFreeText)
    description: Mapped[str | None] = mapped_column(NulFreeText)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    published_at: Mapped[str | None] = mapped_column(Bounded(40))
    modified_at: Mapped[str | None] = mapped_column(Bounded(40))
    body: Mapped[str] = mapped_column(NulFreeText)
    word_count: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(Bounded(64))
    #: When this version was first seen (naive UTC).
    seen_at: Mapped[datetime] = mapped_column(DateTime)
    #: What made the revision: "crawl", "import" (``scrapy importwarc``), "reprocess" or
    #: "migration" (rows of older archives).
    source: Mapped[str] = mapped_column(Bounded(20))
    #: The raw page this version was extracted from, if kept.
    raw_page_id: Mapped[int | None] = mapped_column(ForeignKey("raw_pages.id", ondelete="SET NULL"))


class ArticleUrl(Base):
    """Another URL key that leads to an archived article (redirect, fetched URL, exact copy).

    The incremental middleware looks request URLs up here too, so that a page that turned
    out to be a known article is not downloaded again on the next run.
    """

    __tablename__ = "article_urls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url_key: Mapped[str] = mapped_column(Bounded(2048), unique=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(Bounded(2048))
    #: "fetched" (the page's own URL), "redirect" or "copy" (same content, same site).
    reason: Mapped[str] = mapped_column(Bounded(20))
    added_at: Mapped[datetime] = mapped_column(DateTime)


class ArticleTakedown(Base):
    """A time an archived article was taken down: its URL answered 404 or 410.

    ``articles.removed_at`` says whether it is down now; these rows keep every period,
    ended ones included, for ``scrapy history``: a story pulled for a legal review and put
    back is part of its record.
    """

    __tablename__ = "article_takedowns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    #: When the article was first found gone (naive UTC).
    removed_at: Mapped[datetime] = mapped_column(DateTime)
    #: When it was seen online again; None while it is down.
    restored_at: Mapped[datetime | None] = mapped_column(DateTime)


class RejectedUrl(Base):
    """An article-looking URL whose page was not an article (PDF, soft 404, too short...).

    Remembered so that the next runs do not download it again at once; it is checked again
    after ``NEWSCRAWL_RECHECK_REJECTED_FIRST`` at first, then after waits that double, up
    to ``NEWSCRAWL_RECHECK_REJECTED_AFTER``.
    """

    __tablename__ = "rejected_urls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url_key: Mapped[str] = mapped_column(Bounded(2048), unique=True)
    url: Mapped[str] = mapped_column(Bounded(2048))
    site: Mapped[str] = mapped_column(Bounded(100))
    #: The drop reason: "not-html", "short-body", "error-page", ...
    reason: Mapped[str] = mapped_column(Bounded(100))
    #: When the page was last rejected.
    rejected_at: Mapped[datetime] = mapped_column(DateTime)
    #: When it was first rejected, of the rejections in a row (null: rejected once, or
    #: before 0016): how long it has not been an article, which sets the next recheck.
    first_rejected_at: Mapped[datetime | None] = mapped_column(DateTime)


class MinhashSignature(Base):
    """MinHash signature of an article body (near-duplicate detection)."""

    __tablename__ = "minhash_signatures"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    #: The signature's hash values as little-endian uint32.
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class MinhashBand(Base):
    """One LSH band of an article's signature: articles sharing a band are candidates."""

    __tablename__ = "minhash_bands"
    # Candidates are looked up by band key, oldest article first: this index answers that
    # without reading the table (migration 0005).
    __table_args__ = (Index("ix_minhash_bands_band_key_article_id", "band_key", "article_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    #: Signed 64-bit hash of (band number, the band's hash values).
    band_key: Mapped[int] = mapped_column(BigInteger)


class CrawlRun(Base):
    """One ``scrapy crawl``: when, what, and what came of it."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    spider: Mapped[str] = mapped_column(Bounded(100))
    #: What the run lock is named after: the site (see CrawlLock).
    run_key: Mapped[str] = mapped_column(Bounded(300), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    #: Null while running, or when the process died without closing.
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime)
    #: Scrapy's close reason ("finished", "shutdown", ...), "failed" (finished without
    #: doing its work), "locked" or "died".
    finish_reason: Mapped[str | None] = mapped_column(Bounded(100))
    pid: Mapped[int] = mapped_column(Integer)
    host: Mapped[str] = mapped_column(Bounded(255))
    requests: Mapped[int] = mapped_column(Integer, default=0)
    articles_new: Mapped[int] = mapped_column(Integer, default=0)
    articles_changed: Mapped[int] = mapped_column(Integer, default=0)
    articles_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    #: Archived articles whose URL answered 404 or 410 (taken down), and taken-down ones
    #: online again (restored); null for runs recorded before 0015.
    articles_removed: Mapped[int | None] = mapped_column(Integer, default=0)
    articles_restored: Mapped[int | None] = mapped_column(Integer, default=0)
    #: Article requests the incremental middleware did not send (archived, not due).
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    #: Drop counts by reason ({"short-body": 3, ...}).
    dropped: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    #: Listing pages (sections, feeds, sitemaps) that gave no articles, by reason
    #: ({"no-article-links": 1, "not-fetched": 2}); null for runs recorded before 0006.
    listing_problems: Mapped[dict[str, int] | None] = mapped_column(JSON, default=dict)
    #: Article pages that could not be fetched, by reason ({"http-403": 3,
    #: "TimeoutError": 1}); null for runs recorded before 0007.
    articles_not_fetched: Mapped[dict[str, int] | None] = mapped_column(JSON, default=dict)
    #: Why a ``failed`` run failed (the summary's words), else null.
    failure: Mapped[str | None] = mapped_column(NulFreeText)


class CrawlLock(Base):
    """The lock that keeps two runs of one site apart: one row per running site."""

    __tablename__ = "crawl_locks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: The run key (site) locked: UNIQUE, so two processes cannot both hold it.
    name: Mapped[str] = mapped_column(Bounded(300), unique=True)
    run_id: Mapped[int | None] = mapped_column(Integer)
    pid: Mapped[int] = mapped_column(Integer)
    host: Mapped[str] = mapped_column(Bounded(255))
    acquired_at: Mapped[datetime] = mapped_column(DateTime)
    #: Moved on periodically by the holder; an old heartbeat means the holder died.
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime)


class ListingPage(Base):
    """The last copy of a listing page (section, feed, sitemap) that carried validators.

    The next run asks for the page conditionally (``If-None-Match``, ``If-Modified-Since``);
    a 304 answer is read from this copy, so an unchanged sitemap is not downloaded again.
    One row per URL, replaced when the page changes.
    """

    __tablename__ = "listing_pages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: The URL as requested: UNIQUE (a cut key would be another page's; longer URLs are
    #: not kept).
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    etag: Mapped[str | None] = mapped_column(Bounded(500))
    last_modified: Mapped[str | None] = mapped_column(Bounded(100))
    content_type: Mapped[str | None] = mapped_column(Bounded(200))
    #: When the copy was downloaded, and when the server last said it was current (naive
    #: UTC): copies not checked for a while are forgotten.
    fetched_at: Mapped[datetime] = mapped_column(DateTime)
    checked_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    #: "zstd" or "gzip": how ``body`` is compressed.
    compression: Mapped[str] = mapped_column(Bounded(10))
    body: Mapped[bytes] = mapped_column(LargeBinary)
