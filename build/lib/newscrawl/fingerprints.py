"""A compact set of 64-bit fingerprints, for what a crawl must remember of every URL it saw.

A crawl remembers every request it scheduled (the duplicate filter,
:mod:`newscrawl.dupefilters`) and every article it passed on (the dedupe pipeline). In a
Python ``set`` each entry costs a ``bytes`` or ``int`` object (48 to 64 bytes) plus its slot
in a table kept at most 60% full: 80 to 110 bytes, about 10 MB per 100,000 URLs, and
growing for as long as the crawl runs. :class:`FingerprintSet` keeps 8-byte fingerprints in
a sorted :class:`array.array` (8 bytes each) and the latest additions in a small ``set``
that is merged into the array now and then: about 10 bytes per entry.

Sixty-four bits are plenty to tell URLs apart: among a million fingerprints, the chance
that any two collide is about 3 in 100 million.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left

#: Fewest new fingerprints gathered before they are merged into the sorted array. Beyond
#: 16 times this, a sixteenth of the array's length: merging copies the array, so merges
#: become rarer as it grows, and cost a constant share of the time spent adding.
MERGE_AT = 4096


def fingerprint64(data: bytes | str) -> int:
    """A 64-bit fingerprint of ``data`` (BLAKE2b), as an unsigned integer.

    >>> fingerprint64("https://example.com/a") == fingerprint64(b"https://example.com/a")
    True
    >>> 0 <= fingerprint64("x") < 2**64
    True
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


class FingerprintSet:
    """A set of unsigned 64-bit integers in about 10 bytes each.

    >>> seen = FingerprintSet(merge_at=2)
    >>> [seen.add(n) for n in (5, 3, 5, 9, 3)]
    [True, True, False, True, False]
    >>> 9 in seen, 4 in seen, len(seen)
    (True, False, 3)
    """

    def __init__(self, merge_at: int = MERGE_AT) -> None:
        self._sorted = array("Q")
        self._recent: set[int] = set()
        self._merge_at = max(1, merge_at)

    def __len__(self) -> int:
        return len(self._sorted) + len(self._recent)

    def __contains__(self, value: object) -> bool:
        if value in self._recent:
            return True
        if not isinstance(value, int) or not 0 <= value < 2**64:
            return False
        index = bisect_left(self._sorted, value)
        return index < len(self._sorted) and self._sorted[index] == value

    def add(self, value: int) -> bool:
        """Add ``value``; True if it was not in the set yet."""
        if value in self:
            return False
        if not 0 <= value < 2**64:
            raise ValueError(f"not an unsigned 64-bit integer: {value}")
        self._recent.add(value)
        if len(self._recent) >= max(self._merge_at, len(self._sorted) >> 4):
            self._merge()
        return True

    def memory_bytes(self) -> int:
        """Bytes the set holds: the array's buffer and the recent entries (set and ints)."""
        recent = self._recent.__sizeof__() + 32 * len(self._recent)
        return self._sorted.buffer_info()[1] * self._sorted.itemsize + recent

    def _merge(self) -> None:
        # Slices of the old array around each new value: the copying happens in C, and no
        # Python int is made for the entries already merged (a sorted() of the whole array
        # would briefly take ~40 bytes per entry).
        old, merged = self._sorted, array("Q")
        start = 0
        for value in sorted(self._recent):
            end = bisect_left(old, value, start)
            merged.extend(old[start:end])
            merged.append(value)
            start = end
        merged.extend(old[start:])
        self._sorted = merged
        self._recent = set()
