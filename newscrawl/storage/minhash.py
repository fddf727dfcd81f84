"""MinHash signatures of article bodies, computed with numpy: pure, no database.

A body becomes a set of word 4-shingles; its MinHash signature estimates the Jaccard
similarity of two such sets. The values are exactly those of datasketch's
``MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32")`` fed the same shingles (a unit
test holds them equal): SHA-1 of each shingle (first 4 bytes, little-endian), the
MurmurHash3 finaliser, then ``a * h + b`` modulo 2^32 per permutation, the minimum over
shingles. Computing them here rather than through datasketch avoids its per-object set-up
(the permutations are drawn once per process, not per body) and keeps datasketch, which
imports SciPy (~70 MB), out of the crawler and worker processes.

This module is imported by extraction workers (:mod:`newscrawl.storage.prepared`), so it
imports neither SQLAlchemy nor Scrapy.

The constants are part of the stored data: changing the shingle size, the number of hash
functions, the seed or the permutation scheme makes stored signatures incomparable, and
the index must be rebuilt (``scrapy reprocess`` does it).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np

#: Words per shingle.
SHINGLE_WORDS = 4
#: Hash functions per signature.
NUM_PERM = 128
#: Seed of the permutations (datasketch's ``seed``).
SEED = 1
#: Bodies with fewer words are not compared (too little text to tell a copy from a brief).
MIN_WORDS = 40
#: LSH bands and rows per band: what datasketch's ``MinHashLSH(threshold=0.2,
#: num_perm=128)`` chooses (a unit test checks it), fixed here so that no process needs
#: datasketch (and SciPy) to compute band keys.
LSH_BANDS, LSH_ROWS = 28, 2

_WORD = re.compile(r"\w+")
# MurmurHash3 fmix32 shifts and multipliers (datasketch's pre-mix for "affine32").
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


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
        # Asked for up to four times per stored article (candidates, in-batch lookups,
        # indexing): computed once.
        return self._band_keys

    @cached_property
    def _band_keys(self) -> list[int]:
        data = self.values.astype("<u4").tobytes()
        width = 4 * LSH_ROWS
        keys = []
        for band in range(LSH_BANDS):
            chunk = data[band * width : (band + 1) * width]
            digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
            keys.append(int.from_bytes(digest, "little", signed=True))
        return keys


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
    return Signature(minhash_values(shingles(text)))


def minhash_values(items: set[bytes]) -> np.ndarray:
    """MinHash values (uint32, NUM_PERM of them) of a non-empty set of byte strings."""
    sha1 = hashlib.sha1
    digests = b"".join([sha1(item).digest()[:4] for item in items])
    hashed = _fmix32(np.frombuffer(digests, dtype="<u4").astype(np.uint32))
    a, b = _permutations()
    # uint32 arithmetic wraps around: that is the modulo 2^32 of the affine permutations.
    values: np.ndarray = (hashed[:, np.newaxis] * a + b).min(axis=0)
    return values


def _fmix32(hashed: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX
    hashed = hashed ^ (hashed >> s1)
    hashed = hashed * m1
    hashed = hashed ^ (hashed >> s2)
    hashed = hashed * m2
    result: np.ndarray = hashed ^ (hashed >> s3)
    return result


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    # Drawn as datasketch draws them for scheme "affine32": odd multipliers, any offsets.
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b
