"""Schema.org microdata: the fields of the first Article item a page marks up.

Read with lxml XPath on the one parsed tree (see :mod:`newscrawl.extract.structured` for
why not extruct). A property belongs to the nearest ``itemscope`` around it, so the
author's ``name`` inside a nested Person item is the author's, not the article's.
"""

from __future__ import annotations

from collections import defaultdict

from lxml.etree import XPath
from lxml.html import HtmlElement

from newscrawl.extract.structured import Fields

_WITH_ITEMPROP = XPath(".//*[@itemprop]")
# XPath, not ElementPath's iterfind(): that visits every element of the page with a proxy.
_ITEMS = XPath(".//*[@itemscope][@itemtype]")
_MICRODATA_ARTICLE = ("article", "newsarticle", "blogposting", "reportagenews", "report")
# Properties whose value is a name: on a link, its text, not the page it links to.
_NAMED = frozenset({"author", "creator"})


def _one(values: dict[str, list[str]], *keys: str) -> str | None:
    """Return the first value under the first of ``keys`` that has any."""
    for key in keys:
        if values.get(key):
            return values[key][0]
    return None


def _microdata_value(element: HtmlElement, named: bool = False) -> str:
    """The value of a property's element (``named``: the property is a person's name).

    By the microdata rules a link's value is its ``href``; but ``<a itemprop="author"
    href="/authors/ann-lee">Ann Lee</a>`` names its author in the text, and the address is
    of the author's page.
    """
    if element.get("itemscope") is not None:
        # A nested item (Person, ImageObject): its name, or its URL.
        for wanted in ("name", "url", "contentUrl"):
            inner = [e for e in element.iterdescendants() if e.get("itemprop") == wanted]
            if inner:
                return _microdata_value(inner[0])
    for attr in ("content", "datetime"):
        if element.get(attr):
            return str(element.get(attr))
    if element.tag in ("a", "link"):
        text = (element.text_content() or element.get("title") or "").strip()
        if named and text:
            return text
        return element.get("href") or ""
    if element.tag in ("img", "meta"):
        return element.get("src") or element.get("content") or ""
    return element.text_content()


def from_microdata(tree: HtmlElement) -> Fields:
    """Fields from the first schema.org Article item in the page's microdata."""
    for scope in _ITEMS(tree):
        kind = (scope.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1].lower()
        if kind not in _MICRODATA_ARTICLE and not kind.endswith("newsarticle"):
            continue
        props: dict[str, list[str]] = defaultdict(list)
        for element in _WITH_ITEMPROP(scope):
            prop = element.get("itemprop") or ""
            owner = element.getparent()
            while owner is not None and owner is not scope and owner.get("itemscope") is None:
                owner = owner.getparent()
            if owner is scope:
                for name in prop.split():
                    props[name].append(_microdata_value(element, name in _NAMED))
        fields: Fields = {
            "title": _one(props, "headline", "name"),
            "authors": props.get("author", []) + props.get("creator", []),
            "published_at": _one(props, "datePublished", "dateCreated"),
            "modified_at": _one(props, "dateModified"),
            "section": _one(props, "articleSection"),
            "tags": props.get("keywords", []),
            "description": _one(props, "description"),
            "image_url": _one(props, "image"),
            "language": _one(props, "inLanguage"),
        }
        return {key: value for key, value in fields.items() if value}
    return {}
