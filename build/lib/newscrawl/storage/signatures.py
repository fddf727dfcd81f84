"""Near-duplicate signatures as the archive stores, compares and indexes them: pure Python.

A body becomes a set of word 4-shingles (:func:`shingles`); its MinHash signature
(:class:`Signature`: NUM_PERM values, stored as little-endian uint32) estimates the Jaccard
similarity of two such sets. :mod:`newscrawl.storage.minhash` computes signatures, with
numpy; this module only holds, compares and bands them, so that the crawler process, which
gets its signatures from the extraction workers, does not import numpy (~17 MB of its
memory).

It imports neither SQLAlchemy nor Scrapy: the extraction workers import it too.

The constants are part of the stored data: changing the shingle size, the number of hash
functions, the seed or the permutation scheme makes stored signatures incomparable, and
the index must be rebuilt (``scrapy reprocess`` does it).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property

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

WORD = re.compile(r"\w+")
_VALUE_BYTES = 4
_VALUE_BITS = 8 * _VALUE_BYTES
# The lowest bit of each value, in a signature read as one integer.
_LOWEST_BITS = sum(1 << (_VALUE_BITS * i) for i in range(NUM_PERM))


@dataclass(frozen=True)
class Signature:
    """The MinHash signature of one body: NUM_PERM little-endian uint32 values."""

    data: bytes

    def __post_init__(self) -> None:
        if len(self.data) != NUM_PERM * _VALUE_BYTES:
            raise ValueError(
                f"a signature is {NUM_PERM * _VALUE_BYTES} bytes, not {len(self.data)}"
            )

    def to_bytes(self) -> bytes:
        """The values as stored."""
        return self.data

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        """Undo :meth:`to_bytes`."""
        return cls(bytes(data))

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets: the share of equal values."""
        # Counted on the signatures as two 4096-bit integers, in a few whole-integer steps
        # rather than a Python loop over 128 values (~1.5 against ~8 us; an archive compares
        # a new body with up to MAX_CANDIDATES others). In their XOR a value that differs
        # has a 1 bit; OR-ing in the integer shifted right by 16, 8, 4, 2 and 1 brings every
        # bit of a value down onto its lowest bit (bits of the next value only reach higher
        # bits), so the lowest bit of each value says whether it differs.
        differ = self._as_int ^ other._as_int
        for shift in (16, 8, 4, 2, 1):
            differ |= differ >> shift
        return (NUM_PERM - (differ & _LOWEST_BITS).bit_count()) / NUM_PERM

    @cached_property
    def _as_int(self) -> int:
        return int.from_bytes(self.data, "little")

    def band_keys(self) -> list[int]:
        """One signed 64-bit key per LSH band."""
        # Asked for up to four times per stored article (candidates, in-batch lookups,
        # indexing): computed once.
        return self._band_keys

    @cached_property
    def _band_keys(self) -> list[int]:
        width = _VALUE_BYTES * LSH_ROWS
        keys = []
        for band in range(LSH_BANDS):
            chunk = self.data[band * width : (band + 1) * width]
            digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
            keys.append(int.from_bytes(digest, "little", signed=True))
        return keys


def shingles(text: str) -> set[bytes]:
    """The word shingles of a text (lower case, punctuation ignored).

    >>> sorted(shingles("One two three four five."))
    [b'one two three four', b'two three four five']
    """
    words = WORD.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }
