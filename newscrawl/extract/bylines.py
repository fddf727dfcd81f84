"""Bylines as the page shows them: marked elements, "by" lines, labels, author links.

The readers :mod:`newscrawl.extract.metadata` chooses authors from where structured data
names none, or only the publisher. All are cheap walks over the parsed tree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from itertools import islice

from lxml.etree import XPath, iterwalk
from lxml.html import HtmlElement

from newscrawl.extract.authors import starts_with_by
from newscrawl.extract.classwords import Marked, class_words, marked_elements
from newscrawl.extract.page import short_text, shown_texts
from newscrawl.extract.processors import clean_text

#: Class/id words of the byline's elements, for :func:`marked_elements` callers.
BYLINE_HINT = class_words(
    r"byline|bylines|by-line|author|authors|author-name|authorname|autor|autoren|"
    r"auteur|reporter|writer|journalist|article-author|contributor|firma|signature|"
    r"submitted"
)
# Not the article's byline: pictures, biographies, the comment section's authors and
# form fields ("comment-author", "comment-form-author", "reply"), and a whole post, whose
# WordPress classes name its authors' terms ("hentry status-publish autor-vogt-laura").
_NOT_BYLINE = re.compile(
    r"bio|avatar|image|img|photo|about|description|social|follow|comment|reply|respond|"
    r"status-publish|hentry",
    re.IGNORECASE,
)
_BYLINE_TAGS = frozenset(
    {"a", "span", "div", "p", "address", "ul", "li", "strong", "b", "small", "h3", "h4", "h5", "h6"}
)
# Bounds on the elements read: a page's bylines are a handful. Each candidate's text walks
# its subtree, so on broken markup (thousands of nested author elements, none closed) an
# unbounded reading grows with the cube of the nesting.
_MAX_CANDIDATES = 100
_MAX_MARKED_AUTHORS = 12


def bylines(tree: HtmlElement, marked: Marked | None = None) -> list[str]:
    """Short texts of elements marked as the author or byline, in document order."""
    found: list[str] = []
    # Attribute strings repeat on a page: each is decided once.
    names_byline = cache(
        lambda attrs: bool(BYLINE_HINT.search(attrs) and not _NOT_BYLINE.search(attrs))
    )
    candidates = 0
    joined: set[HtmlElement] = set()
    for element, tag, attrs in marked_elements(tree, [BYLINE_HINT]) if marked is None else marked:
        if tag not in _BYLINE_TAGS or not names_byline(attrs) or element in joined:
            continue
        candidates += 1
        if candidates > _MAX_CANDIDATES:
            break
        if _in_picture_credit(element):
            continue  # "Foto: <p class="autor">Ann Lee</p>": the photographer
        others = _joined_authors(element)
        joined.update(others)
        text = _byline_text(element)
        if others and text:
            rest = [t for other in others if (t := _byline_text(other))]
            text = ", ".join([text, *rest])
        if text and text not in found:
            found.append(text)
        if len(found) >= 5:
            break
    # NITF's own <byline> element: the markup news agencies (dpa, AP) deliver stories in,
    # kept by sites that publish them as delivered; it needs no class to say what it is.
    for element in islice(tree.iter("byline"), 5 - len(found)):
        text = _byline_text(element)
        if text and text not in found:
            found.append(text)
    return found


# A picture's credit block names the picture and the credit ("credito-image-bk",
# "photo-credit"); "credits" alone may be the article's, a "caption" class a whole layout's.
_CREDIT_WORD = class_words(r"credits?|cr[eé]ditos?|copyright")
_PICTURE_WORD = class_words(r"image|img|photo|foto|picture|bild")
_PICTURE_ANCESTORS = 4
_PICTURE_LABEL = re.compile(
    r"\s*(?:fotos?|photos?|bild|image|imagen|picture)\s*:?\s*$", re.IGNORECASE
)


def _in_picture_credit(element: HtmlElement) -> bool:
    """Whether ``element`` is inside a ``<figure>`` or a picture's credit block, nearby.

    >>> from lxml.html import fromstring
    >>> tree = fromstring('<div class="credito-image"><b>Foto:</b><p class="autor">Ann</p></div>')
    >>> _in_picture_credit(tree.find(".//p"))
    True
    >>> tree = fromstring('<div><strong>FOTO:</strong> <p class="autor">Ann</p></div>')
    >>> _in_picture_credit(tree.find(".//p"))
    True
    """
    before = element.getprevious()
    if (
        before is not None
        and isinstance(before.tag, str)
        and _PICTURE_LABEL.match(before.text_content())
    ):
        return True  # "<strong>Foto:</strong> <p class="autor">Ann Lee</p>"
    for depth, ancestor in enumerate(element.iterancestors()):
        if depth >= _PICTURE_ANCESTORS:
            return False
        names = ancestor.get("class") or ""
        if ancestor.tag == "figure" or (_CREDIT_WORD.search(names) and _PICTURE_WORD.search(names)):
            return True
    return False


# Where themes put "By Ann Lee on May 4" without calling it a byline: post meta lines
# ("entry-meta", "post-meta", "postdata"), author boxes, and HTML's own <address>.
_META_HINT = class_words(
    r"meta|meta-?info|post-?meta|entry-meta|postdata|postmetadata|post-?info|"
    r"entry-info|authorbox|autorbox|author-box|dates?_auteurs?"
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
        text = short_text(element, 80 if element.tag == "p" else 150, spaced=True)
        if text and element.find(".//br") is not None:
            # A line break ends the byline: "Von Ann Lee<br>Kakuma/Kenia", the dateline's
            # place on the next line.
            line = clean_text(_first_line(element))
            text = line if line and introduces(line) else text
        if not marked and not (text and _bare_byline(text)):
            continue
        if text and marked and not introduces(text):
            # A meta line's later part: "Trending | By Cara Stiles | April 13, 2020".
            text = next((part for part in _later_parts(text) if introduces(part)), text)
        if text and introduces(text) and text not in found:
            found.append(text)
            if len(found) >= 5:
                break
    return found


def _first_line(element: HtmlElement) -> str:
    """The text of ``element`` up to its first line break after some text.

    >>> from lxml.html import fromstring
    >>> _first_line(fromstring("<p>Von <b>Ann Lee</b> und Tim Roe<br><br>Kakuma</p>"))
    'Von Ann Lee und Tim Roe'
    """
    texts: list[str] = []
    for event, node in iterwalk(element, events=("start", "end")):
        if event == "start":
            if node.tag == "br" and "".join(texts).strip():
                break
            texts.append(node.text or "" if isinstance(node.tag, str) else "")
        elif node is not element:
            texts.append(node.tail or "")
    return " ".join(" ".join(texts).split())


# The separators of a meta line's parts: "News | By Ann Lee | May 4".
_PART_SEPARATOR = re.compile(r"\s[|•·]\s")


def _later_parts(text: str) -> Iterator[str]:
    """``text`` from each of its parts after the first on.

    >>> list(_later_parts("Trending | By Ann Lee | May 4"))
    ['By Ann Lee | May 4', 'May 4']
    """
    for match in _PART_SEPARATOR.finditer(text):
        yield text[match.end() :]


# Elements of an element walked for its first words (an SVG icon holds a few dozen).
_FIRST_ELEMENTS = 100
# "By" and a name, alone in an element nothing marks: "von Andreas Kürten".
_BARE_BY = re.compile(r"^(?:by|von|par|por|door|av|af)\s+", re.IGNORECASE)
_BY_WORD = re.compile(r"^\s*(?:by|von|par|por|door|av|af)\b", re.IGNORECASE)


def _opens_with_by(element: HtmlElement) -> bool:
    """Whether the first text of ``element`` that is not blank opens with "by".

    Within its first elements: icons may come before the words, not hundreds of elements.
    """
    for text in shown_texts(element, elements=_FIRST_ELEMENTS):
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
    r"^(?:(?:autor(?:in|en)?|authors?|auteur(?:e|s)?|autore|verfasser(?:in)?|written by|penulis|"
    r"автор|yazar)\s*:?|"
    r"(?:von|by)\s*:)$",
    re.IGNORECASE,
)
_LABEL_WORDS = (
    "(contains({0}, 'utor') or contains({0}, 'uthor') or contains({0}, 'uteur') or "
    "contains({0}, 'erfasser') or contains({0}, 'ritten by') or contains({0}, 'on:') or "
    "contains({0}, 'y:') or contains({0}, 'enulis') or contains({0}, 'втор') or "
    "contains({0}, 'azar'))"
)
# A label element of its own ("<b>Von:</b> Ann Lee"), or the words an element opens with
# before the names in its children ("<li>Von: <a>Ann Lee</a>, <a>Tim Roe</a></li>"); in
# document order.
_LABEL_CANDIDATES = XPath(
    "//*[not(*) and string-length(normalize-space()) < 20 and "
    + _LABEL_WORDS.format(".")
    + "] | //*[* and string-length(normalize-space(text()[1])) < 20 and "
    + _LABEL_WORDS.format("text()[1]")
    + "]"
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
    ...     '<b>Von:</b> <br> <br> Götz Warnke<li>Von: <a>Eva Roe</a>, <a>Tim Poe</a></li></div>'))
    ['Peter Maahn', 'Ann Lee', 'Götz Warnke', 'Eva Roe, Tim Poe']
    """
    found: list[str] = []
    for label in _LABEL_CANDIDATES(tree):
        opening = len(label) > 0  # the label is the element's first words
        words = label.text if opening else label.text_content()
        # A link labelled "Authors" leads to the site's list of them: a menu's.
        if label.tag == "a" or not _AUTHOR_LABEL.match(" ".join((words or "").split())):
            continue
        after = "".join(
            text
            for child in label
            for text in (child.text_content() if isinstance(child.tag, str) else "", child.tail)
            if text
        )
        text = clean_text(after if opening else _labelled(label))
        if text and len(text) <= 80 and text not in found:
            found.append(text)
    return found


