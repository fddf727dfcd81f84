"""Field rules: canonical URL, title, language, section, tags, paywall, structured data."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from newscrawl.extract import extract_article
from newscrawl.extract.fields import count_words, is_article_url
from newscrawl.extract.jsonld import loads_tolerant
from newscrawl.extract.language import detect, normalize_code, script_language
from newscrawl.extract.loader import MAX_AUTHORS, MAX_TAGS
from newscrawl.extract.microdata import from_microdata
from newscrawl.extract.parse import parse

BODY = "<p>" + "The article has a body with enough words to count as one. " * 10 + "</p>"
URL = "https://news.example.com/world/some-story-123"


def _extract(head: str = "", body: str = "", url: str = URL, lang: str = "") -> dict:
    article = f"<article><h1>Some story</h1>{body}{BODY}</article>"
    html = f"<html{lang}><head>{head}</head><body>{article}</body></html>"
    return extract_article(html, url)


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (
            "https://news.example.com/world/some-story-123?utm_source=x",
            "https://news.example.com/world/some-story-123",
        ),
        ("/world/some-story-123/", "https://news.example.com/world/some-story-123"),
        ("https://news.example.com/", URL),  # the home page
        ("https://news.example.com/world", URL),  # the section
        ("javascript:void(0)", URL),
        ("", URL),
    ],
)
def test_canonical_url_choice(link: str, expected: str) -> None:
    assert _extract(f'<link rel="canonical" href="{link}">')["canonical_url"] == expected


def test_canonical_falls_back_to_og_url_then_page_url() -> None:
    head = (
        '<meta property="og:url" content="https://news.example.com/world/some-story-123?fbclid=1">'
    )
    assert _extract(head)["canonical_url"] == URL
    assert _extract(url=URL + "?utm_medium=social")["canonical_url"] == URL


def test_is_article_url() -> None:
    assert is_article_url("https://x.com/a/b-1", "https://x.com/a/b-1")
    assert not is_article_url("https://x.com/index.html", "https://x.com/a/b-1")
    assert not is_article_url("mailto:x@x.com", "https://x.com/a/b-1")


def test_title_prefers_structured_headline_and_strips_site_name() -> None:
    head = (
        '<meta property="og:title" content="Some story | Example News">'
        '<meta property="og:site_name" content="Example News">'
    )
    assert _extract(head)["title"] == "Some story"


@pytest.mark.parametrize(
    ("h1", "title_tag", "expected"),
    [
        # A subtitle set in the heading after a line break: the declared title is the line.
        ("Ferry plan approved<br><small>Council votes 7-2</small>", "Ferry plan approved",
         "Ferry plan approved"),
        # A headline broken over two lines for the layout: one headline, not glued words.
        ("Ferry plan<br>approved at last", "Ferry plan approved at last | Daily",
         "Ferry plan approved at last"),
    ],
)  # fmt: skip
def test_a_line_break_in_the_headline_is_no_glue(h1: str, title_tag: str, expected: str) -> None:
    body = "<p>" + "Works on the pier start on Monday, the council said today. " * 8 + "</p>"
    html = f"<html><head><title>{title_tag}</title></head><body><h1>{h1}</h1>{body}</body></html>"
    assert extract_article(html, "https://example.com/news/ferry-1")["title"] == expected


def test_truncated_headline_is_completed_from_h1() -> None:
    head = '<meta property="og:title" content="Some sto...">'
    assert _extract(head)["title"] == "Some story"


def test_language_declared_then_profile_then_detected() -> None:
    assert _extract(lang=' lang="en-GB"')["language"] == "en"
    assert _extract()["language"] == "en"
    assert _extract()["field_sources"]["language"] == "detected"
    assert normalize_code("pt_BR") == "pt"
    assert (
        detect("Le gouvernement a annoncé que les élections auront lieu dans la capitale.") == "fr"
    )


def test_script_language_counts_letters_of_each_script() -> None:
    assert script_language("“Quoted” – Grüße, café… €5") is None  # Latin, punctuation beyond
    assert script_language("Ελληνικά νέα σήμερα") == "el"
    assert script_language("Новости дня") == "ru"
    # Kana among kanji make a Japanese text; a few Greek letters in Latin text do not.
    assert script_language("東京で会議が開かれた") == "ja"
    assert script_language("Der Wert α wird in der Formel als Grenzwert verwendet.") is None


def test_microdata_article_item_with_nested_author() -> None:
    body = (
        '<div itemscope itemtype="https://schema.org/WebPage"><span itemprop="name">Site</span>'
        '<div itemscope itemtype="https://schema.org/NewsArticle">'
        '<h2 itemprop="headline">Microdata headline</h2>'
        '<div itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<span itemprop="name">Ann Lee</span></div>'
        '<time itemprop="datePublished" datetime="2020-06-14T08:35:00+03:00">June 14</time>'
        "</div></div>"
    )
    fields = from_microdata(parse(f"<html><body>{body}</body></html>"))
    assert fields == {
        "title": "Microdata headline",
        "authors": ["Ann Lee"],
        "published_at": "2020-06-14T08:35:00+03:00",
    }


def test_a_microdata_author_link_gives_its_text_not_its_address() -> None:
    body = (
        '<article itemscope itemtype="https://schema.org/Article">'
        '<h1 itemprop="headline"><a itemprop="url" href="/news/ferry">Ferry</a></h1>'
        '<a itemprop="creator" href="/pages/ann-lee.html">Ann Lee</a>'
        '<link itemprop="author" title="Tom Roe" href="/pages/tom-roe.html">'
        '<a itemprop="image" href="/ferry.jpg">picture</a></article>'
    )
    fields = from_microdata(parse(f"<html><body>{body}</body></html>"))
    assert fields["authors"] == ["Tom Roe", "Ann Lee"]
    assert fields["image_url"] == "/ferry.jpg"  # other links keep their address


def test_a_description_is_text_without_markup_or_entities() -> None:
    jsonld = (
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "description": "<p>Cooling <b>towers</b> fall.</p>"}</script>'
    )
    assert _extract(jsonld)["description"] == "Cooling towers fall."
    twice = '<meta name="description" content="K&amp;uuml;hlt&amp;uuml;rme fallen">'
    assert _extract(twice)["description"] == "Kühltürme fallen"


def test_section_from_structured_breadcrumb_and_url() -> None:
    assert _extract('<meta property="article:section" content="World">')["section"] == "World"
    crumbs = '<nav class="breadcrumb"><a href="/">Home</a> <a href="/world/europe">Europe</a></nav>'
    assert _extract(body=crumbs)["section"] == "Europe"
    assert _extract()["section"] == "World"
    assert _extract()["field_sources"]["section"] == "url"


def test_the_section_is_named_as_the_pages_own_links_name_it() -> None:
    """The menu and the kicker link the section's page with its name; the URL's slug is a
    transliteration ("Espana", "Kapitalmaerkte") or another language's word ("local")."""
    menu = '<nav><a href="/espana/">España</a> <a href="/mundo/">Mundo</a></nav>'
    kicker = '<p class="kicker"><a href="https://news.example.com/espana">España</a></p>'
    url = "https://news.example.com/espana/2024/03/05/story"
    article = _extract(body=menu + kicker, url=url)
    assert (article["section"], article["field_sources"]["section"]) == ("España", "link")
    local = '<nav><a href="/local/">محليات</a> <a href="/local/">المزيد</a></nav>'
    assert _extract(body=local, url="https://news.example.com/local/2024/x")["section"] == (
        "محليات"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.com/artikel/474126.kenia-von-unten.html",
        "https://news.example.com/archiv/sichere-kommunikation-73813",
        "https://web.archive.org/web/20160526181643/http://news.example.com/world/story",
    ],
)
def test_a_url_segment_that_only_holds_articles_is_no_section(url: str) -> None:
    assert _extract(url=url)["section"] is None


