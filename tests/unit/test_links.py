import pytest
from lxml import html

from newscrawl.sites.profile import SiteProfile
from newscrawl.spiders._feeds import (
    MAX_ANNOUNCED_FEEDS,
    announced_feeds,
    feed_entries,
    feed_links,
)
from newscrawl.spiders._links import (
    MAX_DISCOVERED_SECTIONS,
    article_links,
    host_allowed,
    is_article_url,
    looks_like_article,
    looks_like_section,
    next_page_url,
    section_links,
)

PROFILE = SiteProfile(
    name="example", domains=("example.com",), sections=("https://example.com/world",)
)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/world/2024/05/02/talks-resume",
        "https://example.com/2024-05-02/talks",
        "https://example.com/news/20240502_talks",
        "https://example.com/middle-east/russia-turkey-talks-631386",
        "https://example.com/article.php?id=1234567",
        "https://example.com/world/russia-and-turkey-hold-talks-on-libya",
        "https://example.com/world/russia-and-turkey-hold-talks.html",
        # An id in a segment before the last, or an opaque one.
        "https://example.com/article/155970/collapse-of-a-doctrine",
        "https://example.com/talks-resume-in-geneva-1019241/artikel",
        "https://example.com/articles/AST1F4445T1FUTIL02SM.html",
        # The stories of a section whose own page lists.
        "https://example.com/weather/2024/04/26/storms-sweep-across-the-plains/",
        "https://example.com/news/front/archives/2024/10/16/2003825372",
        # CMSs without readable paths.
        "https://example.com/?p=3289",
        "https://example.com/spip.php?article8532",
        "https://example.com/modules/news/article.php?storyid=504",
        # A numbered page file, a story under a "story" segment, under an events section.
        "https://example.com/inland/gesellschaft/ahrtal-wiederaufbau-101.html",
        "https://example.com/story/best-podcasts/",
        "https://example.com/article/culture/an-interview/",
        "https://example.com/nachrichten/thueringen/video-schlachtung-fleisch100.html",
        "https://example.com/entertainment/events/a-show/articleshow/112993237.cms",
    ],
)
def test_article_shaped_urls(url: str) -> None:
    assert looks_like_article(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/",
        "https://example.com/world",
        "https://example.com/middle-east",
        "https://example.com/tag/libya",
        "https://example.com/author/seth-frantzman",
        "https://example.com/topics/russia-and-turkey-hold-talks",
        "https://example.com/newsletter",
        "https://example.com/images/2024/05/02/photo.jpg",
        "https://example.com/world/page/2",
        "mailto:desk@example.com",
        # Date archives, author pages, listing sections.
        "https://example.com/2019/05/",
        "https://example.com/world/2024/05/02",
        "https://example.com/date/2014/05/14/",
        "https://example.com/autoren/123456-jane-doe",
        "https://example.com/members/moec.107262/",
        "https://example.com/weather",
        "https://example.com/archive/2024/10/16",
        # A section name with a number, a page of a category, WordPress's static pages.
        "https://example.com/radio/podcasts100.html",
        "https://example.com/tag/geneva?p=2",
        "https://example.com/?page_id=12",
        # A session id is no article id; an events section's own page; a one-word file.
        "https://example.com/service/kontakt-node.html;jsessionid=6E16038CD8F33513DF6634FA.2",
        "https://example.com/events",
        "https://example.com/wirtschaft/boersenkurse/dax-100.html",
    ],
)
def test_non_article_urls(url: str) -> None:
    assert not looks_like_article(url)


def test_host_allowed_includes_subdomains_only() -> None:
    assert host_allowed("https://www.example.com/a", ["example.com"])
    assert not host_allowed("https://notexample.com/a", ["example.com"])
    assert not host_allowed("https://example.com.evil.org/a", ["example.com"])


