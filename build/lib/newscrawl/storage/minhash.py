"""MinHash signatures of article bodies, computed with numpy: pure, no database.

The values are exactly those of datasketch's ``MinHash(num_perm=NUM_PERM, seed=SEED,
scheme="affine32")`` fed the same shingles (a unit test holds them equal): SHA-1 of each
shingle (first 4 bytes, little-endian), the MurmurHash3 finaliser, then ``a * h + b``
modulo 2^32 per permutation, the minimum over shingles. Computing them here rather than
through datasketch avoids its per-object set-up (the permutations are drawn once per
process, not per body) and keeps datasketch, which imports SciPy (~70 MB), out of the
crawler and worker processes. The shingles, the constants and :class:`Signature` (what is
stored and compared) are in :mod:`newscrawl.storage.signatures`.

The extraction workers import this module (:mod:`newscrawl.storage.prepared`); the crawler
process only when it has to compute a signature itself (see
:func:`newscrawl.storage.neardup.signature`).
"""

from __future__ import annotations

import hashlib
from functools import cache

import numpy as np

from newscrawl.storage.signatures import MIN_WORDS, NUM_PERM, SEED, WORD, Signature, shingles

# MurmurHash3 fmix32 shifts and multipliers (datasketch's pre-mix for "affine32").
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def signature(text: str) -> Signature | None:
    """The signature of a body, or None if it is too short to compare."""
    if len(WORD.findall(text)) < MIN_WORDS:
        return None
    return Signature(minhash_values(shingles(text)).astype("<u4").tobytes())


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
