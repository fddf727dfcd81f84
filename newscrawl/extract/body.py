"""The article body: trafilatura on the parsed tree, with our own cleaning around it.

Before: boilerplate blocks that trafilatura sometimes keeps (newsletter prompts, related
stories, share bars, author bios, photo captions and credits, ad labels) are cut from the
tree by their class/id words. After: paragraphs that are still boilerplate by their text
are dropped by :mod:`newscrawl.extract.paragraphs`. Paragraph structure is kept: headings,
list items, quotes and table rows become their own paragraphs. Where the headline stands in
an ``<article>`` long enough to be the story (:func:`story_element`), trafilatura reads that
element alone (:func:`standalone`): the same text on all but a few pages in a thousand, in
a fraction of the time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from copy import deepcopy
from functools import cache

from lxml.etree import ParserError, SubElement
from lxml.html import Element, HtmlElement, fragment_fromstring
from trafilatura.core import bare_extraction

from newscrawl.extract.classwords import Marked, marked_elements
from newscrawl.extract.image_credits import split_credit
from newscrawl.extract.jsonld import without_lone_surrogates
from newscrawl.extract.page import BOILERPLATE_NAMES as _BOILERPLATE
from newscrawl.extract.processors import clean_text, normalize_for_hash

# A block with more than this share of the page's text is kept whatever its name says.
_MAX_SHARE = 0.25
_MAX_FORM_SHARE = 0.03
# Elements never in an article's text.
_ALWAYS_DROP = ("figcaption", "aside", "nav", "footer", "form", "button")

_CANDIDATE_TAGS = frozenset({"div", "section", "ul", "ol", "span", "p", "aside", "figure", "a"})
_TEXT_BLOCKS = (
    "p",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figcaption",
    "blockquote",
    "dd",
    "dt",
    "td",
)


def find_boilerplate(tree: HtmlElement, marked: Marked | None = None) -> list[HtmlElement]:
    """Boilerplate blocks of ``tree``, outermost first, that are safe to remove.

    A block is spared when it holds the page's headline or a large share of its text:
    broken markup nests whole articles inside a ``<nav>`` or ``<aside>``, ASP.NET pages wrap
    everything in a ``<form>``, and some sites put "share-enabled" on the article wrapper.
    """
    body = next(tree.iter("body"), tree)
    total = len(body.text_content()) or 1
    names_boilerplate = cache(_BOILERPLATE.search)  # class/id strings repeat a lot on a page
    doomed = list(tree.iter(_ALWAYS_DROP))
    for element, tag, attrs in marked_elements(tree, [_BOILERPLATE]) if marked is None else marked:
        # Custom elements ("<amedia-factbox>") are containers too.
        if tag not in _CANDIDATE_TAGS and "-" not in tag:
            continue
        if names_boilerplate(attrs):
            doomed.append(element)
    found = []
    for element in doomed:
        # Newsletter and comment forms are short; a form with much text is a page built
        # inside one (ASP.NET, some CMSs).
        limit = _MAX_FORM_SHARE if element.tag == "form" else _MAX_SHARE
        if element.tag not in ("figcaption", "button") and (
            next(element.iter("h1"), None) is not None
            or len(element.text_content()) > limit * total
        ):
            continue
        found.append(element)
    return found


def preclean(tree: HtmlElement, blocks: list[HtmlElement] | None = None) -> None:
    """Remove boilerplate blocks (:func:`find_boilerplate`) from ``tree`` in place.

    Layout tables become plain blocks (:func:`unwrap_layout_tables`).
    """
    for element in find_boilerplate(tree) if blocks is None else blocks:
        if element.getparent() is not None:
            _drop(element)
    unwrap_layout_tables(tree)


# A table's own structure: what lies between a <table> and the content of its cells.
_TABLE_PARTS = frozenset({"thead", "tbody", "tfoot", "tr", "td", "th"})
_CELLS = frozenset({"td", "th"})
# A cell with more text than this (characters) is a page's column, not a datum.
_MAX_CELL_TEXT = 1500


def unwrap_layout_tables(tree: HtmlElement) -> None:
    """Turn the tables that lay a page out into ``<div>``s, in place; data tables stay.

    Older sites (small-town papers, legacy CMSs) still lay whole pages out in a table:
    navigation in one cell, the story in the next. Taken for a data table, the story came
    out as one row of cells joined into one blob, the navigation's links and the comments
    link with it. A table lays out when one of its own cells holds a headline, several
    paragraphs or a column's worth of text; a data table's cells hold figures and short
    texts. A data table nested inside a layout table is judged on its own and stays one.

    >>> from lxml.html import fromstring
    >>> page = fromstring("<div><table><tr><td><a>Home</a></td><td><h1>Fair</h1>"
    ...     "<p>One.</p><p>Two.</p><table><tr><td>8</td></tr></table></td></tr></table></div>")
    >>> unwrap_layout_tables(page)
    >>> [element.tag for element in page.iter("table", "tr", "td")]  # the nested one
    ['table', 'tr', 'td']
    """
    for table in list(tree.iter("table")):
        cells = list(_own_parts(table, _CELLS))
        if any(_lays_out(cell) for cell in cells):
            for part in _own_parts(table, _TABLE_PARTS):
                part.tag = "div"
            table.tag = "div"


def _own_parts(table: HtmlElement, tags: frozenset[str]) -> Iterator[HtmlElement]:
    """The elements of ``table``'s own structure with one of ``tags`` (not nested tables')."""
    stack = list(table)
    while stack:
        element = stack.pop()
        if element.tag not in _TABLE_PARTS:
            continue
        if element.tag in tags:
            yield element
        if element.tag not in _CELLS:  # a cell's content is not the table's structure
            stack.extend(element)


def _lays_out(cell: HtmlElement) -> bool:
    """Whether a table cell holds what only a page's column does."""
    if next(cell.iter("h1", "h2"), None) is not None:
        return True
    paragraphs = sum(1 for p in cell.iter("p") if len(p.text_content().split()) >= 5)
    return paragraphs >= 2 or len(cell.text_content()) > _MAX_CELL_TEXT


