"""Scrapy's request duplicate filter, remembering each request in about 10 bytes.

Scrapy's :class:`~scrapy.dupefilters.RFPDupeFilter` keeps the SHA-1 fingerprint of every
request it lets through in a ``set`` of ``bytes``: about 100 bytes a request, kept for the
whole crawl, so about 10 MB more for every 100,000 article links a crawl follows, the
largest part of the crawler's growth that is Python objects. :class:`CompactDupeFilter`
decides exactly as Scrapy's does (same request fingerprinter, same ``JOBDIR`` file, read
and written in the same format) but keeps the first 8 bytes of each fingerprint in a
:class:`~newscrawl.fingerprints.FingerprintSet`. Two different requests are taken for one
only if their fingerprints share those 64 bits: about 3 chances in 100 million among a
million requests.

With ``NEWSCRAWL_REDIS_URL`` the shared frontier (:mod:`newscrawl.frontier`) replaces this
filter with scrapy-redis's, whose set lives in Redis.

Settings (Scrapy's): ``DUPEFILTER_CLASS`` selects it; ``JOBDIR``, ``DUPEFILTER_DEBUG``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.dupefilters import RFPDupeFilter

from newscrawl.fingerprints import FingerprintSet

if TYPE_CHECKING:
    from scrapy.http import Request

_SIZE_BYTES = 2  # as Scrapy's requests.seen: each fingerprint after its 2-byte length


def _key(fingerprint: bytes) -> int:
    return int.from_bytes(fingerprint[:8], "big")


class CompactDupeFilter(RFPDupeFilter):
    """Scrapy's RFPDupeFilter with 8 bytes kept per request instead of ~100."""

    def __init__(self, path: str | None = None, debug: bool = False, **kwargs: Any) -> None:
        super().__init__(path, debug, **kwargs)
        self.seen = FingerprintSet()
        # Scrapy read the job directory's fingerprints into its own set: move them over.
        for fingerprint in self._fingerprints:
            self.seen.add(_key(fingerprint))
        self._fingerprints.clear()

    def request_seen(self, request: Request) -> bool:
        """Whether an equivalent request was seen; remember ``request`` if not."""
        fingerprint = self._fingerprint(request)
        if not self.seen.add(_key(fingerprint)):
            return True
        if self.file:
            self.file.write(len(fingerprint).to_bytes(_SIZE_BYTES, "big") + fingerprint)
        return False
