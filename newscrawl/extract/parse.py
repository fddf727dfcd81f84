"""From the caller's input to one lxml tree, or an ExtractionError saying why not."""

from __future__ import annotations

import re

from lxml.etree import ParserError
from lxml.html import HtmlElement, HTMLParser, document_fromstring
from trafilatura.utils import repair_faulty_html

from newscrawl.extract.decode import decode_html
from newscrawl.extract.errors import ExtractionError

# The tree every stage shares. Comments and processing instructions carry no article text,
# and dropping them at parse time is cheaper than every stage skipping them.
_PARSER = HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False, huge_tree=True
)
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
    # The repairs trafilatura applies when it parses a page itself (a self-closed <html/>,
    # a malformed doctype): without them libxml2 builds a tree with the body cut off.
    text = repair_faulty_html(text, text[:50].lower())
    try:
        tree = document_fromstring(text, parser=_PARSER)
    except (ParserError, ValueError) as exc:
        raise ExtractionError("unparseable", str(exc) or "lxml found no document") from exc
    if tree is None or len(tree) == 0:
        raise ExtractionError("unparseable", "lxml found no document")
    return tree
