"""From the caller's input to one lxml tree, or an ExtractionError saying why not."""

from __future__ import annotations

import re

from lxml import etree
from lxml.etree import ParserError
from lxml.html import (
    FormElement,
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    InputElement,
    LabelElement,
    SelectElement,
    TextareaElement,
    document_fromstring,
)
from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, INVALID_XML_CHARS

from newscrawl.extract.decode import decode_html
from newscrawl.extract.errors import ExtractionError


def _element_classes() -> etree.ElementNamespaceClassLookup:
    """lxml.html's element classes, chosen inside lxml rather than by a Python method.

    ``lxml.html.HTMLParser`` picks the class of every element proxy with a Python method
    (``HtmlElementClassLookup.lookup``). Every stage creates proxies, trafilatura and
    htmldate on their copies of the tree too: thousands per page, a few milliseconds in
    all. This lookup gives each element the same class (the form classes by tag name,
    ``HtmlElement`` otherwise) without leaving C.
    """
    lookup = etree.ElementNamespaceClassLookup(
        etree.ElementDefaultClassLookup(
            element=HtmlElement,
            comment=HtmlComment,
            pi=HtmlProcessingInstruction,
            entity=HtmlEntity,
        )
    )
    # The tags lxml.html gives classes of their own (HtmlElementClassLookup's defaults).
    lookup.get_namespace(None).update(
        {
            "form": FormElement,
            "input": InputElement,
            "label": LabelElement,
            "select": SelectElement,
            "textarea": TextareaElement,
        }
    )
    return lookup


# The tree every stage shares. Comments and processing instructions carry no article text,
# and dropping them at parse time is cheaper than every stage skipping them.
_PARSER = HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False, huge_tree=True
)
_PARSER.set_element_class_lookup(_element_classes())
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_FEED_ROOT = re.compile(r"<(?:rss|feed|urlset|sitemapindex|rdf:RDF)\b", re.IGNORECASE)
_HTML_MARKUP = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|section|main|span|h[1-6]|"
    r"table|a|br|script|link|header|nav|ul|img)\b",
    re.IGNORECASE,
)


def to_text(html: str | bytes, encoding: str | None = None) -> str:
    """Return the page as text; raise ExtractionError when it cannot be an HTML page.

    >>> to_text(b"   ")
    Traceback (most recent call last):
    ...
    newscrawl.extract.errors.ExtractionError: empty: no content
    >>> to_text('{"json": true}')
    Traceback (most recent call last):
    ...
    newscrawl.extract.errors.ExtractionError: not-html: no HTML markup
    """
    if isinstance(html, bytes | bytearray):
        if not bytes(html).strip():
            raise ExtractionError("empty", "no content")
        text = decode_html(bytes(html), encoding)
    elif isinstance(html, str):
        text = html
    else:
        raise ExtractionError("not-html", f"expected str or bytes, got {type(html).__name__}")
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ExtractionError("empty", "no content")
    if text[:1024].count("\x00") > 2:
        raise ExtractionError("binary", "contains NUL characters")
    # A few stray NULs in a real page (a bad CMS export) must not cost the article: lxml
    # refuses strings that contain them.
    text = text.replace("\x00", "")
    head = text[:8192]
    if head.lstrip().startswith("<?xml") and _FEED_ROOT.search(head):
        raise ExtractionError("not-html", "an XML feed or sitemap")
    if not _HTML_MARKUP.search(head) and not _HTML_MARKUP.search(text[:200_000]):
        raise ExtractionError("not-html", "no HTML markup")
    return text


def parse(text: str) -> HtmlElement:
    """Parse the page once; every stage reads this tree."""
    text = _XML_DECLARATION.sub("", text, count=1)
    text = _repair(text)
    try:
        tree = document_fromstring(text, parser=_PARSER)
    except (ParserError, ValueError) as exc:
        raise ExtractionError("unparseable", str(exc) or "lxml found no document") from exc
    if tree is None or len(tree) == 0:
        raise ExtractionError("unparseable", "lxml found no document")
    _flatten_deep(tree)
    return tree


#: Deepest nesting kept. Real pages nest 16 elements deep (the median of the shared corpus'
#: 1,200 pages), 42 at most; a page of thousands of unclosed lists or tables, broken or
#: hostile, would take the extractors minutes or their recursion past Python's limit.
MAX_DEPTH = 200
# What stays of a flattened subtree: the text's paragraphs and headings.
_KEPT_DEEP = frozenset({"p", "br", "h1", "h2", "h3", "h4", "h5", "h6"})
_DROPPED_DEEP = frozenset({"script", "style", "noscript", "template"})
# The elements MAX_DEPTH levels below the root, found in C: a walk in Python would cost a
# millisecond a page.
_AT_MAX_DEPTH = etree.XPath("/" + "/".join(["*"] * (MAX_DEPTH + 1)))


def _flatten_deep(tree: HtmlElement) -> None:
    """Flatten every subtree that starts :data:`MAX_DEPTH` levels down, text kept.

    >>> tree = document_fromstring(
    ...     "<div>" * 300 + "<p>Deep</p><script>x</script>deeper", parser=_PARSER
    ... )
    >>> _flatten_deep(tree)
    >>> max(len(list(e.iterancestors())) for e in tree.iter()) <= MAX_DEPTH + 1
    True
    >>> tree.text_content()
    'Deepdeeper'
    """
    for element in _AT_MAX_DEPTH(tree):
        for descendant in list(element.iterdescendants()):
            if descendant.tag in _DROPPED_DEEP:
                descendant.drop_tree()
            elif descendant.tag not in _KEPT_DEEP and isinstance(descendant.tag, str):
                descendant.drop_tag()


# Characters libxml2 refuses in a document (see trafilatura.utils.INVALID_XML_CHARS).
_INVALID_CHARS = tuple(map(chr, [*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF]))


def _repair(text: str) -> str:
    r"""Apply the repairs trafilatura applies when it parses a page itself.

    Invalid characters, a malformed doctype, a self-closed ``<html/>``: without these
    repairs libxml2 builds a tree with the body cut off. Same result as trafilatura's
    ``repair_faulty_html``, but the rare invalid characters are looked for with plain
    substring searches first: a regex pass over a whole page costs a millisecond.

    >>> _repair('<!DOCTYPE html/>\n<html/>\n<body>a\x0bb</body>')
    '\n<html>\n<body>ab</body>'
    """
    if any(char in text for char in _INVALID_CHARS):
        text = INVALID_XML_CHARS.sub("", text)
    if "doctype" in text[:50].lower():
        first_line, _, rest = text.partition("\n")
        text = DOCTYPE_TAG.sub("", first_line, count=1) + "\n" + rest
    for line in text[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            text = FAULTY_HTML.sub(r"\1>", text, count=1)
            break
    return text