def test_profile_pattern_overrides_heuristics() -> None:
    profile = SiteProfile(
        name="p",
        domains=("example.com",),
        sections=("https://example.com/",),
        article_pattern=r"/story/\d+$",
    )
    assert is_article_url("https://example.com/story/12", profile)
    assert not is_article_url("https://example.com/world/2024/05/02/talks-resume", profile)
    assert not is_article_url("https://other.com/story/12", profile)


SECTION_PAGE = """
<html><head><link rel="next" href="/world?page=2"></head><body>
<header><nav><a href="/world/2024/01/01/menu-link-story">menu</a><a href="/world">World</a></nav></header>
<main>
  <article><h2><a href="/world/2024/05/02/talks-resume-in-geneva">Talks resume</a></h2></article>
  <article><h2><a href="/world/2024/05/02/talks-resume-in-geneva?utm_source=home">again</a></h2></article>
  <article><h2><a href="https://example.com/world/floods-hit-the-river-delta-again">Floods</a></h2></article>
  <a href="/tag/geneva">Geneva</a>
  <a href="https://elsewhere.org/world/2024/05/02/other-site-story">offsite</a>
</main>
<aside class="most-read"><a href="/world/2023/01/01/old-popular-story">popular</a></aside>
<div class="social-share"><a href="/world/2024/05/02/share-this-story-now">share</a></div>
<footer><a href="/world/2024/01/01/footer-link-story">f</a></footer>
</body></html>
"""


def test_article_links_skip_navigation_and_offsite() -> None:
    root = html.fromstring(SECTION_PAGE)
    links = article_links(root, "https://example.com/world", PROFILE)
    assert links == [
        "https://example.com/world/2024/05/02/talks-resume-in-geneva",
        "https://example.com/world/2024/05/02/talks-resume-in-geneva?utm_source=home",
        "https://example.com/world/floods-hit-the-river-delta-again",
    ]


BLOG_SECTION_PAGE = """
<html><body>
<header class="site-header"><a href="/2024/05/01/masthead-promo-of-a-story/">promo</a></header>
<main id="primary">
  <article class="post">
    <header class="entry-header"><h2 class="entry-title">
      <a href="/2024/05/02/talks-resume-in-geneva/">Talks resume in Geneva</a></h2></header>
    <div class="entry-content"><p>The talks resumed.</p></div>
    <footer class="entry-footer"><a href="/2024/05/02/talks-resume-in-geneva/#comments">1</a>
    </footer>
  </article>
  <section class="more"><header><a href="/2024/05/03/floods-hit-the-river-delta/">Floods</a>
  </header></section>
</main>
<footer><a href="/2024/01/01/footer-link-to-a-story/">f</a></footer>
</body></html>
"""


def test_headers_and_footers_of_teasers_are_content() -> None:
    """An <article>'s or <section>'s own <header> holds its headline link (blog themes)."""
    root = html.fromstring(BLOG_SECTION_PAGE)
    assert article_links(root, "https://example.com/world/", PROFILE) == [
        "https://example.com/2024/05/02/talks-resume-in-geneva/",
        "https://example.com/2024/05/03/floods-hit-the-river-delta/",
    ]


def test_relative_links_resolve_against_the_base() -> None:
    """TYPO3 and government site builders set the root as <base> and link relative to it."""
    root = html.fromstring(
        '<html><head><base href="https://example.com/"></head><body><main>'
        '<a href="aktuelles/meldungen/2024/05/02/talks-resume-in-geneva">Talks</a>'
        '<a href="/world/floods-hit-the-river-delta-again">Floods</a>'
        '<a class="next" href="aktuelles/meldungen?page=2">Next</a>'
        "</main></body></html>"
    )
    page = "https://example.com/aktuelles/meldungen"
    assert article_links(root, page, PROFILE) == [
        "https://example.com/aktuelles/meldungen/2024/05/02/talks-resume-in-geneva",
        "https://example.com/world/floods-hit-the-river-delta-again",
    ]
    assert next_page_url(root, page, PROFILE) == "https://example.com/aktuelles/meldungen?page=2"