# A meta line of the date, maybe its time, and the author's name: "04.02.2022 | 13:10 Uhr |
# Uta Helkenberg", "25.10.2022 - Reiner Nagel".
_NUMERIC_DATE = r"(?:\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2})"
_DATED_BYLINE = re.compile(
    rf"^{_NUMERIC_DATE}(?:\s*[|·•,]\s*\d{{1,2}}[:.]\d{{2}}(?:\s*uhr)?)?"
    r"\s*[|·•–—-]\s*(?P<name>[^|·•\d]{4,60})$",
    re.IGNORECASE,
)
_STARTS_WITH_DATE = re.compile(_NUMERIC_DATE)
# ... or the name, then a separator, in the element before the date's: "<span>Ann Lee
# |</span><span class="date">05.04.2025</span>".
_NAME_BEFORE_DATE = re.compile(r"^(?P<name>[^|·•\d]{4,60}?)\s*[|·•–—-]$")
_MAX_DATED_LINE = 200
# Elements with a text that opens with a digit: the candidates, found in one pass over the
# text nodes (a test of every element's whole text would take twice as long).
_DATED_CANDIDATES = XPath(
    "//text()[contains('0123456789', substring(normalize-space(.), 1, 1)) and "
    "normalize-space(.) != '']/.."
)


