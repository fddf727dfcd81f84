"""Drafting a site profile (``scrapy addsite``) from hand-made pages, without a server."""

from __future__ import annotations

import gzip
import tomllib
from pathlib import Path

import pytest
from scrapy.settings import Settings

from newscrawl.commands._draft import draft_profile
from newscrawl.commands.addsite import Command, report
from newscrawl.fetch import Fetched, FetchError
from newscrawl.sites import BUNDLED_DIR

SITE = "https://www.example.de"


def links(*paths: str) -> str:
    return "".join(f'<a href="{path}">{path}</a>' for path in paths)


def page(menu: str = "", main: str = "", head: str = "", lang: str = "de") -> bytes:
    return (
        f'<html lang="{lang}"><head>{head}</head><body><nav>{menu}</nav>'
        f"<main>{main}</main></body></html>"
    ).encode()


ARTICLES = links("/politik/2026/11/28/regierung-beschliesst-haushalt-123", "/a/kurz-456789")
HOME = page(
    menu=links("/politik", "/wirtschaft", "/sport", "/intern", "/impressum", "/kultur"),
    main=ARTICLES,
    head=(
        '<meta property="og:site_name" content="Der &quot;Beispiel&quot; Bote">'
        '<link rel="alternate" type="application/rss+xml" href="/rss.xml">'
        '<link rel="alternate" type="application/rss+xml" href="/leer.xml">'
        '<link rel="alternate" type="application/rss+xml" href="https://ads.example.org/f.xml">'
    ),
)
RSS = (
    b"<rss><channel><item><link>https://www.example.de/a/kurz-456789</link></item></channel></rss>"
)
INDEX = (
    b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    b"<sitemap><loc>https://www.example.de/sitemap-2026.xml</loc></sitemap>"
    b"<sitemap><loc>https://www.example.de/sitemap-news.xml</loc></sitemap></sitemapindex>"
)
PAGES = {
    f"{SITE}/": HOME,
    f"{SITE}/politik": page(main=ARTICLES),
    f"{SITE}/wirtschaft": page(main=ARTICLES),
    f"{SITE}/sport": page(main="<p>Live scores, drawn by JavaScript</p>"),
    f"{SITE}/kultur": page(main=ARTICLES),
    f"{SITE}/rss.xml": RSS,
    f"{SITE}/leer.xml": b"<rss><channel></channel></rss>",
    f"{SITE}/robots.txt": (
        b"User-agent: *\nDisallow: /kultur\n"
        b"Sitemap: https://www.example.de/sitemap.xml.gz\n"
        b"Sitemap: https://www.example.de/googlenews.xml\n"
    ),
    f"{SITE}/sitemap.xml.gz": gzip.compress(INDEX),
}


class Site:
    """A fake fetch over PAGES: what was asked for, in order."""

    def __init__(self, pages: dict[str, bytes]) -> None:
        self.pages = pages
        self.asked: list[str] = []

    def __call__(self, url: str) -> Fetched:
        self.asked.append(url)
        if url not in self.pages:
            raise FetchError(f"cannot fetch {url}: HTTP 404 Not Found")
        return Fetched(self.pages[url], url, "utf-8")


def test_a_draft_keeps_what_lists_articles_and_says_what_it_left_out() -> None:
    site = Site(PAGES)
    draft = draft_profile("beispiel", f"{SITE}/", site, max_sections=10)
    profile = draft.profile()
    assert profile.name == "beispiel" and profile.domains == ("example.de",)
    # The home page lists articles; /sport lists none; /kultur robots.txt forbids;
    # /intern is gone (404); /impressum is no section.
    assert profile.sections == (f"{SITE}/", f"{SITE}/politik", f"{SITE}/wirtschaft")
    assert draft.sections_without_articles == [f"{SITE}/sport", f"{SITE}/intern"]
    assert draft.sections_forbidden == [f"{SITE}/kultur"]
    assert f"{SITE}/impressum" not in site.asked and f"{SITE}/kultur" not in site.asked
    # Feeds: the one listing articles; the empty one left out; another site's not read.
    assert profile.feeds == (f"{SITE}/rss.xml",)
    assert draft.feeds_without_articles == [f"{SITE}/leer.xml"]
    assert not any("example.org" in url for url in site.asked)
    # Sitemaps: news ones by name, from robots.txt and from the (gzipped) index it names;
    # the whole-site index in a comment only.
    assert profile.sitemaps == (f"{SITE}/sitemap-news.xml", f"{SITE}/googlenews.xml")
    assert draft.site_sitemaps == [f"{SITE}/sitemap.xml.gz"]
    assert f'# sitemaps = ["{SITE}/sitemap.xml.gz"]' in draft.toml()
    # The site's clock from its domain, its language from the page's tag.
    assert (profile.timezone, profile.language) == ("Europe/Berlin", "de")
    assert draft.toml().startswith('# Der "Beispiel" Bote: drafted by `scrapy addsite`')
    said = "\n".join(report(draft))
    assert "Sections: 3 listing articles (left out: 2 without article links, 1 forbidden" in said
    assert "Feeds: 1 (left out: 1 announced but listing no article)" in said
    assert "Sitemaps: 2 news, 1 whole-site (in a comment)" in said


