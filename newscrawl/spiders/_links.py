"""Which links on a section page lead to articles, and which to the next page.

A site profile's ``article_pattern`` decides when it is given. Otherwise heuristics that
hold on most news sites decide: the link sits in the page's content, not in navigation,
header, footer or asides; and its URL looks like an article (a date in the path, a long
numeric id, or a slug of several words) rather than a section, tag, author or service page.
No library does this for section pages (trafilatura's and courlan's link filters judge
whole sites, not positions on a page), hence this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from newscrawl.extract.classwords import class_words

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from newscrawl.sites.profile import SiteProfile

# Elements whose links are navigation, not content.
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "menu"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "menu", "menubar"})
_CHROME_CLASS = class_words(
    r"nav|navbar|navigation|menu|footer|breadcrumbs?|social|share|sharing|cookie|"
    r"consent|masthead|site-header|topbar|skip"
)
# Path segments of pages that list or serve, never report.
_NON_ARTICLE_SEGMENT = re.compile(
    r"^(?:tags?|topics?|themen|category|categories|categorie|kategorie|authors?|autor|"
    r"auteur|people|search|suche|recherche|login|log-in|signin|sign-in|register|signup|"
    r"subscribe|subscription|abo|newsletters?|account|profile|about|about-us|contact|"
    r"impressum|imprint|privacy|datenschutz|terms|cookies?|help|faq|rss|feeds?|sitemap|"
    r"archive|archives|page|static|assets|media|images?|wp-admin|wp-login\.php|cdn-cgi|"
    r"shop|jobs|careers|advertise|events|weather|horoscopes?|podcasts?|games|puzzles|"
    r"crossword)$",
    re.IGNORECASE,
)
_FILE_EXTENSION = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|pdf|xml|rss|atom|json|mp[34]|m4a|mov|avi|zip|gz|"
    r"css|js|woff2?|ttf|txt|csv|docx?|xlsx?|pptx?)$",
    re.IGNORECASE,
)
_DATE_IN_PATH = re.compile(r"/(?:19|20)\d{2}[/-](?:0?[1-9]|1[0-2])(?:[/-]\d{1,2})?(?:/|$)")
_COMPACT_DATE = re.compile(
    r"(?:^|[/_-])(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])(?:$|[/_.-])"
)
_LONG_ID = re.compile(r"(?:^|[^0-9])\d{5,}(?:$|[^0-9])")
_SLUG_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_MIN_SLUG_WORDS = 4

_NEXT_TEXT = re.compile(
    r"^\s*(?:next(?:\s+page)?|older(?:\s+(?:posts|articles|stories))?|more(?:\s+stories)?|"
    r"weiter|nächste(?:\s+seite)?|suivant(?:e)?|siguiente|próxima|successiva|volgende|"
    r"następna|次へ|下一页|הבא|التالي|›|»|→|>)\s*[›»→>]?\s*$",
    re.IGNORECASE,
)
_NEXT_CLASSES = frozenset({"next", "next-page", "pagination-next", "pagination__next", "nav-next"})


def host_allowed(url: str, domains: Iterable[str]) -> bool:
    """Whether ``url``'s host is one of ``domains`` or a subdomain of one."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith(f".{d}") for d in (d.lower() for d in domains))


def looks_like_article(url: str) -> bool:
    """Judge a URL by its shape alone.

    >>> looks_like_article("https://example.com/world/2024/05/02/talks-resume-in-geneva")
    True
    >>> looks_like_article("https://example.com/middle-east/russia-turkey-talks-631386")
    True
    >>> looks_like_article("https://example.com/world")
    False
    >>> looks_like_article("https://example.com/tag/libya")
    False
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    path = parts.path
    if _FILE_EXTENSION.search(path) and not path.lower().endswith((".html", ".htm")):
        return False
    segments = [s for s in path.split("/") if s]
    if not segments or any(_NON_ARTICLE_SEGMENT.match(s) for s in segments[:-1]):
        return False
    if _NON_ARTICLE_SEGMENT.match(segments[-1]):
        return False
    if _DATE_IN_PATH.search(path + "/") or _COMPACT_DATE.search(path):
        return True
    last = re.sub(r"\.(?:s?html?|php|aspx?)$", "", segments[-1], flags=re.IGNORECASE)
    if _LONG_ID.search(last) or (parts.query and _LONG_ID.search(parts.query)):
        return True
    return len(_SLUG_WORD.findall(last)) >= _MIN_SLUG_WORDS


def is_article_url(url: str, profile: SiteProfile) -> bool:
    """Whether ``url`` is an article of the profile's site."""
    if not host_allowed(url, profile.domains):
        return False
    if profile.article_regex is not None:
        return profile.article_regex.search(url) is not None
    return looks_like_article(url)


def _in_chrome(element: HtmlElement) -> bool:
    for ancestor in element.iterancestors():
        tag = ancestor.tag if isinstance(ancestor.tag, str) else ""
        if tag in _CHROME_TAGS or ancestor.get("role", "") in _CHROME_ROLES:
            return True
        marks = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if marks.strip() and _CHROME_CLASS.search(marks):
            return True
    return False


def _links(root: HtmlElement, base_url: str) -> Iterator[tuple[HtmlElement, str]]:
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        yield anchor, urljoin(base_url, href).split("#", 1)[0]


def article_links(root: HtmlElement, base_url: str, profile: SiteProfile) -> list[str]:
    """Article URLs linked from a section page, in page order, each once.

    With an ``article_pattern`` every matching link counts, wherever it sits (the profile
    knows best). Without one, links in navigation, header, footer and asides are ignored.
    """
    found: dict[str, None] = {}
    page = base_url.split("#", 1)[0]
    for anchor, url in _links(root, base_url):
        if url == page or url in found or not is_article_url(url, profile):
            continue
        if profile.article_regex is None and _in_chrome(anchor):
            continue
        found[url] = None
    return list(found)


def next_page_url(root: HtmlElement, base_url: str, profile: SiteProfile) -> str | None:
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
    for href in candidates:
        url = urljoin(base_url, href.strip()).split("#", 1)[0] if href.strip() else ""
        if url and url != base_url and host_allowed(url, profile.domains):
            return url
    return None


def _rel_next(element: HtmlElement) -> bool:
    return "next" in (element.get("rel") or "").lower().split()