def test_malformed_links_are_skipped_not_fatal() -> None:
    """A link the URL parser refuses costs that link only, on section pages and in feeds."""
    root = html.fromstring(
        "<html><body><main>"
        '<a href="http://[ccpa-preferences]">Do Not Sell My Personal Information</a>'
        '<a href="https://example.com:99999/world/2024/05/02/bad-port-story">bad port</a>'
        '<article><a href="/world/2024/05/02/talks-resume-in-geneva">Talks</a></article>'
        '<a rel="next" href="http://[next]/world?page=2">Next</a>'
        '<a class="next" href="/world?page=2">Next</a>'
        "</main></body></html>"
    )
    assert article_links(root, "https://example.com/world", PROFILE) == [
        "https://example.com/world/2024/05/02/talks-resume-in-geneva"
    ]
    assert next_page_url(root, "https://example.com/world", PROFILE) == (
        "https://example.com/world?page=2"
    )
    rss = b"""<rss><channel>
      <item><link>http://[ccpa-preferences]</link></item>
      <item><link>mailto:desk@example.com</link></item>
      <item><link>https://example.com/a-1</link></item>
    </channel></rss>"""
    assert feed_links(rss, "https://example.com/rss.xml") == ["https://example.com/a-1"]


def test_next_page_from_link_rel() -> None:
    root = html.fromstring(SECTION_PAGE)
    assert (
        next_page_url(root, "https://example.com/world", PROFILE)
        == "https://example.com/world?page=2"
    )


@pytest.mark.parametrize(
    "anchor",
    [
        '<a href="/world?page=3">Next »</a>',
        '<a rel="next" href="/world?page=3">3</a>',
        '<a class="pagination-next" href="/world?page=3">→</a>',
        '<a href="/world?page=3">Nächste Seite</a>',
        '<a class="btn" href="/world?page=3">Load more</a>',
        '<a href="/world?page=3">Show more stories</a>',
        '<a class="load-more" href="/world?page=3"><span>+</span></a>',
        '<a href="/world?page=3">Mehr laden</a>',
    ],
)
def test_next_page_from_anchor(anchor: str) -> None:
    root = html.fromstring(f"<html><body><nav class='pagination'>{anchor}</nav></body></html>")
    assert (
        next_page_url(root, "https://example.com/world?page=2", PROFILE)
        == "https://example.com/world?page=3"
    )


def test_no_next_page_on_last_page() -> None:
    root = html.fromstring("<html><body><a href='/world?page=1'>« Previous</a></body></html>")
    assert next_page_url(root, "https://example.com/world?page=2", PROFILE) is None


def test_next_page_never_leaves_the_site() -> None:
    root = html.fromstring(
        "<html><body><a rel='next' href='https://evil.org/world?page=2'>Next</a></body></html>"
    )
    assert next_page_url(root, "https://example.com/world", PROFILE) is None


def test_rss_links() -> None:
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>
      <item><title>a</title><link>https://example.com/a-1</link></item>
      <item><title>b</title><guid isPermaLink="true">https://example.com/b-2</guid></item>
      <item><title>c</title><guid isPermaLink="false">tag:example.com,2024:3</guid></item>
      <item><link> /relative-4 </link></item>
    </channel></rss>"""
    assert feed_links(rss, "https://example.com/rss.xml") == [
        "https://example.com/a-1",
        "https://example.com/b-2",
        "https://example.com/relative-4",
    ]


def test_atom_links() -> None:
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom">
      <entry><link rel="self" href="https://example.com/api/1"/><link href="https://example.com/a-1"/></entry>
      <entry><link rel="alternate" type="text/html" href="https://example.com/b-2"/></entry>
    </feed>"""
    assert feed_links(atom, "https://example.com/atom.xml") == [
        "https://example.com/a-1",
        "https://example.com/b-2",
    ]


