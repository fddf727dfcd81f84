"""What the archive computes from an article and its page alone, done ahead of the archive.

Storing an article costs CPU that depends on nothing but the article and its raw page: the
MinHash signature of the body (near-duplicate index), the zstd-compressed raw page and, for
a revisit, the revision fingerprint. In a crawl, the extraction workers compute them
(:func:`prepare`) right after extracting the page, on their own cores, and the page carries
them to the archive, whose writer thread would otherwise spend them on a thread of the
crawler process, competing with the reactor for the GIL. Where nobody prepared them (inline
extraction, ``scrapy reprocess``, tests), the archive computes them itself with the same
functions: there is one way of computing each.

Pure: imports neither SQLAlchemy nor Scrapy (it runs in the extraction workers).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from typing import Any

import zstandard

from newscrawl.storage.revisions import revision_fingerprint

#: zstd level of stored raw pages: zstd's own default. On the real news pages of the
#: evaluation corpus (330 KB on average) level 3 takes 0.6 ms a page and keeps 17% of the
#: bytes, level 6 1.7 ms and 16%: a crawl is short of CPU, not of disk.
RAW_LEVEL = 3


@dataclass(frozen=True)
class PrepareOptions:
    """What to prepare for one page."""

    #: Compress the raw page (the archive keeps raw pages: ``NEWSCRAWL_KEEP_RAW``).
    raw: bool = True
    #: Compute the revision fingerprint. The archive needs it only for an article it has
    #: already stored, with another content hash: worth it for revisits only.
    fingerprint: bool = False


@dataclass(frozen=True)
class Prepared:
    """Precomputed values for one article, as the archive would compute them."""

    #: ``content_hash`` of the article they were computed for (a guard against reuse).
    content_hash: str
    #: :meth:`~newscrawl.storage.signatures.Signature.to_bytes` of the body's signature, or
    #: None when the body is too short to compare.
    signature: bytes | None
    #: :func:`~newscrawl.storage.revisions.revision_fingerprint`, if it was asked for.
    fingerprint: str | None = None
    #: :func:`compress` of the raw page, if it was asked for.
    raw: tuple[str, bytes] | None = None

    def matches(self, article: dict[str, Any]) -> bool:
        """Whether these values were computed for ``article``."""
        return self.content_hash == article.get("content_hash")


def prepare(article: dict[str, Any], body: bytes, options: PrepareOptions) -> Prepared:
    """Compute what the archive needs of an extracted ``article`` and its raw ``body``."""
    # Imported here: the crawler process imports this module for PrepareOptions and
    # compress(), and computes no signatures when the workers do (numpy: ~17 MB).
    from newscrawl.storage.minhash import signature

    sig = signature(article.get("body") or "")
    return Prepared(
        content_hash=article["content_hash"],
        signature=sig.to_bytes() if sig is not None else None,
        fingerprint=revision_fingerprint(article) if options.fingerprint else None,
        raw=compress(body) if options.raw else None,
    )


def compress(body: bytes) -> tuple[str, bytes]:
    """Compress a raw page; returns the method name and the compressed bytes."""
    # zstd makes news HTML smaller than gzip does, several times faster.
    return "zstd", zstandard.ZstdCompressor(level=RAW_LEVEL).compress(body)


def decompress(method: str, data: bytes) -> bytes:
    """Undo :func:`compress`."""
    if method == "zstd":
        return zstandard.ZstdDecompressor().decompress(data)
    if method == "gzip":
        return gzip.decompress(data)
    raise ValueError(f"unknown compression {method!r}")
