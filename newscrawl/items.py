"""Items that travel from spiders through the pipelines.

Spiders yield :class:`ArticlePage` (a fetched page believed to be an article), or
:class:`NotModifiedPage` when a conditional revisit was answered with 304; the extract
pipeline turns an ArticlePage into an article: a plain ``dict`` with the fields listed in
:data:`newscrawl.extract.article.FIELDS` and, from the archive, ``archive_status``,
``revision`` and ``duplicate_of`` (``FEED_EXPORT_FIELDS`` in the settings: the contract
of feeds and exports), plus the page itself under
:data:`PAGE_KEY` until the archive has stored it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newscrawl.extract.listing import Listing
    from newscrawl.storage.prepared import Prepared

#: Key under which an article item carries its :class:`ArticlePage` until it is archived.
PAGE_KEY = "_page"


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class ArticlePage:
    """A response a spider believes to be an article, as plain data."""

    url: str
    #: The raw response body; left out of repr(), which Scrapy logs with every drop.
    body: bytes = field(repr=False)
    #: Site (profile) name the article is recorded under.
    site: str
    status: int = 200
    #: Content-Type header value, or None.
    content_type: str | None = None
    #: Encoding Scrapy decided on (header, BOM, <meta>), or None for a non-text response.
    encoding: str | None = None
    #: ETag and Last-Modified response headers, for conditional revisits.
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime = field(default_factory=_utcnow)
    #: When the server made the response (``Date`` less ``Age``), if it said: the clock a
    #: date the server rendered as "now" is read against (:mod:`newscrawl.served`).
    served_at: datetime | None = None
    #: URLs that redirected to ``url``, first one first (the archive remembers them).
    redirect_urls: tuple[str, ...] = ()
    #: Response headers as (name, value) pairs, for WARC records.
    headers: tuple[tuple[str, str], ...] = ()
    #: A revisit of an archived article (the incremental middleware made it conditional).
    revisit: bool = False
    #: What the feed or news sitemap that listed the page said of it (publication time,
    #: authors, tags), for a page that says less; None if no listing said anything.
    listing: Listing | None = None
    #: What the extraction worker computed for the archive (signature, compressed page...);
    #: None until then, or if extraction ran inline: the archive computes it itself.
    prepared: Prepared | None = field(default=None, repr=False)
    #: The article's next pages, when it is split over several
    #: (:mod:`newscrawl.extract.pagination`), in order: their bodies are the article's too.
    more_pages: tuple[ArticlePage, ...] = field(default=(), repr=False)

    def with_page(self, page: ArticlePage) -> ArticlePage:
        """A copy with ``page`` added to the article's next pages."""
        return replace(self, more_pages=(*self.more_pages, page))


@dataclass
class GonePage:
    """A revisited article whose URL answered 404 or 410: the publisher took it down.

    Extraction, validation and deduplication pass it through; the archive pipeline marks
    the article removed and replaces it with the archived article (``archive_status``
    "removed"), or drops it (``still-gone``) when an earlier run marked it already.
    """

    url: str
    site: str
    #: ``http-404`` or ``http-410`` (see :mod:`newscrawl.spiders._fetch_errors`).
    reason: str


@dataclass
class NotModifiedPage:
    """A revisited article the server answered with 304 Not Modified.

    Extraction, validation and deduplication pass it through; the archive pipeline records
    the check and replaces it with the archived article (``archive_status`` "unchanged").
    """

    url: str
    site: str
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime = field(default_factory=_utcnow)