def test_breadcrumb_entries_that_lead_elsewhere_are_not_sections() -> None:
    """Share buttons set in the breadcrumb, the home page under its full URL, a malformed link."""
    crumbs = (
        '<nav class="breadcrumb"><a href="https://www.example.com">Haupt</a>'
        ' <a href="/world/europe/">Europe</a>'
        ' <a href="https://www.facebook.com/sharer/sharer.php?u=x">teilen</a>'
        ' <a href="mailto:?subject=A%20story">mailen</a>'
        ' <a href="http://[ccpa-preferences]">Privacy</a></nav>'
    )
    assert _extract(body=crumbs)["section"] == "Europe"


def test_relative_urls_resolve_against_the_base() -> None:
    """The page's <base href> applies to its image, canonical link and breadcrumb."""
    head = (
        '<base href="https://news.example.com/">'
        '<link rel="canonical" href="world/some-story-123">'
        '<meta property="og:image" content="fileadmin/images/lead.jpg">'
    )
    crumbs = (
        '<nav class="breadcrumb"><a href="world/">World</a> <a href="world/europe/">Europe</a>'
        ' <a href="world/some-story-123">Some story</a></nav>'
    )
    article = _extract(head, crumbs, url="https://news.example.com/world/europe/some-story-123")
    assert article["image_url"] == "https://news.example.com/fileadmin/images/lead.jpg"
    assert article["canonical_url"] == "https://news.example.com/world/some-story-123"
    assert article["section"] == "Europe"


def test_tags_from_keywords_and_tag_links() -> None:
    assert _extract('<meta name="news_keywords" content="a, b, A">')["tags"] == ["a", "b"]
    links = '<a rel="tag" href="/t/x">Politics</a><a rel="tag" href="/t/y">Europe</a>'
    assert _extract(body=links)["tags"] == ["Politics", "Europe"]


def test_links_of_the_article_to_tag_pages_are_its_tags() -> None:
    """No rel=tag and no class that says tags: the links' paths do ("/tag/...")."""
    links = (
        '<p>Mehr: <a href="/thema/klimaschutz/">Klimaschutz</a> '
        '<a href="https://news.example.com/thema/energie">Energie</a></p>'
    )
    assert _extract(body=links)["tags"] == ["Klimaschutz", "Energie"]
    # One such link is a link in the text, not a list of tags.
    assert _extract(body='<p>See <a href="/topics/energy">our coverage</a>.</p>')["tags"] == []


def test_ids_and_host_names_among_keywords_are_not_tags() -> None:
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Some story",'
        '"keywords":["Travel","26157981-b4f7-4929-adc1-e860c6f03636","100312362",'
        '"news.example.com","G7","ASP.NET"]}</script>'
    )
    assert _extract(ld)["tags"] == ["Travel", "G7", "ASP.NET"]
    # Chinese keywords separated by spaces are several.
    assert _extract('<meta name="keywords" content="深空探测 探月工程">')["tags"] == [
        "深空探测",
        "探月工程",
    ]


def test_the_sites_own_name_among_keywords_is_no_tag() -> None:
    """A CMS lists the site's name among every page's keywords: it says nothing of the story."""
    head = (
        '<meta property="og:site_name" content="Daily Meridian">'
        '<meta name="keywords" content="Daily Meridian, Ferries, daily meridian, Coast">'
    )
    assert _extract(head)["tags"] == ["Ferries", "Coast"]
    # Only the name itself: a tag that merely starts with it stays.
    head = head.replace("Ferries", "Daily Meridian Awards")
    assert _extract(head)["tags"] == ["Daily Meridian Awards", "Coast"]


def test_plain_keywords_beside_news_keywords_are_the_site_s_not_the_story_s() -> None:
    """Templates append the site's words to every page's keywords, or put nothing else."""
    news = '<meta name="news_keywords" content="Ferries, Harbour">'
    plain = '<meta name="keywords" content="Ferries, Harbour, news, culture, video">'
    assert _extract(news + plain)["tags"] == ["Ferries", "Harbour"]
    # Alone, the plain keywords are the page's tags; beside other tag fields too.
    assert _extract(plain)["tags"] == ["Ferries", "Harbour", "news", "culture", "video"]
    sailthru = '<meta name="sailthru.tags" content="Labor,Activism">'
    plain = '<meta name="keywords" content="Unions">'
    assert _extract(sailthru + plain)["tags"] == ["Labor", "Activism", "Unions"]