def dated_bylines(tree: HtmlElement) -> list[str]:
    """The names of meta lines that give the date, maybe the time, then the author.

    Or the name, and a separator, in the element just before the date's.

    >>> from lxml.html import fromstring
    >>> dated_bylines(fromstring(
    ...     '<div><small>04.02.2022 | 13:10 Uhr | Uta Helkenberg</small><h1>Title</h1>'
    ...     '<span>25.10.2022 - Reiner Nagel</span><p>12.03.2021 - 3 Kommentare</p>'
    ...     '<a href="/news/storm">12.03.2021 - Storm Hits Coast</a>'
    ...     '<span>Sehernur Karsu |</span><span class="date">05.04.2025 - 14:20</span></div>'))
    ['Uta Helkenberg', 'Reiner Nagel', 'Sehernur Karsu']
    """
    found: list[str] = []
    for element in _DATED_CANDIDATES(tree):
        text = " ".join(element.text_content().split())
        if len(text) > _MAX_DATED_LINE:
            continue
        match = _DATED_BYLINE.match(text)
        before = element.getprevious()
        if (
            not match
            and before is not None
            and isinstance(before.tag, str)
            and len(before) == 0  # an element of text alone
            and _STARTS_WITH_DATE.match(text)
        ):
            match = _NAME_BEFORE_DATE.match(" ".join(before.text_content().split()))
            element = before
        if not match or _links_elsewhere(element):
            continue  # no name, or a teaser: "<a href="/news/storm">12.03.2021 - Storm Hits"
        if (name := match.group("name").strip()) not in found:
            found.append(name)
            if len(found) >= 3:
                break
    return found


