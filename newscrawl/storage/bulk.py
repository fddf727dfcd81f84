"""Filling an archive in bulk with articles known to be new: for benchmarks and tests.

:meth:`Archive.store_articles <newscrawl.storage.Archive.store_articles>` first looks up,
for a whole batch, the archived articles with its URL keys and content hashes, computes the
bodies' MinHash signatures and loads their near-duplicate candidates; then it decides every
article and writes the batch's new ones together
(:func:`~newscrawl.storage.batches.store_together`).
:func:`insert_new_articles` writes through that same second half (the same decisions, the
same rows, by :mod:`~newscrawl.storage.inserts`), in the caller's transaction, which may
hold many batches, and replaces the first half by what the caller knows and promises:

* no article of the batch has the URL key or content hash of another article of the batch
  or of the archive: checked (:class:`ValueError`), with a cheaper query than the lookup of
  the archived rows, and without the locks concurrent writers take;
* the signatures may be computed beforehand (elsewhere, in parallel);
* the near-duplicate candidates may be left out (``near_duplicates=False``): that lookup is
  most of the cost of a batch (two thirds of its CPU time, filling an archive to 10,000
  articles), and every article is then stored as an original.

With the lookup, batches of the crawl's size (``NEWSCRAWL_ARCHIVE_BATCH_SIZE``) mark the
same copies as the crawl. The test ``tests/unit/test_bulk.py`` stores the same articles
both ways and compares every table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from newscrawl.storage import inserts, neardup, rows
from newscrawl.storage.batches import store_together
from newscrawl.storage.lookups import Batch
from newscrawl.storage.models import Article
from newscrawl.urls import url_key

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from newscrawl.items import ArticlePage
    from newscrawl.storage.signatures import Signature

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
    the caller computed them; by default they are computed here, as the archive computes
    them. With ``near_duplicates=False`` no article is marked as a copy of another (the
    index is written all the same).
    """
    pages = list(pages) if pages is not None else [None] * len(articles)
    now = now if now is not None else rows.utcnow()
    keys = [url_key(a["canonical_url"]) for a in articles]
    _check_new(conn, articles, keys)
    if signatures is None:
        signatures = [rows.signature(a, p) for a, p in zip(articles, pages, strict=True)]
    # A session on the caller's connection joins its transaction, and leaves committing
    # (or rolling back) to the caller.
    with Session(conn) as session:
        if not inserts.supported(session):
            raise ValueError(f"bulk inserts need PostgreSQL or SQLite, not {conn.dialect.name}")
        comparable = [s for s in signatures if s is not None]
        near = neardup.Candidates(session, comparable) if near_duplicates else _NoCandidates()
        # The batch as look_up would have found it: nothing archived under its keys or hashes.
        batch = Batch(now, {}, {}, near, dict(enumerate(signatures)), keep_raw)
        results = store_together(session, batch, articles, pages, keys)
    return [result.article_id for result in results]


class _NoCandidates(neardup.Candidates):
    """Near-duplicate candidates when they are not looked up: none, archived or new."""

    def __init__(self) -> None:
        # Nothing to load (and nothing of the base class's state is ever read).
        pass

    def add(self, article_id: int, sig: Signature) -> None:
        """Forget the article: no later one of the batch is compared with it."""

    def find_similar(self, sig: Signature, exclude: Sequence[int] = ()) -> list[tuple[int, float]]:
        """No near-duplicates."""
        return []


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