def test_sections_stop_at_the_most_asked_for() -> None:
    site = Site(PAGES)
    draft = draft_profile("beispiel", f"{SITE}/", site, max_sections=2)
    assert draft.sections == [f"{SITE}/", f"{SITE}/politik"]
    assert f"{SITE}/wirtschaft" not in site.asked
    unchecked = [f"{SITE}/{path}" for path in ("wirtschaft", "sport", "intern", "kultur")]
    assert draft.sections_unchecked == unchecked
    assert "4 more in the menus, not checked: raise --sections" in report(draft)[1]


def test_a_site_whose_clock_nothing_says_gets_a_comment_to_set_it() -> None:
    pages = {"https://news.example.com/": page(main=ARTICLES, lang="en-US")}
    draft = draft_profile("example", "https://news.example.com/", Site(pages), max_sections=5)
    profile = draft.profile()
    assert profile.timezone is None and profile.language == "en"
    assert '# timezone = "America/New_York"' in draft.toml()
    assert "timezone: unknown (dates without an offset read as UTC: set it)" in report(draft)[-1]
    # No robots.txt, no feeds: the sections alone.
    assert profile.sections == ("https://news.example.com/",) and not profile.sitemaps
    # Where the language tag names a country that keeps one clock, it is that one's.
    pages = {"https://example.com/": page(main=ARTICLES, lang="de-CH")}
    swiss = draft_profile("example", "https://example.com/", Site(pages), max_sections=5)
    assert swiss.timezone == "Europe/Zurich"


def test_robots_txt_is_read_first_and_a_start_page_it_forbids_is_not_fetched() -> None:
    site = Site(PAGES)
    draft_profile("beispiel", f"{SITE}/", site, max_sections=3)
    assert site.asked[:2] == [f"{SITE}/robots.txt", f"{SITE}/"]
    site = Site({**PAGES, f"{SITE}/robots.txt": b"User-agent: newscrawl\nDisallow: /$\n"})
    with pytest.raises(FetchError) as refused:
        draft_profile("beispiel", f"{SITE}/", site, max_sections=3)
    assert str(refused.value) == (
        f"{SITE}/robots.txt forbids {SITE}/ to newscrawl: give a start page it allows "
        "(a section page)"
    )
    assert site.asked == [f"{SITE}/robots.txt"]


def test_a_start_page_that_redirects_to_one_its_robots_txt_forbids_is_no_section() -> None:
    """The start page redirected to another host: that host's robots.txt is read for it."""

    class Redirecting(Site):
        def __call__(self, url: str) -> Fetched:
            if url == "https://example.de/":
                self.asked.append(url)
                return Fetched(self.pages[f"{SITE}/"], f"{SITE}/", None)
            return super().__call__(url)

    pages = {**PAGES, f"{SITE}/robots.txt": b"User-agent: newscrawl\nDisallow: /$\n"}
    site = Redirecting(pages)
    draft = draft_profile("beispiel", "https://example.de/", site, max_sections=3)
    assert site.asked[:3] == [
        "https://example.de/robots.txt",
        "https://example.de/",
        f"{SITE}/robots.txt",
    ]
    assert draft.sections == [f"{SITE}/politik", f"{SITE}/wirtschaft", f"{SITE}/kultur"]
    assert draft.sections_forbidden == [f"{SITE}/"]
    assert report(draft)[0] == (
        "Start page: 2 article links, but robots.txt forbids it (not a section of the profile)"
    )


