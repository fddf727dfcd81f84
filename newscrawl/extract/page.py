"""What the page shows a reader: headline, tag links, breadcrumb, profile selectors.

These readers are the fallback for pages without (or with wrong) structured data, and the
only source for pages built before schema.org. All are cheap walks over the parsed tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any
from urllib.parse import unquote, urlsplit

from cssselect import GenericTranslator, SelectorError
from lxml.etree import XPath
from lxml.html import HtmlElement

from newscrawl.extract.classwords import class_words
from newscrawl.extract.processors import clean_text, title_case_segment
from newscrawl.urls import join_url, slugify

# Class/id words of blocks that are never article text.
_BOILERPLATE_WORDS = (
    r"newsletter|newsletters|subscribe|subscription|signup|sign-up|related|relateds|"
    r"sharing|sharebar|share-bar|share-buttons|share-links|social-share|social-links|"
    r"social-media|promo|promos|advert|adverts|advertisement|advertising|ad|ads|adslot|"
    r"ad-slot|dfp|sponsored|outbrain|taboola|most-read|mostread|most-popular|popular|"
    r"trending|recommended|recommendations|more-stories|author-bio|authorbio|bio|author-box|"
    r"caption|figcaption|credit|credits|copyright|breadcrumb|breadcrumbs|tags|tag-list|"
    r"taglist|comment-section|hot-opinion|visually-hidden|sr-only|"
    r"factbox|fact-box|faktabox|infobox|info-box|poll|quiz|survey"
)
#: Class/id words of boilerplate blocks, for :func:`marked_elements` callers; not in a BEM
#: modifier ("Section--Ads" holds ads, it is none).
BOILERPLATE_NAMES = class_words(_BOILERPLATE_WORDS, in_modifiers=False)
_TAGS_HINT = class_words(
    r"tags|tag-list|taglist|article-tags|post-tags|keywords|topics|schlagworte|"
    r"schlagwoerter|themen|etiquetas"
)
_BREADCRUMB_HINT = re.compile(r"breadcrumb", re.IGNORECASE)
_HOME_WORDS = frozenset({"home", "start", "startseite", "homepage", "accueil", "inicio", "portada"})
#: What a CMS calls the place of every story, in a URL or declared as a section.
CONTAINER_WORDS = frozenset(
    {"article", "articles", "artikel", "story", "stories", "post", "posts", "page", "pages"}
    | {"content", "archive", "archiv"}
)
# URL segments that are not sections: those, "article" in other languages, language
# codes, and the Wayback Machine's "/web/<time>/<address>".
_NOT_SECTIONS = CONTAINER_WORDS | frozenset(
    {
        "news", "amp", "p", "a", "item", "doc", "id", "www", "html", "index", "en", "de",
        "fr", "es", "it", "he", "ar", "ja", "pt", "nl", "blog", "blogs", "live", "video",
        "videos", "artikkel", "artykul", "articulo", "articolo", "artigo", "beitrag",
        "beitraege", "meldung", "nachricht", "noticia", "node", "detail", "details", "web",
        # a CMS's own folders: "/system/2026/03/05/030112345.shtml"
        "system", "cms", "site", "sites", "static", "portal", "default", "view", "show",
        "print", "mobile", "m",
    }
)  # fmt: skip


def _attrs(element: HtmlElement, *names: str) -> str:
    return " ".join(element.get(name) or "" for name in names)


def shown_text(element: HtmlElement) -> str:
    """The text of ``element`` a reader sees: without the rules of a ``<style>`` inside it.

    CSS-in-JS libraries (Emotion, styled-components) render a ``<style>`` beside the element
    it styles, inside headlines too.

    >>> from lxml.html import fromstring
    >>> shown_text(fromstring("<h1><style>.c{color:red}</style><b class=c>Ferry</b> runs</h1>"))
    'Ferry runs'
    """
    return "".join(shown_texts(element))


# A kicker set inside the headline's element: "<h1><span class="dachzeile">Interne
# Unterlagen im Netz</span><span class="headline">Daten von Rheinmetall gehackt</span></h1>".
_KICKER_CLASS = class_words(
    r"kicker|dachzeile|overline|topline|roofline|eyebrow|strapline|spitzmarke|"
    r"supertitle|pretitle"
)


# Text for screen readers only: a separator there joins nothing the reader sees.
#: Class words of elements shown to screen readers only: labels ("Image caption, ").
HIDDEN_CLASS = class_words(r"h-offscreen|offscreen|visually-?hidden|sr-only|screen-reader-text|vh")
# A separator that joins a kicker to the headline on one line.
_JOINED = re.compile(r"[:|–—-]")


def headline_without_kicker(h1: HtmlElement) -> str | None:
    """The text of headline element ``h1`` without the kicker set inside it, if it has one.

    A kicker the page sets on a line of its own is no part of the headline; one it joins
    to the headline with a colon or a bar is ("Bubi-Bomber wieder da: Thioune fordert
    Geduld").

    >>> from lxml.html import fromstring
    >>> headline_without_kicker(fromstring(
    ...     '<h1><span class="dachzeile">Interne Unterlagen</span> '
    ...     '<span class="headline">Daten gehackt</span></h1>'))
    'Daten gehackt'
    >>> headline_without_kicker(fromstring(
    ...     '<h1><span class="title__kicker">Bubi-Bomber</span><span>: </span>'
    ...     '<span class="title__headline">Thioune fordert Geduld</span></h1>')) is None
    True
    >>> headline_without_kicker(fromstring("<h1>Daten gehackt</h1>")) is None
    True
    """
    kicker = next(
        (e for e in h1.iterdescendants() if _KICKER_CLASS.search(e.get("class") or "")), None
    )
    if kicker is None:
        return None
    hidden = [e for e in h1.iterdescendants() if HIDDEN_CLASS.search(e.get("class") or "")]
    rest = [
        str(node)
        for node in _SHOWN_TEXT(h1)
        if not _inside(node, kicker) and not any(_inside(node, e) for e in hidden)
    ]
    headline = " ".join("".join(rest).split())
    kicker_text = "".join(
        str(node) for node in _SHOWN_TEXT(kicker) if not any(_inside(node, e) for e in hidden)
    )
    ends = (headline[:1], headline[-1:], kicker_text.strip()[-1:])
    if any(_JOINED.match(end) for end in ends):
        # "Kicker: Headline" printed as one line is the headline as shown; a colon at the
        # end means the class named the headline, not its kicker ("topline").
        return None
    return headline or None


def _inside(node: Any, element: HtmlElement) -> bool:
    """Whether text ``node`` (lxml's smart string) is in ``element``."""
    owner = node.getparent()
    if node.is_tail:  # a tail is text of its element's parent
        owner = owner.getparent()
    return owner is element or any(a is element for a in owner.iterancestors())


def shown_texts(element: HtmlElement, elements: int | None = None) -> Iterator[str]:
    """The texts of ``element`` a reader sees, in order, lazily (see :func:`shown_text`).

    Texts and tails as ``itertext()`` gives them, without those of scripts and styles (their
    tails are shown) or comments. Walked in Python, one child at a time, so that a caller
    that needs only the first words ("By ...") or a few hundred letters reads no more of a
    large container than that; ``elements`` bounds the elements walked, for a caller asking
    of every element of a page (an element's first words lie near its start: without the
    bound, thousands of nested empty elements cost the square of their number).

    >>> from lxml.html import fromstring
    >>> list(shown_texts(fromstring("<p>a<!-- c -->b<i>i<script>s</script>j</i>k</p>")))
    ['a', 'b', 'i', 'j', 'k']
    >>> list(shown_texts(fromstring("<p>a<i>i<b>b</b></i>k</p>"), elements=1))
    ['a', 'i']
    """
    if not isinstance(element.tag, str) or element.tag in _UNSHOWN:
        return
    if element.text:
        yield element.text
    stack = [(element, iter(element))]
    walked = 0
    while stack:
        owner, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack and owner.tail:  # the tail of a child, not of ``element`` itself
                yield owner.tail
        elif isinstance(child.tag, str) and child.tag not in _UNSHOWN:
            walked += 1
            if elements is not None and walked > elements:
                return
            if child.text:
                yield child.text
            stack.append((child, iter(child)))
        elif child.tail:  # a script, style or comment: only its tail is shown
            yield child.tail


_UNSHOWN = frozenset({"script", "style"})
# The same texts as lxml's smart strings, which know the element they belong to.
_SHOWN_TEXT = XPath(".//text()[not(ancestor::style or ancestor::script)]")


def short_text(element: HtmlElement, limit: int = 200, *, spaced: bool = False) -> str | None:
    """Text of an element, if it has any and no more than ``limit`` characters.

    ``spaced`` puts a space between its children's texts: bylines set a label, a name and a
    date in elements of their own, often with no space between them ("Author<a>Ann Lee</a>").
    """
    texts = []
    letters = 0
    for text in shown_texts(element):
        texts.append(text)
        # Whitespace aside, clean text keeps every character (but for entities escaped
        # twice): a container far over the limit is given up on before it is cleaned.
        letters += len("".join(text.split()))
        if letters > 2 * limit:
            return None
    cleaned = clean_text((" " if spaced else "").join(texts))
    return cleaned if cleaned and len(cleaned) <= limit else None


def headline_elements(tree: HtmlElement) -> list[HtmlElement]:
    """The ``<h1>`` elements, those inside ``<article>``/``<main>`` first, each once.

    >>> from lxml.html import fromstring
    >>> page = fromstring("<div><h1>Logo</h1><main><article><h1>Story</h1></article></main></div>")
    >>> [h.text for h in headline_elements(page)]
    ['Story', 'Logo']
    """
    inner = dict.fromkeys(
        h for tag in ("article", "main") for c in tree.iter(tag) for h in c.iter("h1")
    )
    return [*inner, *(h for h in tree.iter("h1") if h not in inner)]


def document_base(tree: HtmlElement, url: str) -> str:
    """The URL the page's relative links resolve against: its ``<base href>``, else ``url``.

    Content management systems (TYPO3, many government sites' builder) set the site's root
    as the base and write links relative to it, "aktuelles/meldung-123": resolved against
    the page's own URL instead, they lead nowhere.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<html><head><base href="https://x.org/"></head><body></body></html>')
    >>> document_base(page, "https://x.org/de/news/")
    'https://x.org/'
    >>> document_base(fromstring("<html><body><p>x</p></body></html>"), "https://x.org/de/")
    'https://x.org/de/'
    """
    head = tree.find("head")
    if head is not None:
        for base in head.iterchildren("base"):
            href = base.get("href")
            if href is not None:
                # Empty or malformed, the base is the page's own URL, as for browsers.
                return join_url(url, href) or url
    return url


def links_home(heading: HtmlElement, url: str) -> bool:
    """Whether ``heading`` is a link to the site's home page and nothing else: a logo.

    >>> from lxml.html import fromstring
    >>> links_home(fromstring('<h1><a href="/">Nordic Notes</a></h1>'), "https://n.example/a")
    True
    >>> links_home(fromstring('<h1><a href="/a">Running in winter</a></h1>'), "https://n.example/a")
    False
    """
    links = heading.xpath(".//a[@href]")
    if len(links) != 1:
        return False
    joined = join_url(url, links[0].get("href"))
    if joined is None:
        return False
    target = urlsplit(joined)
    if target.path.strip("/") or target.query:
        return False
    text = " ".join(heading.text_content().split())
    return text == " ".join(links[0].text_content().split())


def headlines(tree: HtmlElement) -> list[str]:
    """Texts of ``<h1>`` elements, those inside ``<article>``/``<main>`` first."""
    return [text for h in headline_elements(tree) if (text := short_text(h, 400))]


def html_title(tree: HtmlElement) -> str | None:
    """Return the ``<title>`` text."""
    element = next(tree.iter("title"), None)
    return clean_text(element.text_content()) if element is not None else None


# A tag page's path: "/tag/klimaschutz", "/topics/elections/", "/etiket/ekonomi".
_TAG_PATH = re.compile(
    r"/(?:tags?|topics?|themen|thema|schlagworte?|stichworte?|etiketler|etiket|temas?|"
    r"sujets?|keywords?)/[^/?#]+/?$",
    re.IGNORECASE,
)


def _path_of(href: str) -> str:
    """``href`` without its query and fragment.

    >>> _path_of("/tag/klima?ref=a#top"), _path_of("http://[ccpa-preferences]")
    ('/tag/klima', 'http://[ccpa-preferences]')
    """
    return href.split("?", 1)[0].split("#", 1)[0]


def tag_links(tree: HtmlElement) -> list[str]:
    """Texts of tag links: ``rel=tag``, or links inside a block whose class says tags.

    Else two or more links of the story's ``<article>`` to tag pages, told by their path.
    """
    found = [
        text
        for a in tree.iter("a")
        if "tag" in (a.get("rel") or "").split()
        if (text := short_text(a, 80))
    ]
    if found:
        return found
    names_tags = cache(_TAGS_HINT.search)  # class names repeat: each is tested once
    for element in tree.iter("div", "ul", "section", "p", "nav", "span"):
        if names_tags(f"{element.get('class') or ''} {element.get('id') or ''}"):
            links = [text for a in element.iter("a") if (text := short_text(a, 80))]
            if links:
                return links
    for article in tree.iter("article"):
        links = [
            text
            for a in article.iter("a")
            # The href as written: urlsplit raises on the malformed ones real pages carry.
            if _TAG_PATH.search(_path_of(a.get("href") or "")) and (text := short_text(a, 80))
        ]
        if len(links) >= 2:
            return links
    return []


def html_breadcrumb(tree: HtmlElement) -> list[tuple[str, str]]:
    """(text, href) of the links of a breadcrumb trail."""
    for element in tree.iter("nav", "ol", "ul", "div", "p"):
        attrs = _attrs(element, "class", "id", "aria-label")
        if _BREADCRUMB_HINT.search(attrs):
            return [
                (text, a.get("href") or "")
                for a in element.iter("a")
                if (text := short_text(a, 80))
            ]
    return []


def section_from_breadcrumb(
    crumbs: list[tuple[str, str]], url: str, title: str | None, base_url: str | None = None
) -> str | None:
    """Return the most specific breadcrumb entry that is neither the home page nor the article.

    Links are resolved against ``base_url`` (:func:`document_base`), by default ``url``.

    >>> section_from_breadcrumb([("Home", "/"), ("Middle East", "/middle-east"), ("Russia…", "")],
    ...                         "https://x.com/middle-east/russia-1", "Russia…")
    'Middle East'
    """
    page_path = urlsplit(url).path.rstrip("/")
    site = _site_of(urlsplit(url).hostname)
    names = []
    for name, href in crumbs:
        text = clean_text(name)
        if not text or text.casefold() in _HOME_WORDS:
            continue
        if title and text.casefold() == title.casefold():
            continue
        if href:
            target = urlsplit(join_url(base_url or url, href) or "")
            if target.scheme not in ("http", "https") or site not in (
                "",
                _site_of(target.hostname),
            ):
                continue  # malformed, a share button ("mailto:", a social network's sharer)
            if target.path.rstrip("/") in ("", page_path):
                continue  # the home page, or the article itself
        if not href and title and len(text) > 40:
            continue
        names.append(text)
    return names[-1] if names else None


def _site_of(host: str | None) -> str:
    """The last two labels of a host name: enough to tell a site's pages from a sharer's."""
    return ".".join((host or "").lower().rstrip(".").split(".")[-2:])


def section_from_url(url: str) -> str | None:
    """Return the first path segment that looks like a section name.

    >>> section_from_url("https://www.jpost.com/middle-east/russias-ministers-in-turkey-631386")
    'Middle East'
    >>> section_from_url("https://x.com/2020/06/14/story") is None
    True
    >>> section_from_url("https://x.de/artikel/474126.kenia.html") is None
    True
    >>> section_from_url("http://news.x.com.cn/system/2026/03/05/030112345.shtml") is None
    True
    """
    segments = [unquote(s) for s in urlsplit(url).path.split("/") if s]
    if len(segments) < 2:
        return None
    first = segments[0].lower()
    if (
        first in _NOT_SECTIONS
        or not re.fullmatch(r"[a-z][a-z-]{1,30}", first)
        or first.count("-") > 2
    ):
        return None
    return title_case_segment(first)


# Link texts that name no section: "more", "all stories" and their kin.
_NOT_A_SECTION_NAME = re.compile(
    r"^(?:more|mehr|all|alle|home|start|see all|view all|ver más|voir plus|weitere|"
    r"more stories|all stories|lire plus|leia mais|daha fazla|ещё|еще|المزيد|»|›|>)$|^go to\b",
    re.IGNORECASE,
)


def section_link_name(tree: HtmlElement, url: str, base_url: str) -> str | None:
    """The name the page's own links give the section its URL names, or None.

    Its menu and its kicker link the section's page with the section's name in the page's
    language and spelling ("España", "محليات", "Экономика"), where the URL's slug gives
    "Espana", "local", "ekonomika". The commonest text of the links to that path, one that
    spells the slug first.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<div><a href="/espana/">España</a><p><a href="/espana">España</a>'
    ...                   '<a href="/espana/">Ver más</a></p></div>')
    >>> section_link_name(page, "https://x.es/espana/2024/story", "https://x.es/espana/2024/story")
    'España'
    """
    segments = [unquote(s) for s in urlsplit(url).path.split("/") if s]
    if section_from_url(url) is None:
        return None
    section, host = segments[0].lower(), urlsplit(url).hostname
    names: dict[str, int] = {}
    for link in tree.iter("a"):
        href = link.get("href")
        # A look at the text first: resolving each of a page's hundreds of links costs
        # milliseconds.
        if not href or section not in href.lower():
            continue
        target = join_url(base_url, href)
        if target is None:
            continue
        parts = urlsplit(target)
        if parts.hostname != host or parts.query or parts.path.strip("/").lower() != section:
            continue
        text = " ".join(link.text_content().split()).rstrip(":»›>").strip()
        if (
            not text
            or len(text.split()) > 4
            or any(ch.isdigit() or ch == "_" for ch in text)
            or _NOT_A_SECTION_NAME.match(text)
        ):
            continue
        names[text] = names.get(text, 0) + 1
    if not names:
        return None
    spelled = [name for name in names if slugify(name) == section]
    name = max(spelled or names, key=names.__getitem__)
    if name.isupper():
        return name.title()
    return name[:1].upper() + name[1:] if name.islower() else name


_XPATH_CACHE: dict[str, XPath | None] = {}


def select_texts(tree: HtmlElement, css: str) -> list[str]:
    """Texts of the elements a profile's CSS selector matches (attribute values for meta)."""
    xpath = _XPATH_CACHE.get(css)
    if xpath is None and css not in _XPATH_CACHE:
        try:
            xpath = XPath(GenericTranslator().css_to_xpath(css))
        except SelectorError:
            xpath = None
        _XPATH_CACHE[css] = xpath
    if xpath is None:
        return []
    texts = []
    for element in xpath(tree):
        if not isinstance(element, HtmlElement):
            continue
        raw = element.get("content") or element.get("datetime") or element.get("src")
        if raw is None:
            raw = element.text_content()
        text = clean_text(raw)
        if text:
            texts.append(text)
    return texts
