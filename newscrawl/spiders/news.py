"""The generic ``news`` spider: crawl any news site from command-line arguments.

``scrapy crawl news -a start_urls=https://example.com/world,https://example.com/business``

The arguments become a site profile (the same data a bundled site declares), so the crawl
behaves exactly like a profiled one: section pages with pagination, optional feeds and
sitemaps, article links by ``article_pattern`` or by heuristics, only the sites' domains.

Spider arguments (``-a``):

* ``start_urls``: comma-separated section page URLs, or ``@FILE``: a file of them, one a
  line (``#`` comments); required unless ``feeds`` or ``sitemaps`` are given (which also
  take ``@FILE``).
* ``article_pattern``: regular expression an article URL matches (default: heuristics).
* ``max_pages``: pages followed per section through pagination.
* ``feeds``, ``sitemaps``: comma-separated RSS/Atom feed and sitemap URLs (a robots.txt URL
  among the sitemaps: the sitemaps it lists).
* ``discover_feeds``: also read the RSS/Atom feeds the start pages announce (a home page's
  all, a section page's those under its path); ``no`` to read only the pages given
  (default: yes).
* ``discover_sections``: also crawl the sections the start pages' menus link to (a home
  page's all, at most 30; a section page's subsections), each with its pagination
  (default: no).
* ``domains``: extra allowed domains. The start URLs' hosts are always allowed, without
  ``www.`` (so with it, and the site's other subdomains): ``www.example.com`` often
  redirects to ``example.com``, or the other way round.
* ``timezone``: IANA timezone for dates pages give without one (default: the zone of
  the country whose domain the site is on, else of the one a page's language tag names,
  ``de-CH``, if it keeps one time; else UTC).
* ``language``: ISO 639-1 code for pages that declare none.
* ``site``: name articles are recorded under (default: each article's host): letters,
  digits, ``.``, ``-`` and ``_``, at most 100 (what ``scrapy export --site`` takes).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newscrawl.sites.profile import ProfileError, SiteProfile, domain_problem, site_name_problem
from newscrawl.spiders._arguments import parse_positive_int, unknown_arguments
from newscrawl.spiders.site import SiteSpider
from newscrawl.urls import is_http_url, registered_host


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def _urls(name: str, value: str | None) -> tuple[str, ...]:
    """The URLs of a list argument: comma-separated, or ``@FILE``, one URL a line.

    In a file, blank lines and lines starting with ``#`` are skipped. Each URL must be an
    http(s) URL.
    """
    if value and value.strip().startswith("@"):
        path = Path(value.strip()[1:]).expanduser()
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ProfileError(f"{name}: cannot read {path}: {exc}") from None
        urls = tuple(u for line in lines if (u := line.strip()) and not u.startswith("#"))
    else:
        urls = _split(value)
    for url in urls:
        if not is_http_url(url):
            raise ProfileError(f"{name}: {url!r} is not an http(s) URL")
    return tuple(dict.fromkeys(urls))


def _domains(value: str | None) -> tuple[str, ...]:
    domains = _split(value)
    for domain in domains:
        if problem := domain_problem(domain):
            raise ProfileError(f"-a domains: {problem}")
    return domains


def _site(value: str | None) -> str | None:
    if not value:
        return None
    if problem := site_name_problem(value):
        raise ProfileError(f"-a site={value!r}: {problem}")
    return value


_YES = frozenset({"yes", "true", "on", "1"})
_NO = frozenset({"no", "false", "off", "0"})


def _yes_no(name: str, value: Any) -> bool:
    word = str(value).strip().lower()
    if word not in _YES | _NO:
        raise ProfileError(f"-a {name}={value!r}: expected yes or no")
    return word in _YES


@dataclass(frozen=True)
class NewsArguments:
    """The ``-a`` arguments of the news spider, parsed and checked once."""

    start_urls: tuple[str, ...]
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    article_pattern: str | None = None
    timezone: str | None = None
    language: str | None = None
    keep_languages: tuple[str, ...] = ()
    site: str | None = None
    discover_feeds: bool = True
    discover_sections: bool = False

    @classmethod
    def parse(cls, arguments: dict[str, Any]) -> NewsArguments:
        """Parse raw spider arguments; raise ProfileError naming what is wrong."""
        known = set(cls.__dataclass_fields__)
        unknown = set(arguments) - known
        if unknown:
            # max_pages is the spider's own (every site spider takes it), read before these.
            raise ProfileError(unknown_arguments(unknown, known | {"max_pages"}))
        start_urls = _urls("start_urls", arguments.get("start_urls"))
        feeds = _urls("feeds", arguments.get("feeds"))
        sitemaps = _urls("sitemaps", arguments.get("sitemaps"))
        if not start_urls and not feeds + sitemaps:
            raise ProfileError(
                "give -a start_urls=URL[,URL...] or start_urls=@FILE (section pages to start from)"
            )
        return cls(
            start_urls=start_urls,
            feeds=feeds,
            sitemaps=sitemaps,
            domains=_domains(arguments.get("domains")),
            article_pattern=arguments.get("article_pattern") or None,
            timezone=arguments.get("timezone") or None,
            language=arguments.get("language") or None,
            keep_languages=_split(arguments.get("keep_languages")),
            site=_site(arguments.get("site")),
            discover_feeds=_yes_no("discover_feeds", arguments.get("discover_feeds", "yes")),
            discover_sections=_yes_no(
                "discover_sections", arguments.get("discover_sections", "no")
            ),
        )

    def profile(self) -> SiteProfile:
        """The site profile these arguments describe."""
        urls = (*self.start_urls, *self.feeds, *self.sitemaps)
        # registered_host drops "www.": a host with and without it is one site.
        hosts = tuple(dict.fromkeys(h for u in urls if (h := registered_host(u))))
        return SiteProfile(
            name="news",
            domains=tuple(dict.fromkeys((*hosts, *self.domains))),
            sections=self.start_urls,
            feeds=self.feeds,
            sitemaps=self.sitemaps,
            article_pattern=self.article_pattern,
            timezone=self.timezone,
            language=self.language,
            keep_languages=self.keep_languages,
            discover_feeds=self.discover_feeds,
            discover_sections=self.discover_sections,
        )


class NewsSpider(SiteSpider):
    """Crawl any news site given by ``-a start_urls=...``."""

    name = "news"

    @classmethod
    def check_arguments(cls, arguments: dict[str, Any]) -> None:
        """Raise ProfileError if the ``-a`` arguments do not describe a crawl."""
        others = dict(arguments)
        if "max_pages" in others:
            parse_positive_int("max_pages", others.pop("max_pages"))
        NewsArguments.parse(others).profile()

    def __init__(self, max_pages: Any = None, **arguments: Any) -> None:
        parsed = NewsArguments.parse(arguments)
        self.profile = parsed.profile()  # type: ignore[misc]
        self._site = parsed.site
        super().__init__(max_pages=max_pages)

    @property
    def run_key(self) -> str:
        """News runs are locked per site name, else per set of domains."""
        return f"news:{self._site or ','.join(sorted(self.profile.domains))}"

    @property
    def feed_name(self) -> str:
        """Where the run feed goes under ``NEWSCRAWL_FEEDS_DIR``: ``news/{site}``."""
        return f"news/{self._site or '+'.join(sorted(self.profile.domains))}"

    def site_name_for(self, url: str) -> str:
        """The ``site`` argument, else the article's host without ``www.``."""
        return self._site or registered_host(url)
