"""Structured metadata: JSON-LD, OpenGraph, Twitter cards and ``<meta>`` tags.

Each reader returns ``{field: value}`` for the fields it found, with raw (uncleaned)
strings or lists of strings; the orchestrator chooses between sources field by field and
normalizes. Readers use lxml directly on the one parsed tree: extruct re-parses the page per
syntax and costs more than the whole body extraction on large pages. Microdata has a reader
of its own, :mod:`newscrawl.extract.microdata`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from lxml.html import HtmlElement

from newscrawl.extract.fields import squash
from newscrawl.extract.jsonld import (
    find_article,
    read_nodes,
    resolve,
    types_of,
    without_lone_surrogates,
)
from newscrawl.extract.page import html_title

Fields = dict[str, Any]

# meta name/property -> field, in priority order within the generic "meta" source.
_META_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("parsely-title", "sailthru.title", "dc.title", "dcterms.title", "headline", "title"),
    "authors": (
        "author",
        "byl",
        "parsely-author",
        "sailthru.author",
        "dc.creator",
        "dcterms.creator",
        "article.author",
        "article:author_name",
        "citation_author",
        "cxenseparse:author",
        "shareaholic:article_author_name",
        "authors",
    ),
    "published_at": (
        "article:published_time",
        "og:article:published_time",
        "article:published",
        "parsely-pub-date",
        "sailthru.date",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "publication_date",
        "date.available",
        "article.published",
        "datepublished",
        "article_date_original",
        "original-publish-date",
        "dc.date.issued",
        "dcterms.issued",
        "dcterms.created",
        "dc.date.created",
        "dc.date",
        "dcterms.date",
        "citation_publication_date",
        "cxenseparse:recs:publishtime",
        "shareaholic:article_published_time",
        "date",
        "og:pubdate",
        "release_date",
    ),
    "modified_at": (
        "article:modified_time",
        "og:updated_time",
        "article:modified",
        "datemodified",
        "dcterms.modified",
        "dc.date.modified",
        "article.updated",
        "shareaholic:article_modified_time",
        "last-modified",
        "lastmod",
    ),
    "section": (
        "article:section",
        "parsely-section",
        "sailthru.section",
        "section",
        "article.section",
    ),
    "tags": (
        "article:tag",
        "news_keywords",
        "parsely-tags",
        "sailthru.tags",
        "keywords",
        "article.tags",
    ),
    "description": ("description", "dc.description", "dcterms.description"),
    "language": ("content-language", "dc.language", "dcterms.language", "language"),
}


def read_meta(tree: HtmlElement) -> dict[str, list[str]]:
    """Every ``<meta>`` value by lower-cased name, property, itemprop or http-equiv.

    >>> from lxml.html import fromstring
    >>> read_meta(fromstring('<meta property="og:title" content="T"><meta name=A content=1>'))
    {'og:title': ['T'], 'a': ['1']}
    """
    found: dict[str, list[str]] = defaultdict(list)
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attr)
            if not key or (attr == "itemprop" and _in_item(meta)):
                continue
            found[_article_key(key.strip().lower())].append(content.strip())
    return dict(found)


def _in_item(element: HtmlElement) -> bool:
    """Whether ``element`` belongs to a microdata item, so it says nothing about the page.

    Items are scoped: ``<meta itemprop="author">`` inside a citation of a reference list
    names the cited paper's authors. The article's own item is read by the microdata reader.
    """
    return any(a.get("itemscope") is not None for a in element.iterancestors())


def _article_key(key: str) -> str:
    """OpenGraph's ``article:`` names as the protocol spells them, whatever the page used.

    >>> _article_key("article:published:time"), _article_key("article:modified-time")
    ('article:published_time', 'article:modified_time')
    """
    if not key.startswith("article:"):
        return key
    return "article:" + key[8:].replace(":", "_").replace("-", "_")


def _first(meta: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        if meta.get(key):
            return meta[key][0]
    return None


def from_opengraph(meta: dict[str, list[str]]) -> Fields:
    """Fields from OpenGraph (``og:*``, ``article:*``)."""
    fields: Fields = {
        "title": _first(meta, "og:title"),
        "description": _first(meta, "og:description"),
        "image_url": _first(meta, "og:image:secure_url", "og:image", "og:image:url"),
        "image_caption": _first(meta, "og:image:alt"),
        "canonical_url": _first(meta, "og:url"),
        "language": _first(meta, "og:locale"),
        "site_name": _first(meta, "og:site_name"),
        "published_at": _first(meta, "article:published_time", "og:article:published_time"),
        "modified_at": _first(meta, "article:modified_time", "og:updated_time"),
        "section": _first(meta, "article:section"),
        "tags": meta.get("article:tag", []),
        "authors": [value for value in meta.get("article:author", []) if "/" not in value],
    }
    return {key: value for key, value in fields.items() if value}


# Yoast SEO's label for the author, as its translations write it ("Verfasst von" is its
# German one).
_WRITTEN_BY = (
    "written by",
    "verfasst von",
    "geschrieben von",
    "écrit par",
    "escrito por",
    "scritto da",
    "geschreven door",
    "skrevet af",
    "skrevet av",
    "skrivet av",
    "napisane przez",
    "author",
)


def from_twitter(meta: dict[str, list[str]]) -> Fields:
    """Fields from Twitter cards, including the "Written by" label that Yoast SEO writes."""
    fields: Fields = {
        "title": _first(meta, "twitter:title"),
        "description": _first(meta, "twitter:description"),
        "image_url": _first(meta, "twitter:image", "twitter:image:src"),
    }
    for number in ("1", "2"):
        label = (_first(meta, f"twitter:label{number}") or "").lower()
        if label in _WRITTEN_BY:
            fields["authors"] = meta.get(f"twitter:data{number}", [])
    # Headless setups print Yoast's label and value as one name: "twitter:misc:Written by".
    for label in _WRITTEN_BY:
        if meta.get(f"twitter:misc:{label}"):
            fields["authors"] = meta[f"twitter:misc:{label}"]
    return {key: value for key, value in fields.items() if value}


def from_meta(meta: dict[str, list[str]]) -> Fields:
    """Fields from named ``<meta>`` tags: Dublin Core, parsely-*, sailthru.*, and plain ones."""
    fields: Fields = {}
    for field, keys in _META_FIELDS.items():
        if field == "tags" and meta.get("news_keywords"):
            # Templates fill the plain keywords with the site's own words, after the
            # article's or instead of them ("..., world, news, the times"): beside the
            # news_keywords Google News reads for the article, they are not read.
            keys = tuple(key for key in keys if key != "keywords")
        if field in ("authors", "tags"):
            values = [value for key in keys for value in meta.get(key, [])]
            values = [value for value in values if not value.startswith(("http://", "https://"))]
            if values:
                fields[field] = values
        else:
            value = _first(meta, *keys)
            if value:
                fields[field] = value
    page = _first(meta, "parsely-page")
    if page:
        fields.update({k: v for k, v in _parsely_page(page).items() if k not in fields})
    return fields


def _parsely_page(raw: str) -> Fields:
    try:
        data = json.loads(without_lone_surrogates(raw))
    except (ValueError, RecursionError):  # broken, or nested past Python's recursion limit
        return {}
    if not isinstance(data, dict):
        return {}
    fields: Fields = {
        "title": data.get("title"),
        "published_at": data.get("pub_date"),
        "section": data.get("section"),
        "authors": [data["author"]] if isinstance(data.get("author"), str) else data.get("authors"),
        "tags": data.get("tags"),
    }
    return {key: value for key, value in fields.items() if value}


def _names(value: Any, index: dict[str, dict[str, Any]]) -> list[str]:
    """Names from a schema.org author/creator value (text, Person, Organization, lists)."""
    value = resolve(value, index)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [name for item in value for name in _names(item, index)]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, list):
            return [str(n) for n in name if isinstance(n, str)]
        if isinstance(name, str):
            return [_named_in_bio(name, value.get("description"))]
        given, family = value.get("givenName"), value.get("familyName")
        if isinstance(given, str) and isinstance(family, str):
            return [f"{given} {family}"]
    return []


def _named_in_bio(name: str, bio: Any) -> str:
    """``name``, or the whole name a one-word one opens the person's bio with.

    Yoast's Person gives the display name, often the first name alone ("Nils"), and the
    author's bio, which writes it whole ("Nils Pickert ist freier Autor und Journalist").

    >>> _named_in_bio("Nils", "Nils Pickert ist freier Autor und Journalist.")
    'Nils Pickert'
    >>> _named_in_bio("Stefanus", "Stefanus Stahl - Maschinenbauer, Abenteurer")
    'Stefanus Stahl'
    >>> _named_in_bio("Nils", "Nils schreibt hier"), _named_in_bio("Ann Lee", "Ann Lee Smith")
    ('Nils', 'Ann Lee')
    """
    if not isinstance(bio, str) or len(name.split()) != 1:
        return name
    words = bio.split(maxsplit=2)
    if len(words) < 2 or words[0] != name.strip():
        return name
    surname = words[1].rstrip(",.;:")
    if surname[:1].isupper() and surname.replace("-", "").isalpha() and surname[1:].islower():
        return f"{words[0]} {surname}"
    return name


def _text(value: Any) -> str | None:
    """Return a plain string from a value that may be a list or a ``{"@value": ...}`` node."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or value.get("@id") or value.get("url")
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return value if isinstance(value, str) else None


