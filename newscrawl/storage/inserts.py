"""Writing a batch's new articles with a few multi-row statements.

:meth:`Archive.store_articles <newscrawl.storage.Archive.store_articles>` decides for every
article of a batch what it is (new, changed, unchanged, a copy). Inserting a new article one
at a time through the ORM cost a SAVEPOINT (so that a lost race could be undone alone), three
flushes (the article, for its id; its raw page, for that id; its revision) and a SAVEPOINT per
other URL remembered: about ten statements and the unit of work's bookkeeping per article,
most of the writer's CPU time. Here the batch's new articles are collected while the batch
is decided (:class:`NewArticle`, with a provisional id) and written afterwards by
:func:`insert_articles` in one statement per table, through SQLAlchemy Core's "insertmanyvalues"
(multi-row ``INSERT ... RETURNING``), and the other URLs by :func:`add_aliases` in one
``INSERT ... ON CONFLICT DO NOTHING``.

Both need what only some databases have (RETURNING from a multi-row INSERT, ON CONFLICT):
:func:`supported` says whether the archive's database has them; elsewhere the archive
inserts one article at a time, as it always did.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Table, bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from newscrawl.storage.models import (
    Article,
    ArticleRevision,
    ArticleUrl,
    RawPage,
    RawPagePart,
    RejectedUrl,
)
from newscrawl.storage.prepared import compress

if TYPE_CHECKING:
    from newscrawl.items import ArticlePage

#: Provisional ids of articles not inserted yet count up from here: above every real id
#: (``articles.id`` is a 32-bit INTEGER), so they sort after every archived article, as the
#: ids the articles will get do, and cannot be mistaken for one.
PROVISIONAL = 1 << 40

# The tables themselves: Core statements on them skip the ORM's mapping of each row's
# attributes to columns, the work this module exists to avoid.
_ARTICLES: Table = Article.__table__  # type: ignore[assignment]
_RAW_PAGES: Table = RawPage.__table__  # type: ignore[assignment]
_RAW_PARTS: Table = RawPagePart.__table__  # type: ignore[assignment]
_REVISIONS: Table = ArticleRevision.__table__  # type: ignore[assignment]
_ALIASES: Table = ArticleUrl.__table__  # type: ignore[assignment]
#: Columns of a revision taken from the article's content.
REVISION_COLUMNS = (
    "title", "description", "authors", "published_at", "modified_at", "body", "word_count",
    "content_hash",
)  # fmt: skip
# The IN lists stay far below every database's parameter limit.
_IN_CHUNK = 500


@dataclass
class NewArticle:
    """An article the batch will insert: its row's values and what decisions read of it.

    Until :func:`insert_articles` runs, ``id`` is provisional (from :data:`PROVISIONAL` on),
    and so may be ``duplicate_of`` when the article copies another new one of the batch.
    """

    id: int
    #: The ``articles`` row: every column but ``id`` and ``duplicate_of``.
    values: dict[str, Any]
    page: ArticlePage | None
    duplicate_of: int | None = None
    #: A new article shows its first revision.
    revision: int = 1

    @property
    def url_key(self) -> str:
        """The article's URL key."""
        return str(self.values["url_key"])

    @property
    def site(self) -> str | None:
        """The article's site."""
        return self.values["site"]

    @property
    def content_hash(self) -> str:
        """The article's content hash."""
        return str(self.values["content_hash"])

    @property
    def canonical_url(self) -> str:
        """The article's canonical URL."""
        return str(self.values["canonical_url"])


def supported(session: Session) -> bool:
    """Whether the database of ``session`` can take a batch's new articles together."""
    dialect = session.get_bind().dialect
    return dialect.name in _INSERTS and dialect.insert_executemany_returning


def insert_articles(
    session: Session, new: Sequence[NewArticle], keep_raw: bool, source: str = "crawl"
) -> dict[int, int]:
    """Insert the batch's new articles, their raw pages and first revisions.

    Returns the real id of every provisional one. Raises IntegrityError if another writer
    inserted one of the URL keys since the batch looked them up.
    """
    if not new:
        return {}
    rows = [
        {**n.values, "duplicate_of": None if _provisional(n.duplicate_of) else n.duplicate_of}
        for n in new
    ]
    by_key = _insert_returning(session, _ARTICLES, rows, _ARTICLES.c.url_key)
    ids = {n.id: by_key[n.url_key] for n in new}
    # A copy of another article of this batch could not name it before it had an id.
    copies = [
        {"b_id": ids[n.id], "b_original": ids[n.duplicate_of]}
        for n in new
        if n.duplicate_of is not None and _provisional(n.duplicate_of)
    ]
    if copies:
        session.execute(
            update(_ARTICLES)
            .where(_ARTICLES.c.id == bindparam("b_id"))
            .values(duplicate_of=bindparam("b_original")),
            copies,
        )
    # The keys are the articles' own now: no longer another article's alias, nor rejected.
    keys = [n.url_key for n in new]
    for start in range(0, len(keys), _IN_CHUNK):
        chunk = keys[start : start + _IN_CHUNK]
        session.execute(delete(ArticleUrl).where(ArticleUrl.url_key.in_(chunk)))
        session.execute(delete(RejectedUrl).where(RejectedUrl.url_key.in_(chunk)))
    raw_rows = [raw_page_values(ids[n.id], n.page) for n in new if keep_raw and n.page]
    # One raw page per new article: its article id tells which is which.
    raw_ids = _insert_returning(session, _RAW_PAGES, raw_rows, _RAW_PAGES.c.article_id)
    add_raw_parts(
        session, [(raw_ids[ids[n.id]], n.page) for n in new if ids[n.id] in raw_ids and n.page]
    )
    session.execute(
        insert(_REVISIONS),
        [
            revision_values(n.values, ids[n.id], 1, _seen_at(n), raw_ids.get(ids[n.id]), source)
            for n in new
        ],
    )
    return ids


