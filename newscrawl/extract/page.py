"""What the page shows a reader: headline, byline, tag links, breadcrumb, profile selectors.

These readers are the fallback for pages without (or with wrong) structured data, and the
only source for pages built before schema.org. All are cheap walks over the parsed tree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from cssselect import GenericTranslator, SelectorError
from lxml.etree import XPath
from lxml.html import HtmlElement

from newscrawl.extract.processors import clean_text, title_case_segment

# Class/id words of blocks that are never article text. Matched as whole words between
# "-", "_" and spaces, so "ad" matches "ad-slot" but not "header" or "load".
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
# Not after "--": a BEM modifier ("TestReport__Section--Ads") says what a block holds, not
# what it is.
#: Class/id words of boilerplate blocks, for :func:`marked_elements` callers.
BOILERPLATE_NAMES = re.compile(
    rf"(?:^|[\s_]|(?<!-)-)(?:{_BOILERPLATE_WORDS})(?:$|[\s_-])", re.IGNORECASE
)
_BYLINE_HINT = re.compile(
    r"(?:^|[\s_-])(?:byline|bylines|by-line|author|authors|author-name|authorname|autor|autoren|auteur|reporter|"
    r"writer|journalist|article-author|contributor|firma|signature|submitted)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Not the article's byline: pictures, biographies, the comment section's authors and
# form fields ("comment-author", "comment-form-author", "reply"), and a whole post, whose
# WordPress classes name its authors' terms ("hentry status-publish autor-vogt-laura").
_NOT_BYLINE = re.compile(
    r"bio|avatar|image|img|photo|about|description|social|follow|comment|reply|respond|"
    r"status-publish|hentry",
    re.IGNORECASE,
)
_TAGS_HINT = re.compile(
    r"(?:^|[\s_-])(?:tags|tag-list|taglist|article-tags|post-tags|keywords|topics|"
    r"schlagworte|schlagwoerter|themen|etiquetas)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BREADCRUMB_HINT = re.compile(r"breadcrumb", re.IGNORECASE)
_HOME_WORDS = frozenset({"home", "start", "startseite", "homepage", "accueil", "inicio", "portada"})
# URL segments that are not sections.
_NOT_SECTIONS = frozenset(
    {
        "article", "articles", "story", "stories", "news", "amp", "p", "post", "posts", "a",
        "content", "item", "doc", "id", "www", "html", "index", "en", "de", "fr", "es", "it",
        "he", "ar", "ja", "pt", "nl", "blog", "blogs", "live", "video", "videos",
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
    return "".join(_shown_texts(element))


# A kicker set inside the headline's element: "<h1><span class="dachzeile">Interne
# Unterlagen im Netz</span><span class="headline">Daten von Rheinmetall gehackt</span></h1>".
_KICKER_CLASS = re.compile(
    r"(?:^|[\s_-])(?:kicker|dachzeile|overline|topline|roofline|eyebrow|strapline|"
    r"spitzmarke|supertitle|pretitle)(?:$|[\s_-])",
    re.IGNORECASE,
)


# Text for screen readers only: a separator there joins nothing the reader sees.
_HIDDEN_CLASS = re.compile(
    r"(?:^|[\s_-])(?:h-offscreen|offscreen|visually-?hidden|sr-only|screen-reader-text|vh)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)
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
    hidden = [e for e in h1.iterdescendants() if _HIDDEN_CLASS.search(e.get("class") or "")]
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


def _shown_texts(element: HtmlElement) -> Iterable[str]:
    if next(element.iter("style", "script"), None) is None:
        return element.itertext()
    return _SHOWN_TEXT(element)


_SHOWN_TEXT = XPath(".//text()[not(ancestor::style or ancestor::script)]")


def _short_text(element: HtmlElement, limit: int = 200, *, spaced: bool = False) -> str | None:
    """Text of an element, if it has any and no more than ``limit`` characters.

    ``spaced`` puts a space between its children's texts: bylines set a label, a name and a
    date in elements of their own, often with no space between them ("Author<a>Ann Lee</a>").
    """
    texts = []
    letters = 0
    for text in _shown_texts(element):
        texts.append(text)
        # Whitespace aside, clean text keeps every character (but for entities escaped
        # twice): a container far over the limit is given up on before it is cleaned.
        letters += len("".join(text.split()))
        if letters > 2 * limit:
            return None
    cleaned = clean_text((" " if spaced else "").join(texts))
    return cleaned if cleaned and len(cleaned) <= limit else None


def headline_elements(tree: HtmlElement) -> list[HtmlElement]:
    """The ``<h1>`` elements, those inside ``<article>``/``<main>`` first."""
    inner = [h for tag in ("article", "main") for c in tree.iter(tag) for h in c.iter("h1")]
    return inner + [h for h in tree.iter("h1") if h not in inner]


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
    target = urlsplit(urljoin(url, links[0].get("href", "").strip()))
    if target.path.strip("/") or target.query:
        return False
    text = " ".join(heading.text_content().split())
    return text == " ".join(links[0].text_content().split())


def headlines(tree: HtmlElement) -> list[str]:
    """Texts of ``<h1>`` elements, those inside ``<article>``/``<main>`` first."""
    return [text for h in headline_elements(tree) if (text := _short_text(h, 400))]


def html_title(tree: HtmlElement) -> str | None:
    """Return the ``<title>`` text."""
    element = next(tree.iter("title"), None)
    return clean_text(element.text_content()) if element is not None else None


_BYLINE_TAGS = frozenset({"a", "span", "div", "p", "address", "ul", "li", "strong", "b", "small"})
_NAMING_VALUES = XPath("//@class | //@id | //@itemprop | //@rel | //@role")

#: (element, tag, "class id itemprop rel role") of elements whose names matched a hint.
Marked = list[tuple[HtmlElement, str, str]]


def marked_elements(tree: HtmlElement, hints: Iterable[re.Pattern[str]] = ()) -> Marked:
    """Elements whose naming attributes match any of ``hints``, in document order.

    Read once for every stage that looks at class names (byline, dateline, boilerplate).
    The attribute values come straight from libxml2 and are tested as strings, each
    distinct string once; only the few matching ones cost an element proxy. Without
    ``hints`` every element with a naming attribute is returned.
    """
    listed = list(hints)
    # One alternation instead of one search per hint: ids are often unique per element.
    # Hints are lowercase patterns; matching lowercased values without IGNORECASE is three
    # times faster in Python's re engine, and this runs on every distinct name of a page.
    combined = _combined(tuple(p.pattern for p in listed)) if listed else _ANYTHING
    verdicts: dict[str, bool] = {}
    marked: Marked = []
    last = None
    for value in _NAMING_VALUES(tree):
        verdict = verdicts.get(value)
        if verdict is None:
            verdict = verdicts[value] = combined.search(value.lower()) is not None
        if not verdict:
            continue
        element = value.getparent()
        if element is last or not isinstance(element.tag, str):
            continue
        last = element
        attrs = " ".join(v for name, v in element.items() if name in _NAMING)
        marked.append((element, element.tag, attrs))
    return marked


_ANYTHING = re.compile("")


@lru_cache(maxsize=16)
def _combined(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


_NAMING = frozenset({"class", "id", "itemprop", "rel", "role"})


def bylines(tree: HtmlElement, marked: Marked | None = None) -> list[str]:
    """Short texts of elements marked as the author or byline, in document order."""
    found: list[str] = []
    verdicts: dict[str, bool] = {}  # attribute strings repeat: decide each once
    for element, tag, attrs in marked_elements(tree, [_BYLINE_HINT]) if marked is None else marked:
        if tag not in _BYLINE_TAGS:
            continue
        verdict = verdicts.get(attrs)
        if verdict is None:
            verdict = verdicts[attrs] = bool(_BYLINE_HINT.search(attrs)) and not _NOT_BYLINE.search(
                attrs
            )
        if not verdict:
            continue
        text = _byline_text(element)
        if text and text not in found:
            found.append(text)
        if len(found) >= 5:
            break
    return found


# Where themes put "By Ann Lee on May 4" without calling it a byline: post meta lines
# ("entry-meta", "post-meta", "postdata"), author boxes, and HTML's own <address>.
_META_HINT = re.compile(
    r"(?:^|[\s_-])(?:meta|meta-?info|post-?meta|entry-meta|postdata|postmetadata|post-?info|entry-info|"
    r"authorbox|autorbox|author-box|dates?_auteurs?)(?:$|[\s_-])",
    re.IGNORECASE,
)


def introduced_bylines(tree: HtmlElement, introduces: Callable[[str], bool]) -> list[str]:
    """Short texts that ``introduces`` says open with "by", where nothing is called a byline.

    Post meta lines, author boxes, ``<address>`` elements, and short paragraphs ("von Klaus
    Stanjek"), in document order: the last resort for the authors, whose names must then
    read as a person's or an agency's (see :mod:`newscrawl.extract.metadata`).

    >>> from lxml.html import fromstring
    >>> introduced_bylines(fromstring(
    ...     '<div><p class="entry-meta">Posted by Ann Lee on May 4</p><p>By the way</p>'
    ...     '<address>By Tim Anderson</address><p>Rain all day</p></div>'),
    ...     lambda text: text.startswith(("By", "Posted by")))
    ['Posted by Ann Lee on May 4', 'By the way', 'By Tim Anderson']
    """
    elements = {
        e for e, _, attrs in marked_elements(tree, [_META_HINT]) if not _NOT_BYLINE.search(attrs)
    }
    found: list[str] = []
    for element in tree.iter("p", "div", "span", "address", "small", "h4", "h5", "h6"):
        marked = element.tag in ("address", "p") or element in elements
        if not marked and not _opens_with_by(element):
            continue  # cheap: the first words, not the element's whole text
        text = _short_text(element, 80 if element.tag == "p" else 150, spaced=True)
        if not marked and not (text and _bare_byline(text)):
            continue
        if text and introduces(text) and text not in found:
            found.append(text)
            if len(found) >= 5:
                break
    return found


# "By" and a name, alone in an element nothing marks: "von Andreas Kürten".
_BARE_BY = re.compile(r"^(?:by|von|par|por|door|av|af)\s+", re.IGNORECASE)
_BY_WORD = re.compile(r"^\s*(?:by|von|par|por|door|av|af)\b", re.IGNORECASE)


def _opens_with_by(element: HtmlElement) -> bool:
    """Whether the first text of ``element`` that is not blank opens with "by"."""
    for text in _shown_texts(element):
        if text.strip():
            return _BY_WORD.match(text) is not None
    return False


def _bare_byline(text: str) -> bool:
    """Whether ``text`` is "by" and two to four capitalized words, nothing else.

    Text in a ``<span>`` nothing names is a byline only in this form: not "Vom
    Grätzltelefon zu Cloud Lösungen", "From Stardew Valley Wiki", "by CUSTOMS AND BORDER
    PROTECTION" (a byline in capitals is styled, and marked as one).

    >>> _bare_byline("von Andreas Kürten"), _bare_byline("By J.R. Stone")
    (True, True)
    >>> _bare_byline("Vom Grätzltelefon zu Cloud"), _bare_byline("By the numbers:")
    (False, False)
    """
    match = _BARE_BY.match(text)
    if not match:
        return False
    words = text[match.end() :].split()
    return 2 <= len(words) <= 4 and all(
        word[:1].isupper() and not (word.isupper() and sum(map(str.isalpha, word)) > 2)
        for word in words
    )


# A label that names what follows it as the author: "<h5>Autor: </h5>Peter Maahn".
_AUTHOR_LABEL = re.compile(
    r"^(?:(?:autor(?:in|en)?|authors?|auteur(?:e|s)?|autore|verfasser(?:in)?|written by)\s*:?|"
    r"(?:von|by)\s*:)$",
    re.IGNORECASE,
)
_LABEL_CANDIDATES = XPath(
    "//*[not(*) and string-length(normalize-space()) < 20 and (contains(., 'utor') or "
    "contains(., 'uthor') or contains(., 'uteur') or contains(., 'erfasser') or "
    "contains(., 'ritten by') or contains(., 'on:') or contains(., 'y:'))]"
)


def _labelled(label: HtmlElement) -> str:
    """The text after ``label``: its tail, else the next element's.

    After a label with a colon, line breaks are skipped ("<b>Von:</b><br><br>Götz
    Warnke"); a word without one may be a role after a name on the line before ("<b>Marie
    Arana</b>, <span>author</span><br><b>Margaret Atwood</b>").
    """
    text = label.tail or ""
    following = label.getnext()
    breaks = label.text_content().rstrip().endswith(":")
    while not text.strip() and following is not None:
        if following.tag != "br":
            return str(following.text_content())
        if not breaks:
            return ""
        text = following.tail or ""
        following = following.getnext()
    return text


def labelled_bylines(tree: HtmlElement) -> list[str]:
    """Texts a label element introduces as the author ("Autor:"), in document order.

    A fact list sets the label in an element of its own and the name after it, up to
    the next element: ``<h5>Autor: </h5>Peter Maahn<br>``, ``<dt>Author</dt><dd>Ann
    Lee</dd>``.

    >>> from lxml.html import fromstring
    >>> labelled_bylines(fromstring(
    ...     '<div><h5>Datum: </h5>03.11.2021<br><h5>Autor: </h5>Peter Maahn<br>'
    ...     '<dl><dt>Author</dt><dd>Ann Lee</dd></dl><p>Author unknown</p>'
    ...     '<b>Von:</b> <br> <br> Götz Warnke</div>'))
    ['Peter Maahn', 'Ann Lee', 'Götz Warnke']
    """
    found: list[str] = []
    for label in _LABEL_CANDIDATES(tree):
        # A link labelled "Authors" leads to the site's list of them: a menu's.
        if label.tag == "a" or not _AUTHOR_LABEL.match(" ".join(label.text_content().split())):
            continue
        text = clean_text(_labelled(label))
        if text and len(text) <= 80 and text not in found:
            found.append(text)
    return found


# Links to an author's page: "/author/ann-lee/", "/autoren/name/max-kolter", "/auteur/jean".
_AUTHOR_PAGE = re.compile(
    r"/(?:authors?|autor(?:en|in)?|auteurs?|autor[ei]s?|journalist(?:en)?|reporters?|redakteur"
    r"(?:in)?|writers?)/(?:[^/?#]+/)*[^/?#]*[a-z][^/?#]*/?(?:$|[?#])",
    re.IGNORECASE,
)


def author_links(tree: HtmlElement) -> str | None:
    """The names the first links to authors' pages give, as one byline ("A B, C D").

    Bylines whose markup names nothing (``<span class="person-link">``, a meta line) still
    link each name to the author's page; the first such links of the page, and those beside
    them, are the byline.

    >>> from lxml.html import fromstring
    >>> author_links(fromstring(
    ...     '<div><p>von <a href="/autoren/ann-lee">Ann Lee</a> und'
    ...     ' <a href="https://x.example/author/tim-roe/">Tim Roe</a></p>'
    ...     '<a href="/author/zoe-day">Zoe Day</a></div>'))
    'Ann Lee, Tim Roe'
    """
    first: HtmlElement | None = None
    names: list[str] = []
    for link in tree.iter("a"):
        if not _AUTHOR_PAGE.search(link.get("href") or ""):
            continue
        parent = link.getparent()
        if first is None:
            first = parent
        elif parent is not first and _parent(parent) is not _parent(first):
            break  # links elsewhere on the page: teasers, an author box
        text = _short_text(link, 80, spaced=True)
        if text and text not in names:
            names.append(text)
    return ", ".join(names) or None


def _parent(element: HtmlElement | None) -> HtmlElement | None:
    return None if element is None else element.getparent()


def _byline_text(element: HtmlElement) -> str | None:
    """Text of a byline; one entry per author when the markup marks each author.

    ``<div class="bylines"><a rel="author">A B</a><a rel="author">C D</a></div>`` reads
    "A B, C D" rather than "A B C D", which no name splitter could take apart.
    """
    marked = [
        e
        for e in element.iterdescendants()
        if "author" in (e.get("rel") or "")
        or (e.get("itemprop") or "").split()[-1:] in (["name"], ["author"])
    ]
    if len(marked) > 1:
        texts = [text for e in marked if (text := _short_text(e, 80, spaced=True))]
        return ", ".join(dict.fromkeys(texts)) or None
    return _short_text(element, 150, spaced=True)


def tag_links(tree: HtmlElement) -> list[str]:
    """Texts of tag links: ``rel=tag``, or links inside a block whose class says tags."""
    found = [
        text
        for a in tree.iter("a")
        if "tag" in (a.get("rel") or "").split()
        if (text := _short_text(a, 80))
    ]
    if found:
        return found
    verdicts: dict[str, bool] = {}  # class names repeat: each is tested once
    for element in tree.iter("div", "ul", "section", "p", "nav", "span"):
        attrs = f"{element.get('class') or ''} {element.get('id') or ''}"
        verdict = verdicts.get(attrs)
        if verdict is None:
            verdict = verdicts[attrs] = _TAGS_HINT.search(attrs) is not None
        if verdict:
            links = [text for a in element.iter("a") if (text := _short_text(a, 80))]
            if links:
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
                if (text := _short_text(a, 80))
            ]
    return []


def section_from_breadcrumb(
    crumbs: list[tuple[str, str]], url: str, title: str | None
) -> str | None:
    """Return the most specific breadcrumb entry that is neither the home page nor the article.

    >>> section_from_breadcrumb([("Home", "/"), ("Middle East", "/middle-east"), ("Russia…", "")],
    ...                         "https://x.com/middle-east/russia-1", "Russia…")
    'Middle East'
    """
    page_path = urlsplit(url).path.rstrip("/")
    names = []
    for name, href in crumbs:
        text = clean_text(name)
        if not text or text.casefold() in _HOME_WORDS:
            continue
        if title and text.casefold() == title.casefold():
            continue
        if (
            href
            and urlsplit(href).path.rstrip("/") in ("", page_path)
            and urlsplit(href).path != ""
        ):
            continue
        if not href and title and len(text) > 40:
            continue
        names.append(text)
    return names[-1] if names else None


def section_from_url(url: str) -> str | None:
    """Return the first path segment that looks like a section name.

    >>> section_from_url("https://www.jpost.com/middle-east/russias-ministers-in-turkey-631386")
    'Middle East'
    >>> section_from_url("https://x.com/2020/06/14/story") is None
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


#: Public name of the byline hint, for :func:`marked_elements` callers.
BYLINE_HINT = _BYLINE_HINT