def test_keywords_joined_by_spaces_yield_to_the_same_ones_listed() -> None:
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Some story",'
        '"keywords":"Boxen Russland Tyson Fury Lennox Lewis"}</script>'
    )
    listed = '<meta name="keywords" content="Boxen,Tyson Fury,Lennox Lewis,Russland">'
    article = _extract(ld + listed)
    assert article["tags"] == ["Boxen", "Tyson Fury", "Lennox Lewis", "Russland"]
    assert article["field_sources"]["tags"] == "meta"
    # Other words in the list: the declared string stays.
    other = '<meta name="keywords" content="Boxen,Tyson Fury">'
    assert _extract(ld + other)["tags"] == ["Boxen Russland Tyson Fury Lennox Lewis"]


def test_keywords_with_escaped_entities_and_cms_kinds() -> None:
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Some story",'
        '"keywords":["Cooperative Governance &amp; Traditional Affairs","detenci&#243;n",'
        '"sections/sverige","topic/misshandel & överfall"]}</script>'
    )
    assert _extract(ld)["tags"] == [
        "Cooperative Governance & Traditional Affairs",
        "detención",
        "sverige",
        "misshandel & överfall",
    ]


def test_analytics_fields_among_keywords_are_not_tags() -> None:
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Some story",'
        '"keywords":["Day: Friday","Page Type: Article","WC: 1000-1999","Subject: Justice",'
        '"Subject: Politics"]}</script>'
    )
    assert _extract(ld)["tags"] == ["Justice", "Politics"]
    # A colon inside one keyword among others is part of it.
    ld = ld.replace('"Day: Friday","Page Type: Article",', '"Star Wars: Andor",')
    assert _extract(ld)["tags"] == ["Star Wars: Andor", "WC: 1000-1999", "Justice", "Politics"]


def test_a_cms_label_in_front_of_a_keyword_goes() -> None:
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Some story",'
        '"keywords":["Category: Travel","NLP Category: General","NLP Entity Tokens: Jasper",'
        '"Travel","Themen: Reisen","Ratio: 16:9"]}</script>'
    )
    # ("General", the CMS's catch-all category, is no tag.)
    assert _extract(ld)["tags"] == ["Travel", "Jasper", "Reisen", "Ratio: 16:9"]


def test_paywall_markers() -> None:
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Some story",'
        '"isAccessibleForFree":false}</script>'
    )
    assert _extract(ld)["paywalled"] is True
    assert _extract('<meta property="article:content_tier" content="locked">')["paywalled"] is True
    assert _extract()["paywalled"] is False


def test_broken_json_ld_that_browsers_tolerate() -> None:
    assert loads_tolerant('{"a": [1, 2,],}') == [{"a": [1, 2]}]
    assert loads_tolerant('<![CDATA[{"a": 1}]]>') == [{"a": 1}]
    assert loads_tolerant('[{"a": 1}, {"b": 2}]') == [[{"a": 1}, {"b": 2}]]
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Some story",'
        '"author":{"@type":"Person","name":"JANE DOE"},}</script>'
    )
    article = _extract(ld)
    assert article["authors"] == ["Jane Doe"]
    assert article["field_sources"]["authors"] == "json-ld"


def test_publisher_as_author_is_kept_unless_the_byline_names_a_person() -> None:
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Some story",'
        '"author":{"@type":"Organization","name":"Example News"},'
        '"publisher":{"@type":"Organization","name":"Example News"}}</script>'
    )
    assert _extract(ld)["authors"] == ["Example News"]
    byline = '<p class="byline">Analysis by Jane Doe 05. November 2024 15:36</p>'
    article = _extract(ld, byline)
    assert article["authors"] == ["Jane Doe"]
    assert article["field_sources"]["authors"] == "byline"


def test_a_byline_of_categories_does_not_replace_the_publisher() -> None:
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Some story",'
        '"author":{"@type":"Organization","name":"Example News"},'
        '"publisher":{"@type":"Organization","name":"Example News"}}</script>'
    )
    byline = '<p class="byline">01.12.2022 / CSP / Photovoltaik / Storage / Top Stories</p>'
    assert _extract(ld, byline)["authors"] == ["Example News"]


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("By Jane Doe ExampleNews Staff", ["Jane Doe"]),
        ("ExampleNews-Experte Jane Doe", ["Jane Doe"]),
        ("Jane examplenews", ["Jane"]),  # a first name and the blog's handle
        ("ExampleNews Redaktion", ["ExampleNews Redaktion"]),  # no "Redaktion" alone
    ],
)
def test_the_publishers_name_beside_a_persons_is_cut(byline: str, expected: list[str]) -> None:
    head = '<meta property="og:site_name" content="ExampleNews">'
    assert _extract(head, f'<p class="byline">{byline}</p>')["authors"] == expected


def test_places_after_the_publishers_name_are_no_authors() -> None:
    head = '<meta name="author" content="Example News, Frankfurt, Germany">'
    head += '<meta property="og:site_name" content="Example News">'
    assert _extract(head)["authors"] == ["Example News"]
    head = '<meta name="author" content="Example News, AFP">'
    head += '<meta property="og:site_name" content="Example News">'
    assert _extract(head)["authors"] == ["AFP"]


def test_links_to_author_pages_name_the_authors_where_no_byline_is_marked() -> None:
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Some story",'
        '"author":{"@type":"Organization","name":"Example News"},'
        '"publisher":{"@type":"Organization","name":"Example News"}}</script>'
    )
    meta_line = (
        '<ul class="meta"><li><a href="/autoren/name/max-muster">Dr. Max Muster</a></li>'
        '<li><a href="https://news.example.com/author/eva-roe/">Eva Roe</a></li></ul>'
    )
    rail = '<div class="more"><a href="/author/zoe-day">Zoe Day</a></div>'
    article = _extract(ld, meta_line + rail)
    assert article["authors"] == ["Dr. Max Muster", "Eva Roe"]
    assert article["field_sources"]["authors"] == "byline"
    # What such a link says must read as a person's name.
    article = _extract(ld, '<p><a href="/author/max-muster">Our newsroom team</a></p>')
    assert article["authors"] == ["Example News"]