def test_atom_links_resolve_against_the_feeds_xml_base() -> None:
    # A feed served under /feeds/ whose links are relative to the news path its xml:base
    # names (the feed's, and an entry's own, relative to the feed's): not to the feed's URL.
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.com/news/">
      <entry><link rel="alternate" href="2025/06/13/rail-strike-ends"/></entry>
      <entry xml:base="2025/06/14/"><link href="museum-returns-painting"/></entry>
      <entry><link href="https://other.example.com/absolute-story-3"/></entry>
    </feed>"""
    assert feed_links(atom, "https://example.com/feeds/atom.xml") == [
        "https://example.com/news/2025/06/13/rail-strike-ends",
        "https://example.com/news/2025/06/14/museum-returns-painting",
        "https://other.example.com/absolute-story-3",
    ]
    rss = b"""<rss version="2.0" xml:base="https://example.com/news/"><channel>
      <item><link>story-4</link></item></channel></rss>"""
    assert feed_links(rss, "https://example.com/feeds/rss.xml") == [
        "https://example.com/news/story-4"
    ]
    # A base that is no URL (a hostile or broken feed) costs only the links it would make.
    broken = b"""<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://[broken">
      <entry><link href="story-5"/></entry></feed>"""
    assert feed_links(broken, "https://example.com/feeds/atom.xml") == []


def test_feed_entries_say_when_each_last_changed() -> None:
    """Atom's ``<updated>``, or an RSS item's ``<atom:updated>``; not RSS's pubDate."""
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom">
      <entry><link href="/a-1"/><published>2026-11-01T08:00:00Z</published>
        <updated> 2026-11-29T10:00:00+01:00 </updated></entry>
      <entry><link href="/b-2"/></entry>
      <entry><link href="/a-1"/><updated>2026-11-02T08:00:00Z</updated></entry>
    </feed>"""
    updated = {url: e.updated for url, e in feed_entries(atom, "https://e.com/atom").items()}
    assert updated == {
        "https://e.com/a-1": "2026-11-29T10:00:00+01:00",  # the first entry's
        "https://e.com/b-2": None,
    }
    rss = b"""<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
      <item><link>https://example.com/a-1</link><pubDate>Sun, 01 Nov 2026 08:00:00 GMT</pubDate>
        <atom:updated>2026-11-29T10:00:00Z</atom:updated></item>
      <item><link>https://example.com/b-2</link><pubDate>Sun, 01 Nov 2026 08:00:00 GMT</pubDate>
      </item></channel></rss>"""
    updated = {url: e.updated for url, e in feed_entries(rss, "https://e.com/rss").items()}
    assert updated == {
        "https://example.com/a-1": "2026-11-29T10:00:00Z",
        "https://example.com/b-2": None,
    }


def test_feed_entries_say_when_each_was_published() -> None:
    """RSS's pubDate (RFC 2822) or dc:date, Atom's <published>, each as ISO 8601."""
    rss = b"""<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
      <item><link>https://e.com/a-1</link><pubDate>Sun, 01 Nov 2026 08:00:00 +0100</pubDate>
      </item>
      <item><link>https://e.com/b-2</link><dc:date>2026-11-02T09:15:00Z</dc:date></item>
      <item><link>https://e.com/c-3</link><pubDate>last Tuesday</pubDate></item>
      <item><link>https://e.com/d-4</link></item></channel></rss>"""
    published = {
        url: e.listing.published for url, e in feed_entries(rss, "https://e.com/rss").items()
    }
    assert published == {
        "https://e.com/a-1": "2026-11-01T08:00:00+01:00",
        "https://e.com/b-2": "2026-11-02T09:15:00+00:00",
        "https://e.com/c-3": None,  # not a time
        "https://e.com/d-4": None,
    }
    rdf = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <item><link>https://e.com/a-1</link><dc:date>2026-11-03</dc:date></item></rdf:RDF>"""
    assert (
        feed_entries(rdf, "https://e.com/rdf")["https://e.com/a-1"].listing.published
        == "2026-11-03"
    )
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/a-1"/>
      <published>2026-11-01T08:00:00-05:00</published>
      <updated>2026-11-29T10:00:00Z</updated></entry></feed>"""
    entry = feed_entries(atom, "https://e.com/atom")["https://e.com/a-1"]
    assert (entry.updated, entry.listing.published) == (
        "2026-11-29T10:00:00Z",
        "2026-11-01T08:00:00-05:00",
    )


def test_feed_entries_say_who_wrote_each() -> None:
    """dc:creator (every one), else RSS's author; Atom's author names; as spelled."""
    rss = b"""<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
      <item><link>https://e.com/a-1</link><dc:creator><![CDATA[Ann  Lee]]></dc:creator>
        <dc:creator>Bo Chen</dc:creator><author>desk@e.com (News Desk)</author></item>
      <item><link>https://e.com/b-2</link><author>jdoe@e.com (Jane Doe)</author></item>
      <item><link>https://e.com/c-3</link><dc:creator> </dc:creator></item>
    </channel></rss>"""
    authors = {url: e.listing.authors for url, e in feed_entries(rss, "https://e.com/rss").items()}
    assert authors == {
        "https://e.com/a-1": ("Ann Lee", "Bo Chen"),
        "https://e.com/b-2": ("jdoe@e.com (Jane Doe)",),  # the extractor takes the name
        "https://e.com/c-3": (),
    }
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><author><name>Feed</name></author>
      <entry><link href="/a-1"/><author><name>Ann Lee</name><email>a@e.com</email></author>
      <author><name>Bo Chen</name></author></entry>
      <entry><link href="/b-2"/></entry></feed>"""
    authors = {
        url: e.listing.authors for url, e in feed_entries(atom, "https://e.com/atom").items()
    }
    assert authors == {"https://e.com/a-1": ("Ann Lee", "Bo Chen"), "https://e.com/b-2": ()}
    # A hostile feed's thousands of names, or a name of pages, travel with no request.
    many = "".join(f"<dc:creator>Name {n}</dc:creator>" for n in range(5000))
    long = "<dc:creator>" + "Ann Lee " * 100 + "</dc:creator>"
    rss = f"""<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
      <item><link>https://e.com/a-1</link>{many}</item>
      <item><link>https://e.com/b-2</link>{long}</item></channel></rss>""".encode()
    entries = feed_entries(rss, "https://e.com/rss")
    assert len(entries["https://e.com/a-1"].listing.authors) == 20
    assert entries["https://e.com/b-2"].listing.authors == ()


