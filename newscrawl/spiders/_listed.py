"""What the listings that lead to articles (feeds, news sitemaps) say of them.

A feed's ``pubDate`` (RSS), ``<published>`` (Atom) or ``dc:date``, and a news sitemap's
``<news:publication_date>``, say when an article was published; a news sitemap's
``<news:keywords>`` what it is about (a feed's items: :mod:`newscrawl.spiders._feeds`).
Some pages say it nowhere a reader or a parser can find: the spider hands a
:class:`~newscrawl.extract.listing.Listing` on with the article's request, and extraction
takes it where the page says less.

Scrapy's sitemap reader keeps the text of each ``<url>``'s direct children only, so a news
sitemap's ``<news:news>`` children are lost to it: :func:`news_sitemap_listings` reads the
sitemap again for them (news sitemaps hold at most 1,000 URLs, by Google's rules).
"""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime
from io import BytesIO

from lxml import etree
from w3lib.url import safe_url_string

from newscrawl.extract.listing import Listing
from newscrawl.urls import is_http_url

_SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
#: Longest time text read: an ISO 8601 time with fractions and offset is ~32 characters.
_MAX_LENGTH = 64
#: Longest keyword list read (characters), and most keywords kept of it.
_MAX_KEYWORDS = 2000
_MAX_TAGS = 20


def listed_time(text: str | None) -> str | None:
    """An ISO 8601 or RFC 2822 time (or day) as ISO 8601; None if it is neither.

    >>> listed_time("Sun, 29 Nov 2026 08:30:00 GMT")
    '2026-11-29T08:30:00+00:00'
    >>> listed_time(" 2026-11-29T09:30:00+01:00 "), listed_time("2026-11-29")
    ('2026-11-29T09:30:00+01:00', '2026-11-29')
    >>> listed_time("yesterday"), listed_time("Sun, 31 Nov 2026 08:30:00 GMT")
    (None, None)
    """
    text = (text or "").strip()
    if not text or len(text) > _MAX_LENGTH:
        return None
    if text[:4].isdigit():
        try:
            when = datetime.fromisoformat(text)
        except ValueError:
            return None
        return when.date().isoformat() if len(text) <= 10 else when.isoformat()  # a day alone
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def news_sitemap_listings(body: bytes) -> dict[str, Listing]:
    """Each news sitemap entry's URL (as a Request has it) with what its news tags say.

    >>> news_sitemap_listings(b'''<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
    ...   xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>
    ...   <loc>https://e.com/a-1</loc><news:news>
    ...   <news:publication_date>2026-11-29T08:30:00Z</news:publication_date>
    ...   <news:keywords>Harbour, Ferries</news:keywords></news:news></url></urlset>''')
    {'https://e.com/a-1': Listing(published='2026-11-29T08:30:00+00:00', authors=(), \
tags=('Harbour', 'Ferries'))}
    """
    found: dict[str, Listing] = {}
    entries = etree.iterparse(
        BytesIO(body),
        tag=f"{_SITEMAP}url",
        recover=True,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
    )
    try:
        for _, url in entries:
            loc = (url.findtext(f"{_SITEMAP}loc") or "").strip()
            keywords = (url.findtext(f"{_NEWS}news/{_NEWS}keywords") or "")[:_MAX_KEYWORDS]
            words = (" ".join(keyword.split()) for keyword in keywords.split(","))
            listing = Listing(
                listed_time(url.findtext(f"{_NEWS}news/{_NEWS}publication_date")),
                tags=tuple(word for word in words if word)[:_MAX_TAGS],
            )
            if loc and listing and is_http_url(loc):  # one bad <loc> costs its entry only
                found.setdefault(safe_url_string(loc), listing)
            url.clear()
    except etree.XMLSyntaxError:
        pass  # what was read before the damage counts, as it does for Scrapy's reader
    return found