def test_a_user_name_in_the_metadata_is_spelled_as_the_byline_spells_it() -> None:
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Some story",'
        '"author":{"@type":"Person","name":"arianschlichenmayer"}}</script>'
    )
    article = _extract(ld, '<p class="byline">von Arian Schlichenmayer</p>')
    assert article["authors"] == ["Arian Schlichenmayer"]


def test_yoasts_written_by_label_names_the_author() -> None:
    head = '<meta name="author" content="j.doe@example.com">'
    labelled = '<meta name="twitter:label1" content="Written by">'
    labelled += '<meta name="twitter:data1" content="Jane Doe">'
    assert _extract(head + labelled)["authors"] == ["Jane Doe"]
    # As headless sites print it: label and value in one meta element.
    misc = '<meta name="twitter:misc:Written by" content="Jane Doe">'
    assert _extract(head + misc)["authors"] == ["Jane Doe"]
    # Its translations: German Yoast writes "Verfasst von".
    german = '<meta name="twitter:label1" content="Verfasst von">'
    german += '<meta name="twitter:data1" content="Karoline Herr">'
    assert _extract(german)["authors"] == ["Karoline Herr"]


def test_authors_of_cited_works_are_not_the_pages() -> None:
    citation = (
        '<ol><li itemscope itemtype="http://schema.org/ScholarlyArticle">'
        '<meta itemprop="author" content="NH. Shear, SP. Spielberg, ">Cited paper</li></ol>'
    )
    head = '<meta name="citation_author" content="Marwan H. Adwan">'
    assert _extract(head, citation)["authors"] == ["Marwan H. Adwan"]


def test_byline_initials_are_not_authors() -> None:
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Some story",'
        '"author":[{"@type":"Person","name":"Elena Muster (emu)"}]}</script>'
    )
    assert _extract(ld, '<span class="author">amw</span>')["authors"] == ["Elena Muster"]


def test_profile_selectors_come_first() -> None:
    from newscrawl.sites import profile_from_mapping

    profile = profile_from_mapping(
        {
            "name": "example",
            "domains": ["news.example.com"],
            "sections": ["https://news.example.com/world"],
            "selectors": {"title": ".headline", "section": ".kicker"},
        }
    )
    html = (
        "<html><body><div class='kicker'>Kicker</div><div class='headline'>Real title</div>"
        f"<h1>Other</h1>{BODY}</body></html>"
    )
    article = extract_article(html, URL, profile)
    assert article["title"] == "Real title"
    assert article["section"] == "Kicker"
    assert article["site"] == "example"
    assert article["field_sources"]["title"] == "selector"


def test_a_page_fetched_before_a_redesign_is_read_with_the_earlier_selectors() -> None:
    from newscrawl.sites import profile_from_mapping

    profile = profile_from_mapping(
        {
            "name": "example",
            "domains": ["news.example.com"],
            "sections": ["https://news.example.com/world"],
            "timezone": "Europe/Berlin",
            "selectors": {"section": ".kicker"},
            "earlier_selectors": [{"until": date(2024, 6, 1), "section": ".rubric"}],
        }
    )
    html = (
        "<html><body><div class='rubric'>Politics</div><div class='kicker'>Sport</div>"
        f"<h1>Title</h1>{BODY}</body></html>"
    )
    # The day's start in the site's timezone: 2024-05-31 22:00 UTC.
    before = extract_article(
        html, URL, profile, crawled_at=datetime(2024, 5, 31, 21, 59, tzinfo=UTC)
    )
    after = extract_article(html, URL, profile, crawled_at=datetime(2024, 5, 31, 22, 0, tzinfo=UTC))
    assert before["section"] == "Politics" and after["section"] == "Sport"
    assert before["field_sources"]["section"] == after["field_sources"]["section"] == "selector"


def test_word_count_and_content_hash_ignore_whitespace() -> None:
    one = extract_article(f"<html><body><h1>T</h1>{BODY}</body></html>", URL)
    two = extract_article(f"<html><body><h1>T</h1>{BODY.replace(' ', '  ')}</body></html>", URL)
    assert one["content_hash"] == two["content_hash"]
    assert count_words("one two  three") == 3
    # A token counts when it holds a letter, digit or underscore; CJK characters count one
    # each; a token of symbols alone is no word.
    assert count_words("– S-400 «» _ x… 2020 ... Grüße") == 5
    assert count_words("日本語 ニュース abc") == 8
    assert count_words("") == 0


def test_title_trimmed_to_the_headline_the_page_repeats() -> None:
    head = (
        '<meta property="og:title" content="Some story about things - National">'
        '<meta property="og:site_name" content="Example">'
    )
    html = (
        f"<html><head>{head}</head><body><article><h1>Some story about things</h1>"
        f"{BODY}</article></body></html>"
    )
    assert extract_article(html, URL)["title"] == "Some story about things"


def test_byline_with_several_marked_authors_extends_the_metadata() -> None:
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Some story",'
        '"author":{"@type":"Person","name":"Marlene Holm"}}</script>'
    )
    byline = (
        '<div class="bylines"><a rel="author" href="#">Ingrid Treborg</a>'
        '<a rel="author" href="#">Marlene Holm</a></div>'
    )
    assert _extract(ld, byline)["authors"] == ["Ingrid Treborg", "Marlene Holm"]


def test_utf8_page_with_stale_legacy_charset_decodes_as_utf8() -> None:
    page = '<meta charset="gb2312"><h1>人民网</h1><p>中文文本</p>'.encode()
    assert extract_article(page, URL)["title"] == "人民网"


def _titled(head: str, h1: str, title_tag: str = "") -> str | None:
    html = (
        f"<html><head><title>{title_tag}</title>{head}</head><body><article><h1>{h1}</h1>"
        f"{BODY}</article></body></html>"
    )
    return extract_article(html, URL)["title"]  # type: ignore[no-any-return]


def _title_of(title_tag: str, head: str = "", body: str = "", url: str = URL) -> str | None:
    """The title of a page whose ``<title>`` is ``title_tag``; an ``<h1>`` only in ``body``."""
    html = (
        f"<html><head><title>{title_tag}</title>{head}</head>"
        f"<body><div>{body}{BODY}</div></body></html>"
    )
    return extract_article(html, url)["title"]  # type: ignore[no-any-return]


