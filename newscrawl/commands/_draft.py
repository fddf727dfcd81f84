"""Drafting a site profile from a site's start page: what ``scrapy addsite`` finds.

From the start page (a home page, or a section page): the sections its menus link to
(:func:`~newscrawl.spiders._links.section_links`, as ``discover_sections`` finds them),
each fetched and kept only if it links to articles; the feeds it announces, kept only if
they list articles; from the site's robots.txt, its sitemaps: a news sitemap (by its
name, in robots.txt or in the sitemap index robots.txt names) goes into the profile, a
whole-site sitemap only as a comment, as a first crawl of it would fetch every article the
site ever published. The language comes from the page's language tag, the timezone from
the domain or that tag (:mod:`newscrawl.extract.site_zones`), as the crawl would guess
them; where neither says the zone, the draft says so.

No library drafts crawler configurations from a site; the parts are the crawl's own.
Pages are fetched through a function given by the caller (the command's is
:func:`newscrawl.fetch.fetch`, with a pause between requests), so that tests hand pages
in without a server.
"""

from __future__ import annotations

import json
import logging
import tomllib
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from lxml import etree
from lxml import html as lxml_html
from scrapy.robotstxt import ProtegoRobotParser
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from newscrawl.extract.decode import decode_html, sniff_binary
from newscrawl.extract.site_zones import locale_zone, site_zone
from newscrawl.fetch import Fetched, FetchError
from newscrawl.settings import DOWNLOAD_MAXSIZE
from newscrawl.sites import profile_from_mapping
from newscrawl.sites.profile import ProfileError, SiteProfile
from newscrawl.spiders._feeds import announced_feeds, feed_links
from newscrawl.spiders._links import article_links, section_links
from newscrawl.urls import host_allowed, registered_host
from newscrawl.useragent import user_agent

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from lxml.html import HtmlElement

logger = logging.getLogger(__name__)

#: Sitemaps robots.txt lists that are read (to find the news sitemap in an index).
MAX_ROBOTS_SITEMAPS = 5


@dataclass
class Draft:
    """A site profile as found, and what was found on the way."""

    name: str
    #: The start page's URL after redirects.
    start_url: str
    domain: str
    site_name: str
    language: str | None = None
    timezone: str | None = None
    sections: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    news_sitemaps: list[str] = field(default_factory=list)
    #: Sitemaps of the whole site (robots.txt's, not news sitemaps): in a comment only.
    site_sitemaps: list[str] = field(default_factory=list)
    #: Article links on the start page.
    start_articles: int = 0
    #: Menu links fetched that listed no article, or could not be fetched.
    sections_without_articles: list[str] = field(default_factory=list)
    #: Menu links robots.txt forbids.
    sections_forbidden: list[str] = field(default_factory=list)
    #: Menu links not looked at: the most sections asked for were found before them.
    sections_unchecked: list[str] = field(default_factory=list)
    feeds_without_articles: list[str] = field(default_factory=list)
    robots_txt: bool = False
    #: The URL the user gave, where the start page redirected to another site.
    redirected_from: str | None = None

    @property
    def empty(self) -> bool:
        """Whether nothing to crawl from was found."""
        return not (self.sections or self.feeds or self.news_sitemaps)

    def toml(self, crawl_command: str | None = None) -> str:
        """The profile as a commented TOML file.

        ``crawl_command``: what crawls the file where it is written (default ``scrapy crawl
        NAME``), said in its first lines.
        """
        lines = [
            f"# {self.site_name}: drafted by `scrapy addsite` from {self.start_url}.",
            "# Check the sections, feeds and sitemaps, then: "
            + (crawl_command or f"scrapy crawl {self.name}"),
            f"name = {_string(self.name)}",
            f"domains = [{_string(self.domain)}]",
        ]
        if self.language:
            lines.append(f"language = {_string(self.language)}")
        if self.timezone:
            lines.append(f"timezone = {_string(self.timezone)}")
        else:
            lines += [
                "# Neither the domain nor the pages' language tag says the site's clock: dates",
                "# without an offset are read as UTC. Name its zone, e.g.:",
                '# timezone = "America/New_York"',
            ]
        for key, urls in (
            ("sections", self.sections),
            ("feeds", self.feeds),
            ("sitemaps", self.news_sitemaps),
        ):
            if urls:
                lines += [f"{key} = [", *(f"    {_string(url)}," for url in urls), "]"]
        if self.site_sitemaps:
            lines += [
                "# The site's whole sitemaps (robots.txt): every article it ever published, all",
                "# fetched by a first crawl. With -s NEWSCRAWL_SITEMAP_MAX_AGE_DAYS=2, only what",
                "# changed lately:",
                f"# sitemaps = [{', '.join(map(_string, self.site_sitemaps))}]",
            ]
        return "\n".join(lines) + "\n"

    def profile(self) -> SiteProfile:
        """The drafted profile (checks that the draft is a valid one)."""
        try:
            return profile_from_mapping(tomllib.loads(self.toml()))
        except tomllib.TOMLDecodeError as exc:  # a bug here, not the site's doing
            raise ProfileError(f"drafted an invalid TOML file: {exc}") from exc


def _string(text: str) -> str:
    # A JSON string is a TOML basic string: the same escapes (\", \\, \n, \uXXXX).
    return json.dumps(text, ensure_ascii=False)


