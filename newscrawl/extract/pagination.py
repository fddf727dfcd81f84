"""Articles split over several pages: the link to an article's next page.

Long articles on some sites (Zeit Online's "Seite 2", heise's and Golem's, WordPress posts
split with ``<!--nextpage-->``) go on over pages of their own: the first page holds a part
of the body only, and a crawl that reads it alone stores a story cut short. The crawl
fetches the next pages too (:mod:`newscrawl.spiders.site`) and the extractor joins their
bodies (:func:`newscrawl.extract.extract_article`'s ``more_pages``).

A page's next page is told by its URL, not by the link's words or place: the next page of
the article at ``/politik/2024/05/story`` is that URL with a page marker and the next page's
number, ``/politik/2024/05/story/seite-2``, ``.../story/2/``, ``.../story?page=2``, or
``story-2.html`` beside ``story.html``. A link to another story ("next article", which
WordPress marks ``rel="next"`` too), to a comment page (``comment-page-2``, ``?cpage=2``) or
to a gallery's next picture never has that shape. No library does this (trafilatura,
newspaper4k and news-please read one page); it is written here.

Only a page that says it is an article (``og:type`` article, a schema.org Article in
JSON-LD or microdata: :func:`declares_article`) is followed to its next pages: a section
page whose URL passed for an article's has pages too (``/politik/seite-2``), and the
extractor drops it as a listing, which a declared article never is.

The search runs in the crawler process for every article page, so it reads the raw bytes
and looks closer only at the links that name the article's own path.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newscrawl.extract.jsonld import ARTICLE_TYPES
from newscrawl.urls import join_http_url, url_key

#: The most pages an article is read from: a longer chain is a loop or no article.
MAX_PAGES = 20
#: The most links of a page judged whole (a page links to its next page a few times).
MAX_JUDGED = 50
#: The most places a declaration, or the article's name in a link, is looked for at (per
#: kind), and how far around each.
_MAX_LOOKS, _TAG_REACH = 200, 1000

#: Query parameters that number the pages of an article (lower case).
_PAGE_KEYS = frozenset(
    {"page", "p", "pg", "pag", "pagina", "seite", "paged", "pageno", "pagenum", "strona",
     "side", "sida", "sivu", "stran", "oldal"}
)  # fmt: skip
#: The path of a page after the first: the first page's path, then ``/2``, ``/seite-2``,
#: ``/pagina/2``, ... (a marker word right after a slash: not ``comment-page-2``; not
#: ``/page/2``, WordPress's pages of a blog's or a category's listing).
_PATH_PAGE = re.compile(
    r"^(?P<base>.+?)/(?:(?:seite|pagina|strona|side|sida)[/-]?)?(?P<number>[0-9]{1,3})/?$",
    re.IGNORECASE,
)
#: A file name numbered after the first page's: ``story-2.html`` beside ``story.html``.
_FILE_PAGE = re.compile(
    r"^(?P<stem>.+?)[-_,](?P<number>[0-9]{1,3})(?P<extension>\.(?:s?html?|php|aspx?))$",
    re.IGNORECASE,
)


_TYPES = b"|".join(sorted(t.encode() for t in ARTICLE_TYPES))
#: What declares a page an article, as :meth:`newscrawl.extract.state.State.declares_article`
#: reads it from the parsed page, in the page's bytes where each literal stands (markup is
#: written in lower case; the values are read in any case):
#: a JSON-LD ``@type``, a microdata ``itemtype`` (and og:type, read from its whole tag).
_TYPED = (
    (
        b'"@type"',
        rb'"@type"\s{0,40}:\s{0,40}(?:\[\s{0,40})?"(?:schema:|https?://schema\.org/)?(?:'
        + _TYPES
        + rb')"',
    ),
    (b"itemtype", rb"itemtype\s{0,40}=\s{0,40}[\"']?https?://schema\.org/(?:" + _TYPES + rb")\b"),
)
_TYPED_PATTERNS = tuple((literal, re.compile(regex, re.IGNORECASE)) for literal, regex in _TYPED)
# Bounded spaces, one optional quote: "\s*["']?\s*" before "article" tried every split of a
# long run of spaces (quadratic, found by fuzzing).
_OG_ARTICLE = re.compile(rb"content\s{0,40}=\s{0,40}(?:[\"']\s{0,40})?article", re.IGNORECASE)


def declares_article(html: bytes) -> bool:
    """Whether the page says it is an article.

    >>> declares_article(b'<meta content="article" property="og:type">')
    True
    >>> declares_article(b'<meta property="og:type" content="article"')
    True
    >>> declares_article(b'<script type="application/ld+json">{"@type": "NewsArticle"}</script>')
    True
    >>> declares_article(b'<meta property="og:type" content="website"><h1>Politik</h1>')
    False
    """
    # Literal searches, then a look at each place: one regular expression with alternatives
    # tried at every byte of a page took ~0.7 ms a page, in the crawler process.
    found, looks = html.find(b"og:type"), 0
    while found != -1 and looks < _MAX_LOOKS:
        # The <meta> tag around it, content before or after the property.
        low = max(0, found - _TAG_REACH)
        start, end = html.rfind(b"<", low, found), html.find(b">", found, found + _TAG_REACH)
        stop = found + _TAG_REACH if end == -1 else end  # a tag cut off: what there is of it
        if _OG_ARTICLE.search(html, low if start == -1 else start, stop):
            return True
        found, looks = html.find(b"og:type", found + 1), looks + 1
    for literal, pattern in _TYPED_PATTERNS:
        found, looks = html.find(literal), 0
        while found != -1 and looks < _MAX_LOOKS:
            if pattern.match(html, found):
                return True
            found, looks = html.find(literal, found + 1), looks + 1
    return False


def page_number(url: str, first: str) -> int | None:
    """The number of the page of the article at ``first`` that ``url`` is, or None.

    >>> first = "https://www.example.de/politik/2024-05/story"
    >>> page_number("https://example.de/politik/2024-05/story/seite-3", first)
    3
    >>> page_number("https://www.example.de/politik/2024-05/story?page=2&utm_source=x", first)
    2
    >>> page_number("https://www.example.de/politik/2024-05/other-story/2", first) is None
    True
    >>> page_number("https://www.example.de/politik/2024-05/story/comment-page-2", first) is None
    True
    >>> page_number("https://example.com/news/story-12345-2.html", "https://example.com/news/story-12345.html")
    2
    """
    parts = urlsplit(url)
    target = url_key(first)
    query = parse_qsl(parts.query, keep_blank_values=True)
    numbered = [
        (i, v)
        for i, (k, v) in enumerate(query)
        if k.lower() in _PAGE_KEYS and v.isascii() and v.isdigit()  # not "²", which int refuses
    ]
    if len(numbered) == 1:
        index, value = numbered[0]
        rest = urlencode(query[:index] + query[index + 1 :])
        if url_key(urlunsplit(parts._replace(query=rest))) == target:
            return _page(int(value))
    match = _PATH_PAGE.match(parts.path)
    if match and url_key(urlunsplit(parts._replace(path=match["base"]))) == target:
        return _page(int(match["number"]))
    match = _FILE_PAGE.match(parts.path)
    if match:
        path = match["stem"] + match["extension"]
        if url_key(urlunsplit(parts._replace(path=path))) == target:
            return _page(int(match["number"]))
    return None


def _page(number: int) -> int | None:
    # Page 1 is the first page itself, under another URL; a number past the bound is an id.
    return number if 2 <= number <= MAX_PAGES else None


def next_page_url(html: bytes, url: str, first: str, number: int) -> str | None:
    """The URL of the article's page after page ``number`` (``html``, from ``url``), or None.

    ``first`` is the URL of the article's first page.
    """
    marker = _path_marker(first).encode()
    if not marker:
        return None
    wanted = b"%d" % (number + 1)
    shape = _PAGE_SHAPE if marker.decode() in urlsplit(first).path else _QUERY_PAGE_SHAPE
    seen: set[bytes] = set()
    # Each attribute value that holds the article's own name and, after it, the next
    # page's number: a few a page, each judged by its whole URL.
    found, looks = html.find(marker), 0
    while found != -1 and looks < _MAX_LOOKS:
        looks += 1
        rest = _VALUE_REST.match(html, found + len(marker))
        after = found + len(marker) + (len(rest.group()) if rest else 0)
        if rest and shape.match(rest.group()) and wanted in _NUMBER.findall(rest.group()):
            value = _ATTRIBUTE_NAME.sub(b"", html[_value_start(html, found) : after])
            if value not in seen:
                if len(seen) >= MAX_JUDGED:  # a hostile page: the reactor waits for this
                    return None
                seen.add(value)
                link = join_http_url(url, unescape(value.decode("utf-8", "replace")).strip())
                if link and page_number(link, first) == number + 1:
                    return link
        found = html.find(marker, after)
    return None


def page_to_follow(html: bytes, url: str, first: str, number: int, limit: int) -> str | None:
    """The page to fetch after page ``number`` (``html``, from ``url``), or None.

    None: the article (whose first page is at ``first``) ends here, has had ``limit`` pages,
    or its first page does not say it is an article. The crawl's rule and the extract
    command's.
    """
    if number >= min(limit, MAX_PAGES):
        return None
    link = next_page_url(html, url, first, number)
    if link is None or (number == 1 and not declares_article(html)):  # the rarer check, last
        return None
    return link


#: The rest of an attribute value.
_VALUE_REST = re.compile(rb"""[^"'\s<>]*""")
#: The numbers in a URL.
_NUMBER = re.compile(rb"[0-9]+")
#: What may follow the article's name in the URL of one of its pages (a cheap look before
#: the whole URL is judged: share links carry the name too, followed by their own words):
#: a name in the path, and one in the query (an id: ``?id=70412&page=2``).
_PAGE_SHAPE = re.compile(
    rb"(?:\.[a-z]{2,5})?/?(?:[/_,-](?:(?:seite|pagina|strona|side|sida)[/-]?)?[0-9]{1,3}"
    rb"(?:\.[a-z]{2,5})?/?)?(?:[?#].*)?$",
    re.IGNORECASE,
)
_QUERY_PAGE_SHAPE = re.compile(rb"(?:[&;#].*)?$")
#: What ends an attribute value, or the text before one.
_VALUE_STOPS = tuple(b"\"' \t\r\n<>")
#: The name before an unquoted attribute value (``href=/story/2``).
_ATTRIBUTE_NAME = re.compile(rb"^[a-zA-Z-]+=")


def _value_start(html: bytes, end: int) -> int:
    """Where the attribute value that reaches ``end`` starts (at most 2,000 bytes back)."""
    low = max(0, end - 2000)
    return max(html.rfind(bytes((stop,)), low, end) for stop in _VALUE_STOPS) + 1 or low


def _path_marker(url: str) -> str:
    """The longest part of the article's path or query (a slug, an id).

    Links to the article's pages hold it. Empty for an address too short to tell them by.

    >>> _path_marker("https://example.com/2024/05/14/harbour-ferry-returns/amp/")
    'harbour-ferry-returns'
    >>> _path_marker("https://example.com/news/story-12345.html"), _path_marker("https://e.com/a/1")
    ('story-12345', '')
    """
    # Not canonicalize_url (w3lib's parser): this runs for every article page the crawler
    # reads, and the longest name of a path is the same in any spelling of it.
    parts = urlsplit(url.strip())
    names = [name.rsplit(".", 1)[0] if "." in name else name for name in parts.path.split("/")]
    names += [value for _, value in parse_qsl(parts.query)]
    longest = max(names, key=len, default="")
    return longest if len(longest) >= _MIN_MARKER else ""


#: The shortest path part links to an article's pages are told by.
_MIN_MARKER = 4
