"""Which links on a section page lead to articles, to the next page, and to other sections.

A site profile's ``article_pattern`` decides when it is given. Otherwise heuristics that
hold on most news sites decide: the link sits in the page's content, not in navigation,
header, footer or asides; and its URL looks like an article (a date in the path, a long
numeric id, or a slug of several words) rather than a section, tag, author or service page.
No library does this for section pages (trafilatura's and courlan's link filters judge
whole sites, not positions on a page), hence this module.

A site's sections are the links of its navigation menus that look like a listing (a short
path of section names) rather than an article or a service page (``discover_sections``);
newspaper4k finds a home page's categories in the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newscrawl.extract.classwords import class_words
from newscrawl.extract.page import document_base
from newscrawl.urls import host_allowed, join_url, registered_host, strip_tracking

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from newscrawl.sites.profile import SiteProfile

# Elements whose links are navigation, not content.
_CHROME_TAGS = frozenset({"nav", "aside", "menu"})
# The page's banner and footer, unless inside a sectioning element: HTML gives an
# <article> (a teaser) or a <section> its own <header> and <footer> (ARIA maps them to
# banner and contentinfo only outside article, aside, main, nav and section), and blog
# themes put each teaser's headline link in one (WordPress's "entry-header").
_PAGE_CHROME_TAGS = frozenset({"header", "footer"})
_SECTIONING_TAGS = frozenset({"article", "main", "section"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "menu", "menubar"})
_CHROME_CLASS = class_words(
    r"nav|navbar|navigation|menu|footer|breadcrumbs?|social|share|sharing|cookie|"
    r"consent|masthead|site-header|topbar|skip"
)
# Path segments of pages that list or serve, never report: no URL with one is an article.
_NON_ARTICLE_SEGMENT = re.compile(
    r"^(?:tags?|topics?|themen|category|categories|categorie|kategorie|authors?|autoren|"
    r"autor|autore|autores|auteurs?|journalists?|redakteure|contributors?|profil|people|"
    r"users?|members?|date|search|suche|recherche|login|log-in|signin|sign-in|register|"
    r"signup|subscribe|subscription|abo|newsletters?|account|profile|about|about-us|contact|"
    r"impressum|imprint|privacy|datenschutz|terms|cookies?|help|faq|rss|feeds?|sitemap|page|"
    r"static|assets|media|images?|wp-admin|wp-login\.php|cdn-cgi|shop|jobs|careers|"
    r"advertise|horoscopes?|podcasts?|games|puzzles|crossword)$",
    re.IGNORECASE,
)
# Sections whose own page lists (the archive, the weather) but whose stories are articles:
# /weather is no article, /weather/2024/04/26/storms-across-the-plains is.
_LISTING_SECTION = re.compile(r"^(?:archives?|weather|events)$", re.IGNORECASE)
# Segments that say what follows names a single story: /story/best-podcasts,
# /article/culture/an-interview.
_STORY_SEGMENT = re.compile(
    r"^(?:story|stories|article|articles|artikel|articolo|noticia|noticias|post|posts)$",
    re.IGNORECASE,
)
# A page file named by a slug and a number: the ARD broadcasters' "ahrtal-wiederaufbau-101.html".
_NUMBERED_PAGE = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)+-?\d+\.s?html?$", re.IGNORECASE)
_FILE_EXTENSION = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|pdf|xml|rss|atom|json|mp[34]|m4a|mov|avi|zip|gz|"
    r"css|js|woff2?|ttf|txt|csv|docx?|xlsx?|pptx?)$",
    re.IGNORECASE,
)
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php|aspx?|cms)$", re.IGNORECASE)
_DATE_IN_PATH = re.compile(r"/(?:19|20)\d{2}[/-](?:0?[1-9]|1[0-2])(?:[/-]\d{1,2})?(?:/|$)")
_COMPACT_DATE = re.compile(
    r"(?:^|[/_-])(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])(?:$|[/_.-])"
)
# A path that ends in a date (/2019/05, /date/2014/05/14) is that date's archive.
_DATE_AT_END = re.compile(
    r"/(?:19|20)\d{2}(?:[/-]\d{1,2}){0,2}$|/(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])$"
)
_LONG_ID = re.compile(r"(?:^|[^0-9])\d{5,}(?:$|[^0-9])")
# An opaque article id: ten or more letters and digits, the digits in several runs
# ("AST1F4445T1FUTIL02SM"), which no section name is ("podcasts100" is one).
_OPAQUE_ID = re.compile(r"^(?=[a-z0-9]*\d[a-z]+\d)[a-z0-9]{10,}$", re.IGNORECASE)
# Query parameters of CMSs without readable paths that name one story (WordPress's ?p=123,
# SPIP's ?article123, ...); a page or a category id (?page_id=, ?cat=) names none.
_ARTICLE_QUERY = re.compile(
    r"(?:^|&)(?:p|story|storyid|articleid|article_id|newsid|news_id|postid|post_id)=\d{3,}"
    r"(?:&|$)|^article\d+(?:&|$)",
    re.IGNORECASE,
)
_SLUG_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_MIN_SLUG_WORDS = 4

# Segments of the non-article pages that do list articles: a category or topic is a section.
_LISTING_SEGMENT = re.compile(
    r"^(?:category|categories|categorie|kategorie|topics?|themen|thema)$", re.IGNORECASE
)
# Words of the service pages a menu lists beside the sections ("/my-account",
# "/privacy-policy", "/donate/now", "/gutscheine/...", "shop.example.com"): a path or
# subdomain with one is no section.
_SERVICE_WORD = re.compile(
    r"^(?:accounts?|login|logout|signin|signup|register|registration|privacy|terms|contact|"
    r"kontakt|donate|donations?|checkout|cart|subscribe|subscriptions?|abo|abonnement|"
    r"newsletters?|nyhetsbrev|accessibility|advertise|advertising|jobs|careers|karriere|"
    r"cookies?|impressum|datenschutz|imprint|shop|store|gutscheine|coupons?|vouchers?|"
    r"search|suche|sok|minsida|membership|rewards|epaper|editions|faq|help|hilfe|support|"
    r"feedback|corrections|staff|rss|rssfeeds|feeds?|sitemap|games|puzzles|crossword|"
    r"kreuzwortraetsel|sudoku|jigsaw|horoscopes?)$"
)
# A locale with its region ("/fr-fr", "/es-mx"): another edition of the site, no section.
_LOCALE_SEGMENT = re.compile(r"^[a-z]{2}[-_][a-z]{2}$", re.IGNORECASE)
# The menus where sites list their sections.
_NAVIGATION_TAGS = frozenset({"nav", "menu"})
_NAVIGATION_ROLES = frozenset({"navigation", "menu", "menubar"})
_NAVIGATION_CLASS = class_words(r"nav|navbar|navigation|menu")
#: Sections taken from one start page at most: a mega-menu lists every subsection.
MAX_DISCOVERED_SECTIONS = 30

# "Load more" too: a section whose further teasers a button adds has it link the next page
# (?page=2), for readers without JavaScript and for crawlers.
_NEXT_TEXT = re.compile(
    r"^\s*(?:next(?:\s+page)?|older(?:\s+(?:posts|articles|stories))?|more(?:\s+stories)?|"
    r"(?:load|show)\s+more(?:\s+(?:stories|articles|news|posts))?|mehr\s+laden|"
    r"charger\s+plus|cargar\s+más|carica\s+altri|"
    r"weiter|nächste(?:\s+seite)?|suivant(?:e)?|siguiente|próxima|successiva|volgende|"
    r"następna|次へ|下一页|הבא|التالي|›|»|→|>)\s*[›»→>]?\s*$",
    re.IGNORECASE,
)
_NEXT_CLASSES = frozenset(
    {
        "next",
        "next-page",
        "pagination-next",
        "pagination__next",
        "nav-next",
        "load-more",
        "loadmore",
    }
)


def looks_like_article(url: str) -> bool:
    """Judge a URL by its shape alone.

    >>> looks_like_article("https://example.com/world/2024/05/02/talks-resume-in-geneva")
    True
    >>> looks_like_article("https://example.com/middle-east/russia-turkey-talks-631386")
    True
    >>> looks_like_article("https://example.com/article/155970/collapse-neoliberalism")
    True
    >>> looks_like_article("https://example.com/world")
    False
    >>> looks_like_article("https://example.com/tag/libya")
    False
    >>> looks_like_article("https://example.com/2019/05/")
    False
    >>> looks_like_article("https://example.com/inland/gesellschaft/ahrtal-wiederaufbau-101.html")
    True
    """
    parts = urlsplit(strip_tracking(url))  # a session id is no article id
    if parts.scheme not in ("http", "https"):
        return False
    path = parts.path
    if _FILE_EXTENSION.search(path) and not _PAGE_SUFFIX.search(path):
        return False
    segments = [s for s in path.split("/") if s]
    if any(_NON_ARTICLE_SEGMENT.match(s) for s in segments):
        return False
    if _ARTICLE_QUERY.search(parts.query):
        return True  # "/?p=3289" too, on the home page's path
    if not segments:
        return False
    if _DATE_AT_END.search(path.rstrip("/")):
        return False
    last = _PAGE_SUFFIX.sub("", segments[-1])
    # An id in any segment ("/story-1019241/artikel", "/article/155970/slug"), not only the
    # last, or in the query.
    has_id = (
        any(_LONG_ID.search(s) for s in segments)
        or _OPAQUE_ID.match(last)
        or _LONG_ID.search(parts.query)
    )
    if has_id or len(_SLUG_WORD.findall(last)) >= _MIN_SLUG_WORDS:
        return True
    if _NUMBERED_PAGE.match(segments[-1]):
        return True
    if "-" in last and any(_STORY_SEGMENT.match(s) for s in segments[:-1]):
        return True
    if any(_LISTING_SECTION.match(s) for s in segments):
        return False  # under a listing section only a story's own id or slug counts
    return bool(_DATE_IN_PATH.search(path + "/") or _COMPACT_DATE.search(path))


def clearly_not_article(url: str) -> bool:
    """Whether ``url``'s shape says it is not an article's, beyond doubt.

    Stricter than ``not looks_like_article(url)``, which also turns down article URLs of
    shapes it does not know (``/news/article/1234``), as a link not followed costs little;
    for a page already fetched, only these count: the home page, a page under a tag,
    author, search or service segment, a date archive, a section's short path of names
    without a digit.

    >>> clearly_not_article("https://example.com/tag/libya")
    True
    >>> clearly_not_article("https://example.com/news/politics/")
    True
    >>> clearly_not_article("https://example.com/news/article/1234")
    False
    """
    if looks_like_article(url):
        return False
    path = urlsplit(url).path
    segments = [segment for segment in path.split("/") if segment]
    if not segments or any(_NON_ARTICLE_SEGMENT.match(s) for s in segments):
        return True
    if _DATE_AT_END.search(path.rstrip("/")):
        return True
    return looks_like_section(url) and not any(ch.isdigit() for ch in path)


def looks_like_section(url: str) -> bool:
    """Judge by its shape alone whether a URL is a section page: a short path of names.

    >>> looks_like_section("https://example.com/world")
    True
    >>> looks_like_section("https://example.com/news/middle-east/")
    True
    >>> looks_like_section("https://example.com/category/politics/")
    True
    >>> looks_like_section("https://example.com/world/2024/05/02/talks-resume-in-geneva")
    False
    >>> looks_like_section("https://example.com/about")
    False
    >>> looks_like_section("https://example.com/world?page=2")
    False
    >>> looks_like_section("https://example.com/2024/05/")
    False
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.query:
        return False  # a query is a search, a filter or a page of a listing
    # A service on a subdomain of its own: shop., subscribe., account., jobs.
    subdomains = (parts.hostname or "").split(".")[:-2]
    if any(_SERVICE_WORD.match(label) for label in subdomains):
        return False
    path = parts.path
    if _FILE_EXTENSION.search(path) and not _PAGE_SUFFIX.search(path):
        return False
    segments = [s for s in _directory(path).split("/") if s]
    if not 1 <= len(segments) <= 3:
        return False  # the home page ("/index.html"), or deeper than sections go
    if any(_NON_ARTICLE_SEGMENT.match(s) and not _LISTING_SEGMENT.match(s) for s in segments):
        return False
    if any(_LOCALE_SEGMENT.match(s) for s in segments):
        return False
    words = (w for s in segments for w in re.split(r"[-_.]+", s.lower()))
    if any(_SERVICE_WORD.match(w) for w in words):
        return False
    if _DATE_AT_END.search(path.rstrip("/")):
        return False
    return not looks_like_article(url)