def test_feed_entries_give_each_one_s_categories() -> None:
    rss = b"""<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
      <item><link>https://e.com/a-1</link><category>Harbour</category>
        <category domain="tag"> Ferries </category></item>
      <item><link>https://e.com/b-2</link><dc:subject>Boats</dc:subject></item>
    </channel></rss>"""
    tags = {url: e.listing.tags for url, e in feed_entries(rss, "https://e.com/rss").items()}
    assert tags == {"https://e.com/a-1": ("Harbour", "Ferries"), "https://e.com/b-2": ("Boats",)}
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/a-1"/>
      <category term="harbour" label="Harbour"/><category term="ferries"/></entry></feed>"""
    entry = feed_entries(atom, "https://e.com/atom")["https://e.com/a-1"]
    assert entry.listing.tags == ("Harbour", "ferries")


def test_feed_entities_are_not_expanded() -> None:
    bomb = b"""<?xml version="1.0"?>
    <!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
    <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY ext SYSTEM "file:///etc/passwd">]>
    <rss><channel><item><link>https://example.com/&c;</link></item>
    <item><link>https://example.com/&ext;</link></item></channel></rss>"""
    links = feed_links(bomb, "https://example.com/rss")
    assert all("aaaa" not in link and "root" not in link for link in links)


@pytest.mark.parametrize(
    "body", [b"", b"<html><body>not a feed</body></html>", b"\x00\xff garbage"]
)
def test_not_a_feed(body: bytes) -> None:
    assert feed_links(body, "https://example.com/rss") == []