def _links_elsewhere(element: HtmlElement) -> bool:
    """Whether ``element`` is, or holds, a link to a page that is not an author's."""
    links = element.xpath("ancestor-or-self::a | .//a")
    return any(not _AUTHOR_PAGE.search(link.get("href") or "") for link in links)


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
        text = short_text(link, 80, spaced=True)
        if text and text not in names:
            names.append(text)
    return ", ".join(names) or None


def _parent(element: HtmlElement | None) -> HtmlElement | None:
    return None if element is None else element.getparent()


# The words that join two authors' names, in the byline's languages.
_JOINER_WORDS = r"and|und|et|y|e|i|en|og|och|ve|и|و"
# What stands between two authors' elements of one byline: "and", a comma, "et", "und"...
# (Not nothing: blocks side by side, an author's card and a translator's, are no byline.)
_AUTHOR_JOINER = re.compile(rf"^\s*(?:,|&|\+|/|{_JOINER_WORDS}|،|・|、)\s*$", re.IGNORECASE)
# The same words opening the rest of a byline: more authors follow.
_AUTHOR_JOINER_START = re.compile(
    rf"^\s*(?:[,&+/;|(]|(?:{_JOINER_WORDS})\s|[،・、])", re.IGNORECASE
)
#: At most this many authors' elements are joined into one byline.
_MAX_JOINED = 8


def _joined_authors(element: HtmlElement) -> list[HtmlElement]:
    """The elements of the authors after ``element`` in one byline.

    ``<span class="author">By Jane Doe</span> and <span class="author">John Smith</span>``:
    each author in an element of the same kind, joined by "and" or a comma. Read alone,
    the first element named one author of two.

    >>> from lxml.html import fromstring
    >>> line = fromstring('<p><span class="a">Ann Lee</span> and <span class="a">Bo Li</span></p>')
    >>> [e.text for e in _joined_authors(line[0])]
    ['Bo Li']
    """
    found: list[HtmlElement] = []
    current = element
    while len(found) < _MAX_JOINED:
        after = current.getnext()
        if (
            after is None
            or after.tag != element.tag
            or after.get("class") != element.get("class")
            or not _AUTHOR_JOINER.match(current.tail or "")
        ):
            break
        found.append(after)
        current = after
    return found


def _byline_text(element: HtmlElement) -> str | None:
    """Text of a byline; one entry per author when the markup marks each author.

    ``<div class="bylines"><a rel="author">A B</a><a rel="author">C D</a></div>`` reads
    "A B, C D" rather than "A B C D", which no name splitter could take apart.
    """
    marked = list(
        islice(
            (
                e
                for e in element.iterdescendants()
                if "author" in (e.get("rel") or "")
                or (e.get("itemprop") or "").split()[-1:] in (["name"], ["author"])
            ),
            _MAX_MARKED_AUTHORS,
        )
    )
    if len(marked) > 1:
        texts = [text for e in marked if (text := short_text(e, 80, spaced=True))]
        return ", ".join(dict.fromkeys(texts)) or None
    text = short_text(element, 150, spaced=True)
    return _linked_name(element, text) or text


def _linked_name(element: HtmlElement, text: str | None) -> str | None:
    """The linked name an author's card opens with, without the card's other lines.

    ``<div class="author"><a href="/@ann">Ann Lee</a> <p>Writes about search</p>
    <button>Message</button></div>``: the link names the author; what follows is a
    tagline and a button's label, which no name splitter could tell from a name. Not
    where the rest goes on with another author ("<a>Ann Lee</a> and Tim Roe", ", Reuters").

    >>> from lxml.html import fromstring
    >>> card = fromstring('<div><a href="/@ann">Ann Lee</a><p>Writes on search</p></div>')
    >>> _linked_name(card, "Ann Lee Writes on search")
    'Ann Lee'
    >>> _linked_name(fromstring('<div><a href="/a">Ann Lee</a> and Tim Roe</div>'),
    ...              "Ann Lee and Tim Roe") is None
    True
    >>> _linked_name(fromstring('<p><a href="#p4">Post</a> by <a href="/u/5">Ann</a></p>'),
    ...              "Post by Ann") is None
    True
    """
    if not text:
        return None
    # The first link with words: an avatar's link, holding a picture, comes before.
    name = next(
        filter(None, (short_text(link, 80, spaced=True) for link in element.iter("a"))), None
    )
    if not name or not text.startswith(name):
        return None
    rest = text[len(name) :]
    if not rest[:1].isspace() or _AUTHOR_JOINER_START.match(rest) or starts_with_by(rest):
        return None  # more names, or the name comes after ("<a>Post</a> by Ann Lee")
    return name