def is_article_url(url: str, profile: SiteProfile) -> bool:
    """Whether ``url`` is an article of the profile's site."""
    if not host_allowed(url, profile.domains):
        return False
    if profile.article_regex is not None:
        return profile.article_regex.search(url) is not None
    return looks_like_article(url)


def _in_chrome(element: HtmlElement) -> bool:
    in_page_chrome = False  # inside a <header> or <footer>: chrome unless in a section
    for ancestor in element.iterancestors():
        tag = ancestor.tag if isinstance(ancestor.tag, str) else ""
        if tag in _CHROME_TAGS or ancestor.get("role", "") in _CHROME_ROLES:
            return True
        if tag in _SECTIONING_TAGS:
            in_page_chrome = False
        elif tag in _PAGE_CHROME_TAGS:
            in_page_chrome = True
        marks = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if marks.strip() and _CHROME_CLASS.search(marks):
            return True
    return in_page_chrome


#: Links read of one page at most. A news site's busiest home page has a few thousand; a
#: page of a hundred thousand (a hostile or broken one, within the download size limit)
#: would hold the reactor for a minute and the frontier half a gigabyte.
MAX_LINKS_READ = 10_000


def links_cut(root: HtmlElement) -> bool:
    """Whether ``root`` has more links than are read of a page (:data:`MAX_LINKS_READ`)."""
    return next(islice(root.iter("a"), MAX_LINKS_READ, None), None) is not None


