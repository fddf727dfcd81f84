"""Near-duplicate detection: MinHash signatures with LSH bands kept in the database.

A body becomes a set of word 4-shingles; its MinHash signature (128 hash functions,
:mod:`newscrawl.storage.minhash`, the values of datasketch's ``MinHash``) estimates the
Jaccard similarity of two such sets. The signature is cut into bands (the split
datasketch's ``MinHashLSH`` chooses for :data:`LSH_THRESHOLD`); each band is hashed to one
64-bit key and stored in the indexed ``minhash_bands`` table. Articles sharing a band key
are candidates; a candidate whose estimated similarity reaches :data:`THRESHOLD` is a
near-duplicate. A lookup is one indexed ``IN`` query of a few dozen keys plus the
candidates' signatures, whatever the size of the archive, so nothing is held in memory
across articles or runs. ``benchmarks/near_duplicates.py`` measures it.

The constants are part of the stored data: changing the shingle size, the number of hash
functions, the seed or the permutation scheme makes stored signatures incomparable, and
the index must be rebuilt (``scrapy reprocess`` does it).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Select, Table, delete, func, insert, select
from sqlalchemy.orm import Session

from newscrawl.storage.models import MinhashBand, MinhashSignature
from newscrawl.storage.signatures import (
    LSH_BANDS,
    LSH_ROWS,
    MIN_WORDS,
    NUM_PERM,
    SHINGLE_WORDS,
    Signature,
    shingles,
)

__all__ = [
    "LSH_THRESHOLD",
    "MIN_WORDS",
    "NUM_PERM",
    "SHINGLE_WORDS",
    "THRESHOLD",
    "Candidates",
    "Signature",
    "index",
    "index_many",
    "lsh_parameters",
    "shingles",
    "signature",
]

#: Estimated Jaccard similarity of shingle sets from which two bodies are near-duplicates.
#: Chosen with ``benchmarks/near_duplicates.py``: edited copies mostly stay above it,
#: different stories on the same topic (shared background paragraphs included) below.
THRESHOLD = 0.3
#: Similarity the LSH bands are tuned for: below THRESHOLD, so that copies close to the
#: threshold still become candidates (the signatures then decide).
LSH_THRESHOLD = 0.2
#: Most articles one band key contributes as candidates (the oldest), and most candidates
#: whose signatures are compared per body (those sharing the most bands): the cost of a
#: lookup stays bounded when a band is common (boilerplate, a much-syndicated story).
MAX_PER_BAND = 50
MAX_CANDIDATES = 50
# The IN list stays far below every database's parameter limit.
_IN_CHUNK = 500
# The tables, for Core INSERTs (index_many).
_SIGNATURES: Table = MinhashSignature.__table__  # type: ignore[assignment]
_BANDS: Table = MinhashBand.__table__  # type: ignore[assignment]


def signature(text: str) -> Signature | None:
    """The signature of a body, or None if it is too short to compare."""
    # numpy is imported where a signature is computed, not where signatures are compared:
    # in a crawl the extraction workers compute them, and the crawler process, which only
    # compares and indexes them, is ~17 MB smaller without it.
    from newscrawl.storage import minhash

    return minhash.signature(text)


def lsh_parameters() -> tuple[int, int]:
    """(bands, rows per band): datasketch's optimum for LSH_THRESHOLD and NUM_PERM."""
    return LSH_BANDS, LSH_ROWS


# --- the persistent index -------------------------------------------------------------------


def index(session: Session, article_id: int, sig: Signature) -> None:
    """Store (or replace) the signature and band keys of an article."""
    index_many(session, {article_id: sig})


def index_many(
    session: Session, signatures: dict[int, Signature], new: Collection[int] = ()
) -> None:
    """Store (or replace) the signatures and band keys of articles: article id -> signature.

    A few multi-row statements (Core, on the tables) for a whole batch: per article, the
    ORM's unit of work would cost more than the statements themselves, and even its bulk
    INSERT maps each of the ~30 rows per article to columns again. Articles in ``new`` were
    inserted by this transaction and have nothing to replace.
    """
    ids = sorted(signatures)
    old = [i for i in ids if i not in new]
    for start in range(0, len(old), _IN_CHUNK):
        chunk = old[start : start + _IN_CHUNK]
        session.execute(delete(MinhashBand).where(MinhashBand.article_id.in_(chunk)))
        session.execute(delete(MinhashSignature).where(MinhashSignature.article_id.in_(chunk)))
    if not ids:
        return
    session.execute(
        insert(_SIGNATURES),
        [{"article_id": i, "signature": signatures[i].to_bytes()} for i in ids],
    )
    session.execute(
        insert(_BANDS),
        [{"article_id": i, "band_key": key} for i in ids for key in signatures[i].band_keys()],
    )


