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

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from newscrawl.storage.minhash import (
    LSH_BANDS,
    LSH_ROWS,
    MIN_WORDS,
    NUM_PERM,
    SHINGLE_WORDS,
    Signature,
    shingles,
    signature,
)
from newscrawl.storage.models import MinhashBand, MinhashSignature

__all__ = [
    "LSH_THRESHOLD",
    "MIN_WORDS",
    "NUM_PERM",
    "SHINGLE_WORDS",
    "THRESHOLD",
    "Signature",
    "find_similar",
    "index",
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
# The IN list stays far below every database's parameter limit.
_IN_CHUNK = 500


def lsh_parameters() -> tuple[int, int]:
    """(bands, rows per band): datasketch's optimum for LSH_THRESHOLD and NUM_PERM."""
    return LSH_BANDS, LSH_ROWS


# --- the persistent index -------------------------------------------------------------------


def index(session: Session, article_id: int, sig: Signature) -> None:
    """Store (or replace) the signature and band keys of an article."""
    session.execute(delete(MinhashBand).where(MinhashBand.article_id == article_id))
    session.merge(MinhashSignature(article_id=article_id, signature=sig.to_bytes()))
    session.add_all(MinhashBand(article_id=article_id, band_key=k) for k in sig.band_keys())


def find_similar(
    session: Session, sig: Signature, exclude: Sequence[int] = ()
) -> list[tuple[int, float]]:
    """Archived articles whose body is a near-duplicate: (article id, similarity), best first."""
    candidates = set(
        session.scalars(
            select(MinhashBand.article_id).where(MinhashBand.band_key.in_(sig.band_keys()))
        )
    ) - set(exclude)
    found = []
    ids = sorted(candidates)
    for start in range(0, len(ids), _IN_CHUNK):
        rows = session.execute(
            select(MinhashSignature.article_id, MinhashSignature.signature).where(
                MinhashSignature.article_id.in_(ids[start : start + _IN_CHUNK])
            )
        )
        for article_id, data in rows:
            similarity = sig.similarity(Signature.from_bytes(data))
            if similarity >= THRESHOLD:
                found.append((article_id, similarity))
    found.sort(key=lambda pair: (-pair[1], pair[0]))
    return found