def boilerplate_texts(tree: HtmlElement, blocks: list[HtmlElement] | None = None) -> set[str]:
    """Collect the normalized texts of the blocks inside boilerplate elements.

    Used after extraction too, not only before: cutting blocks out of the tree changes
    which container trafilatura's scoring picks, while dropping the same texts from its
    output cannot lose the article.
    """
    texts: set[str] = set()
    seen: set[HtmlElement] = set()  # boilerplate inside boilerplate is read once
    for element in find_boilerplate(tree) if blocks is None else blocks:
        for block in (element, *element.iter(_TEXT_BLOCKS)):
            if block in seen:
                continue
            seen.add(block)
            text = block.text_content()
            if text and len(text) < 2000:
                texts.add(normalize_for_hash(text))
    texts.discard("")
    return texts


def _drop(element: HtmlElement) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


_BLOCKS = frozenset({"p", "head", "item", "code", "row", "quote", "list", "table", "div", "cell"})
_LEAVES = frozenset({"p", "head", "item", "code", "row"})


def _paragraphs(element: HtmlElement) -> Iterator[str]:
    """Paragraph texts of trafilatura's output tree, one per block element."""
    if element.tag in _LEAVES and not any(child.tag in _BLOCKS - {"cell"} for child in element):
        separator = " | " if element.tag == "row" else " "
        if element.tag == "row":
            yield separator.join(" ".join(cell.itertext()) for cell in element)
        elif element.find(".//lb") is not None:
            yield from _split_at_blank_lines(element)
        elif len(element):
            yield " ".join(element.itertext())
        else:
            yield element.text or ""
        return
    if element.text and element.text.strip():
        yield element.text
    for child in element:
        yield from _paragraphs(child)
        if child.tail and child.tail.strip():
            yield child.tail


# Stands for a line break in the text of an element: no text holds it, as XML forbids it.
_BREAK = "\x00"
# Two line breaks or more, with only spaces between: a blank line.
_BLANK_LINE = re.compile(r"\x00(?:\s*\x00)+")


