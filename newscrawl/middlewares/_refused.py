"""Requests a guard refused: pages not fetched, counted under the reason.

Scrapy's ``IgnoreRequest`` says only that a request was dropped. newscrawl's middlewares drop
requests for two kinds of cause: the page is not needed (the archive has it, pagination
stopped: a request spared), or it cannot or must not be fetched (its body does not decode or
is too large, its redirects loop or leave the site, its address is private, its host is
skipped for the run). The second kind raises :class:`Refused`, which names the reason, so
that the spider counts an article page refused as one not fetched, by that reason, in the
run's summary and its record (``scrapy runs``), and a run whose every article page was
refused fails as one whose every page answered 403 does.
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest


class Refused(IgnoreRequest):
    """A request refused by a guard; ``reason`` is what the page is counted under."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        #: A short name: ``undecodable``, ``redirect-loop``, ``host-skipped``...
        self.reason = reason