def _links(root: HtmlElement, page_url: str) -> Iterator[tuple[HtmlElement, str]]:
    """The page's links to other pages (resolved against its ``<base href>``, if any).

    The first :data:`MAX_LINKS_READ` of them.
    """
    base_url = document_base(root, page_url)
    page = page_url.split("#", 1)[0]
    for anchor in islice(root.iter("a"), MAX_LINKS_READ):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        if (url := join_url(base_url, href)) and (url := url.split("#", 1)[0]) != page:
            yield anchor, url


def article_links(root: HtmlElement, page_url: str, profile: SiteProfile) -> list[str]:
    """Article URLs linked from a section page, in page order, each once.

    With an ``article_pattern`` every matching link counts, wherever it sits (the profile
    knows best). Without one, links in navigation, header, footer and asides are ignored.
    Relative links resolve against the page's ``<base href>``, if it has one.
    """
    found: dict[str, None] = {}
    for anchor, url in _links(root, page_url):
        if url in found or not is_article_url(url, profile):
            continue
        if profile.article_regex is None and _in_chrome(anchor):
            continue
        found[url] = None
    return list(found)


def site_links(root: HtmlElement, page_url: str, profile: SiteProfile) -> int:
    """How many links on a page lead to the profile's site (other than to the page)."""
    return sum(1 for _, url in _links(root, page_url) if host_allowed(url, profile.domains))