def test_kicker_every_declared_source_repeats_is_part_of_the_headline() -> None:
    head = (
        '<meta property="og:title" content="After the vote: Council approves harbour plan">'
        '<meta name="twitter:title" content="After the vote: Council approves harbour plan">'
    )
    title_tag = "After the vote: Council approves harbour plan - Example News"
    assert _titled(head, "Council approves harbour plan", title_tag) == (
        "After the vote: Council approves harbour plan"
    )


def test_kicker_only_one_source_adds_is_cut() -> None:
    head = '<meta property="og:title" content="After the vote: Council approves harbour plan">'
    title_tag = "Council approves harbour plan"
    assert _titled(head, "Council approves harbour plan", title_tag) == (
        "Council approves harbour plan"
    )


def test_section_and_site_decoration_is_cut_whatever_the_votes() -> None:
    head = (
        '<meta property="og:site_name" content="한국일보">'
        '<meta property="og:title" content="항구 계획 승인된 시의회 결정-정치ㅣ한국일보">'
        '<meta name="twitter:title" content="항구 계획 승인된 시의회 결정-정치ㅣ한국일보">'
        '<meta name="title" content="항구 계획 승인된 시의회 결정">'
    )
    assert (
        _titled(head, "", "항구 계획 승인된 시의회 결정-정치ㅣ한국일보")
        == "항구 계획 승인된 시의회 결정"
    )


@pytest.mark.parametrize(
    ("title_tag", "alone"),
    [
        # With the <h1> it repeats, the headline; alone, the site's name is cut, as it is
        # from "Headline - Politics - Example News".
        ("港口计划获市议会批准--时政--示例网", "港口计划获市议会批准--时政"),
        ("港口计划获市议会批准_示例网", "港口计划获市议会批准"),
        ("港口计划获市议会批准-示例网", "港口计划获市议会批准"),
    ],
)
def test_chinese_title_parts_joined_without_spaces_are_cut(title_tag: str, alone: str) -> None:
    """Chinese sites join section and site name to the headline with hyphens or "_"."""
    head = '<meta property="og:site_name" content="示例网">'
    assert _titled(head, "港口计划获市议会批准", title_tag) == "港口计划获市议会批准"
    assert _title_of(title_tag, head) == alone


def test_hyphenated_word_is_no_kicker() -> None:
    head = '<meta property="og:title" content="MSV-Interimstrainer Schubert bleibt">'
    assert _titled(head, "Interimstrainer Schubert bleibt") == "MSV-Interimstrainer Schubert bleibt"


def test_the_declared_title_the_h1_repeats_beats_an_seo_headline() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        '"Harbour plan 2026: council vote, costs, timeline explained"}</script>'
        '<meta property="og:title" content="Council backs the harbour plan at last">'
    )
    assert _titled(head, "Council backs the harbour plan at last") == (
        "Council backs the harbour plan at last"
    )
    # Without a declared title that repeats it, the <h1> decides nothing: JSON-LD first.
    other_h1 = "Harbour: a long night at the council"
    assert _titled(head, other_h1) == "Harbour plan 2026: council vote, costs, timeline explained"


def test_titles_keep_typographic_spaces() -> None:
    head = '<meta property="og:title" content="Guerre en Ukraine&#160;: la Russie avance">'
    assert _titled(head, "Guerre en Ukraine : la Russie avance") == (
        "Guerre en Ukraine\u00a0: la Russie avance"
    )
    assert _titled("", "南海トラフ、一時調査\u3000巨大地震") == "南海トラフ、一時調査\u3000巨大地震"


def test_the_headline_keeps_the_typesetting_the_page_shows() -> None:
    head = '<meta property="og:title" content="Editor\'s letter: \'Europa\' - what now">'
    shown = "Editor’s letter: „Europa“ – what now"
    assert _titled(head, shown) == shown
    # Other words, or other spaces or case: the metadata's headline stays.
    assert _titled(head, "Editor’s letter: „Europa“ – what next") == (
        "Editor's letter: 'Europa' - what now"
    )
    assert _titled(head, "EDITOR’S LETTER: „EUROPA“ – WHAT NOW") == (
        "Editor's letter: 'Europa' - what now"
    )


@pytest.mark.parametrize(
    ("title_tag", "expected"),
    [
        ("Rain at last : 31.10.2023, 10.19 Uhr", "Rain at last"),
        ("08.11.2021 | Rain at last", "Rain at last"),
        ("Rain at last - 2023-10-31", "Rain at last"),
        ("Table | 2023/24", "Table | 2023/24"),  # a season, not a date
    ],
)
def test_a_date_beside_the_headline_is_cut(title_tag: str, expected: str) -> None:
    assert _title_of(title_tag) == expected


def test_suffix_the_shown_headline_lacks_is_cut_even_for_an_unnamed_site() -> None:
    # The blog does not say its name anywhere the extractor reads it: the suffix goes
    # because the <h1> shows the headline without it, and all other sources add it.
    head = (
        '<meta property="og:title" content="Running in winter, month by month › Nordic Notes">'
        '<meta name="twitter:title" content="Running in winter, month by month › Nordic Notes">'
    )
    title_tag = "Running in winter, month by month › Nordic Notes"
    assert _titled(head, "Running in winter, month by month", title_tag) == (
        "Running in winter, month by month"
    )


def test_subtitle_after_a_colon_is_not_a_suffix() -> None:
    head = (
        '<meta property="og:title" content="Harbour plan approved: what changes now">'
        '<meta name="twitter:title" content="Harbour plan approved: what changes now">'
    )
    assert _titled(head, "Harbour plan approved") == "Harbour plan approved: what changes now"


def test_a_title_that_only_names_the_site_is_no_headline() -> None:
    # A blog whose og:title is its name, and a logo <h1>: the <title> has the headline.
    head = '<meta property="og:title" content="Nordic Notes">'
    title_tag = "Running in winter, month by month | Nordic Notes"
    url = "https://nordicnotes.example/2024/running-in-winter"
    html = (
        f"<html><head><title>{title_tag}</title>{head}</head><body><h1>Nordic-Notes</h1>"
        f"<article>{BODY}</article></body></html>"
    )
    assert extract_article(html, url)["title"] == "Running in winter, month by month"
    # A page that offers nothing but the name keeps it: better than no title.
    html = f"<html><head>{head}</head><body><article>{BODY}</article></body></html>"
    assert extract_article(html, url)["title"] == "Nordic Notes"


