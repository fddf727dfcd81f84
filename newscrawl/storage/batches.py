"""Storing a batch of articles in one transaction: locks, batch inserts and retries.

A batch is decided article by article, in order (:mod:`~newscrawl.storage.decisions`), but
its new articles are inserted together afterwards, with a few multi-row statements
(:mod:`~newscrawl.storage.inserts`), under one SAVEPOINT. Should that fail on a UNIQUE key (a
writer outside newscrawl's locks stored one of the articles meanwhile), the SAVEPOINT is
rolled back and the batch stored again one article at a time, each insert under a SAVEPOINT
of its own, as every batch once was. A batch that holds one new article twice, and every
batch on a database without multi-row ``INSERT ... RETURNING`` and ``ON CONFLICT``, is
stored that way from the start.

Concurrent writers of the same URL keys or content take turns on advisory locks
(:func:`~newscrawl.storage.engine.lock_keys`, PostgreSQL only); a transaction the database
aborted to break a deadlock or a serialization conflict is run again
(:func:`run_again_if_aborted`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from newscrawl.storage import inserts, neardup, rows
from newscrawl.storage.decisions import (
    StoreResult,
    aliases,
    decide,
    point_copies_at_originals,
)
from newscrawl.storage.engine import lock_keys
from newscrawl.storage.lookups import Batch, look_up, new_keys_distinct
from newscrawl.urls import url_key

if TYPE_CHECKING:
    from newscrawl.items import ArticlePage

logger = logging.getLogger(__name__)

#: Attempts at a batch that PostgreSQL aborted to break a deadlock or a serialization failure.
_TRANSACTION_ATTEMPTS = 3
# SQLSTATEs of aborted transactions that succeed when simply run again.
_RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})

_T = TypeVar("_T")


def run_again_if_aborted(transaction: Callable[..., _T], *args: Any) -> _T:
    """Run ``transaction(*args)``, again if the database aborted it to break a deadlock."""
    attempt = 1
    while True:
        try:
            return transaction(*args)
        except OperationalError as exc:
            code = getattr(exc.orig, "sqlstate", None)
            if code not in _RETRYABLE_SQLSTATES or attempt == _TRANSACTION_ATTEMPTS:
                raise
            logger.info("Archive transaction aborted by the database (%s), retrying", code)
            attempt += 1


def store_batch(
    session: Session,
    articles: Sequence[dict[str, Any]],
    pages: Sequence[ArticlePage | None],
    keep_raw: bool,
    source: str = "crawl",
) -> list[StoreResult]:
    """Store a batch of articles (and their raw pages) in the transaction of ``session``."""
    now = rows.utcnow()
    keys = [url_key(a["canonical_url"]) for a in articles]
    lock_keys(session, [*keys, *(f"content:{a['content_hash']}" for a in articles)])
    batch = look_up(session, articles, pages, keys, now, keep_raw, source)
    if inserts.supported(session) and new_keys_distinct(batch, keys):
        try:
            # One SAVEPOINT for the batch, not one per article: should the optimism
            # fail, the batch is stored again below, one article at a time.
            with session.begin_nested():
                return store_together(session, batch, articles, pages, keys)
        except IntegrityError as exc:
            # Another writer stored one of the URL keys since the lookup: one that
            # takes no advisory lock (newscrawl's own writers are serialized by
            # SQLite, or wait for each other's keys in PostgreSQL). Looked up again,
            # its row is there, and one by one makes our article "changed" or
            # "unchanged" on it, as it always did. The session forgets every row
            # first, so that nothing decided before the rollback is carried over.
            logger.info("Archive batch lost a race, storing it article by article: %s", exc)
            session.expunge_all()
            batch = look_up(session, articles, pages, keys, now, keep_raw, source)
    return _store_one_by_one(session, batch, articles, pages, keys)


def store_together(
    session: Session,
    batch: Batch,
    articles: Sequence[dict[str, Any]],
    pages: Sequence[ArticlePage | None],
    keys: Sequence[str],
) -> list[StoreResult]:
    """Decide every article, then insert the new ones with a few multi-row statements.

    Needs a database :func:`~newscrawl.storage.inserts.supported` takes, and a batch whose
    new URL keys are distinct (:func:`~newscrawl.storage.lookups.new_keys_distinct`).
    The bulk fill (:mod:`~newscrawl.storage.bulk`) writes through it too.
    """
    batch = replace(batch, new={})
    decided = [
        decide(session, batch, i, article, page, key)
        for i, (article, page, key) in enumerate(zip(articles, pages, keys, strict=True))
    ]
    assert batch.new is not None
    ids = inserts.insert_articles(session, list(batch.new.values()), batch.keep_raw, batch.source)
    results = [replace(r, article_id=ids.get(r.article_id, r.article_id)) for r in decided]
    other_urls = [
        alias
        for result, article, page in zip(results, articles, pages, strict=True)
        for alias in aliases(result, result.url_key, article, page)
    ]
    inserts.add_aliases(session, other_urls, batch.now)
    point_copies_at_originals(session, batch, ids)
    signatures = {ids.get(i, i): sig for i, sig in batch.to_index.items()}
    neardup.index_many(session, signatures, new={ids[i] for i in batch.inserted})
    return results


def _store_one_by_one(
    session: Session,
    batch: Batch,
    articles: Sequence[dict[str, Any]],
    pages: Sequence[ArticlePage | None],
    keys: Sequence[str],
) -> list[StoreResult]:
    """Decide and write every article in turn, each insert under a SAVEPOINT of its own."""
    results = []
    for i, (article, page, key) in enumerate(zip(articles, pages, keys, strict=True)):
        result = decide(session, batch, i, article, page, key)
        rows.remember_urls(session, aliases(result, result.url_key, article, page), batch.now)
        results.append(result)
    point_copies_at_originals(session, batch, {})
    neardup.index_many(session, batch.to_index, new=batch.inserted)
    return results