def _announcing(*links: str, base: str = "") -> html.HtmlElement:
    return html.fromstring(f"<html><head>{base}{''.join(links)}</head><body></body></html>")


def test_a_home_page_announces_the_sites_feeds() -> None:
    page = _announcing(
        '<link rel="alternate" type="application/rss+xml" title="Latest" href="/rss.xml">',
        '<link rel="alternate" type="application/atom+xml; charset=utf-8" href="atom.xml">',
        '<link rel="Alternate nofollow" type="Application/RDF+XML" href="/index.rdf">',
        '<link rel="alternate" type="application/rss+xml" href="/rss.xml">',  # again
        # Not feeds of articles: comments (by title, by path), other languages' pages, JSON.
        '<link rel="alternate" type="application/rss+xml" title="Site » Comments Feed" '
        'href="/feed/x">',
        '<link rel="alternate" type="application/rss+xml" href="/comments/feed/">',
        '<link rel="alternate" hreflang="de" href="/de/">',
        '<link rel="alternate" type="application/feed+json" href="/feed.json">',
        '<link rel="stylesheet" type="application/rss+xml" href="/odd.xml">',
        '<link rel="alternate" type="application/rss+xml" href="http://[ccpa]/rss">',
        '<link rel="alternate" type="application/rss+xml" href="mailto:x@example.com">',
    )
    assert announced_feeds(page, "https://example.com/") == [
        "https://example.com/rss.xml",
        "https://example.com/atom.xml",
        "https://example.com/index.rdf",
    ]


def test_a_section_page_announces_only_its_own_feeds() -> None:
    """A site-wide feed would bring other sections' articles into a crawl of one."""
    page = _announcing(
        '<link rel="alternate" type="application/rss+xml" href="/feed/">',
        '<link rel="alternate" type="application/rss+xml" href="/category/politics/feed/">',
        '<link rel="alternate" type="application/rss+xml" href="/category/politics?feed=rss2">',
        '<link rel="alternate" type="application/rss+xml" href="/category/politics-extra/feed/">',
    )
    for section in (
        "https://example.com/category/politics",
        "https://example.com/category/politics/",
    ):
        assert announced_feeds(page, section) == [
            "https://example.com/category/politics/feed/",
            "https://example.com/category/politics?feed=rss2",
        ]


def test_announced_feeds_resolve_against_the_base_and_are_bounded() -> None:
    page = _announcing(
        *(
            f'<link rel="alternate" type="application/rss+xml" href="feeds/{n}.xml">'
            for n in range(MAX_ANNOUNCED_FEEDS + 5)
        ),
        base='<base href="https://cdn.example.com/news/">',
    )
    feeds = announced_feeds(page, "https://example.com/")
    assert len(feeds) == MAX_ANNOUNCED_FEEDS
    assert feeds[0] == "https://cdn.example.com/news/feeds/0.xml"


# --- sections a start page's menus link to ------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/world",
        "https://example.com/world/",
        "https://example.com/news/middle-east",
        "https://example.com/section/world/africa",
        "https://example.com/category/politics/",
        "https://example.com/thema/klimawandel",
        "https://example.com/politik/index-2.html",
        "https://example.com/politik/index.html",
        "https://sport.example.com/football",
    ],
)
def test_section_shaped_urls(url: str) -> None:
    assert looks_like_section(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/",
        "https://example.com/index.html",
        "https://example.com/world/2024/05/02/talks-resume",
        "https://example.com/middle-east/russia-turkey-talks-631386",
        "https://example.com/world/russia-and-turkey-hold-talks-on-libya",
        "https://example.com/world?page=2",
        "https://example.com/search?q=world",
        "https://example.com/world/page/2",
        "https://example.com/2024/05/",
        "https://example.com/tag/libya",
        "https://example.com/author/jane-doe",
        "https://example.com/about",
        "https://example.com/newsletters",
        "https://example.com/account/login",
        "https://example.com/rss.xml",
        "https://example.com/media/logo.png",
        "https://example.com/a/b/c/d",
        "https://example.com/my-account",
        "https://example.com/privacy-policy/",
        "https://example.com/donate/now/",
        "https://example.com/suche.bild.html",
        "https://example.com/fr-fr",
        "https://shop.example.com/gifts",
        "https://subscribe.example.co.uk/offer",
        "mailto:desk@example.com",
    ],
)
def test_non_section_urls(url: str) -> None:
    assert not looks_like_section(url)