def test_the_sites_name_in_brackets_at_the_end_goes() -> None:
    # No <h1> repeats the headline, so only the site's name tells the suffix apart.
    site = '<meta property="og:site_name" content="Example News">'
    assert _title_of("Rent strike (Example News)", site) == "Rent strike"
    assert _title_of("Budget plans (2027)", site) == "Budget plans (2027)"


def test_a_part_opening_with_the_hosts_name_goes() -> None:
    url = "https://foren.harbourtalk.de/thread/1"
    assert _title_of("Ferry plans - HarbourTalk Community", url=url) == "Ferry plans"
    assert _title_of("Ferry plans - Harbour Talk", url=url) == "Ferry plans"
    # A part that only mentions the host's name, or a subdomain's word, stays.
    url = "https://advertising.harbourtalk.com/"
    assert _title_of("Advertising on HarbourTalk - Ferries", url=url) == (
        "Advertising on HarbourTalk - Ferries"
    )


def test_of_several_h1s_the_headline_is_the_one_the_title_repeats() -> None:
    # Themes that set every box's heading as an <h1>: a menu in a <nav>, a section label.
    boxes = "<nav><h1>Quicklinks</h1><a href='/a'>A</a></nav><div><h1>Press releases</h1></div>"
    story = "<div><h1>Harbour plan approved</h1></div>"
    title_tag = "Harbour plan approved - The Daily Example"
    assert _title_of(title_tag, body=boxes + story) == "Harbour plan approved"
    # Site, section and story, each an <h1> the title repeats: the story's is the longest.
    boxes = "<div><h1>Harbour</h1></div><div><h1>News</h1></div>"
    title_tag = "Harbour online - News - Harbour plan approved"
    assert _title_of(title_tag, body=boxes + story) == "Harbour plan approved"


def test_a_title_attribute_cut_at_an_unescaped_quote_is_completed() -> None:
    head = '<meta property="og:title" content="Senator calls Biden "unfit"">'
    assert _title_of('Senator calls Biden "unfit"', head) == 'Senator calls Biden "unfit"'


def test_a_title_tag_alone_loses_its_short_parts_after_bars() -> None:
    assert _title_of("No App Store over mobile data? | iPhone | Forum") == (
        "No App Store over mobile data?"
    )
    # A long part after the bar is the story's; another source decides otherwise.
    long_tail = "Harbour plan | The council approved the new harbour plan on Monday night"
    assert _title_of(long_tail) == long_tail
    assert _title_of("Harbour plan | Ferries", body="<h1>Harbour plan | Ferries</h1>") == (
        "Harbour plan | Ferries"
    )


def test_a_title_tag_alone_loses_the_site_s_name_before_its_bars() -> None:
    """A blog's <title>: "Post : Blog name | Motto | Year"."""
    title_tag = "Harbour plan approved : Harbourblog-Archiv | Notes on ferries | Since 2005"
    url = "https://archiv.harbourblog.example/?p=2895"
    assert _title_of(title_tag, url=url) == "Harbour plan approved"


def test_a_separator_left_dangling_at_the_end_goes() -> None:
    head = '<meta property="og:title" content="Harbour plan approved - ">'
    assert _titled(head, "Harbour plan approved -") == "Harbour plan approved"


def test_a_logo_heading_linked_to_the_home_page_is_no_headline() -> None:
    # A blog theme sets its name in an <h1> that links home; the post's title is an <h2>.
    url = "https://nordicnotes.example/2024/running-in-winter"
    html = (
        "<html><head><title>Running in winter, month by month</title></head>"
        '<body><h1><a href="https://nordicnotes.example/">Notes from the North</a></h1>'
        f"<article><h2>Running in winter, month by month</h2>{BODY}</article></body></html>"
    )
    assert extract_article(html, url)["title"] == "Running in winter, month by month"


def test_the_logos_name_and_blog_archive_leave_the_title() -> None:
    # The logo names the site, so the <title> loses it as it loses og:site_name; WordPress's
    # classic themes add "Blog Archive" between blog and post.
    url = "https://nordicnotes.example/2024/running-in-winter"
    title_tag = "Notes from the North » Blog Archive » Running in winter, month by month"
    html = (
        f"<html><head><title>{title_tag}</title></head>"
        '<body><h1><a href="/">Notes from the North</a></h1>'
        f"<article>{BODY}</article></body></html>"
    )
    assert extract_article(html, url)["title"] == "Running in winter, month by month"


@pytest.mark.parametrize(
    "kind", ["ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle", "BlogPosting"]
)
def test_news_article_subtypes_are_the_article(kind: str) -> None:
    ld = (
        f'<script type="application/ld+json">{{"@type":"{kind}","headline":"Some story",'
        '"datePublished":"2024-08-28T10:00:23+0000"}</script>'
    )
    article = _extract(ld)
    assert article["published_at"] == "2024-08-28T10:00:23+00:00"
    assert article["field_sources"]["published_at"] == "json-ld"


def test_a_video_the_article_embeds_is_not_the_article() -> None:
    # The only JSON-LD is the embedded clip's VideoObject: its name and upload date are the
    # clip's, not the how-to's.
    video = (
        '<script type="application/ld+json">{"@type": "VideoObject", "name": '
        '"Your Browser, Everywhere", "uploadDate": "2015-01-16T14:53:35+01:00"}</script>'
    )
    head = (
        '<meta property="og:title" content="How to export your browser settings">'
        '<meta property="article:published_time" content="2017-12-01T12:01:11+01:00">'
    )
    article = extract_article(
        f"<html><head><title>How to export your browser settings | Example</title>{head}"
        f"{video}</head><body><article><h1>How to export your browser settings</h1>{BODY}"
        "</article></body></html>",
        URL,
    )
    assert article["title"] == "How to export your browser settings"
    assert article["published_at"] == "2017-12-01T12:01:11+01:00"
    # A video's own page is named after the video: its VideoObject is the page's.
    page = (
        "<html><head><title>Your Browser, Everywhere - Example Video</title>"
        f"{video}</head><body><h1>Watch</h1>{BODY}</body></html>"
    )
    assert extract_article(page, URL)["published_at"] == "2015-01-16T14:53:35+01:00"