def draft_profile(
    name: str, start_url: str, get: Callable[[str], Fetched], max_sections: int
) -> Draft:
    """Draft the profile of the site ``start_url`` is on; ``get`` fetches a page.

    Raises :class:`~newscrawl.fetch.FetchError` if the start page cannot be fetched, is
    forbidden by the site's robots.txt or is no HTML page; any other page that cannot be
    fetched is left out.
    """
    # robots.txt first, as the crawl reads it: a start page it forbids is not fetched.
    robots_txt = _get(get, _robots_url(start_url))
    robots = _robots(robots_txt)
    agent = user_agent(None)
    if robots is not None and not robots.allowed(start_url, agent):
        raise FetchError(
            f"{_robots_url(start_url)} forbids {start_url} to newscrawl: give a start page it "
            "allows (a section page)"
        )
    start = get(start_url)
    root = _html(start)
    if root is None:
        raise FetchError(f"{start.url} is not an HTML page")
    url = start.url  # after redirects: the site's own spelling of its start page
    if _robots_url(url) != _robots_url(start_url):  # redirected to another host
        robots_txt = _get(get, _robots_url(url))
        robots = _robots(robots_txt)
    domain = registered_host(url)
    profile = SiteProfile(name, (domain,), sections=(url,))
    tags = [root.get("lang"), *root.xpath("//meta[@property='og:locale']/@content")]
    zone = site_zone(url) or locale_zone(tags)
    draft = Draft(
        name=name,
        start_url=url,
        domain=domain,
        site_name=_site_name(root) or domain,
        language=_language(root.get("lang")),
        timezone=zone.key if zone else None,
    )
    if registered_host(start_url) != domain:
        draft.redirected_from = start_url
    draft.robots_txt = robots is not None
    draft.start_articles = len(article_links(root, url, profile))
    if robots is not None and not robots.allowed(url, agent):
        draft.sections_forbidden.append(url)  # the crawl would not read it
    elif draft.start_articles:
        draft.sections.append(url)
    for section in section_links(root, url, profile):
        if len(draft.sections) >= max_sections:
            draft.sections_unchecked.append(section)
        elif robots is not None and not robots.allowed(section, agent):
            draft.sections_forbidden.append(section)
        elif _lists_articles(section, get, profile):
            draft.sections.append(section)
        else:
            draft.sections_without_articles.append(section)
    for feed in announced_feeds(root, url):
        if not host_allowed(feed, profile.domains):
            continue
        page = _get(get, feed)
        if page is not None and feed_links(page.body, page.url):
            draft.feeds.append(feed)
        else:
            draft.feeds_without_articles.append(feed)
    if robots_txt is not None:
        _sort_sitemaps(draft, sitemap_urls_from_robots(robots_txt.body, robots_txt.url), get)
    return draft


def _robots_url(url: str) -> str:
    return urlunsplit((*urlsplit(url)[:2], "/robots.txt", "", ""))


def _robots(robots_txt: Fetched | None) -> ProtegoRobotParser | None:
    return None if robots_txt is None else ProtegoRobotParser(robots_txt.body, None)


def _get(get: Callable[[str], Fetched], url: str) -> Fetched | None:
    try:
        return get(url)
    except FetchError as exc:
        logger.info("%s", exc)
        return None


def _html(page: Fetched) -> HtmlElement | None:
    if sniff_binary(page.body):
        return None
    try:
        return lxml_html.fromstring(decode_html(page.body, page.charset), base_url=page.url)
    except (ValueError, etree.ParserError):
        return None


def _lists_articles(url: str, get: Callable[[str], Fetched], profile: SiteProfile) -> bool:
    page = _get(get, url)
    root = None if page is None else _html(page)
    return root is not None and page is not None and bool(article_links(root, page.url, profile))


def _site_name(root: HtmlElement) -> str | None:
    for name in root.xpath("//meta[@property='og:site_name']/@content"):
        if name.strip():
            return " ".join(name.split())
    return None


def _language(tag: str | None) -> str | None:
    """The ISO 639-1 code of a language tag ("en-GB" -> "en"), or None."""
    code = (tag or "").replace("_", "-").split("-")[0].lower()
    return code if len(code) == 2 and code.isalpha() else None


def _is_news_sitemap(url: str) -> bool:
    name = urlsplit(url).path.rsplit("/", 1)[-1].lower()
    return "news" in name


def _sort_sitemaps(draft: Draft, sitemaps: Iterable[str], get: Callable[[str], Fetched]) -> None:
    """News sitemaps into the profile, whole-site ones into a comment."""
    for sitemap in list(sitemaps)[:MAX_ROBOTS_SITEMAPS]:
        if not host_allowed(sitemap, (draft.domain,)):
            continue
        if _is_news_sitemap(sitemap):
            draft.news_sitemaps.append(sitemap)
            continue
        draft.site_sitemaps.append(sitemap)
        page = _get(get, sitemap)
        children = [] if page is None else _index_entries(page.body)
        draft.news_sitemaps += [c for c in children if _is_news_sitemap(c)]


def _index_entries(body: bytes) -> list[str]:
    """The sitemaps a sitemap index lists ([] for any other document)."""
    if body[:2] == b"\x1f\x8b":  # sitemap.xml.gz; at most DOWNLOAD_MAXSIZE of it (no bomb)
        try:
            body = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, DOWNLOAD_MAXSIZE)
        except zlib.error:
            return []
    try:
        sitemap = Sitemap(body)  # Scrapy's reader, as the crawl's SitemapSpider reads it
    except (StopIteration, etree.XMLSyntaxError):  # no XML element in it
        return []
    if sitemap.type != "sitemapindex":
        return []
    return [entry["loc"] for entry in sitemap if entry["loc"]]