def section_links(root: HtmlElement, page_url: str, profile: SiteProfile) -> list[str]:
    """The site's sections a start page's navigation menus link to, under the page's path.

    From a home page, every section; from a section page, its subsections (as a feed
    announced by a section page is read only if it is the section's). The menus are
    ``<nav>``, ``role="navigation"`` and elements classed as one; a page without any gives
    all its links. At most :data:`MAX_DISCOVERED_SECTIONS`, top sections first (then in
    page order); the profile's own start pages and articles are left out.

    >>> from lxml.html import fromstring
    >>> from newscrawl.sites.profile import SiteProfile
    >>> site = SiteProfile("e", ("e.com",), sections=("https://e.com/",))
    >>> page = fromstring(
    ...     '<nav><a href="/">Home</a><a href="/world">World</a><a href="/world/africa">Africa'
    ...     '</a><a href="/about">About</a><a href="https://other.org/world">Elsewhere</a></nav>'
    ...     '<main><a href="/sport">Sport</a></main>')
    >>> section_links(page, "https://e.com/", site)
    ['https://e.com/world', 'https://e.com/world/africa']
    >>> section_links(page, "https://e.com/world", site)
    ['https://e.com/world/africa']
    """
    start = _directory(urlsplit(page_url).path)
    links = list(_links(root, page_url))
    in_menus = [(anchor, url) for anchor, url in links if _in_navigation(anchor)]
    # By host and directory: "/business/" and "/business/index.html" are one section.
    found: dict[tuple[str, str], str] = {}
    # The start pages are read anyway (and bypass the duplicate filter).
    given = {_section_key(url) for url in profile.sections}
    for anchor, link in in_menus or links:
        if anchor.get("hreflang") or anchor.get("lang"):
            continue  # the site in another language, from its language switcher
        url = strip_tracking(link)
        key = _section_key(url)
        path = key[1]
        if (
            key in found
            or key in given
            or path == start
            or (start and not path.startswith(start + "/"))
            or not host_allowed(url, profile.domains)
            or not looks_like_section(url)
            or is_article_url(url, profile)
        ):
            continue
        found[key] = url
    # The top sections first: a mega-menu lists each one's subsections after it.
    by_depth = sorted(found.items(), key=lambda item: item[0][1].count("/"))
    return [url for _, url in by_depth][:MAX_DISCOVERED_SECTIONS]