def _split_at_blank_lines(element: HtmlElement) -> Iterator[str]:
    """The texts of ``element`` between its blank lines: two or more ``<lb/>`` in a row.

    Pages that write paragraphs as ``text<br><br>text`` (older CMSs, forum-like regional
    sites) reach trafilatura's output as one ``<p>`` with ``<lb/><lb/>`` between them; read
    whole, the story would be one paragraph. A single ``<lb/>`` (a line of a poem, an
    address) stays a space within its paragraph.

    >>> from lxml.etree import fromstring
    >>> page = fromstring("<p>One.<lb/><lb/>Two<hi>b</hi><lb/>c</p>")
    >>> list(_split_at_blank_lines(page))
    ['One.', 'Two b c']
    """
    text = " ".join(_texts_and_breaks(element))
    for part in _BLANK_LINE.split(text):
        yield " ".join(part.replace(_BREAK, " ").split())


def _texts_and_breaks(node: HtmlElement) -> Iterator[str]:
    """The texts of ``node`` in document order, :data:`_BREAK` for each ``<lb/>``."""
    if node.text:
        yield node.text
    for child in node:
        if child.tag == "lb":
            yield _BREAK
        else:
            yield from _texts_and_breaks(child)
        if child.tail:
            yield child.tail


#: Captions a gallery shows at least, each of at least GALLERY_CAPTION_WORDS words.
GALLERY_CAPTIONS = 3
GALLERY_CAPTION_WORDS = 3


def gallery_captions(tree: HtmlElement) -> list[str]:
    """The captions of the page's pictures, credits cut, each once, if it is a gallery.

    A photo gallery ("In pictures: ...") tells its story in its captions, which the body's
    cleaning drops as it drops every caption. Read before that cleaning cuts them; [] for
    a page of fewer than :data:`GALLERY_CAPTIONS` captions that say something.

    >>> from lxml.html import fromstring
    >>> figure = "<figure><img src=a.jpg><figcaption>{} Foto: dpa</figcaption></figure>"
    >>> page = fromstring("<div>" + "".join(figure.format(t) for t in (
    ...     "Crowds gather at the harbour.", "The first ferry leaves at dawn.",
    ...     "Crowds gather at the harbour.", "Divers check the pier.")) + "</div>")
    >>> gallery_captions(page)
    ['Crowds gather at the harbour.', 'The first ferry leaves at dawn.', 'Divers check the pier.']
    """
    captions: list[str] = []
    seen: set[str] = set()
    for element in tree.iter("figcaption"):
        caption, _ = split_credit(clean_text(element.text_content()))
        if not caption or len(caption.split()) < GALLERY_CAPTION_WORDS:
            continue
        key = normalize_for_hash(caption)
        if key not in seen:
            seen.add(key)
            captions.append(caption)
    return captions if len(captions) >= GALLERY_CAPTIONS else []


#: Words the ``<article>`` around the headline must hold to be read as the story alone.
STORY_MIN_WORDS = 150


def story_element(headlines: list[HtmlElement]) -> HtmlElement | None:
    """The outermost ``<article>`` around the first of ``headlines``, if it is a story.

    HTML's own markup for the story: where it holds the headline and at least
    :data:`STORY_MIN_WORDS` words, the rest of the page is navigation, teasers and
    footers.

    >>> from lxml.html import fromstring
    >>> story = "<article><h1>Rain</h1></article>" + "<p>Three more words </p>" * 50
    >>> page = fromstring(f"<div><article>{story}</article><article>Teaser</article></div>")
    >>> story_element(list(page.iter("h1"))).getparent() is page
    True
    >>> story_element([]) is None, story_element([fromstring("<h1>Logo</h1>")]) is None
    (True, True)
    """
    if not headlines:
        return None
    around = list(headlines[0].iterancestors("article"))
    if not around or len(around[-1].text_content().split()) < STORY_MIN_WORDS:
        return None
    return around[-1]


def standalone(element: HtmlElement) -> HtmlElement:
    """A document of its own holding a copy of ``element``: ``<html><body>element``."""
    document = Element("html")
    SubElement(document, "body").append(deepcopy(element))
    return document


