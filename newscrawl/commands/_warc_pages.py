"""The page a WARC response record holds, read as a crawl reads a response.

What ``scrapy importwarc`` (:mod:`newscrawl.commands._warc_import`) extracts from a record:
a 200 answer in HTML to an http(s) URL, decoded, at most the crawl's largest size, whose URL
a crawl would ask for as an article's (by its site's profile, else by the crawl's
heuristics), with the profile of its site. A record that holds none is said why.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from w3lib.encoding import http_content_type_encoding

from newscrawl.items import ArticlePage
from newscrawl.served import served_at
from newscrawl.sites import profile_of_url, profiles_by_domain
from newscrawl.spiders._links import clearly_not_article
from newscrawl.storage.reading import parse_instant
from newscrawl.urls import is_http_url, registered_host

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

    from newscrawl.sites import SiteProfile

#: Media types of the pages extracted; a record of any other is skipped.
_HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Why a record holds no page when the file ends inside it.
CUT_SHORT = "cut short"


class PageReader:
    """Reads the page of a response record, with its site's profile, or why it holds none."""

    def __init__(
        self,
        profiles: dict[str, SiteProfile],
        *,
        site: str | None = None,
        max_size: int = 16 * 1024 * 1024,
        any_url: bool = False,
    ) -> None:
        #: The site every page is filed under (--site), else each page's profile's or host.
        self.site = site
        #: The profile of --site, else of each domain a profile names.
        self.profiles: dict[str, SiteProfile] = (
            {site: profiles[site]}
            if site in profiles
            else {}
            if site
            else profiles_by_domain(profiles)
        )
        #: The most bytes of a page's body (DOWNLOAD_MAXSIZE): a larger page is skipped.
        self.max_size = max_size
        #: Whether a page whose URL the crawl would not take for an article is read.
        self.any_url = any_url

    def read(
        self, record: ArcWarcRecord, any_url: bool = False
    ) -> tuple[ArticlePage, SiteProfile | None] | str:
        """The page a response record holds and its site's profile, or why it holds none.

        ``any_url``: take a page whatever its URL (an article's next page).
        """
        url = record.rec_headers.get_header("WARC-Target-URI") or ""
        http = record.http_headers
        if not is_http_url(url):
            return "not an http(s) URL"
        if http is None:
            return "not an HTTP response"
        if http.get_statuscode() != "200":
            return "not answered 200"
        content_type = http.get_header("Content-Type")
        media_type = (content_type or "").split(";")[0].strip().lower()
        if media_type and media_type not in _HTML_TYPES:
            return "not HTML"
        # Read as the crawl reads a response: decoded (chunks, gzip), at most max_size.
        body = record.content_stream().read(self.max_size + 1)
        if len(body) > self.max_size:
            return "too large"
        if getattr(record.raw_stream, "limit", 0):
            # The file ended before the record's Content-Length: a page cut off.
            return CUT_SHORT
        profile = self.profiles.get(self.site) if self.site else profile_of_url(self.profiles, url)
        if not (any_url or self.any_url) and not _article_url(url, profile):
            # A crawl never asks for it: a home, section, tag or author page, which would
            # often pass for an article (a page of teasers has words enough).
            return "not an article URL"
        page = ArticlePage(
            url=url,
            body=body,
            site=self.site or (profile.name if profile else registered_host(url)),
            content_type=content_type,
            encoding=http_content_type_encoding(content_type),
            etag=http.get_header("ETag"),
            last_modified=http.get_header("Last-Modified"),
            fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
            served_at=served_at(http.get_header("Date"), http.get_header("Age")),
        )
        return page, profile


def _article_url(url: str, profile: SiteProfile | None) -> bool:
    """Whether ``url`` may be an article's, as far as its shape tells.

    By the profile's ``article_pattern`` where it has one; else unless the crawl's
    heuristics clearly say no (:func:`newscrawl.spiders._links.clearly_not_article`): here
    the page is already fetched, and a real article that the heuristics would not have
    followed (``/news/article/1234``) must not be lost.
    """
    pattern = profile.article_regex if profile is not None else None
    if pattern is not None:
        return bool(pattern.search(url))
    return not clearly_not_article(url)


def _warc_date(value: str | None) -> datetime:
    """A record's WARC-Date ("2026-11-02T09:30:00Z"), in UTC; now where it has none to read."""
    return (parse_instant(value) or datetime.now(UTC)).astimezone(UTC)
