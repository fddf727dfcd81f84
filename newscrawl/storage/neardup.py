"""Near-duplicate detection: MinHash signatures with LSH bands kept in the database.

A body becomes a set of word 4-shingles; its MinHash signature (datasketch, 128 hash
functions) estimates the Jaccard similarity of two such sets. The signature is cut into
bands (the split datasketch's ``MinHashLSH`` chooses for :data:`LSH_THRESHOLD`); each band
is hashed to one 64-bit key and stored in the indexed ``minhash_bands`` table. Articles
sharing a band key are candidates; a candidate whose estimated similarity reaches
:data:`THRESHOLD` is a near-duplicate. A lookup is one indexed ``IN`` query of a few dozen
keys plus the candidates' signatures, whatever the size of the archive, so nothing is held
in memory across articles or runs. ``benchmarks/near_duplicates.py`` measures it.

The constants are part of the stored data: changing the shingle size, the number of hash
functions, the seed or datasketch's permutation scheme makes stored signatures
incomparable, and the index must be rebuilt (``scrapy reprocess`` does it).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from newscrawl.storage.models import MinhashBand, MinhashSignature

#: Words per shingle.
SHINGLE_WORDS = 4
#: Hash functions per signature.
NUM_PERM = 128
#: Estimated Jaccard similarity of shingle sets from which two bodies are near-duplicates.
#: Chosen with ``benchmarks/near_duplicates.py``: edited copies mostly stay above it,
#: different stories on the same topic (shared background paragraphs included) below.
THRESHOLD = 0.3
#: Similarity the LSH bands are tuned for: below THRESHOLD, so that copies close to the
#: threshold still become candidates (the signatures then decide).
LSH_THRESHOLD = 0.2
#: Bodies with fewer words are not compared (too little text to tell a copy from a brief).
MIN_WORDS = 40
_SEED = 1
_SCHEME = "affine32"
_WORD = re.compile(r"\w+")
# The IN list stays far below every database's parameter limit.
_IN_CHUNK = 500


@dataclass(frozen=True)
class Signature:
    """The MinHash signature of one body."""

    values: np.ndarray

    def to_bytes(self) -> bytes:
        """Little-endian uint32 values, as stored."""
        return self.values.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        """Undo :meth:`to_bytes`."""
        return cls(np.frombuffer(data, dtype="<u4").astype(np.uint32))

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return float(np.count_nonzero(self.values == other.values)) / len(self.values)

    def band_keys(self) -> list[int]:
        """One signed 64-bit key per LSH band."""
        bands, rows = lsh_parameters()
        keys = []
        for band in range(bands):
            chunk = self.values[band * rows : (band + 1) * rows].astype("<u4").tobytes()
            digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
            keys.append(int.from_bytes(digest, "little", signed=True))
        return keys


@cache
def lsh_parameters() -> tuple[int, int]:
    """(bands, rows per band): datasketch's optimum for LSH_THRESHOLD and NUM_PERM."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def shingles(text: str) -> set[bytes]:
    """The word shingles of a text (lower case, punctuation ignored).

    >>> sorted(shingles("One two three four five."))
    [b'one two three four', b'two three four five']
    """
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def signature(text: str) -> Signature | None:
    """The signature of a body, or None if it is too short to compare."""
    if len(_WORD.findall(text)) < MIN_WORDS:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)
    minhash.update_batch(list(shingles(text)))
    return Signature(np.asarray(minhash.hashvalues, dtype=np.uint32))


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
