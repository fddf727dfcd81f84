"""Article links from RSS 2.0, RSS 1.0 (RDF) and Atom feeds, and the feeds a page announces.

With each link, what the feed says of the entry: when it last changed (for revisits), and
when it was published, who wrote it and its categories (a
:class:`~newscrawl.extract.listing.Listing`, for a page that says less).

lxml parses the feed with entity resolution and network access off, so a hostile feed
cannot expand entities ("billion laughs") or make the parser fetch anything. feedparser
would also do, but it is another dependency for what is five XPath expressions.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

from lxml import etree

from newscrawl.extract.listing import Listing
from newscrawl.extract.page import document_base
from newscrawl.spiders._listed import listed_time
from newscrawl.urls import join_http_url

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lxml.html import HtmlElement

_ATOM = "{http://www.w3.org/2005/Atom}"
_RSS1 = "{http://purl.org/rss/1.0/}"
_DC = "{http://purl.org/dc/elements/1.1/}"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, recover=True, load_dtd=False
    )


class FeedEntry(NamedTuple):
    """What a feed says of one of its entries, beside the link."""

    #: When the entry last changed: an Atom entry's ``<updated>`` ("the most recent
    #: instant in time when an entry was modified in a way the publisher considers
    #: significant", RFC 4287), or an RSS item's ``<atom:updated>``; None if not given.
    updated: str | None = None
    #: What it says of the article: when it was published (RSS's ``pubDate`` or
    #: ``dc:date``, Atom's ``<published>``, as ISO 8601), who wrote it (RSS's
    #: ``dc:creator``, else ``author``: "jdoe@example.com (Jane Doe)"; Atom's author
    #: names), its categories (RSS's ``<category>``, Atom's ``label`` or ``term``).
    listing: Listing = Listing()


def feed_links(body: bytes, base_url: str) -> list[str]:
    """The entry links of a feed, in feed order, each once; [] if it is not a feed.

    >>> feed_links(b"<rss><channel><item><link>https://e.com/a-1</link></item></channel></rss>",
    ...            "https://e.com/rss")
    ['https://e.com/a-1']
    """
    return list(feed_entries(body, base_url))


#: Entries read of one feed at most: a news feed lists tens or hundreds, an archive feed a
#: few thousand; the rest of a longer one (hostile or broken) is not read.
MAX_FEED_ENTRIES = 10_000


def feed_entries(body: bytes, base_url: str) -> dict[str, FeedEntry]:
    """The entry links of a feed, in feed order, each with what the feed says of it.

    {} if it is not a feed. The first :data:`MAX_FEED_ENTRIES` items (and Atom entries).
    Relative links resolve against the ``xml:base`` the feed or the entry declares, else
    against ``base_url``, the feed's URL.

    A link listed twice keeps its first entry's.

    >>> entries = feed_entries(
    ...     b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/a-1"/>'
    ...     b"<updated>2026-11-29T10:00:00Z</updated><published>2026-11-28T10:00:00Z"
    ...     b"</published></entry></feed>", "https://e.com/")
    >>> entry = entries["https://e.com/a-1"]
    >>> entry.updated, entry.listing.published
    ('2026-11-29T10:00:00Z', '2026-11-28T10:00:00+00:00')
    """
    try:
        # The feed's URL as the document's base: lxml then gives each element's base URI
        # (``.base``) with the ``xml:base`` of the feed and its entries applied, against
        # which an Atom feed's relative links are written (RFC 4287, section 2).
        root = etree.fromstring(body, _parser(), base_url=base_url)
    except etree.XMLSyntaxError:
        return {}
    if root is None:
        return {}
    entries: dict[str, FeedEntry] = {}
    for item in islice(root.iter("item", f"{_RSS1}item"), MAX_FEED_ENTRIES):
        link = item.findtext("link") or item.findtext(f"{_RSS1}link")
        guid = item.find("guid")
        if not link and guid is not None and guid.get("isPermaLink", "true") == "true":
            link = guid.text
        if url := join_http_url(item.base or base_url, link):
            listing = Listing(
                listed_time(item.findtext("pubDate") or item.findtext(f"{_DC}date")),
                _texts(item, f"{_DC}creator") or _texts(item, "author"),
                _texts(item, "category") or _texts(item, f"{_DC}subject"),
            )
            entries.setdefault(url, FeedEntry(_updated(item), listing))
    for entry in islice(root.iter(f"{_ATOM}entry"), MAX_FEED_ENTRIES):
        for link in entry.iter(f"{_ATOM}link"):
            if link.get("rel", "alternate") == "alternate" and link.get("href"):
                if url := join_http_url(link.base or base_url, link.get("href")):
                    listing = Listing(
                        listed_time(entry.findtext(f"{_ATOM}published")),
                        _texts(entry, f"{_ATOM}author/{_ATOM}name"),
                        _categories(entry),
                    )
                    entries.setdefault(url, FeedEntry(_updated(entry), listing))
                break
    return entries


#: Longest author or category value kept: a name, a few, a phrase.
_MAX_VALUE = 200
#: Values of one kind kept of one entry: they travel with the request and the raw page.
_MAX_VALUES = 20


def _texts(entry: etree._Element, path: str) -> tuple[str, ...]:
    """The stripped, non-empty texts of the first ``path`` elements of ``entry``."""
    return _kept(element.text for element in entry.iterfind(path))


def _categories(entry: etree._Element) -> tuple[str, ...]:
    """An Atom entry's categories: each one's ``label`` (for people), else its ``term``."""
    found = entry.iterfind(f"{_ATOM}category")
    return _kept(element.get("label") or element.get("term") for element in found)


def _kept(values: Iterable[str | None]) -> tuple[str, ...]:
    found = (" ".join((value or "").split()) for value in values)
    return tuple(islice((text for text in found if 0 < len(text) <= _MAX_VALUE), _MAX_VALUES))


def _updated(entry: etree._Element) -> str | None:
    text = entry.findtext(f"{_ATOM}updated")
    return text.strip() or None if text else None


# The media types of feeds a page announces (RSS 2.0, Atom, RSS 1.0).
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
# A feed of readers' comments (WordPress announces one per site and per post), not of articles.
_COMMENTS = re.compile(r"comment|kommentar|commentaire|comentario|commenti", re.IGNORECASE)
#: Feeds taken from one page at most: a page announcing dozens lists every section's.
MAX_ANNOUNCED_FEEDS = 10


def announced_feeds(root: HtmlElement, page_url: str) -> list[str]:
    """The RSS/Atom feeds a page announces that list its articles, in page order.

    Feed autodiscovery: ``<link rel="alternate" type="application/rss+xml" href="...">``. On
    a home page, every one (the site's feeds); on a section page, those under its path
    (WordPress's ``/category/politics/feed/`` on ``/category/politics/``), as a site-wide
    feed would bring other sections' articles into a crawl of one. Comment feeds are left
    out.

    >>> from lxml.html import fromstring
    >>> page = fromstring(
    ...     '<html><head><link rel="alternate" type="application/rss+xml" href="/feed/">'
    ...     '<link rel="alternate" type="application/rss+xml" href="/politics/feed/">'
    ...     '<link rel="alternate" type="application/rss+xml" title="Comments Feed" '
    ...     'href="/comments/feed/"></head></html>')
    >>> announced_feeds(page, "https://e.com/")
    ['https://e.com/feed/', 'https://e.com/politics/feed/']
    >>> announced_feeds(page, "https://e.com/politics/")
    ['https://e.com/politics/feed/']
    """
    base = document_base(root, page_url)
    section = urlsplit(page_url).path.rstrip("/")
    found: dict[str, None] = {}
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rel or kind not in _FEED_TYPES:
            continue
        url = join_http_url(base, link.get("href"))
        if not url or _COMMENTS.search(link.get("title") or ""):
            continue
        path = urlsplit(url).path
        if _COMMENTS.search(path) or (section and not (path + "/").startswith(section + "/")):
            continue
        found[url] = None
    return list(found)[:MAX_ANNOUNCED_FEEDS]
