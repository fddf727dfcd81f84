"""``python -m newscrawl.extract PAGE``: print the article as one JSON object.

``PAGE`` is a saved HTML page (with ``--url``, where it was fetched from), ``-`` for the
page on standard input (also with ``--url``), or an ``http(s)://`` URL, fetched once with
newscrawl's User-Agent (redirects followed, the final URL taken as the page's URL, at most
``DOWNLOAD_MAXSIZE`` bytes). One page a user asks for is fetched as a browser would fetch
it: robots.txt and the crawl's politeness rules are the crawler's business. An article
split over several pages is read whole, as the crawl reads it: its next pages are fetched
too (:mod:`newscrawl.extract.pagination`; one that cannot be is said on stderr, and the
article is the pages before it).

The same code path as the crawl: :func:`extract_article`, then :func:`check_article`;
``--published``, ``--author`` and ``--tag`` give what the crawl's feed or news sitemap
would have said of the page. Run in a newscrawl project (a folder with a ``scrapy.cfg``, or
below one), it reads the project's settings as ``scrapy`` does: its own site profiles
(``NEWSCRAWL_SITES_DIR``; a file there replaces a bundled profile of its name), and
``NEWSCRAWL_MIN_WORDS``, ``NEWSCRAWL_KEEP_LANGUAGES`` and ``NEWSCRAWL_MAX_ARTICLE_PAGES``.
The page is extracted with ``--site-profile``, else with the profile whose ``domains`` name
its host or a domain above it, as that profile's crawl would extract it (and as
``scrapy importwarc`` does).
Exit status 2, with a one-line message on stderr, for a page that cannot be read or
fetched, a page that is not HTML, or a page that is not an article.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import newscrawl.settings
from newscrawl.extract import ExtractionError, check_article, extract_article
from newscrawl.extract.errors import LISTING_PAGE
from newscrawl.extract.listing import Listing
from newscrawl.extract.pagination import page_to_follow
from newscrawl.extract.validate import kept_languages
from newscrawl.fetch import Fetched, FetchError, fetch
from newscrawl.sites import (
    ProfileError,
    load_profile,
    profile_of_url,
    profiles_by_domain,
    read_profiles,
    sites_dir,
)
from newscrawl.stdout import reader_may_stop
from newscrawl.urls import is_http_url

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from newscrawl.sites import SiteProfile

_PROG = "newscrawl.extract"


class _Unreadable(Exception):
    """The page could not be read or fetched; the message says why."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m newscrawl.extract",
        description="Extract the normalized article from an HTML page.",
    )
    parser.add_argument(
        "page", help="a saved HTML page, '-' for standard input, or an http(s):// URL to fetch"
    )
    parser.add_argument(
        "--url",
        help="the URL the page was fetched from (required for a file or stdin; for a fetched "
        "page, the URL it was redirected to)",
    )
    parser.add_argument(
        "--site-profile",
        help="a bundled site profile's name (e.g. jpost), or a profile file (NAME.toml)",
    )
    parser.add_argument("--encoding", help="the page's encoding if known (default: detect)")
    parser.add_argument(
        "--fetched-at",
        type=_moment,
        help="when the page was fetched (ISO 8601; without an offset, UTC; default: now): "
        "dates after it are not believed, and a profile's earlier_selectors apply before "
        "their day",
    )
    listing = parser.add_argument_group(
        "listing",
        "What the feed or news sitemap that listed the page said of it, taken where the page "
        "says less, as the crawl takes it.",
    )
    listing.add_argument("--published", help="when it was published (ISO 8601 or RFC 2822)")
    listing.add_argument("--author", action="append", default=[], help="an author (repeatable)")
    listing.add_argument("--tag", action="append", default=[], help="a category (repeatable)")
    parser.add_argument(
        "--min-words",
        type=int,
        help="bodies shorter than this are not articles (default: the project's "
        f"NEWSCRAWL_MIN_WORDS, {newscrawl.settings.NEWSCRAWL_MIN_WORDS} unless it sets one)",
    )
    return parser


