"""Filling an archive in bulk with articles known to be new: for benchmarks and tests.

:meth:`Archive.store_articles <newscrawl.storage.Archive.store_articles>` decides for every
article whether it is new, changed, unchanged or a copy, through ORM rows and per-article
lookups: about 100 articles a second, so growing an archive to a million articles that way
takes hours. :func:`insert_new_articles` writes the rows ``store_articles`` writes for
articles that turn out to be new (the article, its first revision, its raw page, the other
URLs that led to it, its MinHash signature and LSH bands, and ``duplicate_of`` when it is a
near-duplicate of another article), with a few Core ``executemany`` statements per batch,
built from the same helpers, and skips the per-article decision.

What the decision would have found out is the caller's promise, checked
(:class:`ValueError`): no article of the batch has the URL key or content hash of another
article of the batch or of the archive. Near-duplicates are looked up as ``store_articles``
looks them up, once per batch (:class:`~newscrawl.storage.neardup.Candidates`), so batches
of the crawl's size (``NEWSCRAWL_ARCHIVE_BATCH_SIZE``) mark the same copies. That lookup is
most of the cost of a batch (about 3 ms of 3.7 an article, measured on an archive of
10,000); ``near_duplicates=False`` leaves it out, and every article is then stored as an original.
The test ``tests/unit/test_bulk.py`` stores the same articles both ways and compares every
table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, insert, select, update

from newscrawl.storage import neardup, rows
from newscrawl.storage.inserts import REVISION_COLUMNS, naive_utc, raw_page_values
from newscrawl.storage.models import (
    Article,
    ArticleRevision,
    ArticleUrl,
    RawPage,
    RejectedUrl,
)
from newscrawl.urls import url_key

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from newscrawl.items import ArticlePage
    from newscrawl.storage.minhash import Signature

__all__ = ["insert_new_articles"]

# SQLite allows 32766 bound parameters per statement; stay far below.
_IN_CHUNK = 500


def insert_new_articles(
    conn: Connection,
    articles: Sequence[dict[str, Any]],
    pages: Sequence[ArticlePage | None] | None = None,
    *,
    keep_raw: bool = True,
    now: datetime | None = None,
    signatures: Sequence[Signature | None] | None = None,
    near_duplicates: bool = True,
) -> list[int]:
    """Insert articles as ``store_articles`` stores new articles; returns their ids.

    Runs in the caller's transaction on ``conn``. ``pages`` and ``keep_raw`` mean what they
    mean to the archive; ``now`` (naive UTC, default the current time) is when the archive
    first and last saw the articles. ``signatures`` are the bodies' MinHash signatures, if
    the caller computed them (elsewhere, in parallel); by default they are computed here,
    as the archive computes them. With ``near_duplicates=False`` no article is marked as a
    copy of another (the index is written all the same).
    """
    count = len(articles)
    pages = list(pages) if pages is not None else [None] * count
    now = now if now is not None else rows.utcnow()
    keys = [url_key(a["canonical_url"]) for a in articles]
    _check_new(conn, articles, keys)
    if signatures is None:
        signatures = [rows.signature(a, p) for a, p in zip(articles, pages, strict=True)]
    copies = _near_duplicates(conn, signatures) if near_duplicates else {}
    columns = [rows.columns(a) for a in articles]
    ids = _insert_returning(
        conn,
        Article,
        [
            {
                **cols,
                "url_key": key,
                "first_seen_at": now,
                "last_seen_at": now,
                "revision": 1,
                "duplicate_of": _archived(copies.get(position)),
                "etag": page.etag if page is not None else None,
                "last_modified": page.last_modified if page is not None else None,
            }
            for position, (cols, key, page) in enumerate(zip(columns, keys, pages, strict=True))
        ],
    )
    if any(isinstance(original, _Position) for original in copies.values()):
        # Copies of articles of this batch: their ids are known only now.
        conn.execute(
            update(Article).where(Article.id == bindparam("copy")),
            [
                {"copy": ids[position], "duplicate_of": ids[original]}
                for position, original in copies.items()
                if isinstance(original, _Position)
            ],
        )
    # The keys are the articles' own now: no longer other articles' aliases, nor rejected.
    for start in range(0, count, _IN_CHUNK):
        chunk = keys[start : start + _IN_CHUNK]
        conn.execute(delete(ArticleUrl).where(ArticleUrl.url_key.in_(chunk)))
        conn.execute(delete(RejectedUrl).where(RejectedUrl.url_key.in_(chunk)))
    raw_ids = _insert_raw_pages(conn, ids, pages) if keep_raw else [None] * count
    conn.execute(
        insert(ArticleRevision),
        [
            {
                "article_id": article_id,
                "revision": 1,
                **{name: cols[name] for name in REVISION_COLUMNS},
                "seen_at": naive_utc(page.fetched_at) if page is not None else now,
                "source": "crawl",
                "raw_page_id": raw_id,
            }
            for article_id, cols, page, raw_id in zip(ids, columns, pages, raw_ids, strict=True)
        ],
    )
    _insert_aliases(conn, ids, keys, articles, pages, now)
    indexed = {i: s for i, s in zip(ids, signatures, strict=True) if s is not None}
    neardup.index_many(conn, indexed, new=indexed)
    return ids


# Articles of the batch are near-duplicate candidates under stand-in ids above every real
# one, in batch order, as their ids will be: similarity ties then go the same way.
_STAND_IN = 1 << 62


class _Position(int):
    """The position of an article in the batch, where an id is not known yet."""


def _near_duplicates(
    conn: Connection, signatures: Sequence[Signature | None]
) -> dict[int, int | _Position]:
    """Position -> id (or batch position) of the article it copies, as the archive finds it.

    As ``Archive._index_new``: the most similar candidate, archived or earlier in the batch,
    and if that is a copy itself, the article it copies.
    """
    near = neardup.Candidates(conn, [s for s in signatures if s is not None])
    copies: dict[int, int | _Position] = {}
    for position, sig in enumerate(signatures):
        if sig is None:
            continue
        similar = near.find_similar(sig)
        near.add(_STAND_IN + position, sig)
        if not similar:
            continue
        found = similar[0][0]
        if found >= _STAND_IN:
            earlier = _Position(found - _STAND_IN)
            copies[position] = copies.get(earlier, earlier)
            continue
        first = conn.scalar(select(Article.duplicate_of).where(Article.id == found))
        copies[position] = first if first is not None else found
    return copies


def _archived(original: int | _Position | None) -> int | None:
    return None if isinstance(original, _Position) else original


def _check_new(conn: Connection, articles: Sequence[dict[str, Any]], keys: list[str]) -> None:
    """Raise ValueError unless every URL key and content hash is new to the archive."""
    hashes = [a["content_hash"] for a in articles]
    if len(set(keys)) < len(keys) or len(set(hashes)) < len(hashes):
        raise ValueError("articles of the batch share a URL key or a content hash")
    for column, values in ((Article.url_key, keys), (Article.content_hash, hashes)):
        for start in range(0, len(values), _IN_CHUNK):
            chunk = values[start : start + _IN_CHUNK]
            known = conn.scalar(select(Article.id).where(column.in_(chunk)).limit(1))
            if known is not None:
                raise ValueError(f"article {known} has the {column.key} of a new article")


def _insert_returning(conn: Connection, model: Any, values: list[dict[str, Any]]) -> list[int]:
    """Insert ``values`` in a few multi-row statements; their ids, in the order of ``values``."""
    if not values:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(conn.scalars(statement, values))


def _insert_raw_pages(
    conn: Connection, ids: list[int], pages: Sequence[ArticlePage | None]
) -> list[int | None]:
    """Insert the raw pages there are; the raw page id of each article (or None)."""
    values = [
        raw_page_values(article_id, page)
        for article_id, page in zip(ids, pages, strict=True)
        if page is not None
    ]
    raw_ids = iter(_insert_returning(conn, RawPage, values))
    return [next(raw_ids) if page is not None else None for page in pages]


def _insert_aliases(
    conn: Connection,
    ids: list[int],
    keys: list[str],
    articles: Sequence[dict[str, Any]],
    pages: Sequence[ArticlePage | None],
    now: datetime,
) -> None:
    """The other URLs that led to the articles (fetched URL, redirects), as the archive does.

    A URL whose key is an article's own, or already leads to an article, is not recorded;
    the first article a URL led to keeps it.
    """
    wanted: dict[str, dict[str, Any]] = {}
    for article_id, key, article, page in zip(ids, keys, articles, pages, strict=True):
        urls = [(article["url"], "fetched")]
        if page is not None:
            urls += [(u, "redirect") for u in page.redirect_urls]
        for url, reason in urls:
            alias = key if url == article["canonical_url"] else url_key(url)
            if alias != key:
                wanted.setdefault(
                    alias,
                    {
                        "url_key": alias,
                        "article_id": article_id,
                        "url": url,
                        "reason": reason,
                        "added_at": now,
                    },
                )
    aliases = list(wanted)
    for start in range(0, len(aliases), _IN_CHUNK):
        chunk = aliases[start : start + _IN_CHUNK]
        for column in (Article.url_key, ArticleUrl.url_key):
            for taken in conn.scalars(select(column).where(column.in_(chunk))):
                wanted.pop(taken, None)
    if wanted:
        conn.execute(insert(ArticleUrl), list(wanted.values()))
