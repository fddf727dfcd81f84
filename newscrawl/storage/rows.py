"""One article's rows, written through the ORM: the article, its revisions, raw pages, URLs.

What the archive writes for one article at a time: a new article inserted on its own (a
batch stored one by one, see :mod:`~newscrawl.storage.batches`), a revision of an archived
one (a crawl or ``scrapy reprocess``), the raw page that goes with it, the other URLs that
lead to it; and how an extracted article maps onto the ``articles`` columns. The signature
and fingerprint of an article are taken from what the extraction worker prepared, and
computed here only where nobody did.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newscrawl.storage import inserts, neardup
from newscrawl.storage.inserts import naive_utc
from newscrawl.storage.models import (
    Article,
    ArticleRevision,
    ArticleTakedown,
    ArticleUrl,
    RawPage,
    RejectedUrl,
)
from newscrawl.storage.prepared import Prepared
from newscrawl.storage.reading import ARTICLE_COLUMNS
from newscrawl.storage.revisions import revision_fingerprint
from newscrawl.storage.signatures import Signature

if TYPE_CHECKING:
    from newscrawl.items import ArticlePage

#: Item keys that describe this crawl, not the article, and are never stored.
_TRANSIENT_KEYS = frozenset({"archive_status", "revision", "duplicate_of", "_page"})
#: Columns that make up the content (or the record's identity): reprocessing changes them
#: only through a new revision.
_CONTENT_COLUMNS = frozenset(
    {"url", "canonical_url", "site", "title", "description", "body", "authors",
     "word_count", "content_hash", "crawled_at", "extra"}
)  # fmt: skip


def utcnow() -> datetime:
    """Now, as the archive stores times: naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def take_down(session: Session, row: Article, now: datetime) -> bool:
    """Mark ``row`` taken down now (its URL answered 404 or 410); False if it was already."""
    if row.removed_at is not None:
        return False
    row.removed_at = now
    session.add(ArticleTakedown(article_id=row.id, removed_at=now))
    return True


def bring_back(session: Session, row: Article, now: datetime) -> datetime | None:
    """Mark ``row`` online (seen again now); returns when it was taken down, if it was."""
    taken_down, row.removed_at = row.removed_at, None
    if taken_down is not None:
        open_periods = select(ArticleTakedown).where(
            ArticleTakedown.article_id == row.id, ArticleTakedown.restored_at.is_(None)
        )
        for period in session.scalars(open_periods):
            period.restored_at = now
    return taken_down


def insert(
    session: Session,
    article: dict[str, Any],
    key: str,
    now: datetime,
    page: ArticlePage | None,
    keep_raw: bool,
    source: str = "crawl",
) -> tuple[Article, bool]:
    """Insert a new article; returns its row and whether this call inserted it."""
    row = Article(url_key=key, first_seen_at=now, last_seen_at=now, revision=1, **columns(article))
    set_validators(row, page)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        # Another process stored this URL since we looked: carry on with its row. (No row:
        # the database refused the insert for another reason, which is the error to raise.)
        stored = session.scalars(select(Article).where(Article.url_key == key)).first()
        if stored is None:
            raise
        return stored, False
    # The key is the article's own now: no longer another article's alias, nor rejected.
    session.execute(delete(ArticleUrl).where(ArticleUrl.url_key == key))
    session.execute(delete(RejectedUrl).where(RejectedUrl.url_key == key))
    raw = _add_raw(session, row, page, keep_raw)
    _add_revision(session, row, page, now, raw, source)
    return row, True


def revise(
    session: Session,
    row: Article,
    article: dict[str, Any],
    page: ArticlePage | None,
    seen_at: datetime,
    source: str,
    keep_raw: bool,
    raw_page_id: int | None = None,
) -> Signature | None:
    """Make ``article`` the next revision of ``row``; returns its signature, to be indexed."""
    for name, value in columns(article).items():
        setattr(row, name, value)
    row.revision += 1
    raw = _add_raw(session, row, page, keep_raw)
    _add_revision(session, row, page, seen_at, raw or raw_page_id, source)
    return signature(article, page)


def _add_raw(
    session: Session, row: Article, page: ArticlePage | None, keep_raw: bool
) -> int | None:
    if page is None or not keep_raw:
        return None
    session.flush()
    raw = RawPage(**inserts.raw_page_values(row.id, page))
    session.add(raw)
    session.flush()
    inserts.add_raw_parts(session, [(raw.id, page)])
    return raw.id


def _add_revision(
    session: Session,
    row: Article,
    page: ArticlePage | None,
    seen_at: datetime,
    raw_page_id: int | None,
    source: str,
) -> None:
    session.flush()
    content = {name: getattr(row, name) for name in inserts.REVISION_COLUMNS}
    seen = naive_utc(page.fetched_at) if page is not None else seen_at
    values = inserts.revision_values(content, row.id, row.revision, seen, raw_page_id, source)
    session.add(ArticleRevision(**values))


def remember_urls(
    session: Session, aliases: Sequence[tuple[str, int, str, str]], now: datetime
) -> None:
    """Record other URLs of an article, (URL key, article id, URL, reason) each, in SAVEPOINTs."""
    for alias, article_id, url, reason in aliases:
        taken = session.scalar(select(Article.id).where(Article.url_key == alias))
        if taken is not None:
            continue
        try:
            with session.begin_nested():
                session.add(
                    ArticleUrl(
                        url_key=alias,
                        article_id=article_id,
                        url=url,
                        reason=reason,
                        added_at=now,
                    )
                )
        except IntegrityError:
            pass  # already known (this or another process)


def update_metadata(row: Article, article: dict[str, Any]) -> bool:
    """Set the columns that are not content (dates, tags, image...); whether any changed."""
    changed = False
    for name, value in columns(article).items():
        if name in _CONTENT_COLUMNS or getattr(row, name) == value:
            continue
        setattr(row, name, value)
        changed = True
    return changed


def _prepared(article: dict[str, Any], page: ArticlePage | None) -> Prepared | None:
    """What the extraction worker computed for this article, if anything."""
    prepared = page.prepared if page is not None else None
    return prepared if prepared is not None and prepared.matches(article) else None


def signature(article: dict[str, Any], page: ArticlePage | None) -> Signature | None:
    """The article's near-duplicate signature (None: its body is too short to compare)."""
    prepared = _prepared(article, page)
    if prepared is None:
        return neardup.signature(article.get("body") or "")
    return Signature.from_bytes(prepared.signature) if prepared.signature is not None else None


def fingerprint(article: dict[str, Any], page: ArticlePage | None) -> str:
    """The article's revision fingerprint."""
    prepared = _prepared(article, page)
    if prepared is not None and prepared.fingerprint is not None:
        return prepared.fingerprint
    return revision_fingerprint(article)


def set_validators(row: Article, page: ArticlePage | None) -> None:
    """Keep the response's ETag and Last-Modified, for the next conditional revisit."""
    if page is not None:
        row.etag, row.last_modified = page.etag, page.last_modified


def columns(article: dict[str, Any]) -> dict[str, Any]:
    """The ``articles`` columns of an extracted article; what has no column goes to ``extra``."""
    values = {name: article.get(name) for name in ARTICLE_COLUMNS}
    values["authors"] = list(values["authors"] or [])
    values["tags"] = list(values["tags"] or [])
    values["extra"] = {
        k: v for k, v in article.items() if k not in ARTICLE_COLUMNS and k not in _TRANSIENT_KEYS
    }
    return values