def _moment(value: str) -> datetime:
    """An ISO 8601 date or date-time, aware (UTC where it names no offset)."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO 8601 date or date-time (2024-06-01T12:00:00+02:00)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _is_url(page: str) -> bool:
    return page.lower().startswith(("http://", "https://"))


def _read(page: str, url: str | None) -> Fetched:
    """The page the user named: fetched, or read with the URL they gave."""
    for given in (page, url) if _is_url(page) else (url,):
        if given is not None and not is_http_url(given):
            raise _Unreadable(f"{given!r} is not an http(s) URL")
    if _is_url(page):
        try:
            fetched = fetch(page)
        except FetchError as exc:
            raise _Unreadable(str(exc)) from None
        return Fetched(fetched.body, url or fetched.url, fetched.charset, fetched.served_at)
    if url is None:
        raise _Unreadable(f"--url is required with {'standard input' if page == '-' else page}")
    if page == "-":
        return Fetched(sys.stdin.buffer.read(), url, None)
    try:
        return Fetched(Path(page).read_bytes(), url, None)
    except OSError as exc:
        raise _Unreadable(f"cannot read {page}: {exc.strerror or exc}") from None


class _Project:
    """What the crawl of the project in (or above) this folder extracts and judges pages by."""

    def __init__(self, settings: BaseSettings) -> None:
        def number(name: str) -> int:
            try:
                return settings.getint(name, getattr(newscrawl.settings, name))
            except ValueError:
                raise _Unreadable(
                    f"setting {name}={settings.get(name)!r} is not a number"
                ) from None

        self.profiles, self.broken = read_profiles(sites_dir(settings))
        self.by_domain = profiles_by_domain(self.profiles)
        self.min_words = number("NEWSCRAWL_MIN_WORDS")
        self.max_pages = number("NEWSCRAWL_MAX_ARTICLE_PAGES")
        try:
            self.languages = kept_languages(settings.getlist("NEWSCRAWL_KEEP_LANGUAGES"))
        except ValueError as exc:
            raise _Unreadable(f"setting NEWSCRAWL_KEEP_LANGUAGES: {exc}") from None

    @classmethod
    def here(cls) -> _Project:
        """The project of the current folder, as ``scrapy`` finds it; else newscrawl's own."""
        # Scrapy's reading of a project (scrapy.cfg, SCRAPY_SETTINGS_MODULE), imported here:
        # the extractor itself imports no Scrapy.
        from scrapy.settings import Settings
        from scrapy.utils.project import get_project_settings, inside_project

        if inside_project():
            return cls(get_project_settings())
        return cls(Settings(vars(newscrawl.settings)))

    def profile(self, name_or_file: str) -> SiteProfile:
        """The project's profile of that name (its own, else a bundled one), or in that file."""
        if name_or_file.endswith(".toml"):
            try:
                return load_profile(Path(name_or_file))
            except ProfileError as exc:  # a file that cannot be read too
                raise _Unreadable(str(exc)) from None
        profile = self.profiles.get(name_or_file)
        if profile is None:
            known = ", ".join(sorted(self.profiles))
            raise _Unreadable(
                str(
                    self.broken.get(name_or_file)
                    or f"unknown site profile {name_or_file!r} (known: {known}; "
                    "or give a profile file, NAME.toml)"
                )
            )
        return profile


def _next_pages(first: Fetched, most: int) -> list[Fetched]:
    """The fetched article's next pages, when it is split over several (``most`` in all)."""
    pages: list[Fetched] = []
    page = first
    while link := page_to_follow(page.body, page.url, first.url, 1 + len(pages), most):
        try:
            page = fetch(link)
        except FetchError as exc:
            print(f"{_PROG}: page {len(pages) + 2} of the article: {exc}", file=sys.stderr)
            break
        pages.append(page)
    return pages


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        project = _Project.here()
        profile = project.profile(args.site_profile) if args.site_profile else None
        page = _read(args.page, args.url)
    except _Unreadable as exc:
        print(f"{_PROG}: {exc}", file=sys.stderr)
        return 2
    if profile is None:
        profile = profile_of_url(project.by_domain, page.url)
    more = _next_pages(page, project.max_pages) if _is_url(args.page) else []
    try:
        article = extract_article(
            page.body,
            page.url,
            profile,
            encoding=args.encoding or page.charset,
            crawled_at=args.fetched_at,
            listing=Listing(args.published, tuple(args.author), tuple(args.tag)),
            served_at=page.served_at,
            more_pages=[(next_page.body, next_page.url, next_page.charset) for next_page in more],
        )
    except ExtractionError as exc:
        what = "an article" if exc.reason == LISTING_PAGE else "an HTML page"
        print(f"{_PROG}: {args.page} is not {what} ({exc})", file=sys.stderr)
        return 2
    # The languages kept as the crawl's validation keeps them: the profile's, else the setting's.
    languages = (profile.languages_kept if profile else frozenset()) or project.languages
    min_words = project.min_words if args.min_words is None else args.min_words
    reason = check_article(article, min_words=min_words, languages=languages)
    if reason is not None:
        print(f"{_PROG}: {args.page} is not an article ({reason})", file=sys.stderr)
        return 2
    with reader_may_stop():
        json.dump(article, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