def _image(value: Any, index: dict[str, dict[str, Any]]) -> Fields:
    value = resolve(value, index)
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        return {"image_url": value}
    if not isinstance(value, dict):
        return {}
    credit = value.get("creditText") or value.get("copyrightHolder") or value.get("author")
    fields: Fields = {
        "image_url": _text(value.get("url") or value.get("contentUrl")),
        "image_caption": _text(value.get("caption") or value.get("description")),
        "image_credit": next(iter(_names(credit, index)), None) if credit else None,
    }
    return {key: val for key, val in fields.items() if val}


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _breadcrumb(nodes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(name, url) of the items of the page's BreadcrumbList, in order."""
    for node in nodes:
        if "breadcrumblist" not in types_of(node):
            continue
        items = node.get("itemListElement")
        if not isinstance(items, list):
            continue

        def position(item: Any) -> float:
            try:
                return float(item.get("position", 0))
            except (TypeError, ValueError, AttributeError):
                return 0.0

        crumbs = []
        for item in sorted((i for i in items if isinstance(i, dict)), key=position):
            target = item.get("item")
            name = item.get("name") or (target.get("name") if isinstance(target, dict) else None)
            url = target.get("@id") or target.get("url") if isinstance(target, dict) else target
            if isinstance(name, str):
                crumbs.append((name, url if isinstance(url, str) else ""))
        return crumbs
    return []


def from_jsonld(tree: HtmlElement, url: str, meta: dict[str, list[str]]) -> Fields:
    """Fields from the page's JSON-LD article node (and its breadcrumb list).

    ``meta`` is the page's :func:`read_meta`: its ``og:title`` tells an embedded video from
    the page's own.
    """
    nodes = read_nodes(tree)
    if not nodes:
        return {}
    index: dict[str, dict[str, Any]] = {}
    for node in nodes:
        # References ({"@id": ...} alone) must not shadow the node they point to.
        ident = node.get("@id")
        if isinstance(ident, str) and len(node) > len(index.get(ident, {})):
            index[ident] = node
    fields: Fields = {}
    crumbs = _breadcrumb(nodes)
    if crumbs:
        fields["breadcrumb"] = crumbs
    article = find_article(nodes, url)
    if article is None or _embedded_video(article, tree, meta):
        return fields
    publisher = resolve(article.get("publisher"), index)
    main = article.get("mainEntityOfPage")
    fields.update(
        {
            "title": _text(article.get("headline")) or _text(article.get("name")),
            "authors": _names(article.get("author") or article.get("creator"), index),
            # Beside an author (often the publisher), the people who wrote it: not taken
            # as the authors, but their names are a byline where the text shows them.
            "creators": _names(article.get("creator"), index),
            # A live blog may give only when its coverage began: its entries' times, which
            # the page shows first, are the latest news, not the story's start.
            "published_at": _text(
                article.get("datePublished")
                or article.get("uploadDate")
                or article.get("coverageStartTime")
            ),
            "modified_at": _text(article.get("dateModified")),
            "section": _text(article.get("articleSection")),
            "tags": _keywords(article.get("keywords")),
            "description": _text(article.get("description")),
            "language": _text(article.get("inLanguage")),
            "canonical_url": _text(main) if main else _text(article.get("url")),
            "body": _text(article.get("articleBody")),
            "publisher": next(iter(_names(publisher, index)), None),
            **_image(article.get("image"), index),
        }
    )
    free = article.get("isAccessibleForFree")
    if free is not None:
        fields["paywalled"] = str(free).strip().lower() in {"false", "0", "no"}
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


def _embedded_video(node: dict[str, Any], tree: HtmlElement, meta: dict[str, list[str]]) -> bool:
    """Whether ``node`` is a video the page embeds rather than the page itself.

    Where the only article-like node of a page's JSON-LD is a ``VideoObject``, the page is
    the video's when the video's name is the page's title (``<title>``, ``og:title``); an
    article that embeds a video ("Your Chrome Browser, Everywhere" in a how-to) is titled
    otherwise, and the video's name, upload date and description are not the article's.
    """
    if types_of(node) != {"videoobject"}:
        return False
    name = squash(_text(node.get("name")) or _text(node.get("headline")) or "")
    titles = [squash(t) for t in (html_title(tree), _first(meta, "og:title")) if t]
    titles = [t for t in titles if t]
    if not name or not titles:
        return False
    return not any(name in title or title in name for title in titles)
