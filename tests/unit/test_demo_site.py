"""The demo site's data and rendering, without a server (pure functions and lxml)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from lxml import etree, html

from newscrawl.demo import DEMO_SECTIONS, SITE_TIMEZONE, load_demo_articles
from newscrawl.demo.data import ARTICLE_PATH_RE, LAYOUTS, DemoArticle, find_article, slugify
from newscrawl.demo.feeds import (
    render_articles_sitemap,
    render_atom,
    render_news_sitemap,
    render_robots,
    render_rss,
    render_sitemap_index,
)
from newscrawl.demo.images import placeholder_jpeg
from newscrawl.demo.layouts import render_article
from newscrawl.demo.pages import render_author, render_home, render_section, render_tag

BASE = "http://127.0.0.1:8080"
ARTICLES = load_demo_articles()
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "atom": "http://www.w3.org/2005/Atom",
}


def one_per_layout() -> list[DemoArticle]:
    return [next(a for a in ARTICLES if a.layout == layout) for layout in LAYOUTS]


def parse(body: bytes) -> html.HtmlElement:
    return html.fromstring(body)


# --- data ------------------------------------------------------------------------------


def test_articles_are_complete_and_unique() -> None:
    assert len(ARTICLES) == 36
    assert Counter(a.section for a in ARTICLES) == dict.fromkeys(DEMO_SECTIONS, 9)
    assert len({a.id for a in ARTICLES}) == len({a.slug for a in ARTICLES}) == 36
    for a in ARTICLES:
        assert 4 <= len(a.paragraphs) <= 8, a.slug
        assert a.word_count >= 80, a.slug
        assert a.title and a.description and a.image_caption and a.image_credit and a.tags
        assert ARTICLE_PATH_RE.match(a.path) and ARTICLE_PATH_RE.match(a.path + "/")
        assert a.body == "\n\n".join(a.paragraphs)


def test_articles_are_newest_first() -> None:
    dates = [a.published for a in ARTICLES]
    assert dates == sorted(dates, reverse=True)


def test_dates_have_the_site_timezone_offsets() -> None:
    tz = ZoneInfo(SITE_TIMEZONE)
    for a in ARTICLES:
        for moment in filter(None, (a.published, a.modified)):
            assert moment.utcoffset() == moment.astimezone(tz).utcoffset(), a.slug
        if a.modified:
            assert a.modified > a.published
    offsets = {a.published.utcoffset() for a in ARTICLES}
    assert offsets == {timedelta(0), timedelta(hours=1)}  # winter and summer time
    assert sum(a.modified is not None for a in ARTICLES) >= 6


def test_bylines_cover_the_hard_cases() -> None:
    bylines = [a.byline for a in ARTICLES]
    assert any(b.startswith("By ") and b[3:].isupper() for b in bylines)  # By ELEANOR VOSS
    assert any(" and " in b for b in bylines)
    assert "Reuters" in bylines
    assert any(", " in b for b in bylines)  # "By Name, Science Correspondent"
    for a in ARTICLES:
        for name in a.authors:
            assert name.lower() in a.byline.lower(), a.byline
            assert name == name.strip() and not name.startswith("By ")


def test_layouts_rotate_within_every_section() -> None:
    assert Counter(a.layout for a in ARTICLES) == dict.fromkeys(LAYOUTS, 9)
    for section in DEMO_SECTIONS:
        assert {a.layout for a in ARTICLES if a.section == section} == set(LAYOUTS)


def test_find_article_and_slugify() -> None:
    first = ARTICLES[-1]
    assert find_article(first.id) == first
    assert find_article(1) is None
    assert slugify("Tomás Ferreira") == "tomas-ferreira"


# --- article pages ---------------------------------------------------------------------


@pytest.mark.parametrize("article", one_per_layout(), ids=lambda a: a.layout)
def test_article_page_shows_the_article_and_boilerplate(article: DemoArticle) -> None:
    canonical = article.url(BASE)
    tree = parse(render_article(article, BASE, canonical))
    assert tree.xpath("//link[@rel='canonical']/@href") == [canonical]
    assert tree.findtext(".//h1") == article.title
    assert tree.findtext(".//title").startswith(article.title)
    text = tree.text_content()
    for paragraph in article.paragraphs:
        assert paragraph in text
    assert article.image_caption in text and article.printed_credit in text
    for boilerplate in ("Most Read", "Related articles", "The Morning Briefing", "cookies"):
        assert boilerplate in text
    assert "Share this article" in text and "Advertisement" in text
    assert tree.xpath("//footer//a[@href='/about']")
    assert tree.xpath(f"//nav//a[@href='/section/{article.section}']")


@pytest.mark.parametrize("article", one_per_layout(), ids=lambda a: a.layout)
def test_each_layout_has_only_its_metadata(article: DemoArticle) -> None:
    tree = parse(render_article(article, BASE, article.url(BASE)))
    has_jsonld = bool(tree.xpath("//script[@type='application/ld+json']"))
    has_og = bool(tree.xpath("//meta[@property='og:title']"))
    has_microdata = bool(tree.xpath("//*[@itemprop='headline']"))
    expected = {
        "jsonld": (True, True, False),
        "opengraph": (False, True, False),
        "microdata": (False, False, True),
        "plain": (False, False, False),
    }[article.layout]
    assert (has_jsonld, has_og, has_microdata) == expected


def test_jsonld_is_valid_and_matches_the_data() -> None:
    article = next(a for a in ARTICLES if a.layout == "jsonld" and a.modified)
    tree = parse(render_article(article, BASE, article.url(BASE)))
    data = json.loads(tree.xpath("//script[@type='application/ld+json']/text()")[0])
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert [a["name"] for a in data["author"]] == list(article.authors)
    assert data["datePublished"] == article.published.isoformat()
    assert data["dateModified"] == article.modified.isoformat()  # type: ignore[union-attr]
    assert data["mainEntityOfPage"]["@id"] == article.url(BASE)


def test_opengraph_layout_uses_character_references() -> None:
    article = next(a for a in ARTICLES if a.layout == "opengraph" and "’" in a.body)
    body = render_article(article, BASE, article.url(BASE))
    assert body.isascii() and b"&#8217;" in body
    assert "’" in parse(body).text_content()


def test_page_without_canonical_has_no_canonical_hint() -> None:
    article = next(a for a in ARTICLES if a.layout == "jsonld")
    body = render_article(article, BASE, canonical=None)
    tree = parse(body)
    assert not tree.xpath("//link[@rel='canonical'] | //meta[@property='og:url']")
    assert b"mainEntityOfPage" not in body


def test_plain_layout_prints_a_dateline_with_zone() -> None:
    article = next(a for a in ARTICLES if a.layout == "plain")
    text = parse(render_article(article, BASE, article.url(BASE))).text_content()
    zone = "BST" if article.published.utcoffset() else "GMT"
    assert f"{article.published:%H:%M} {zone}" in text


# --- listings, feeds -------------------------------------------------------------------


def test_section_pages_paginate() -> None:
    articles = [a for a in ARTICLES if a.section == "world"]
    first = parse(render_section(BASE, "world", 1) or b"")
    second = parse(render_section(BASE, "world", 2) or b"")
    assert render_section(BASE, "world", 3) is None
    assert render_section(BASE, "nowhere", 1) is None
    assert first.xpath("//link[@rel='next']/@href") == [f"{BASE}/section/world?page=2"]
    assert first.xpath("//nav[@class='pagination']//a[@rel='next']/text()") == ["Next »"]
    assert not second.xpath("//link[@rel='next'] | //a[@rel='next']")
    links = [*first.xpath("//h2/a/@href"), *second.xpath("//h2/a/@href")]
    assert links == [a.path for a in articles]


def test_home_tag_and_author_pages_link_articles() -> None:
    home = parse(render_home(BASE))
    for section in DEMO_SECTIONS:
        assert home.xpath(f"//a[@href='/section/{section}']")
    assert ARTICLES[0].path in home.xpath("//a/@href")
    tag = parse(render_tag(BASE, "elections", 1) or b"")
    assert {a.path for a in ARTICLES if "Elections" in a.tags} <= set(tag.xpath("//a/@href"))
    author = parse(render_author(BASE, "eleanor-voss", 1) or b"")
    assert author.findtext(".//h1") == "Eleanor Voss"
    assert render_tag(BASE, "nothing", 1) is None and render_author(BASE, "nobody", 1) is None


def test_rss_and_atom_list_the_latest_articles() -> None:
    rss = etree.fromstring(render_rss(BASE))
    assert rss.xpath("//item/link/text()") == [a.url(BASE) for a in ARTICLES[:20]]
    atom = etree.fromstring(render_atom(BASE))
    links = atom.xpath("//atom:entry/atom:link/@href", namespaces=NS)
    assert links == [a.url(BASE) for a in ARTICLES[:20]]


def test_sitemaps() -> None:
    index = etree.fromstring(render_sitemap_index(BASE))
    assert index.xpath("//sm:loc/text()", namespaces=NS) == [
        f"{BASE}/sitemap-articles.xml",
        f"{BASE}/sitemap-news.xml",
    ]
    urls = etree.fromstring(render_articles_sitemap(BASE)).xpath("//sm:loc/text()", namespaces=NS)
    assert {a.url(BASE) for a in ARTICLES} <= set(urls)
    news = etree.fromstring(render_news_sitemap(BASE))
    assert len(news.xpath("//news:publication_date", namespaces=NS)) == 36


def test_robots() -> None:
    robots = render_robots(BASE).decode()
    assert "Disallow: /private/" in robots
    assert f"Sitemap: {BASE}/sitemap.xml" in robots


def test_placeholder_jpeg_is_a_jpeg() -> None:
    data = placeholder_jpeg(640, 360)
    assert data.startswith(b"\xff\xd8\xff\xe0") and data.endswith(b"\xff\xd9")
    sof = data.index(b"\xff\xc0")
    assert data[sof + 5 : sof + 9] == (360).to_bytes(2, "big") + (640).to_bytes(2, "big")