# The editor's credit Chinese news pages end with: "(责编：牛镛、岳弘彬)", "责任编辑： 焦鹏".
_EDITOR_CREDIT = re.compile(
    r"(?:责任编辑|责编)\s*[:：]\s*((?:[\u4e00-\u9fff]{2,4}(?:\s*[、，,]\s*)?)+)"
)
# The writer's credit of a Chinese page's info line, beside the source and the editor:
# "2026-03-05 10:21:35　来源：新华社　作者：王小明　责任编辑：李华"; "本报记者：李华".
# "作者： 记者王敬照": the label may repeat the writer's role before the name.
_WRITER_CREDIT = re.compile(
    r"(?:作者|记者|撰文)\s*[:：]\s*(?:本报|本台)?(?:记者|通讯员)?\s*"
    r"((?:[\u4e00-\u9fff]{2,4}(?:\s*[、，,]\s*)?)+)"
)
_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")


# Paragraphs of a single bold element and short text: a signature's shape.
_SIGNATURE_CANDIDATES = XPath(
    "//p[count(*) = 1 and (b or strong or i/b or i/strong or em/b or em/strong)"
    " and string-length(normalize-space()) <= 60 and not(normalize-space(text()))]"
)
#: Text the paragraphs before a signature hold: it closes an article, not a teaser.
_SIGNED_TEXT = 300
# Two to four words, each capitalised, of letters, hyphens, apostrophes and initials' dots:
# "Stefan Wasmer", "C. Manzoni"; not "Foto: IBU", "Happy Pride! Dein Team".
_NAME_ONLY = re.compile(r"[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){1,3}")


def signatures(tree: HtmlElement) -> list[str]:
    """Names set in bold as the last paragraph of a text: a small site's signature.

    ``<p>…the story's last sentence.</p><p><b>Stefan Wasmer</b></p>``: the paragraph holds
    the bold name alone, and the paragraphs before it the story (none with text after).

    >>> from lxml.html import fromstring
    >>> story = "<p>" + "A sentence of the story. " * 15 + "</p>"
    >>> signatures(fromstring(f"<div>{story}<p><b><i>Stefan Wasmer</i></b></p></div>"))
    ['Stefan Wasmer']
    >>> signatures(fromstring(f"<div>{story}<p><b>Mehr zum Thema</b></p><p>Link</p></div>"))
    []
    >>> signatures(fromstring("<div><p>Short teaser.</p><p><b>Ann Lee</b></p></div>"))
    []
    """
    found: list[str] = []
    for paragraph in _SIGNATURE_CANDIDATES(tree):
        bold = paragraph[0]
        if bold.tail and bold.tail.strip():
            continue
        if any(
            isinstance(sibling.tag, str) and sibling.text_content().strip()
            for sibling in paragraph.itersiblings()
        ):
            continue  # text goes on after it: a heading in bold, a label
        before = sum(
            len(sibling.text_content())
            for sibling in paragraph.itersiblings(preceding=True)
            if sibling.tag == "p"
        )
        text = " ".join(paragraph.text_content().split())
        if before >= _SIGNED_TEXT and _NAME_ONLY.fullmatch(text) and text not in found:
            found.append(text)
    return found


def editor_credits(text: str) -> list[str]:
    """The writers a Chinese page's ``text`` credits, else the names of its editor's credit.

    The press of mainland China credits the responsible editor where others print a
    byline; where its info line names the writer ("作者：", "记者："), the writer is the
    author, and the editor beside them is not.

    >>> editor_credits("……指明方向。 (责编：牛镛、岳弘彬) 人民网")
    ['牛镛', '岳弘彬']
    >>> editor_credits("【责任编辑: 焦鹏】"), editor_credits("责任编辑： 焦鹏 微视频")
    (['焦鹏'], ['焦鹏'])
    >>> editor_credits("不显示责任编辑")
    []
    >>> editor_credits("来源：新华社　作者：王小明　责任编辑：李华")
    ['王小明']
    >>> editor_credits("作者： 记者王敬照")
    ['王敬照']
    """
    credit = _WRITER_CREDIT.search(text) or _EDITOR_CREDIT.search(text)
    return _HAN_NAME.findall(credit.group(1)) if credit else []