def run_trafilatura(
    tree: HtmlElement, url: str, *, favor_precision: bool = False, favor_recall: bool = False
) -> list[str]:
    """Paragraphs trafilatura finds in ``tree`` (which it copies, so ``tree`` is intact)."""
    document = bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        favor_precision=favor_precision,
        favor_recall=favor_recall,
        with_metadata=False,
    )
    body = getattr(document, "body", None)
    if body is None:
        return []
    return [text for raw in _paragraphs(body) if (text := clean_text(raw))]


# A JSON string literal long enough to hold an article (escapes included). It never opens
# at an escaped quote: in a script cut off inside a string (a truncated download) the
# search would otherwise scan to the end again from every escaped quote in that string,
# time growing with the square of the script (9 s on a page cut in half).
_JSON_STRING = re.compile(r'(?<!\\)"((?:[^"\\]|\\.){300,})"')
_PARAGRAPH_MARK = re.compile(r"<p[\s>]|\\u003cp[\s>\\]", re.IGNORECASE)


def paragraphs_from_scripts(tree: HtmlElement) -> list[str]:
    r"""Paragraphs of an article that the page only ships inside script data.

    Client-rendered pages (Next.js, Nuxt and similar) put the article's HTML in a JSON
    string for the browser to render, so the served markup has no article text at all.
    The longest such string with several paragraphs is the article.

    >>> from lxml.html import fromstring
    >>> p = "\\u003cp\\u003eA sentence of the story.\\u003c/p\\u003e"
    >>> data = '{"contentHtml": "' + p * 12 + '"}'
    >>> paragraphs_from_scripts(fromstring(f"<html><script>{data}</script></html>"))[:1]
    ['A sentence of the story.']
    """
    best = ""
    for script in tree.iter("script"):
        text = script.text or ""
        if len(text) < 300 or not _PARAGRAPH_MARK.search(text):
            continue
        for match in _JSON_STRING.finditer(text):
            raw = match.group(1)
            if len(raw) <= len(best) or not _PARAGRAPH_MARK.search(raw):
                continue
            try:
                value = json.loads(f'"{without_lone_surrogates(raw)}"')
            except ValueError:
                continue
            if len(_PARAGRAPH_MARK.findall(value)) >= 3:
                best = value
    if not best:
        return []
    try:
        fragment = fragment_fromstring(best, create_parent="div")
    except (ValueError, ParserError):
        return []
    preclean(fragment)  # captions and credits travel inside the shipped HTML too
    blocks = fragment.iter("p", "h2", "h3", "li", "blockquote")
    return [text for block in blocks if (text := clean_text(block.text_content()))]


def word_shingles(text: str, size: int = 4) -> set[tuple[str, ...]]:
    """The runs of ``size`` words of ``text``, casefolded, punctuation ignored."""
    tokens = re.findall(r"\w+", text.casefold())
    return {tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1))}


def prefer_declared_body(extracted: list[str], declared: str | None) -> list[str] | None:
    """Return the publisher's own ``articleBody`` when it completes what we found, or None.

    Used only when everything extracted lies inside the declared body and covers less than
    half of it: the extractor then stopped early (a split layout, a lazy-loaded second
    half), while the declared text is the article whole. A declared body that adds other
    material (teasers, captions) fails the superset test and is ignored.

    >>> found = ["One two three four five six."]
    >>> declared = "One two three four five six. Seven eight nine ten eleven twelve thirteen."
    >>> prefer_declared_body(found, declared)
    ['One two three four five six. Seven eight nine ten eleven twelve thirteen.']
    >>> prefer_declared_body(found, "Something else entirely, seven words here.") is None
    True
    """
    if not declared or not extracted:
        return None
    ours = word_shingles(" ".join(extracted))
    theirs = word_shingles(declared)
    shared = len(ours & theirs)
    if shared < 0.95 * len(ours) or shared >= 0.5 * len(theirs):
        return None
    return [clean for part in declared_lines(declared) if (clean := clean_text(part))] or None


def declared_lines(declared: str) -> list[str]:
    """The paragraphs of a declared ``articleBody``: its lines, blank ones between or not."""
    return re.split(r"\n\s*\n|\r?\n", declared)
