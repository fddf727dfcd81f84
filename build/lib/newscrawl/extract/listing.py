"""What the listing that led to a page (a feed, a news sitemap) said of the article.

A feed's item gives when the article was published (``pubDate``), who wrote it
(``dc:creator``) and its categories; a news sitemap's entry its publication date and
keywords. The page's own word comes first; these are taken where the page says less
(source "listing" in ``field_sources``). The crawl hands them to extraction with the page,
and the archive keeps them with the raw page, so that ``scrapy reprocess`` extracts the page
as the crawl did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Source name of a field taken from the listing.
LISTING = "listing"


@dataclass(frozen=True)
class Listing:
    """What a feed or news sitemap said of one article."""

    #: When it was published (ISO 8601; RFC 2822 is read too).
    published: str | None = None
    #: Who wrote it, as the listing spells them (the extractor cleans them).
    authors: tuple[str, ...] = ()
    #: Its categories or keywords.
    tags: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.published or self.authors or self.tags)

    def to_json(self) -> dict[str, Any] | None:
        """The listing as JSON data (request meta, the raw page's column); None if empty.

        >>> Listing("2026-11-29", ("Ann Lee",)).to_json()
        {'published': '2026-11-29', 'authors': ['Ann Lee']}
        >>> Listing().to_json() is None
        True
        """
        data: dict[str, Any] = {}
        if self.published:
            data["published"] = self.published
        if self.authors:
            data["authors"] = list(self.authors)
        if self.tags:
            data["tags"] = list(self.tags)
        return data or None

    @classmethod
    def from_json(cls, data: Any) -> Listing | None:
        """The listing :meth:`to_json` gave; None for none, or for what is not one.

        >>> Listing.from_json({"published": "2026-11-29", "authors": ["Ann Lee"]})
        Listing(published='2026-11-29', authors=('Ann Lee',), tags=())
        >>> Listing.from_json(None), Listing.from_json("2026-11-29")
        (None, None)
        """
        if not isinstance(data, dict):
            return None
        published = data.get("published")
        listing = cls(
            published if isinstance(published, str) else None,
            _strings(data.get("authors")),
            _strings(data.get("tags")),
        )
        return listing or None


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(item for item in value if isinstance(item, str))