def add_aliases(
    session: Session, aliases: Iterable[tuple[str, int, str, str]], now: datetime
) -> None:
    """Remember other URLs of articles: (URL key, article id, URL, reason) each.

    A key that is an article's own, or already another URL's, is left as it is; for a key
    given twice, the first wins.
    """
    wanted: dict[str, tuple[int, str, str]] = {}
    for key, article_id, url, reason in aliases:
        wanted.setdefault(key, (article_id, url, reason))
    if not wanted:
        return
    ordered = sorted(wanted)
    for start in range(0, len(ordered), _IN_CHUNK):
        chunk = ordered[start : start + _IN_CHUNK]
        for taken in session.scalars(select(Article.url_key).where(Article.url_key.in_(chunk))):
            del wanted[taken]
    if not wanted:
        return
    # ON CONFLICT DO NOTHING: an alias another writer has just added stays theirs, without an
    # error that would need a SAVEPOINT per row. Sorted by key, so that two writers adding
    # overlapping aliases wait for each other in the same order and cannot deadlock.
    statement = _INSERTS[session.get_bind().dialect.name](_ALIASES).on_conflict_do_nothing(
        index_elements=[_ALIASES.c.url_key]
    )
    session.execute(
        statement,
        [
            {"url_key": key, "article_id": a, "url": url, "reason": reason, "added_at": now}
            for key, (a, url, reason) in sorted(wanted.items())
        ],
    )


def raw_page_values(article_id: int, page: ArticlePage) -> dict[str, Any]:
    """The ``raw_pages`` row of ``page``: compressed by the extraction worker, or here."""
    prepared = page.prepared
    return {
        "article_id": article_id,
        **_response_values(page, prepared.raw if prepared and prepared.raw else None),
        "etag": page.etag,
        "last_modified": page.last_modified,
        "served_at": naive_utc(page.served_at) if page.served_at else None,
        "listing": page.listing.to_json() if page.listing else None,
    }


def _response_values(page: ArticlePage, compressed: tuple[str, bytes] | None) -> dict[str, Any]:
    """The columns a raw page and a next page of its article share: the response.

    Its body compressed: ``compressed`` by the extraction worker, or (None) here.
    """
    method, data = compressed or compress(page.body)
    return {
        "url": page.url,
        "fetched_at": naive_utc(page.fetched_at),
        "status": page.status,
        "content_type": page.content_type,
        "encoding": page.encoding,
        "compression": method,
        "size": len(page.body),
        "body": data,
    }


def add_raw_parts(session: Session, raw_pages: Iterable[tuple[int, ArticlePage]]) -> None:
    """Store the next pages of the articles split over several: (raw page id, page) each."""
    rows = [
        raw_part_values(raw_page_id, number, part)
        for raw_page_id, page in raw_pages
        for number, part in enumerate(page.more_pages, 2)
    ]
    if rows:
        session.execute(insert(_RAW_PARTS), rows)


def raw_part_values(raw_page_id: int, number: int, page: ArticlePage) -> dict[str, Any]:
    """The ``raw_page_parts`` row of ``page``, page ``number`` of its article."""
    return {"raw_page_id": raw_page_id, "number": number, **_response_values(page, None)}


def revision_values(
    content: Mapping[str, Any],
    article_id: int,
    revision: int,
    seen_at: datetime,
    raw_page_id: int | None,
    source: str,
) -> dict[str, Any]:
    """The ``article_revisions`` row of an article's ``content`` (REVISION_COLUMNS)."""
    values = {name: content[name] for name in REVISION_COLUMNS}
    values["authors"] = list(values["authors"] or [])
    return {
        "article_id": article_id,
        "revision": revision,
        **values,
        "seen_at": seen_at,
        "source": source,
        "raw_page_id": raw_page_id,
    }


def naive_utc(when: datetime) -> datetime:
    """``when`` as a naive UTC datetime, as the archive stores times."""
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when


def _seen_at(new: NewArticle) -> datetime:
    if new.page is not None:
        return naive_utc(new.page.fetched_at)
    return new.values["first_seen_at"]


def _provisional(article_id: int | None) -> bool:
    return article_id is not None and article_id >= PROVISIONAL


def _insert_returning(
    session: Session, table: Table, rows: list[dict[str, Any]], key: Column[Any]
) -> dict[Any, int]:
    """Insert ``rows``; their new ids by ``key``, a column whose values in them are unique."""
    if not rows:
        return {}
    # The ids are matched to the rows by a key, not by position: RETURNING from a multi-row
    # INSERT does not promise the rows' order, and SQLAlchemy's way of keeping it
    # (sort_by_parameter_order) falls back to one statement per row on SQLite.
    statement = insert(table).returning(table.c.id, key)
    return {value: id_ for id_, value in session.execute(statement, rows)}


#: The INSERT constructs with ON CONFLICT, by dialect name.
_INSERTS: dict[str, Any] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
