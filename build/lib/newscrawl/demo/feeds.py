"""Machine-readable entry points of the demo site: RSS, Atom, sitemaps and robots.txt.

Every function takes the site's absolute base URL (``http://127.0.0.1:PORT``) because feeds
and sitemaps must list absolute URLs.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape as xml_escape

from newscrawl.demo.data import SECTION_TITLES, SITE_LANGUAGE, SITE_NAME, load_demo_articles

if TYPE_CHECKING:
    from collections.abc import Iterable

    from newscrawl.demo.data import DemoArticle

#: Number of items in the RSS and Atom feeds.
FEED_SIZE = 20

_XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _x(text: str) -> str:
    return xml_escape(text, {'"': "&quot;"})


def _updated(moment: datetime | None, fallback: datetime) -> str:
    return (moment or fallback).isoformat()


def render_rss(base: str) -> bytes:
    """RSS 2.0 feed of the latest :data:`FEED_SIZE` articles."""
    articles = load_demo_articles()[:FEED_SIZE]
    items = []
    for a in articles:
        url = a.url(base)
        creators = "".join(f"<dc:creator>{_x(name)}</dc:creator>" for name in a.authors)
        categories = "".join(f"<category>{_x(t)}</category>" for t in a.tags)
        items.append(
            f"<item><title>{_x(a.title)}</title><link>{_x(url)}</link>"
            f'<guid isPermaLink="true">{_x(url)}</guid>'
            f"<pubDate>{format_datetime(a.published)}</pubDate>"
            f"<description>{_x(a.description)}</description>{creators}"
            f"<category>{_x(a.section_title)}</category>{categories}"
            f'<media:content url="{_x(a.image_url(base))}" medium="image" type="image/jpeg"/>'
            "</item>"
        )
    body = "\n".join(items)
    return (
        f"{_XML_DECL}"
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:media="http://search.yahoo.com/mrss/">\n<channel>'
        f"<title>{_x(SITE_NAME)}</title><link>{_x(base)}/</link>"
        f"<description>Latest news from {_x(SITE_NAME)}</description>"
        f"<language>{SITE_LANGUAGE}</language>"
        f"<lastBuildDate>{format_datetime(articles[0].published)}</lastBuildDate>"
        f'<atom:link href="{_x(base)}/rss.xml" rel="self" type="application/rss+xml"/>\n'
        f"{body}\n</channel>\n</rss>\n"
    ).encode()


def render_atom(base: str, articles: Iterable[DemoArticle] | None = None) -> bytes:
    """Atom 1.0 feed of the latest :data:`FEED_SIZE` articles (of ``articles``, if given)."""
    articles = list(load_demo_articles() if articles is None else articles)[:FEED_SIZE]
    entries = []
    for a in articles:
        url = a.url(base)
        authors = "".join(f"<author><name>{_x(name)}</name></author>" for name in a.authors)
        entries.append(
            f"<entry><id>{_x(url)}</id><title>{_x(a.title)}</title>"
            f'<link rel="alternate" type="text/html" href="{_x(url)}"/>'
            f"<published>{a.published.isoformat()}</published>"
            f"<updated>{_updated(a.modified, a.published)}</updated>{authors}"
            f'<category term="{_x(a.section)}" label="{_x(a.section_title)}"/>'
            f"<summary>{_x(a.description)}</summary></entry>"
        )
    updated = max(_updated(a.modified, a.published) for a in articles)
    body = "\n".join(entries)
    return (
        f'{_XML_DECL}<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{SITE_LANGUAGE}">\n'
        f"<id>{_x(base)}/</id><title>{_x(SITE_NAME)}</title><updated>{updated}</updated>"
        f'<link rel="self" type="application/atom+xml" href="{_x(base)}/atom.xml"/>'
        f'<link rel="alternate" type="text/html" href="{_x(base)}/"/>\n{body}\n</feed>\n'
    ).encode()


def render_sitemap_index(base: str) -> bytes:
    """``/sitemap.xml``: a sitemap index of the articles sitemap and the news sitemap."""
    newest = load_demo_articles()[0]
    lastmod = _updated(newest.modified, newest.published)
    entries = "".join(
        f"<sitemap><loc>{_x(base)}/{name}</loc><lastmod>{lastmod}</lastmod></sitemap>\n"
        for name in ("sitemap-articles.xml", "sitemap-news.xml")
    )
    return (
        f'{_XML_DECL}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</sitemapindex>\n"
    ).encode()


def render_articles_sitemap(base: str, articles: Iterable[DemoArticle] | None = None) -> bytes:
    """``/sitemap-articles.xml``: every article (and section page) with its lastmod."""
    urls = [
        f"<url><loc>{_x(base)}/section/{slug}</loc><changefreq>hourly</changefreq></url>"
        for slug in SECTION_TITLES
    ]
    urls += [
        f"<url><loc>{_x(a.url(base))}</loc>"
        f"<lastmod>{_updated(a.modified, a.published)}</lastmod></url>"
        for a in (load_demo_articles() if articles is None else articles)
    ]
    return (
        f'{_XML_DECL}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(urls)
        + "\n</urlset>\n"
    ).encode()


def render_news_sitemap(base: str) -> bytes:
    """``/sitemap-news.xml``: a Google News sitemap of every article."""
    urls = [
        f"<url><loc>{_x(a.url(base))}</loc><news:news><news:publication>"
        f"<news:name>{_x(SITE_NAME)}</news:name><news:language>{SITE_LANGUAGE}</news:language>"
        f"</news:publication><news:publication_date>{a.published.isoformat()}"
        f"</news:publication_date><news:title>{_x(a.title)}</news:title>"
        f"<news:keywords>{_x(', '.join(a.tags))}</news:keywords></news:news></url>"
        for a in load_demo_articles()
    ]
    return (
        f'{_XML_DECL}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        + "\n".join(urls)
        + "\n</urlset>\n"
    ).encode()


def render_robots(base: str) -> bytes:
    """``/robots.txt``: everything allowed but ``/private/``, and the sitemap index."""
    return (
        "# robots.txt of The Daily Meridian (demo)\n"
        "User-agent: *\nDisallow: /private/\nAllow: /\n\n"
        f"Sitemap: {base}/sitemap.xml\n"
    ).encode()