def test_a_standfirst_marked_as_the_headline_is_not_the_title() -> None:
    standfirst = "To feel well up top, start by feeling well down below. A user's guide."
    html = (
        "<html><head><title>Good bacteria for your gut - Example Magazine</title>"
        f'<meta name="description" content="{standfirst}"></head><body>'
        '<article itemscope itemtype="https://schema.org/NewsArticle">'
        f'<h1>Good bacteria for your gut</h1><section itemprop="headline">{standfirst}'
        f"</section>{BODY}</article></body></html>"
    )
    assert extract_article(html, URL)["title"] == "Good bacteria for your gut"
    # Where the description is the headline the page shows, it stays the title.
    assert _titled(
        '<meta name="description" content="Harbour plan approved">', "Harbour plan approved"
    ) == ("Harbour plan approved")


def test_a_long_headline_cut_at_a_length_limit_is_completed() -> None:
    whole = (
        "Marin meets Merkel: Germany, too, wants to keep its farm subsidies - our views as "
        "the largest net payer have not been taken into account"
    )
    cut = whole[: whole.index(" been")]
    head = (
        f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{cut} "}}'
        f'</script><meta property="og:title" content="{whole}">'
    )
    assert _title_of(f"{whole} | Example", head) == whole
    # A short title another source goes on with is a short form, not a cut one.
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        '"Harbour plan approved"}</script>'
        '<meta property="og:title" content="Harbour plan approved by the council">'
    )
    assert _title_of("Harbour plan approved", head) == "Harbour plan approved"


def test_a_one_word_label_yields_to_the_headline_two_sources_give() -> None:
    # A section's name as og:title, the CMS's as the JSON-LD headline.
    for head in (
        '<meta property="og:title" content="Pressemitteilungen">',
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "escenic"}'
        "</script>",
    ):
        assert _titled(head, "Harbour plan approved", "Harbour plan approved | Example") == (
            "Harbour plan approved"
        )
    # Alone against the <h1>, it is the declared title still (a one-word headline).
    head = '<meta property="og:title" content="Chorgeschichte">'
    assert _titled(head, "Harbour plan approved", "Example News") == "Chorgeschichte"


def test_a_bar_between_no_break_spaces_is_a_separator() -> None:
    assert _title_of("Harbour plan approved\xa0|\xa0Port Authority of Example") == (
        "Harbour plan approved"
    )


def test_an_h1_that_is_the_titles_site_part_is_no_headline() -> None:
    # A blog theme's name in an <h1> that links nowhere; the <title> is "Post | Blog".
    blog = "<h1>DimidoBlog</h1>"
    assert _title_of("Was ist Virales Marketing? | DimidoBlog", body=blog) == (
        "Was ist Virales Marketing?"
    )
    classic = "Time 4 talks » Blog Archiv » Weitere Digitalisierung der Kinos"
    assert _title_of(classic, body="<h1>Time 4 talks</h1>") == ("Weitere Digitalisierung der Kinos")
    # A short headline before the site's long name is the headline.
    assert _title_of("Ein Albtraum - DER SPIEGEL 52/2018", body="<h1>Ein Albtraum</h1>") == (
        "Ein Albtraum"
    )


def test_without_an_h1_the_title_tag_gives_the_typeset_spelling() -> None:
    head = '<meta property="og:title" content="Tastings January - May 2020 in Halle">'
    title_tag = "Tastings January – May 2020 in Halle - whisky.example"
    assert _title_of(title_tag, head, url="https://whisky.example/termine") == (
        "Tastings January – May 2020 in Halle"
    )


def test_css_in_js_rules_inside_the_h1_are_not_the_headline() -> None:
    h1 = (
        "<h1><style data-emotion='css x'>.css-x{font-size:16px;color:#707070}</style>"
        "<span class='css-x'>Media release:</span> Vaccination remains possible</h1>"
    )
    assert _title_of("Example Canton", body=h1) == "Media release: Vaccination remains possible"


def test_a_wayback_machine_snapshot_is_the_archived_sites_page() -> None:
    url = "https://web.archive.org/web/20100519063632/http://www.dimido.de/blog/viral"
    head = (
        '<meta property="og:title" content="Was ist Virales Marketing? | DimidoBlog">'
        '<meta property="article:published_time" content="2010-05-19T10:00:00">'
    )
    html = f"<html><head>{head}</head><body><article>{BODY}</article></body></html>"
    article = extract_article(html, url)
    # The site's name goes from the title, and its domain's clock reads the naive time.
    assert article["title"] == "Was ist Virales Marketing?"
    assert article["published_at"] == "2010-05-19T10:00:00+02:00"


def test_a_kicker_on_its_own_line_inside_the_h1_is_no_part_of_the_headline() -> None:
    og = '<meta property="og:title" content="Daten von Rheinmetall gehackt - Interne Unterlagen">'
    h1 = (
        '<h1><span class="dachzeile">Interne Unterlagen</span>\n'
        '<span class="headline">Daten von Rheinmetall gehackt</span></h1>'
    )
    title_tag = "Interne Unterlagen: Daten von Rheinmetall gehackt | Example News"
    assert _title_of(title_tag, og, h1) == "Daten von Rheinmetall gehackt"
    # A kicker the page joins to the headline with a colon is part of it, as shown.
    og = '<meta property="og:title" content="Bubi-Bomber wieder da: Thioune fordert Geduld">'
    joined = (
        '<h1><span class="title__kicker">Bubi-Bomber wieder da</span><span>: </span>'
        '<span class="title__headline">Thioune fordert Geduld</span></h1>'
    )
    title_tag = "Bubi-Bomber wieder da: Thioune fordert Geduld | Sport"
    assert _title_of(title_tag, og, joined) == "Bubi-Bomber wieder da: Thioune fordert Geduld"


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("Politics,Highlight,Legal,National", "Politics"),  # every category of the post
        ("Articles,Highlight,Legal,National", "World"),  # where every story is: the URL's
        ("Netzwerk, Windows, Cmd, Installation", "Netzwerk"),
        ("Arts, Culture", "Arts, Culture"),  # one comma and a space: one name
        ("https://news.example.com/category/learn/", "Learn"),
        # a date or a sentence is no section: the URL's is taken
        ("06/2019", "World"),
        ("news_news", "World"),  # the CMS's key for the section
        ("Der Olympiasieger und sein Teamkollege sind positiv getestet worden.", "World"),
    ],
)
def test_the_declared_section_is_one_section(declared: str, expected: str) -> None:
    head = f'<meta property="article:section" content="{declared}">'
    assert _extract(head)["section"] == expected


