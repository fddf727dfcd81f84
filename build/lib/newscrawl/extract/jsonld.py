"""JSON-LD: read every ``<script type="application/ld+json">`` the way browsers tolerate it.

Publishers' JSON-LD is often broken: trailing commas, HTML comments or CDATA around it,
raw newlines inside strings, several objects in one script, ``@graph`` containers, arrays
of objects, authors given only as ``{"@id": ...}`` references into the graph. Each problem
is handled here; what comes out is a flat list of typed nodes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

_WRAPPERS = re.compile(r"^\s*(?:<!--|<!\[CDATA\[|//\s*<!\[CDATA\[)|(?:-->|\]\]>|//\s*\]\]>)\s*$")
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_LINE_COMMENT = re.compile(r"^\s*//[^\n]*$", re.MULTILINE)

#: schema.org types whose node is the article itself.
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenews",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "askpublicnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "report",
        "scholarlyarticle",
        "techarticle",
        "satiricalarticle",
        "advertisercontentarticle",
        "medicalscholarlyarticle",
        "videoobject",
    }
)


# A \uXXXX escape of a UTF-16 surrogate that has no partner: what a CMS leaves when it cuts
# a string in the middle of an emoji ("...\ud83d"). json decodes it to a lone surrogate,
# which no UTF-8 text may hold: hashing or storing the article would fail.
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def without_lone_surrogates(text: str) -> str:
    r"""JSON text without escapes of lone UTF-16 surrogates (a pair is kept).

    >>> without_lone_surrogates(r'"cut \ud83d", "whole \ud83d\ude00"')
    '"cut ", "whole \\ud83d\\ude00"'
    """
    if "\\ud" not in text and "\\uD" not in text:
        return text
    return _LONE_SURROGATE.sub("", text)


def loads_tolerant(text: str) -> list[Any]:
    r"""Parse JSON the way lenient consumers do; a list of the top-level values found.

    >>> loads_tolerant('<!-- {"a": 1,} -->')
    [{'a': 1}]
    >>> loads_tolerant('{"a": "line\nbreak"} {"b": 2}')
    [{'a': 'line\nbreak'}, {'b': 2}]
    >>> loads_tolerant("not json")
    []
    """
    text = without_lone_surrogates(_WRAPPERS.sub("", text.strip()).strip().rstrip(";"))
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", _LINE_COMMENT.sub("", text))):
        values = _raw_decode_all(attempt)
        if values:
            return values
    return []


def _raw_decode_all(text: str) -> list[Any]:
    decoder = json.JSONDecoder(strict=False)
    values: list[Any] = []
    index = 0
    while index < len(text):
        while index < len(text) and text[index] in " \t\r\n,;":
            index += 1
        if index >= len(text):
            break
        try:
            value, index = decoder.raw_decode(text, index)
        except (json.JSONDecodeError, RecursionError):
            # Nesting deeper than Python's recursion limit is no article's metadata: a
            # hostile or broken page, which must not cost the article.
            return values
        values.append(value)
    return values


def _walk(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every dict node, depth first, through lists, ``@graph`` and nested values."""
    if depth > 8:
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key, item in value.items():
            if isinstance(item, dict | list) and key not in ("@context",):
                yield from _walk(item, depth + 1)


def types_of(node: dict[str, Any]) -> set[str]:
    """Return the lower-cased schema.org type names of a node.

    >>> sorted(types_of({"@type": ["NewsArticle", "http://schema.org/Article"]}))
    ['article', 'newsarticle']
    """
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {str(name).rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for name in names if name}


def read_nodes(tree: HtmlElement) -> list[dict[str, Any]]:
    """All JSON-LD nodes of a page, flattened."""
    nodes: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        kind = (script.get("type") or "").lower()
        if "ld+json" not in kind or not script.text:
            continue
        for value in loads_tolerant(script.text):
            nodes.extend(_walk(value))
    return nodes


def resolve(value: Any, index: dict[str, dict[str, Any]]) -> Any:
    """Replace a ``{"@id": ...}`` reference by the node it names, when the page has it."""
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in index:
        return index[value["@id"]]
    if isinstance(value, list):
        return [resolve(item, index) for item in value]
    return value


def find_article(nodes: list[dict[str, Any]], url: str) -> dict[str, Any] | None:
    """Find the node that describes this page's article, if any.

    Several article nodes are common (related stories, the live blog's updates): the one
    whose url matches the page wins, then the one with a body or headline, then the first.
    """
    articles = [node for node in nodes if types_of(node) & ARTICLE_TYPES]
    articles = [
        node for node in articles if node.get("headline") or node.get("articleBody")
    ] or articles
    if not articles:
        # A WebPage that carries the article's fields itself.
        articles = [
            node
            for node in nodes
            if types_of(node) & {"webpage", "itempage"} and node.get("datePublished")
        ]
    if not articles:
        return None
    bare = url.split("?")[0].rstrip("/")
    for node in articles:
        ids = [node.get("url"), node.get("@id"), node.get("mainEntityOfPage")]
        for ident in ids:
            if isinstance(ident, dict):
                ident = ident.get("@id") or ident.get("url")
            if isinstance(ident, str) and ident.split("?")[0].split("#")[0].rstrip("/") == bare:
                return node
    # Prefer news over video when both describe the page.
    articles.sort(key=lambda node: "videoobject" in types_of(node))
    return articles[0]