HOME_PAGE = """<html><body>
<header><a href="/"><img alt="Example News"></a>
<nav class="main-nav"><ul>
  <li><a href="/">Home</a></li>
  <li><a href="/world?utm_source=nav">World</a></li>
  <li><a href="/business/">Business</a>
    <ul class="submenu"><li><a href="/business/markets">Markets</a></li>
      <li><a href="/business/index.html">All of Business</a></li></ul></li>
  <li><a href="https://sport.example.com/football">Football</a></li>
  <li><a href="/world/2025/01/02/a-story-the-menu-features">Special</a></li>
  <li><a href="https://shop.other.org/gifts">Gifts</a></li>
  <li><a href="/subscribe">Subscribe</a></li>
  <li><a href="/de/welt" hreflang="de">Deutsch</a></li>
  <li><a href="/world">World again</a></li>
</ul></nav></header>
<main><h2><a href="/culture">Culture</a></h2>
  <a href="/culture/2025/01/02/an-exhibition-opens">An exhibition opens</a></main>
<footer><a href="/corrections">Corrections</a></footer>
</body></html>"""


def test_a_home_page_menu_gives_the_sites_sections() -> None:
    """The menu's section links, each once (the tracking parameter gone), top sections
    first, in page order; not the home page, an article, a service page or another site;
    links outside the menus are not asked (a page with a menu lists its sections there)."""
    page = html.fromstring(HOME_PAGE)
    profile = SiteProfile("example", ("example.com",), sections=("https://example.com/",))
    assert section_links(page, "https://example.com/", profile) == [
        "https://example.com/world",
        "https://example.com/business/",
        "https://sport.example.com/football",
        "https://example.com/business/markets",
    ]


def test_a_section_page_menu_gives_its_subsections() -> None:
    page = html.fromstring(HOME_PAGE)
    starts = ("/business", "/business/", "/business/index.html")
    for start in (f"https://example.com{path}" for path in starts):
        profile = SiteProfile("example", ("example.com",), sections=(start,))
        assert section_links(page, start, profile) == ["https://example.com/business/markets"]


def test_without_a_menu_every_link_of_the_page_is_asked() -> None:
    page = html.fromstring(
        '<html><body><div class="top"><a href="/world">World</a><a href="/about">About</a>'
        '</div><a href="/world/2025/01/02/a-long-story-here">Story</a></body></html>'
    )
    profile = SiteProfile("example", ("example.com",), sections=("https://example.com/",))
    assert section_links(page, "https://example.com/", profile) == ["https://example.com/world"]


def test_discovered_sections_leave_out_the_start_pages_and_articles_and_are_bounded() -> None:
    """A start page is read anyway (and a menu link to it would be read twice: start pages
    bypass the duplicate filter); a URL the article_pattern takes is an article."""
    links = "".join(f'<a href="/s{n}">S{n}</a>' for n in range(MAX_DISCOVERED_SECTIONS + 5))
    page = html.fromstring(f'<nav><a href="/world">World</a><a href="/live">Live</a>{links}</nav>')
    profile = SiteProfile(
        "example",
        ("example.com",),
        sections=("https://example.com/", "https://www.example.com/world/"),
        article_pattern="/live$",
    )
    found = section_links(page, "https://example.com/", profile)
    assert found[:2] == ["https://example.com/s0", "https://example.com/s1"]
    assert len(found) == MAX_DISCOVERED_SECTIONS
