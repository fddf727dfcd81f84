"""Site profiles: what newscrawl knows about one publisher, as plain data.

A profile says where a site's articles are found (section pages, feeds, sitemaps), which
links are articles, which timezone and language its pages assume, and optionally which CSS
selectors find fields its markup hides. Spiders are built from profiles; the extractor reads
the timezone, language and selectors. Nothing here imports Scrapy.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cssselect import GenericTranslator, SelectorError

from newscrawl.extract.language import normalize_code
from newscrawl.extract.validate import kept_languages
from newscrawl.urls import MAX_URL_LENGTH, host_allowed, is_domain, is_http_url

#: Fields whose CSS selectors a profile may give; anything else in ``selectors`` is an error.
SELECTOR_FIELDS = frozenset(
    {
        "title",
        "authors",
        "published_at",
        "modified_at",
        "section",
        "tags",
        "body",
        "image_url",
        "image_caption",
        "image_credit",
        "description",
    }
)


class ProfileError(ValueError):
    """A site profile (or a spider's arguments) is invalid; the message says why."""


def unknown_names(kind: str, unknown: Iterable[str], known: Iterable[str]) -> str:
    """The error for names that are not ``kind``s, with the likely intent of each.

    >>> unknown_names("profile key", ["sitemap"], ["sitemaps", "feeds"])
    "unknown profile key 'sitemap' (did you mean 'sitemaps'?); known: feeds, sitemaps"
    """
    choices = sorted(known)
    names = []
    for name in sorted(unknown):
        close = difflib.get_close_matches(name, choices, n=1)
        names.append(f"{name!r} (did you mean {close[0]!r}?)" if close else repr(name))
    noun = kind if len(names) == 1 else f"{kind}s"
    return f"unknown {noun} {', '.join(names)}; known: {', '.join(choices)}"


def check_name(name: str) -> None:
    """Raise ProfileError unless ``name`` can name a profile (and its spider)."""
    if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise ProfileError(f"profile name {name!r}: use lowercase letters, digits, _")


#: A site name: what the archive keys a site's records by (100 characters) and a user types
#: after ``--site``.
_SITE_NAME = re.compile(r"[\w.-]{1,100}")


def site_name_problem(name: str) -> str | None:
    """What is wrong with ``name`` as the name to record articles under, or None.

    The rule of the crawl's ``-a site=`` and of ``scrapy importwarc --site``.

    >>> site_name_problem("bad site!")
    "use letters, digits, '.', '-' and '_' (at most 100)"
    """
    if _SITE_NAME.fullmatch(name):
        return None
    return "use letters, digits, '.', '-' and '_' (at most 100)"


def domain_problem(domain: str) -> str | None:
    """What is wrong with ``domain`` as a profile's domain, or None.

    >>> domain_problem("https://www.example.com/news")
    "'https://www.example.com/news' is not a host name like example.com (its host: www.example.com)"
    """
    if is_domain(domain):
        return None
    # A URL is the likely slip: its host is what is meant.
    host = urlsplit(domain).hostname if is_http_url(domain) else None
    hint = f" (its host: {host})" if host else ""
    return f"{domain!r} is not a host name like example.com{hint}"


@dataclass(frozen=True)
class SiteProfile:
    """A declarative description of one news site."""

    name: str
    domains: tuple[str, ...]
    sections: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    #: Regular expression an article URL matches (searched, not anchored). None: heuristics.
    article_pattern: str | None = None
    #: IANA timezone in which the site's naive dates are meant, and in which times pages
    #: declare in UTC are given. None: the zone of the country whose domain the site is on
    #: (``.de``, ``.com.ar``), else of the one the page's language tag names (``de-CH``;
    #: see :mod:`newscrawl.extract.site_zones`), else UTC.
    timezone: str | None = None
    #: ISO 639-1 code of the site's language, used when a page declares none.
    language: str | None = None
    #: Keep only articles in these languages (ISO 639-1 codes, or tags: ``de-CH`` is
    #: ``de``); an article in another language, or in none the extractor can tell, is
    #: dropped as ``other-language``. Empty: the ``NEWSCRAWL_KEEP_LANGUAGES`` setting's.
    keep_languages: tuple[str, ...] = ()
    #: Field name -> CSS selector, tried before the generic extraction.
    selectors: dict[str, str] = field(default_factory=dict)
    #: The selectors of the site's earlier layouts, for its pages fetched before a redesign
    #: (re-extracted by ``scrapy reprocess``, imported from WARC files): each a table of
    #: field = CSS selector with ``until``, when the layout was replaced (a TOML date, the
    #: day's start in the site's timezone, or date-time). See :meth:`selectors_at`.
    earlier_selectors: tuple[dict[str, Any], ...] = ()
    #: Pages followed per section through pagination; None: the NEWSCRAWL_MAX_PAGES setting.
    max_pages: int | None = None
    #: CSS selector of the "next page" link of a section page; None: heuristics.
    next_page_selector: str | None = None
    #: Also read the RSS/Atom feeds the sections announce (``<link rel="alternate">``): a
    #: home page's all, a section page's those under its path. The ``news`` spider does
    #: by default; a profile lists its feeds.
    discover_feeds: bool = False
    #: Also crawl the sections the start pages' navigation menus link to: a home page's
    #: all, a section page's subsections (at most 30 a page; see
    #: :func:`newscrawl.spiders._links.section_links`). Off by default: each is one more
    #: listing page (with its pagination) at every run.
    discover_sections: bool = False

    def __post_init__(self) -> None:
        check_name(self.name)
        # Every mistake of the file at once: fixing them one run at a time is tedious.
        problems = self._type_problems() or self._value_problems()
        if problems:
            raise ProfileError(f"profile {self.name!r}: {'; '.join(problems)}")

    def _type_problems(self) -> list[str]:
        """What has the wrong type (TOML gives what the file says: "3", not 3)."""
        problems = []
        for name in ("domains", "sections", "feeds", "sitemaps", "keep_languages"):
            values = getattr(self, name)
            if not isinstance(values, tuple) or not all(isinstance(v, str) for v in values):
                problems.append(f"{name} must be a list of strings")
        for name in ("article_pattern", "timezone", "language", "next_page_selector"):
            if not isinstance(getattr(self, name), str | None):
                problems.append(f"{name} must be a string")
        if not isinstance(self.selectors, dict) or not all(
            isinstance(css, str) for css in self.selectors.values()
        ):
            problems.append("selectors must be a table of field = CSS selector strings")
        problems += self._earlier_type_problems()
        if self.max_pages is not None and (
            isinstance(self.max_pages, bool) or not isinstance(self.max_pages, int)
        ):
            problems.append(f"max_pages must be a whole number, not {self.max_pages!r}")
        for flag in ("discover_feeds", "discover_sections"):
            if not isinstance(getattr(self, flag), bool):
                problems.append(f"{flag} must be true or false")
        return problems

    def _earlier_type_problems(self) -> list[str]:
        """What in ``earlier_selectors`` has the wrong type."""
        if not isinstance(self.earlier_selectors, tuple) or not all(
            isinstance(table, dict) for table in self.earlier_selectors
        ):
            return ["earlier_selectors must be tables ([[earlier_selectors]])"]
        problems = []
        for table in self.earlier_selectors:
            until = table.get("until")
            if until is None:
                problems.append(
                    "earlier_selectors: a table without until (when its layout was replaced, "
                    "e.g. until = 2024-06-01)"
                )
            elif not isinstance(until, date):
                problems.append(
                    f"earlier_selectors: until must be a date (until = 2024-06-01, "
                    f"without quotes), not {until!r}"
                )
            if not all(isinstance(css, str) for css in _layout_selectors(table).values()):
                problems.append("earlier_selectors must be tables of field = CSS selector strings")
        return problems

    def _value_problems(self) -> list[str]:
        """What has the right type and a wrong value."""
        problems = []
        if not self.domains:
            problems.append("no domains")
        bad_domains = [f"domain {problem}" for d in self.domains if (problem := domain_problem(d))]
        problems += bad_domains
        if not (self.sections or self.feeds or self.sitemaps):
            problems.append("no sections, feeds or sitemaps to start from")
        for url in (*self.sections, *self.feeds, *self.sitemaps):
            if not is_http_url(url):
                problems.append(f"{url!r} is not an http(s) URL")
            elif len(url) > MAX_URL_LENGTH:
                # Scrapy would drop the request, at INFO level; the run would find nothing.
                problems.append(f"{url[:60]!r}... is longer than {MAX_URL_LENGTH} characters")
        if self.domains and not bad_domains:
            # A section's own links are its host's: off the domains, the crawl follows none
            # of them. (A feed or a sitemap may live elsewhere, at a feed service or a CDN:
            # the article links in it are what must be on the domains.)
            problems += [
                f"section {url} is not on the domains ({', '.join(self.domains)})"
                for url in self.sections
                if is_http_url(url) and not host_allowed(url, self.domains)
            ]
        if self.timezone:
            try:
                ZoneInfo(self.timezone)
            except (ZoneInfoNotFoundError, ValueError):
                problems.append(f"unknown timezone {self.timezone!r}")
        if self.language and normalize_code(self.language) is None:
            problems.append(f"language {self.language!r} is not a language code like de or en-GB")
        problems += [
            f"keep_languages: {code!r} is not a language code like de or en-GB"
            for code in self.keep_languages
            if normalize_code(code) is None
        ]
        if self.article_pattern is not None:
            try:
                re.compile(self.article_pattern)
            except re.error as exc:
                problems.append(f"article_pattern is not a valid regex: {exc}")
        problems += _selector_problems(self.selectors)
        problems += _css_problems({"next_page_selector": self.next_page_selector or ""})
        for table in self.earlier_selectors:
            problems += [
                f"earlier_selectors until {table['until']}: {problem}"
                for problem in _selector_problems(_layout_selectors(table))
            ]
        untils = [table["until"] for table in self.earlier_selectors]
        if len(set(untils)) < len(untils):
            problems.append("earlier_selectors: two tables with the same until")
        if self.max_pages is not None and self.max_pages < 1:
            problems.append("max_pages must be at least 1")
        return problems

    @cached_property
    def languages_kept(self) -> frozenset[str]:
        """The ISO 639-1 codes of ``keep_languages`` (read once: a crawl asks per article)."""
        return kept_languages(self.keep_languages)

    @cached_property
    def _layouts(self) -> list[tuple[datetime, dict[str, str]]]:
        """(until, selectors) of each earlier layout, oldest first; ``until`` aware."""
        zone = self.tzinfo or UTC
        layouts = []
        for table in self.earlier_selectors:
            until = table["until"]
            if not isinstance(until, datetime):
                until = datetime.combine(until, time(), zone)
            elif until.tzinfo is None:
                until = until.replace(tzinfo=zone)
            layouts.append((until, _layout_selectors(table)))
        return sorted(layouts, key=lambda layout: layout[0])

    def selectors_at(self, fetched_at: datetime) -> dict[str, str]:
        """The selectors of the layout a page fetched at ``fetched_at`` (aware) was in.

        That of the earliest ``earlier_selectors`` table whose ``until`` is after the fetch,
        else ``selectors``. A table is the whole layout: a field it does not name is left to
        the generic extraction on its pages, not found by a later layout's selector.
        """
        for until, selectors in self._layouts:
            if fetched_at < until:
                return dict(selectors)
        return dict(self.selectors)

    @cached_property
    def article_regex(self) -> re.Pattern[str] | None:
        """The compiled ``article_pattern``, or None."""
        return re.compile(self.article_pattern) if self.article_pattern else None

    @property
    def tzinfo(self) -> ZoneInfo | None:
        """The site's timezone as a tzinfo; None if the profile names none."""
        return ZoneInfo(self.timezone) if self.timezone else None


def _layout_selectors(table: Mapping[str, Any]) -> dict[str, str]:
    """The selectors of an ``earlier_selectors`` table: all it names but ``until``."""
    return {name: css for name, css in table.items() if name != "until"}


def _selector_problems(selectors: dict[str, str]) -> list[str]:
    """What is wrong with a table of field = CSS selector: unknown fields, invalid CSS."""
    unknown = set(selectors) - SELECTOR_FIELDS
    problems = [unknown_names("selector field", unknown, SELECTOR_FIELDS)] if unknown else []
    return problems + _css_problems(selectors)


def _css_problems(named: dict[str, str]) -> list[str]:
    """The selectors of ``named`` (name = CSS) that are not valid CSS."""
    problems = []
    for name, css in named.items():
        # A selector that does not parse would match nothing, silently, on every page.
        try:
            if css:
                GenericTranslator().css_to_xpath(css)
        except SelectorError as exc:
            problems.append(f"selector {name} = {css!r} is not valid CSS: {exc}")
    return problems