def test_a_start_page_that_redirects_to_another_site_is_said() -> None:
    class Redirecting(Site):
        def __call__(self, url: str) -> Fetched:
            fetched = super().__call__(url)
            if url == "https://example.com/":
                return Fetched(fetched.body, "https://consent.example.net/?continue=1", None)
            return fetched

    pages = {"https://example.com/": page(main="<p>We value your privacy</p>")}
    draft = draft_profile("example", "https://example.com/", Redirecting(pages), max_sections=5)
    assert draft.domain == "consent.example.net"
    assert report(draft)[0] == (
        "The start page https://example.com/ redirected to https://consent.example.net/"
        "?continue=1, another site (a consent page? another edition?): the draft is that site's"
    )
    same = draft_profile("beispiel", f"{SITE}/", Site(PAGES), max_sections=1)
    assert same.redirected_from is None


def test_a_page_that_lists_nothing_drafts_a_profile_that_says_so() -> None:
    """A start page drawn by JavaScript: no sections, no feeds; the report says what to do."""
    pages = {f"{SITE}/": page(main='<div id="app"></div>')}
    draft = draft_profile("beispiel", f"{SITE}/", Site(pages), max_sections=5)
    assert draft.sections == [] and draft.feeds == []
    assert "links drawn by JavaScript?" in report(draft)[-1]
    with pytest.raises(ValueError, match="no sections, feeds or sitemaps"):
        draft.profile()


@pytest.mark.parametrize(
    ("body", "error"),
    [(None, "HTTP 404"), (b"", "not an HTML page"), (b"%PDF-1.7 ...", "not an HTML page")],
)
def test_a_start_page_that_cannot_be_read_is_an_error(body: bytes | None, error: str) -> None:
    pages = {} if body is None else {f"{SITE}/": body}
    with pytest.raises(FetchError, match=error):
        draft_profile("beispiel", f"{SITE}/", Site(pages), max_sections=5)


def test_names_and_urls_of_any_spelling_make_valid_toml() -> None:
    """A site name with quotes, backslashes and a newline; URLs with quotes, a backslash."""
    head = '<meta property="og:site_name" content="A \\ B &quot;C&quot;\nD">'
    pages = {f"{SITE}/": page(head=head, main=ARTICLES)}
    draft = draft_profile("beispiel", f"{SITE}/", Site(pages), max_sections=5)
    assert draft.toml().splitlines()[0].startswith('# A \\ B "C" D: drafted')
    odd = [f'{SITE}/feed?q="x"', f"{SITE}/feed\\\\rss", f"{SITE}/nachrichten-\u00fc"]
    draft.feeds = odd
    assert tomllib.loads(draft.toml())["feeds"] == odd
    assert draft.profile().feeds == tuple(odd)


@pytest.mark.parametrize(
    ("folder", "priority", "written_to", "command"),
    [
        (None, "project", BUNDLED_DIR, "scrapy crawl x"),
        ("my-sites", "project", Path("my-sites"), "scrapy crawl x"),
        ("my-sites", "cmdline", Path("my-sites"), "scrapy crawl x -s NEWSCRAWL_SITES_DIR=my-sites"),
        (None, "project", Path("elsewhere"), "scrapy crawl x -s NEWSCRAWL_SITES_DIR=elsewhere"),
    ],
)
def test_the_command_that_crawls_the_profile_written(
    folder: str | None, priority: str, written_to: Path, command: str
) -> None:
    """A profile only a command-line setting finds needs that setting on every crawl."""
    addsite = Command()
    addsite.settings = Settings()
    if folder:
        addsite.settings.set("NEWSCRAWL_SITES_DIR", folder, priority=priority)
    assert addsite._crawl_command("x", written_to / "x.toml") == command


def test_a_profile_of_a_bundled_name_in_the_users_folder_replaces_it() -> None:
    addsite = Command()
    addsite.settings = Settings({"NEWSCRAWL_SITES_DIR": "my-sites"})
    assert addsite._replaces_bundled("jpost", Path("my-sites/jpost.toml"))
    assert not addsite._replaces_bundled("herald", Path("my-sites/herald.toml"))
    assert not addsite._replaces_bundled("jpost", Path("elsewhere/jpost.toml"))
    addsite.settings = Settings()
    assert not addsite._replaces_bundled("jpost", BUNDLED_DIR / "jpost.toml")