def _page_in(lang: str, paragraphs: list[str]) -> dict:
    # Numbered: the body keeps one of paragraphs that repeat.
    body = "".join(f"<p>{number}. {text}</p>" for number, text in enumerate(paragraphs))
    html = f'<html lang="{lang}"><head></head><body><article><h1>Story</h1>{body}</article></body></html>'
    return extract_article(html, URL)


def test_a_template_language_the_text_contradicts_is_not_the_pages() -> None:
    zulu = "UNdunankulu uthe ukuthi abantu bazothola usizo futhi kodwa kusho uma kanye nabo. "
    assert _page_in("en-US", [zulu * 4] * 3)["language"] == "zu"
    german = "Der Minister ist nicht in der Stadt, und die Presse wartet auf ihn mit Fragen. "
    article = _page_in("en-US", [german * 3] * 3)
    assert (article["language"], article["field_sources"]["language"]) == ("de", "detected")
    # Not English and in no language known here: no language rather than a wrong one.
    unknown = "Iindaba zakutshanje ezimnandi ngakulutsha oluthwaxwa yentswela ngqesho zezo. "
    assert _page_in("en", [unknown * 4] * 3)["language"] is None
    # A results table in the declared language has few of its common words: it stays.
    results = ["1. DJK Ellwangen 53,09 sec.", "2. LG Staufeneck-Eislingen 53,84 sec."] * 30
    assert _page_in("de", results)["language"] == "de"
    english = "The minister said that the plan was on track for the year and the budget. "
    assert _page_in("en", [english * 4] * 3)["language"] == "en"


def test_a_declared_language_the_script_writes_stays() -> None:
    # Cyrillic is not only Russian's, nor Arabic's script only Arabic's.
    ukrainian = "Кабінет міністрів затвердив програму відновлення, її підтримують партнери. "
    assert _page_in("uk", [ukrainian * 4] * 3)["language"] == "uk"
    bulgarian = "Правителството одобри програмата за възстановяване на енергетиката. "
    assert _page_in("bg", [bulgarian * 4] * 3)["language"] == "bg"
    persian = "دولت برنامه بازسازی شبکه برق را برای سال آینده تصویب کرد. "
    assert _page_in("fa", [persian * 4] * 3)["language"] == "fa"
    # Undeclared, Ukrainian's own letters tell it from Russian; a wrong declaration goes.
    assert _page_in("", [ukrainian * 4] * 3)["language"] == "uk"
    assert _page_in("en", [ukrainian * 4] * 3)["language"] == "uk"
    russian = "Правительство утвердило программу восстановления энергетики на год. "
    assert _page_in("", [russian * 4] * 3)["language"] == "ru"


def test_indic_and_caucasian_scripts_name_their_language() -> None:
    assert script_language("কুষ্টিয়া-১ আসনের সংসদ সদস্য") == "bn"
    assert script_language("தமிழ்நாடு அரசு அறிவிப்பு") == "ta"
    assert script_language("საქართველოს მთავრობა") == "ka"


def test_wordpress_default_categories_and_placeholders_are_not_tags() -> None:
    links = "".join(
        f'<a rel="tag" href="/t/{n}">{name}</a>'
        for n, name in enumerate(["Uncategorized", "Derek Jarman", "Allgemein", "Non classé"])
    )
    assert _extract(body=links)["tags"] == ["Derek Jarman"]
    keywords = '<meta name="keywords" content="Torwand, [NAME], [VEREIN], Sportstudio">'
    assert _extract(keywords)["tags"] == ["Torwand", "Sportstudio"]


def test_a_separator_for_screen_readers_only_does_not_join_the_kicker() -> None:
    og = (
        '<meta property="og:title" content="Eskalation im Nahen Osten - «Die Zurückhaltung'
        ' hat viel mit den USA zu tun»">'
    )
    h1 = (
        '<h1><span class="article-title__overline">Eskalation im Nahen Osten</span>'
        '<span class="h-offscreen" aria-hidden="true"> - </span>'
        '<span class="article-title__text">«Die Zurückhaltung hat viel mit den USA zu tun»</span>'
        "</h1>"
    )
    title_tag = "«Die Zurückhaltung hat viel mit den USA zu tun» - News - SRF"
    assert _title_of(title_tag, og, h1) == "«Die Zurückhaltung hat viel mit den USA zu tun»"


def test_a_category_name_with_commas_and_a_numbered_keyword_are_one_tag_each() -> None:
    head = '<meta property="article:tag" content="Business, Finance, &amp; Economics">'
    assert _extract(head)["tags"] == ["Business, Finance, & Economics"]
    assert _extract('<meta name="keywords" content="(1) 無料記事">')["tags"] == ["無料記事"]
    # A plain list stays a list.
    assert _extract('<meta name="keywords" content="Business, Finance">')["tags"] == [
        "Business",
        "Finance",
    ]


def test_lists_and_titles_of_a_hostile_size_are_bounded() -> None:
    """Thousands of keywords or author tags, a page's text as its title: junk, and costly."""
    keywords = ", ".join(f"Topic {n}" for n in range(300))
    authors = "".join(f'<meta name="author" content="Ann Lee{n}">' for n in range(80))
    article = _extract(f'<meta name="keywords" content="{keywords}">{authors}')
    assert article["tags"] == [f"Topic {n}" for n in range(MAX_TAGS)]
    assert len(article["authors"]) == MAX_AUTHORS
    # A declared title longer than any headline yields to the page's own.
    article = _extract(f'<meta property="og:title" content="{"Word " * 400}">')
    assert article["title"] == "Some story"