class Candidates:
    """The archived near-duplicate candidates of a batch of signatures, loaded at once.

    One query per :data:`_IN_CHUNK` band keys of the whole batch, then one for the
    candidates' signatures, instead of two per article. The lists are bounded whatever the
    archive holds: at most :data:`MAX_PER_BAND` articles per band key (the oldest: copies
    point at the first copy), and per signature the :data:`MAX_CANDIDATES` sharing the most
    bands with it. Articles indexed while the batch is stored (:meth:`add`) are candidates
    too, with their new signature, as they would be for a query after them.
    """

    def __init__(self, session: Session, sigs: Sequence[Signature]) -> None:
        keys_of = {sig.to_bytes(): sig.band_keys() for sig in sigs}
        by_key = _articles_by_band(session, {k for keys in keys_of.values() for k in keys})
        self._candidates: dict[bytes, list[int]] = {}
        for data, keys in keys_of.items():
            shared: dict[int, int] = {}
            for key in keys:
                for article_id in by_key.get(key, ()):
                    shared[article_id] = shared.get(article_id, 0) + 1
            ranked = sorted(shared, key=lambda a: (-shared[a], a))
            self._candidates[data] = ranked[:MAX_CANDIDATES]
        wanted = sorted({a for ids in self._candidates.values() for a in ids})
        self._signatures = _signatures(session, wanted)
        # Indexed since the batch was loaded: band key -> article ids.
        self._added: dict[int, set[int]] = {}

    def add(self, article_id: int, sig: Signature) -> None:
        """Take an article (re)indexed in this batch into account."""
        self._signatures[article_id] = sig
        for key in sig.band_keys():
            self._added.setdefault(key, set()).add(article_id)

    def find_similar(self, sig: Signature, exclude: Sequence[int] = ()) -> list[tuple[int, float]]:
        """Near-duplicates of ``sig`` (loaded with the batch): (article id, similarity)."""
        candidates = set(self._candidates.get(sig.to_bytes(), ()))
        for key in sig.band_keys():
            candidates |= self._added.get(key, set())
        found = []
        for article_id in candidates.difference(exclude):
            other = self._signatures.get(article_id)
            similarity = sig.similarity(other) if other is not None else 0.0
            if similarity >= THRESHOLD:
                found.append((article_id, similarity))
        found.sort(key=lambda pair: (-pair[1], pair[0]))
        return found


def _articles_by_band(session: Session, keys: set[int]) -> dict[int, list[int]]:
    """Band key -> the ids of up to MAX_PER_BAND articles indexed under it, oldest first."""
    by_key: dict[int, list[int]] = {}
    ordered = sorted(keys)
    # On the session's connection: plain rows, without the ORM's result processing, which
    # costs more than the query when thousands of (key, article) pairs come back.
    conn = session.connection()
    for start in range(0, len(ordered), _IN_CHUNK):
        for key, article_id in conn.execute(band_query(ordered[start : start + _IN_CHUNK])):
            by_key.setdefault(key, []).append(article_id)
    return by_key


def band_query(keys: Sequence[int]) -> Select[Any]:
    """(band key, article id) of up to MAX_PER_BAND articles per key, oldest first."""
    rank = (
        func.row_number()
        .over(partition_by=MinhashBand.band_key, order_by=MinhashBand.article_id)
        .label("rank")
    )
    ranked = (
        select(MinhashBand.band_key, MinhashBand.article_id, rank)
        .where(MinhashBand.band_key.in_(keys))
        .subquery()
    )
    return select(ranked.c.band_key, ranked.c.article_id).where(ranked.c.rank <= MAX_PER_BAND)


def _signatures(session: Session, ids: Sequence[int]) -> dict[int, Signature]:
    found: dict[int, Signature] = {}
    conn = session.connection()
    for start in range(0, len(ids), _IN_CHUNK):
        rows = conn.execute(
            select(MinhashSignature.article_id, MinhashSignature.signature).where(
                MinhashSignature.article_id.in_(ids[start : start + _IN_CHUNK])
            )
        )
        for article_id, data in rows:
            found[article_id] = Signature.from_bytes(data)
    return found
