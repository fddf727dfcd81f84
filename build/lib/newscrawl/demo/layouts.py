"""Article pages in four layouts, as different as real publishers' pages are.

* ``jsonld``: JSON-LD ``NewsArticle`` plus OpenGraph/``article:*`` meta tags.
* ``opengraph``: OpenGraph and ``<meta name=...>`` only; text written with numeric character
  references (``&#8217;``), as some CMSs do.
* ``microdata``: schema.org microdata only (``itemprop``), no meta tags.
* ``plain``: no metadata at all: the title, a printed byline and a dateline
  ("4 February 2025, 08:00 GMT") are all there is.

Every layout puts an advertisement slot and (in two of them) a "READ MORE" link inside the
article body, and the chrome of :mod:`newscrawl.demo.chrome` around it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import quote

from newscrawl.demo.chrome import esc, human_date, human_datetime, page
from newscrawl.demo.data import (
    SITE_LANGUAGE,
    SITE_NAME,
    DemoArticle,
    articles_in_section,
    slugify,
)


def related(article: DemoArticle, count: int = 3) -> list[DemoArticle]:
    """Return the "Related articles": others of the same section, nearest in time."""
    others = [a for a in articles_in_section(article.section) if a.id != article.id]
    others.sort(key=lambda a: abs((a.published - article.published).total_seconds()))
    return others[:count]


def _printed_names(article: DemoArticle) -> tuple[str, list[str], str]:
    """Split the printed byline into (prefix, names as printed, suffix)."""
    text = article.byline
    prefix = "By " if text.startswith("By ") else ""
    text = text[len(prefix) :]
    suffix = ""
    if ", " in text:
        text, role = text.split(", ", 1)
        suffix = f", {role}"
    return prefix, text.split(" and "), suffix


def byline_html(article: DemoArticle, name_wrap: Callable[[str, str], str] | None = None) -> str:
    """Return the printed byline as HTML, each name linked to its author page."""
    prefix, names, suffix = _printed_names(article)

    def link(printed: str, name: str) -> str:
        inner = name_wrap(printed, name) if name_wrap else esc(printed)
        return f'<a rel="author" href="/author/{slugify(name)}">{inner}</a>'

    linked = " and ".join(link(p, n) for p, n in zip(names, article.authors, strict=False))
    return f"{esc(prefix)}{linked}{esc(suffix)}"


def _body_html(article: DemoArticle, para: str = "<p>{}</p>", read_more: bool = True) -> str:
    parts = []
    for n, text in enumerate(article.paragraphs):
        parts.append(para.format(esc(text)))
        if n == 1:
            parts.append('<div class="ad-slot" aria-hidden="true">Advertisement</div>')
        if n == 2 and read_more and (more := related(article, 1)):
            parts.append(
                f'<aside class="inline-related"><strong>READ MORE:</strong> '
                f'<a href="{esc(more[0].path)}">{esc(more[0].title)}</a></aside>'
            )
    return "\n".join(parts)


def _tags_html(article: DemoArticle) -> str:
    items = "".join(
        f'<li><a rel="tag" href="/tag/{slugify(t)}">{esc(t)}</a></li>' for t in article.tags
    )
    return f'<ul class="tags" aria-label="Topics">{items}</ul>'


def _share_html(url: str, title: str) -> str:
    u, t = quote(url, safe=""), quote(title, safe="")
    return (
        '<div class="share-bar"><span>Share this article</span> '
        f'<a href="https://share.example/x?url={u}&amp;text={t}">X</a> '
        f'<a href="https://share.example/facebook?u={u}">Facebook</a> '
        f'<a href="mailto:?subject={t}&amp;body={u}">Email</a> '
        '<button type="button" class="copy-link">Copy link</button></div>'
    )


def _related_html(article: DemoArticle) -> str:
    items = "".join(
        f'<li><a href="{esc(a.path)}">{esc(a.title)}</a> '
        f"<time>{human_date(a.published)}</time></li>"
        for a in related(article)
    )
    return f'<section class="related"><h2>Related articles</h2><ul>{items}</ul></section>'


def _breadcrumb(article: DemoArticle) -> str:
    return (
        '<nav class="breadcrumb"><a href="/">Home</a> › '
        f'<a href="/section/{article.section}">{esc(article.section_title)}</a></nav>'
    )


def _og_meta(article: DemoArticle, base: str, canonical: str | None) -> str:
    tags = [
        ("og:site_name", SITE_NAME),
        ("og:type", "article"),
        ("og:title", article.title),
        ("og:description", article.description),
        ("og:image", article.image_url(base)),
        ("og:locale", "en_GB"),
        ("article:published_time", article.published.isoformat()),
        ("article:section", article.section_title),
    ]
    if canonical:
        tags.insert(3, ("og:url", canonical))
    if article.modified:
        tags.append(("article:modified_time", article.modified.isoformat()))
    tags += [("article:tag", t) for t in article.tags]
    lines = [f'<meta property="{p}" content="{esc(v)}">' for p, v in tags]
    lines.append('<meta name="twitter:card" content="summary_large_image">')
    return "\n".join(lines) + "\n"


def _json_ld(article: DemoArticle, base: str, canonical: str | None) -> str:
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.description,
        "datePublished": article.published.isoformat(),
        "author": [
            {"@type": "Organization" if a == "Reuters" else "Person", "name": a}
            for a in article.authors
        ],
        "image": {
            "@type": "ImageObject",
            "url": article.image_url(base),
            "caption": article.image_caption,
            "creditText": article.image_credit,
        },
        "articleSection": article.section_title,
        "keywords": list(article.tags),
        "inLanguage": SITE_LANGUAGE,
        "publisher": {"@type": "Organization", "name": SITE_NAME},
    }
    if article.modified:
        data["dateModified"] = article.modified.isoformat()
    if canonical:
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": canonical}
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>\n'


def _dateline(article: DemoArticle, time_attrs: str = "") -> str:
    text = (
        f'<time datetime="{article.published.isoformat()}"{time_attrs}>'
        f"{human_datetime(article.published)}</time>"
    )
    if article.modified:
        text += (
            f' · Updated <time datetime="{article.modified.isoformat()}">'
            f"{human_datetime(article.modified)}</time>"
        )
    return text


def _jsonld_main(article: DemoArticle) -> str:
    return (
        f'{_breadcrumb(article)}<article class="story">\n<header class="story-header">'
        f'<p class="kicker"><a href="/section/{article.section}">'
        f"{esc(article.section_title)}</a></p>"
        f'<h1 class="story-title">{esc(article.title)}</h1>'
        f'<p class="standfirst">{esc(article.description)}</p>'
        f'<div class="byline">{byline_html(article)}</div>'
        f'<div class="dateline">{_dateline(article)}</div></header>\n'
        f'<figure class="lead-image"><img src="{esc(article.image_path)}" '
        f'alt="{esc(article.image_caption)}" width="640" height="360">'
        f'<figcaption>{esc(article.image_caption)} <span class="credit">'
        f"{esc(article.printed_credit)}</span></figcaption></figure>\n"
        f'<div class="story-body">\n{_body_html(article)}\n</div>\n{_tags_html(article)}</article>'
    )


def _opengraph_main(article: DemoArticle) -> str:
    return (
        f'{_breadcrumb(article)}<div class="article-container">\n'
        f'<h1 class="headline">{esc(article.title)}</h1>'
        f'<div class="article-meta"><span class="author-name">{byline_html(article)}</span> '
        f'<span class="publish-date">{human_date(article.published)}</span></div>\n'
        f'<div class="image-wrap"><img src="{esc(article.image_path)}" alt="">'
        f'<p class="image-caption">{esc(article.image_caption)}</p>'
        f'<p class="image-credit">{esc(article.printed_credit)}</p></div>\n'
        f'<div class="article-body">\n{_body_html(article, read_more=False)}\n</div>\n'
        f"{_tags_html(article)}</div>"
    )


_ITEMPROP_PUBLISHED = ' itemprop="datePublished"'


def _microdata_main(article: DemoArticle) -> str:
    def person(printed: str, name: str) -> str:
        return f'<span itemprop="name">{esc(printed)}</span>'

    authors = byline_html(article, person).replace(
        '<a rel="author"',
        '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<a itemprop="url" rel="author"',
    )
    authors = authors.replace("</a>", "</a></span>")
    modified = (
        f'<meta itemprop="dateModified" content="{article.modified.isoformat()}">'
        if article.modified
        else ""
    )
    return (
        f"{_breadcrumb(article)}"
        '<article itemscope itemtype="https://schema.org/NewsArticle" class="post">\n'
        f'<meta itemprop="articleSection" content="{esc(article.section_title)}">'
        f'<meta itemprop="keywords" content="{esc(", ".join(article.tags))}">'
        f'<meta itemprop="inLanguage" content="{SITE_LANGUAGE}">{modified}'
        '<span itemprop="publisher" itemscope itemtype="https://schema.org/Organization">'
        f'<meta itemprop="name" content="{esc(SITE_NAME)}"></span>\n'
        f'<h1 itemprop="headline">{esc(article.title)}</h1>'
        f'<p class="summary" itemprop="description">{esc(article.description)}</p>'
        f'<p class="post-byline">{authors}</p>'
        f'<p class="post-date">{_dateline(article, _ITEMPROP_PUBLISHED)}</p>\n'
        '<figure itemprop="image" itemscope itemtype="https://schema.org/ImageObject">'
        f'<img itemprop="contentUrl" src="{esc(article.image_path)}" alt="">'
        f'<figcaption><span itemprop="caption">{esc(article.image_caption)}</span> '
        f'<span class="credit" itemprop="creditText">{esc(article.printed_credit)}</span>'
        "</figcaption></figure>\n"
        f'<div itemprop="articleBody">\n{_body_html(article)}\n</div>\n{_tags_html(article)}'
        "</article>"
    )


def _plain_main(article: DemoArticle) -> str:
    updated = f" · Last updated {human_datetime(article.modified)}" if article.modified else ""
    return (
        f'{_breadcrumb(article)}<div id="story">\n<h1>{esc(article.title)}</h1>'
        f'<p class="author">{byline_html(article)}</p>'
        f'<p class="date">Published {human_datetime(article.published)}{updated}</p>\n'
        f'<div class="photo"><img src="{esc(article.image_path)}" alt="">'
        f"<p><em>{esc(article.image_caption)}</em> ({esc(article.printed_credit)})</p></div>\n"
        f'<div class="text">\n{_body_html(article, para="<p>{}</p>")}\n</div>\n'
        f"{_tags_html(article)}</div>"
    )


_MAINS: dict[str, Callable[[DemoArticle], str]] = {
    "jsonld": _jsonld_main,
    "opengraph": _opengraph_main,
    "microdata": _microdata_main,
    "plain": _plain_main,
}


def render_article(
    article: DemoArticle, base: str, canonical: str | None, layout: str | None = None
) -> bytes:
    """Render the full HTML page of ``article`` as UTF-8 bytes.

    ``base`` is the site's absolute base URL (images in meta tags), ``canonical`` the URL
    for ``<link rel="canonical">`` (None: no canonical hint anywhere on the page), ``layout``
    overrides :attr:`DemoArticle.layout`.
    """
    layout = layout or article.layout
    head = f'<link rel="canonical" href="{esc(canonical)}">\n' if canonical else ""
    if layout == "jsonld":
        head += _og_meta(article, base, canonical) + _json_ld(article, base, canonical)
    elif layout == "opengraph":
        head += _og_meta(article, base, canonical)
        head += f'<meta name="description" content="{esc(article.description)}">\n'
        head += f'<meta name="author" content="{esc(", ".join(article.authors))}">\n'
    share_url = canonical or article.url(base)
    main = _MAINS[layout](article)
    main += f"\n{_share_html(share_url, article.title)}\n{_related_html(article)}"
    title = f"{article.title} | {article.section_title} | {SITE_NAME}"
    text = page(title, main, head=head, section=article.section, body_class=f"article {layout}")
    if layout == "opengraph":
        return text.encode("ascii", "xmlcharrefreplace")
    return text.encode("utf-8")