# A directory's index page: "/politik/index.html" is the page of "/politik".
_INDEX_PAGE = re.compile(r"/index\.[a-z]+$", re.IGNORECASE)


def _directory(path: str) -> str:
    """A section's path without its index page or trailing slash: "/politik"."""
    return _INDEX_PAGE.sub("", path).rstrip("/")


def _section_key(url: str) -> tuple[str, str]:
    """What tells two section URLs apart: host (without "www.") and directory."""
    parts = urlsplit(url)
    return registered_host(url), _directory(parts.path)


def _in_navigation(element: HtmlElement) -> bool:
    for ancestor in element.iterancestors():
        if ancestor.tag in _NAVIGATION_TAGS or ancestor.get("role", "") in _NAVIGATION_ROLES:
            return True
        marks = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if marks.strip() and _NAVIGATION_CLASS.search(marks):
            return True
    return False


def next_page_url(root: HtmlElement, page_url: str, profile: SiteProfile) -> str | None:
    """The URL of the section's next page, or None on the last page."""
    candidates: list[str] = []
    if profile.next_page_selector:
        candidates += [a.get("href", "") for a in root.cssselect(profile.next_page_selector)]
    candidates += [link.get("href", "") for link in root.iter("link") if _rel_next(link)]
    for anchor in root.iter("a"):
        text = anchor.text_content()
        classes = set(anchor.get("class", "").lower().split())
        if _rel_next(anchor) or _NEXT_TEXT.match(text) or classes & _NEXT_CLASSES:
            candidates.append(anchor.get("href", ""))
    base_url = document_base(root, page_url)
    for href in candidates:
        url = (join_url(base_url, href) or "").split("#", 1)[0]
        if url and url != page_url and host_allowed(url, profile.domains):
            return url
    return None


def _rel_next(element: HtmlElement) -> bool:
    return "next" in (element.get("rel") or "").lower().split()
