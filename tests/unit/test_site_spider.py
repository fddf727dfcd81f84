"""SiteSpider request policy: start requests unfiltered, next pages after the articles."""

from __future__ import annotations

import gzip
import logging
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import pytest
import pytest_twisted
from scrapy import Request
from scrapy.exceptions import DownloadFailedError, IgnoreRequest, ResponseDataLossError
from scrapy.http import HtmlResponse, Response, XmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.spiders import SitemapSpider
from twisted.internet.error import ConnectionDone, ConnectionLost, ConnectionRefusedError
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed

from newscrawl.extensions.summary import (
    ARTICLE_FAILURES_PREFIX,
    ARTICLE_PAGES_KEY,
    counts_by_reason,
    summarize,
)
from newscrawl.extract.listing import Listing
from newscrawl.items import GonePage
from newscrawl.middlewares._refused import Refused
from newscrawl.middlewares.incremental import (
    LISTED_MODIFIED_META,
    PREVIOUS_PAGE_META,
    REVISIT_META,
    PaginationStopped,
)
from newscrawl.middlewares.robotstxt import RobotsTxtForbidden, RobotsTxtUnavailable
from newscrawl.signals import page_gone
from newscrawl.sites.profile import SiteProfile
from newscrawl.spiders._feeds import MAX_FEED_ENTRIES
from newscrawl.spiders._links import MAX_LINKS_READ
from newscrawl.spiders._listing import (
    ANNOUNCED_BY,
    ANNOUNCED_UNUSED,
    DISCOVERED_ON,
    DISCOVERED_SECTIONS,
    DISCOVERED_UNUSED,
    LISTINGS_SITEMAPS,
    NO_ARTICLE_LINKS,
    NOT_FETCHED,
    SitemapTally,
)
from newscrawl.spiders._listing_words import LISTING_META
from newscrawl.spiders.site import LINKS_CUT, NEXT_PAGE_PRIORITY, SiteSpider
from tests.utils import project_crawler

PROFILE = SiteProfile(
    name="example",
    domains=("example.com",),
    sections=("https://example.com/world",),
    feeds=("https://example.com/rss.xml",),
    sitemaps=("https://example.com/sitemap.xml",),
    article_pattern=r"/\d{4}/\d{2}/\d{2}/",
)


class ExampleSpider(SiteSpider):
    name = "example"
    profile: ClassVar[SiteProfile] = PROFILE


def spider() -> Any:
    return ExampleSpider.from_crawler(project_crawler(ExampleSpider))


@pytest_twisted.ensureDeferred
async def test_start_requests_bypass_the_duplicate_filter() -> None:
    requests = [r async for r in spider().start()]
    assert {r.url for r in requests} == {
        "https://example.com/sitemap.xml",
        "https://example.com/world",
        "https://example.com/rss.xml",
    }
    assert all(isinstance(r, Request) and r.dont_filter for r in requests)
    # A listing page that cannot be fetched is said (see the listing_failed tests).
    assert all(r.errback == requests[0].errback is not None for r in requests)


def test_next_page_comes_after_the_articles_of_the_page() -> None:
    body = (
        b'<html><body><main><a href="/world/2025/01/02/story-1">Story</a></main>'
        b'<nav class="pagination"><a rel="next" href="/world?page=2">Next</a></nav></body></html>'
    )
    response = HtmlResponse("https://example.com/world", body=body, encoding="utf-8")
    site = spider()
    site.max_pages = 3
    requests = list(site.parse_section(response, page=1))
    article, next_page = requests
    assert article.url.endswith("/story-1") and not article.dont_filter
    assert next_page.url == "https://example.com/world?page=2"
    assert next_page.priority == NEXT_PAGE_PRIORITY < article.priority
    # With the page's articles, for the incremental middleware to judge whether it is wanted.
    assert next_page.meta[PREVIOUS_PAGE_META] == [article.url]
    # Not sent (nothing new on the page before): no problem of the listing.
    site.listing_failed(Failure(PaginationStopped("nothing new"), exc_tb=None))
    assert not site.crawler.stats.get_value(NOT_FETCHED)


def test_an_article_link_too_long_to_archive_is_counted_not_requested() -> None:
    """Scrapy's URL length limit dropped it at INFO level, uncounted; or it was fetched
    only to be dropped."""
    long_path = "/world/2025/01/02/story-" + "x" * 2100
    body = (
        f'<html><body><main><a href="{long_path}">Long</a>'
        '<a href="/world/2025/01/02/story-1">Story</a></main></body></html>'
    )
    response = HtmlResponse("https://example.com/world", body=body.encode(), encoding="utf-8")
    site = spider()
    requests = list(site.parse_section(response, page=1))
    assert [r.url for r in requests] == ["https://example.com/world/2025/01/02/story-1"]
    assert site.crawler.stats.get_value(f"{ARTICLE_FAILURES_PREFIX}url-too-long") == 1


@pytest_twisted.ensureDeferred
async def test_a_listing_page_is_read_once_a_run_even_where_links_lead_back_to_it() -> None:
    """Start pages bypass the duplicate filter: pagination that loops back to a section's
    first page, a sitemap index that lists itself, would have them read twice."""
    site = spider()
    site.max_pages = 5
    starts = [r async for r in site.start()]
    assert len(starts) == 3

    def section_page(url: str, next_url: str) -> HtmlResponse:
        body = (
            f'<html><body><main><a href="/world/2025/01/02/story-{url[-1]}">Story</a></main>'
            f'<a rel="next" href="{next_url}">Next</a></body></html>'
        )
        return HtmlResponse(url, body=body.encode(), encoding="utf-8")

    first = section_page("https://example.com/world", "/world?page=2")
    [_, second] = site.parse_section(first, page=1)
    assert second.url == "https://example.com/world?page=2"
    looped = section_page(second.url, "/world")  # page 2 leads back to page 1
    assert [r.url for r in site.parse_section(looped, page=2)] == [
        "https://example.com/world/2025/01/02/story-2"
    ]
    index = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://example.com/sitemap.xml</loc></sitemap>"
        b"<sitemap><loc>https://example.com/sitemap-1.xml</loc></sitemap></sitemapindex>"
    )
    response = XmlResponse("https://example.com/sitemap.xml", body=index)
    assert [r.url for r in site._parse_sitemap(response)] == ["https://example.com/sitemap-1.xml"]


@pytest_twisted.ensureDeferred
async def test_sitemaps_may_be_as_large_as_the_protocol_allows(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """50 MB unpacked: one of 50,000 URLs with image tags is past the 16 MB pages may be,
    and was dropped as "invalid", failing the run."""
    site = spider()
    [sitemap] = [r async for r in site.start() if "sitemap" in r.url]
    assert sitemap.meta["download_maxsize"] == 52_428_800 == sitemap.meta["download_warnsize"]
    index = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://example.com/sitemap-1.xml.gz</loc></sitemap></sitemapindex>"
    )
    [child] = site._parse_sitemap(XmlResponse("https://example.com/sitemap.xml", body=index))
    assert child.meta["download_maxsize"] == 52_428_800
    # One past even that is said for what it is (Scrapy says "invalid sitemap").
    entries = b"".join(
        b"<url><loc>https://example.com/world/2025/01/02/story-%d</loc></url>" % n
        for n in range(200)
    )
    big = gzip.compress(b'<?xml version="1.0"?><urlset>' + entries + b"</urlset>")
    request = Request("https://example.com/sitemap-1.xml.gz", meta={"download_maxsize": 1000})
    response = Response(request.url, body=big, request=request)
    with caplog.at_level(logging.WARNING):
        assert list(site._parse_sitemap(response)) == []
    assert "unpacks to more than 1000 bytes, the sitemap protocol's limit" in caplog.text


def test_a_malformed_sitemap_url_costs_only_its_entry() -> None:
    body = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>http://[ccpa-preferences]/world/2025/01/01/story-0</loc></url>"
        b"<url><loc>https://example.com/world/2025/01/02/story-1</loc></url>"
        b"<url><loc>https://example.com:99999/world/2025/01/03/story-2</loc></url>"
        b"</urlset>"
    )
    site = spider()
    response = XmlResponse("https://example.com/sitemap.xml", body=body)
    requests = list(site._parse_sitemap(response))
    assert [r.url for r in requests] == ["https://example.com/world/2025/01/02/story-1"]
    assert site.crawler.stats.get_value("newscrawl/sitemap/malformed_loc") == 2


def test_a_feed_or_sitemap_given_as_a_section_is_read_as_one() -> None:
    """``-a start_urls=.../rss.xml``: as HTML it would link to nothing."""
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>World</title>'
        b"<item><link>https://example.com/world/2025/01/02/story-1</link></item>"
        b"</channel></rss>"
    )
    sitemap = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://example.com/world/2025/01/03/story-2</loc></url></urlset>"
    )
    site = spider()
    for url, body, article in [
        ("https://example.com/world/rss.xml", rss, "story-1"),
        ("https://example.com/sitemap.xml", sitemap, "story-2"),
        ("https://example.com/sitemap.xml.gz", gzip.compress(sitemap), "story-2"),
    ]:
        kind = Response if url.endswith(".gz") else XmlResponse  # as Scrapy types them
        response = kind(url, body=body, request=Request(url))
        requests = list(site.parse_section(response, page=1))
        assert [r.url.rsplit("/", 1)[-1] for r in requests] == [article], url
        assert requests[0].callback == site.parse_article
        assert requests[0].errback == site.article_failed


def test_article_pages_that_could_not_be_fetched_are_counted_by_reason(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A refusal is handed back to Scrapy, which logs it as it does without an errback; a
    download error is one warning; a request spared (the archive has the page) is no
    failure."""
    site = spider()
    (request,) = site._article_request("https://example.com/world/2025/01/02/story-1")
    assert request.errback == site.article_failed
    failures = [
        _failure(HttpError(HtmlResponse(request.url, status=403), "Ignoring"), request),
        _failure(HttpError(HtmlResponse(request.url, status=403), "Ignoring"), request),
        _failure(ConnectionRefusedError("Connection was refused"), request),
        _failure(IgnoreRequest("archived, not due for a revisit"), request),
        _failure(RobotsTxtForbidden("Forbidden by robots.txt"), request),
        _failure(RobotsTxtUnavailable("robots.txt unavailable (HTTP 503)"), request),
        # A guard's refusal (the body, the redirects, the host): not fetched, by its reason.
        _failure(Refused("undecodable", "body not valid gzip"), request),
        _failure(Refused("redirect-offsite", "redirect to https://other.example/"), request),
    ]
    # Scrapy wraps Twisted's errors: the summary names the one underneath.
    try:
        try:
            raise ResponseFailed([Failure(ConnectionLost("Connection lost"))])
        except ResponseFailed as error:
            raise DownloadFailedError(str(error)) from error
    except DownloadFailedError as wrapped:
        failures.append(_failure(wrapped, request))
    # ... but where Scrapy names what happened, its name: a body cut short, not the
    # ConnectionDone under it.
    try:
        try:
            raise ResponseFailed([Failure(ConnectionDone("Connection closed cleanly"))])
        except ResponseFailed as error:
            raise ResponseDataLossError(str(error)) from error
    except ResponseDataLossError as cut:
        failures.append(_failure(cut, request))
    for failure in failures:
        handed_back = site.article_failed(failure)
        if failure.check(IgnoreRequest):
            assert handed_back is failure  # Scrapy logs it ("Ignoring response <403 ...>")
        else:
            # A download error is one warning (see below), not Scrapy's ERROR and traceback.
            assert handed_back == []
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert (
        "Article page not fetched (ConnectionRefusedError: Connection was refused by other "
        "side: Connection was refused.): https://example.com/world/2025/01/02/story-1"
    ) in warnings
    assert (
        "Article page not fetched (ResponseDataLossError): "
        "https://example.com/world/2025/01/02/story-1"
    ) in warnings
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert counts_by_reason(site.crawler.stats, ARTICLE_FAILURES_PREFIX) == {
        "ConnectionLost": 1,
        "ConnectionRefusedError": 1,
        "ResponseDataLossError": 1,
        "http-403": 2,
        "redirect-offsite": 1,
        "robots-txt": 1,
        "robots-txt-unavailable": 1,
        "undecodable": 1,
    }


def test_a_sitemap_without_an_element_is_ignored_and_counted() -> None:
    """Scrapy's sitemap reader raises StopIteration on these; the crawl goes on."""
    site = spider()
    for body in (b"   ", b"\x00\x01binary", b"<?xml version='1.0' encoding='UTF-8'?>"):
        response = XmlResponse("https://example.com/sitemap.xml", body=body)
        assert list(site._parse_sitemap(response)) == []
    assert site.crawler.stats.get_value("newscrawl/sitemap/invalid") == 3


def test_a_feed_that_is_no_feed_is_counted() -> None:
    site = spider()
    page = HtmlResponse(
        "https://example.com/rss.xml",
        body=b'<html><body><a href="/world/2025/01/02/story-1">Story</a></body></html>',
        encoding="utf-8",
        request=Request("https://example.com/rss.xml"),
    )
    assert list(site.parse_feed(page)) == []
    assert site.crawler.stats.get_value("newscrawl/feed/invalid") == 1


def test_a_utf16_feed_is_still_read() -> None:
    rss = (
        '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><item>'
        "<link>https://example.com/world/2025/01/02/story-1</link></item></channel></rss>"
    ).encode("utf-16")
    requests = list(spider().parse_feed(XmlResponse("https://example.com/rss.xml", body=rss)))
    assert [r.url for r in requests] == ["https://example.com/world/2025/01/02/story-1"]


# --- listing pages that give no articles -------------------------------------------------


def test_a_section_page_linking_to_no_article_is_said_and_counted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A redesign, a consent page or links drawn by JavaScript: the crawl finds nothing
    there, and a run that stores nothing new must not look like one with nothing new."""
    body = b'<html><body><main><a href="/world">World</a><a href="/about">About</a></main>'
    body += (
        b'<nav class="pagination"><a rel="next" href="/world?page=2">Next</a></nav></body></html>'
    )
    site = spider()
    site.max_pages = 2
    response = HtmlResponse(
        "https://example.com/world",
        body=body,
        encoding="utf-8",
        request=Request("https://example.com/world"),
    )
    with caplog.at_level(logging.WARNING):
        requests = list(site.parse_section(response, page=1))
    # The next page is still asked for: the articles may be there.
    assert [r.url for r in requests] == ["https://example.com/world?page=2"]
    assert requests[0].errback == site.listing_failed
    assert site.crawler.stats.get_value(NO_ARTICLE_LINKS) == 1
    # The profile's article_pattern refused the site's links: the message says so.
    assert (
        "Section page https://example.com/world links to no article (2 links to the site on "
        "it, none matching article_pattern)" in caplog.text
    )


def test_a_section_page_with_articles_is_no_problem() -> None:
    body = b'<html><body><main><a href="/world/2025/01/02/story-1">Story</a></main></body></html>'
    site = spider()
    response = HtmlResponse("https://example.com/world", body=body, encoding="utf-8")
    assert len(list(site.parse_section(response, page=1))) == 1
    assert site.crawler.stats.get_value(NO_ARTICLE_LINKS) is None


def test_a_feed_listing_no_article_is_said_and_counted(caplog: pytest.LogCaptureFixture) -> None:
    """Its links all miss the profile's article_pattern: the site changed its URLs."""
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel>'
        b"<item><link>https://example.com/world/story-1</link></item></channel></rss>"
    )
    site = spider()
    with caplog.at_level(logging.WARNING):
        response = XmlResponse(
            "https://example.com/rss.xml", body=rss, request=Request("https://example.com/rss.xml")
        )
        assert list(site.parse_feed(response)) == []
    assert site.crawler.stats.get_value(NO_ARTICLE_LINKS) == 1
    assert (
        "Feed https://example.com/rss.xml links to no article (1 link in it, none matching "
        "article_pattern)" in caplog.text
    )


def test_a_sitemap_of_an_index_carries_the_errback() -> None:
    index = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://example.com/sitemap-1.xml</loc></sitemap></sitemapindex>"
    )
    site = spider()
    response = XmlResponse("https://example.com/sitemap.xml", body=index)
    (child,) = site._parse_sitemap(response)
    assert child.url == "https://example.com/sitemap-1.xml"
    assert child.errback == site.listing_failed


def _failure(error: Exception, request: Request) -> Failure:
    failure = Failure(error)
    failure.request = request  # type: ignore[attr-defined]  # as Scrapy's scraper sets it
    return failure


@pytest.mark.parametrize(
    ("error", "level", "message"),
    [
        (
            HttpError(HtmlResponse("https://example.com/world", status=404), "Ignoring"),
            logging.WARNING,
            "Section page https://example.com/world answered HTTP 404: moved or removed?",
        ),
        (
            HttpError(HtmlResponse("https://example.com/world", status=403), "Ignoring"),
            logging.WARNING,
            "https://example.com/world answered HTTP 403: is the site blocking the crawler?",
        ),
        (
            HttpError(HtmlResponse("https://example.com/world", status=502), "Ignoring"),
            logging.WARNING,
            "https://example.com/world answered HTTP 502: the site is down or failing",
        ),
        (
            HttpError(HtmlResponse("https://example.com/world", status=451), "Ignoring"),
            logging.WARNING,
            "https://example.com/world answered HTTP 451",
        ),
        (
            IgnoreRequest("Forbidden by robots.txt"),
            logging.WARNING,
            "Section page https://example.com/world not fetched: Forbidden by robots.txt",
        ),
        (
            RobotsTxtForbidden("Forbidden by robots.txt (newscrawl's)"),
            logging.WARNING,
            "Section page https://example.com/world not fetched: Forbidden by robots.txt (",
        ),
        (
            ConnectionRefusedError("Connection was refused by other side"),
            logging.ERROR,
            "Section page https://example.com/world could not be fetched: Connection was refused",
        ),
    ],
)
def test_a_listing_page_not_fetched_is_said_and_counted(
    caplog: pytest.LogCaptureFixture, error: Exception, level: int, message: str
) -> None:
    """Scrapy says so at INFO (HTTP errors) or DEBUG (robots.txt) level only."""
    site = spider()
    request = Request("https://example.com/world", callback=site.parse_section)
    with caplog.at_level(logging.INFO):
        assert site.listing_failed(_failure(error, request)) is None
    (record,) = [r for r in caplog.records if r.name == "newscrawl.spiders._listing"]
    assert record.levelno == level and message in record.getMessage()
    # Gone (404, 410): nothing there to read, which no later run's pagination waits on.
    reason = (
        "gone"
        if "HTTP 404" in message
        else "forbidden"
        if isinstance(error, RobotsTxtForbidden)
        else "not-fetched"
    )
    assert site.crawler.stats.get_value(f"newscrawl/listing/{reason}") == 1
    assert f"1 listing page gave no articles ({reason}: 1), 0 errors" in summarize(
        site.crawler.stats
    )


def test_sitemap_entries_older_than_the_max_age_are_skipped() -> None:
    """NEWSCRAWL_SITEMAP_MAX_AGE_DAYS, by lastmod; entries without one are kept."""
    now = datetime.now(UTC)
    entries = [
        ("story-old", f"<lastmod>{(now - timedelta(days=30)).isoformat()}</lastmod>"),
        ("story-new", f"<lastmod>{(now - timedelta(hours=5)).date().isoformat()}</lastmod>"),
        ("story-undated", ""),
        ("story-bad-date", "<lastmod>yesterday</lastmod>"),
    ]
    body = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    for slug, lastmod in entries:
        body += f"<url><loc>https://example.com/world/2025/01/02/{slug}</loc>{lastmod}</url>"
    body += "</urlset>"
    site = spider()
    site.sitemap_max_age = timedelta(days=2)
    response = XmlResponse("https://example.com/sitemap.xml", body=body.encode())
    kept = [r.url.rsplit("/", 1)[-1] for r in site._parse_sitemap(response)]
    assert kept == ["story-new", "story-undated", "story-bad-date"]
    site.sitemap_max_age = None
    assert len(list(site._parse_sitemap(response))) == 4


def sitemap_of(entries: list[tuple[str, str]]) -> XmlResponse:
    body = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    for path, lastmod in entries:
        lastmod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        body += f"<url><loc>https://example.com/world/2025/01/02/{path}</loc>{lastmod}</url>"
    body += "</urlset>"
    return XmlResponse("https://example.com/sitemap.xml", body=body.encode())


def test_a_sitemap_entry_s_lastmod_goes_with_its_article_request() -> None:
    """For the incremental middleware: an archived article edited since is due."""
    response = sitemap_of(
        [
            ("story-1", "2026-11-20T08:15:00+01:00"),
            ("caf\u00e9-2", "2026-11-21T09:00:00Z"),  # the key is the request's (escaped) URL
            ("story-3", ""),
            ("story-4", "2026-11-21"),
        ]
    )
    requests = list(spider()._parse_sitemap(response))
    listed = {r.url.rsplit("/", 1)[-1]: r.meta.get(LISTED_MODIFIED_META) for r in requests}
    assert listed == {
        "story-1": "2026-11-20T08:15:00+01:00",
        "caf%C3%A9-2": "2026-11-21T09:00:00Z",
        "story-3": None,
        "story-4": "2026-11-21",
    }


def test_a_sitemap_that_gives_every_entry_one_lastmod_is_not_believed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The time the sitemap was generated, not of edits: believed, every archived article
    it lists would be fetched again at every run."""
    now = "2026-11-29T12:00:07+00:00"
    response = sitemap_of([(f"story-{n}", now) for n in range(12)])
    site = spider()
    with caplog.at_level(logging.INFO):
        requests = list(site._parse_sitemap(response))
    assert len(requests) == 12
    assert not any(LISTED_MODIFIED_META in r.meta for r in requests)
    assert site.crawler.stats.get_value("newscrawl/sitemap/lastmod-generated") == 1
    assert "gives its entries one lastmod time (2026-11-29T12:00:07+00:00)" in caplog.text
    # Days alone are every day's articles': believed.
    days = sitemap_of([(f"story-{n}", "2026-11-29") for n in range(12)])
    assert all(r.meta[LISTED_MODIFIED_META] for r in site._parse_sitemap(days))


def atom_of(entries: list[tuple[str, str]]) -> XmlResponse:
    body = "".join(
        f'<entry><link href="https://example.com/2026/11/20/{slug}"/><updated>{when}</updated></entry>'
        for slug, when in entries
    )
    xml = f'<feed xmlns="http://www.w3.org/2005/Atom">{body}</feed>'
    url = "https://example.com/atom.xml"
    return XmlResponse(url, body=xml.encode(), request=Request(url))


def test_an_atom_entrys_updated_is_handed_on_like_a_lastmod() -> None:
    response = atom_of([("story-1", "2026-11-20T08:15:00+01:00"), ("story-2", "")])
    requests = list(spider().parse_feed(response))
    listed = {r.url.rsplit("/", 1)[-1]: r.meta.get(LISTED_MODIFIED_META) for r in requests}
    assert listed == {"story-1": "2026-11-20T08:15:00+01:00", "story-2": None}


def test_a_feed_that_gives_every_entry_one_updated_is_not_believed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    response = atom_of([(f"story-{n}", "2026-11-29T12:00:07Z") for n in range(12)])
    site = spider()
    with caplog.at_level(logging.INFO):
        requests = list(site.parse_feed(response))
    assert len(requests) == 12
    assert not any(LISTED_MODIFIED_META in r.meta for r in requests)
    assert site.crawler.stats.get_value("newscrawl/feed/updated-generated") == 1
    assert "Feed https://example.com/atom.xml gives its entries one updated" in caplog.text


def rss_of(entries: list[tuple[str, str]]) -> XmlResponse:
    items = "".join(
        f"<item><link>https://example.com/2026/11/20/{slug}</link>"
        + (f"<pubDate>{when}</pubDate>" if when else "")
        + "</item>"
        for slug, when in entries
    )
    url = "https://example.com/rss.xml"
    body = f"<rss version='2.0'><channel>{items}</channel></rss>".encode()
    return XmlResponse(url, body=body, request=Request(url))


def listed(requests: list[Request]) -> dict[str, Any]:
    """What the listing said of each requested article, by the last part of its URL."""
    return {r.url.rsplit("/", 1)[-1]: r.meta.get(LISTING_META) for r in requests}


def test_a_feed_item_s_publication_time_goes_with_its_article_request() -> None:
    """For a page that does not say when it was published; as ISO 8601."""
    response = rss_of([("story-1", "Fri, 20 Nov 2026 08:15:00 +0100"), ("story-2", "")])
    requests = list(spider().parse_feed(response))
    assert listed(requests) == {
        "story-1": {"published": "2026-11-20T08:15:00+01:00"},
        "story-2": None,
    }


def test_a_feed_that_gives_every_item_one_pubdate_is_not_believed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Some feeds date every item with the time the feed was made."""
    response = rss_of([(f"story-{n}", "Sun, 29 Nov 2026 12:00:07 GMT") for n in range(12)])
    site = spider()
    with caplog.at_level(logging.INFO):
        requests = list(site.parse_feed(response))
    assert len(requests) == 12
    assert not any(LISTING_META in r.meta for r in requests)
    assert site.crawler.stats.get_value("newscrawl/feed/published-generated") == 1
    assert "not taken as when the articles were published" in caplog.text


def test_a_news_sitemap_s_news_tags_go_with_the_article_requests(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Scrapy's sitemap reader loses <news:news>'s children: read for them."""
    body = b"""<?xml version="1.0"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
            xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>https://example.com/world/2026/11/20/caf\xc3\xa9-1</loc>
        <lastmod>2026-11-21T10:00:00Z</lastmod>
        <news:news><news:publication><news:name>Example</news:name>
          <news:language>en</news:language></news:publication>
          <news:publication_date>2026-11-20T08:15:00+01:00</news:publication_date>
          <news:title>A story</news:title><news:keywords>Harbour, ferries ,</news:keywords>
        </news:news></url>
      <url><loc>https://example.com/world/2026/11/20/story-2</loc>
        <news:news><news:publication_date>soon</news:publication_date></news:news></url>
    </urlset>"""
    response = XmlResponse("https://example.com/news.xml", body=body)
    requests = list(spider()._parse_sitemap(response))
    said = {"published": "2026-11-20T08:15:00+01:00", "tags": ["Harbour", "ferries"]}
    assert listed(requests) == {"caf%C3%A9-1": said, "story-2": None}
    assert requests[0].meta[LISTED_MODIFIED_META] == "2026-11-21T10:00:00Z"
    # A gzipped news sitemap too, unpacked once for both readings (the size warning of
    # Scrapy's unpacking said once).
    url = "https://example.com/news.xml.gz"
    gzipped = gzip.compress(body)
    meta = {"download_warnsize": len(gzipped) + 1}  # smaller than the sitemap unpacked
    packed = Response(url, body=gzipped, request=Request(url, meta=meta))
    with caplog.at_level(logging.WARNING):
        requests = list(spider()._parse_sitemap(packed))
    assert requests[0].meta[LISTING_META] == said
    assert sum("after decompression" in m for m in caplog.messages) == 1


def test_a_feed_item_s_authors_and_categories_go_with_its_article_request() -> None:
    body = b"""<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
      <item><link>https://example.com/2026/11/20/story-1</link><dc:creator>Ann Lee</dc:creator>
      <category>Harbour</category><category><![CDATA[Ferries]]></category></item>
      <item><link>https://example.com/2026/11/20/story-2</link></item></channel></rss>"""
    url = "https://example.com/rss.xml"
    requests = list(spider().parse_feed(XmlResponse(url, body=body, request=Request(url))))
    said = {"authors": ["Ann Lee"], "tags": ["Harbour", "Ferries"]}
    assert listed(requests) == {"story-1": said, "story-2": None}


def test_what_the_listing_said_goes_with_the_article_page() -> None:
    said = {"published": "2026-11-20T08:15:00+01:00", "authors": ["A B"], "tags": ["T"]}
    request = Request("https://example.com/world/2026/11/20/story-1", meta={LISTING_META: said})
    response = HtmlResponse(request.url, body=b"<html></html>", request=request)
    (page,) = spider().parse_article(response)
    assert page.listing == Listing("2026-11-20T08:15:00+01:00", ("A B",), ("T",))
    response = HtmlResponse(request.url, body=b"<html></html>", request=Request(request.url))
    (page,) = spider().parse_article(response)
    assert page.listing is None


def test_a_listing_page_is_read_up_to_a_bound(caplog: pytest.LogCaptureFixture) -> None:
    """A page of a hundred thousand links would hold the reactor and fill the frontier."""
    links = "".join(
        f'<a href="/world/2026/11/20/story-{n}">Story {n}</a>' for n in range(MAX_LINKS_READ + 5)
    )
    url = "https://example.com/world"
    body = f"<html><body><main>{links}</main></body></html>".encode()
    site = spider()
    response = HtmlResponse(url, body=body, request=Request(url))
    with caplog.at_level(logging.WARNING):
        requests = list(site.parse_section(response))
    assert len(requests) == MAX_LINKS_READ
    assert requests[-1].url.endswith(f"story-{MAX_LINKS_READ - 1}")
    assert site.crawler.stats.get_value(LINKS_CUT) == 1
    assert "has more links (only the first 10,000 read)" in caplog.text
    # A feed of more entries than are read.
    feed = rss_of([(f"story-{n}", "") for n in range(MAX_FEED_ENTRIES + 5)])
    assert len(list(site.parse_feed(feed))) == MAX_FEED_ENTRIES
    assert site.crawler.stats.get_value(LINKS_CUT) == 2
    assert "has more entries (only the first 10,000 read)" in caplog.text


def test_malformed_validators_are_not_kept() -> None:
    """A control byte in a header value is against RFC 9110: no validator to send back."""
    url = "https://example.com/world/2026/11/20/story-1"
    headers = {"ETag": b'"a\x00b"', "Last-Modified": b"Fri, 20 Nov 2026 08:15:00 GMT"}
    response = HtmlResponse(url, body=b"<html></html>", headers=headers, request=Request(url))
    (page,) = spider().parse_article(response)
    assert page.etag is None and page.last_modified == "Fri, 20 Nov 2026 08:15:00 GMT"


def test_the_time_the_server_made_the_page_goes_with_it() -> None:
    """Date less a cache's Age: the clock a page's "rendered now" dates are read against."""
    url = "https://example.com/world/2026/11/20/story-1"
    headers = {"Date": b"Fri, 20 Nov 2026 08:15:00 GMT", "Age": b"90"}
    response = HtmlResponse(url, body=b"<html></html>", headers=headers, request=Request(url))
    (page,) = spider().parse_article(response)
    assert page.served_at == datetime(2026, 11, 20, 8, 13, 30, tzinfo=UTC)
    response = HtmlResponse(url, body=b"<html></html>", request=Request(url))
    (page,) = spider().parse_article(response)
    assert page.served_at is None


def test_an_article_requested_from_a_section_first_has_its_feed_s_word() -> None:
    """The section page's request won the duplicate filter: the feed's, with the listing
    in its meta, was dropped; the spider kept what the feed said."""
    site = spider()
    list(site.parse_feed(rss_of([("story-1", "Fri, 20 Nov 2026 08:15:00 +0100")])))
    url = "https://example.com/2026/11/20/story-1"
    from_section = Request(url, meta={"redirect_urls": []})
    response = HtmlResponse(url, body=b"<html></html>", request=from_section)
    (page,) = site.parse_article(response)
    assert page.listing == Listing("2026-11-20T08:15:00+01:00")
    assert site.listing_words.kept == {}  # taken: kept no longer
    # Redirected: looked up by the URL the chain started from.
    list(site.parse_feed(rss_of([("story-1", "Fri, 20 Nov 2026 08:15:00 +0100")])))
    moved = Request("https://example.com/new/story-1", meta={"redirect_urls": [url]})
    response = HtmlResponse(moved.url, body=b"<html></html>", request=moved)
    (page,) = site.parse_article(response)
    assert page.listing is not None and page.listing.published == "2026-11-20T08:15:00+01:00"


def test_the_listings_kept_are_bounded() -> None:
    site = spider()
    site.listing_words.limit = 3
    entries = [(f"story-{n}", "Fri, 20 Nov 2026 08:15:00 +0100") for n in range(5)]
    entries[-1] = ("story-4", "Sat, 21 Nov 2026 08:15:00 +0100")  # not one time for all
    list(site.parse_feed(rss_of(entries)))
    kept = [url.rsplit("/", 1)[-1] for url in site.listing_words.kept]
    assert kept == ["story-2", "story-3", "story-4"]


def test_a_robots_txt_given_as_a_sitemap_reads_the_sitemaps_it_lists() -> None:
    """``-a sitemaps=https://example.com/robots.txt``, as Scrapy's SitemapSpider reads it."""
    robots = b"User-agent: *\nDisallow: /private/\nSitemap: https://example.com/news.xml\n"
    site = spider()
    response = Response("https://example.com/robots.txt", body=robots)
    (sitemap,) = site._parse_sitemap(response)
    assert sitemap.url == "https://example.com/news.xml"
    assert sitemap.callback == site._parse_sitemap and sitemap.errback == site.listing_failed


# --- feeds the start pages announce ------------------------------------------------------

ANNOUNCING_PAGE = (
    b'<html><head><link rel="alternate" type="application/rss+xml" href="/world/rss.xml">'
    b'<link rel="alternate" type="application/rss+xml" href="https://feeds.example.net/world">'
    b'<link rel="alternate" type="application/rss+xml" href="/rss.xml"></head>'
    b'<body><main><a href="/world/2025/01/02/story-1">Story</a></main>'
    b'<nav class="pagination"><a rel="next" href="/world?page=2">Next</a></nav></body></html>'
)


def _announcing_spider(discover: bool) -> Any:
    profile = SiteProfile(
        name="example",
        domains=("example.com",),
        sections=("https://example.com/world",),
        feeds=("https://example.com/rss.xml",),
        discover_feeds=discover,
    )
    return _spider_of(profile, max_pages=2)


def _spider_of(profile: SiteProfile, max_pages: int) -> Any:
    """A SiteSpider of ``profile``, following ``max_pages`` per section."""
    spidercls = type("ProfileSpider", (SiteSpider,), {"name": profile.name, "profile": profile})
    site = spidercls.from_crawler(project_crawler(spidercls))
    site.max_pages = max_pages
    return site


def test_a_start_page_announcing_a_feed_has_it_read() -> None:
    """Its own feed, once (the duplicate filter), not one elsewhere nor a listed one."""
    site = _announcing_spider(discover=True)
    response = HtmlResponse("https://example.com/world", body=ANNOUNCING_PAGE, encoding="utf-8")
    feeds = [r for r in site.parse_section(response, page=1) if r.callback == site.parse_feed]
    assert [r.url for r in feeds] == ["https://example.com/world/rss.xml"]
    assert feeds[0].errback == site.listing_failed and not feeds[0].dont_filter
    assert site.crawler.stats.get_value("newscrawl/feed/announced") == 1
    # The second page of the section announces it too: read once is enough.
    page_2 = response.replace(url="https://example.com/world?page=2")
    assert not [r for r in site.parse_section(page_2, page=2) if r.callback == site.parse_feed]


def test_an_article_page_that_is_gone_is_handed_to_the_archive() -> None:
    """404 or 410: remembered (the page_gone signal), under the link that led there."""
    site = spider()
    gone: list[dict[str, Any]] = []
    site.crawler.signals.connect(lambda **kw: gone.append(kw), signal=page_gone, weak=False)
    link = "https://example.com/world/2025/01/02/story-1"
    (request,) = site._article_request(link)
    moved = request.replace(url="https://example.com/removed", meta={"redirect_urls": [link]})
    for status, sent in ((404, moved), (410, request), (403, request), (503, request)):
        response = HtmlResponse(sent.url, status=status)
        site.article_failed(_failure(HttpError(response, "Ignoring"), sent))
    assert [(g["url"], g["site"], g["reason"]) for g in gone] == [
        (link, "example", "http-404"),
        (link, "example", "http-410"),
    ]
    # At a revisit, the archived article is gone: a takedown, for the pipelines (and the
    # run feed), counted as an article page like a 304.
    gone.clear()
    revisit = request.replace(meta={**request.meta, REVISIT_META: True})
    failure = _failure(HttpError(HtmlResponse(link, status=410), "Ignoring"), revisit)
    assert site.article_failed(failure) == [GonePage(url=link, site="example", reason="http-410")]
    assert gone == [] and site.crawler.stats.get_value(ARTICLE_PAGES_KEY) == 1


def test_announced_feeds_are_not_read_without_discover_feeds() -> None:
    site = _announcing_spider(discover=False)
    response = HtmlResponse("https://example.com/world", body=ANNOUNCING_PAGE, encoding="utf-8")
    assert [r.url.rsplit("/", 1)[-1] for r in site.parse_section(response, page=1)] == [
        "story-1",
        "world?page=2",
    ]


def test_an_announced_feed_of_no_use_is_no_problem_of_the_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A stale or odd <link rel="alternate"> is the site's doing, not the profile's: said at
    INFO level, not counted among the listing pages that gave no articles."""
    site = _announcing_spider(discover=True)
    meta = {ANNOUNCED_BY: "https://example.com/world"}
    gone = Request("https://example.com/world/rss.xml", callback=site.parse_feed, meta=meta)
    not_found = HttpError(HtmlResponse(gone.url, status=404), "Ignoring")
    empty = XmlResponse(
        gone.url, body=b"<rss><channel><title>x</title></channel></rss>", request=gone
    )
    with caplog.at_level(logging.INFO):
        site.listing_failed(_failure(not_found, gone))
        assert list(site.parse_feed(empty)) == []
    stats = site.crawler.stats
    assert stats.get_value(ANNOUNCED_UNUSED) == 2
    assert stats.get_value(NOT_FETCHED) is None and stats.get_value(NO_ARTICLE_LINKS) is None
    records = [r for r in caplog.records if r.name == "newscrawl.spiders._listing"]
    assert [r.levelno for r in records] == [logging.INFO, logging.INFO]
    assert "announced by https://example.com/world: ignored" in records[0].getMessage()


# --- sections the start pages' menus link to ----------------------------------------------

MENU_PAGE = (
    b'<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head>'
    b'<body><nav><a href="/">Home</a><a href="/world">World</a><a href="/sport">Sport</a>'
    b'<a href="/about">About</a></nav>'
    b'<main><a href="/world/2025/01/02/story-1">Story</a></main></body></html>'
)


def _discovering_spider(discover: bool) -> Any:
    profile = SiteProfile(
        name="example",
        domains=("example.com",),
        sections=("https://example.com/",),
        discover_feeds=True,
        discover_sections=discover,
    )
    return _spider_of(profile, max_pages=1)


def test_a_start_page_menu_has_its_sections_crawled() -> None:
    """Each a section page of its own (page 1, said when of no use), through the duplicate
    filter (every page has the same menu); the sections lead to no more discoveries."""
    site = _discovering_spider(discover=True)
    home = HtmlResponse("https://example.com/", body=MENU_PAGE, encoding="utf-8")
    sections = [r for r in site.parse_section(home, page=1) if r.cb_kwargs.get("page") == 1]
    assert [r.url for r in sections] == ["https://example.com/world", "https://example.com/sport"]
    world = sections[0]
    assert world.callback == site.parse_section and world.errback == site.listing_failed
    assert world.meta[DISCOVERED_ON] == "https://example.com/" and not world.dont_filter
    assert site.crawler.stats.get_value(DISCOVERED_SECTIONS) == 2
    # The World page has the same menu (and announces the same feed): its article only.
    response = HtmlResponse(world.url, body=MENU_PAGE, encoding="utf-8", request=world)
    assert [r.url for r in site.parse_section(response, page=1)] == [
        "https://example.com/world/2025/01/02/story-1"
    ]


def test_menus_are_not_followed_without_discover_sections() -> None:
    site = _discovering_spider(discover=False)
    home = HtmlResponse("https://example.com/", body=MENU_PAGE, encoding="utf-8")
    assert [r.url for r in site.parse_section(home, page=1)] == [
        "https://example.com/world/2025/01/02/story-1",
        "https://example.com/rss.xml",
    ]
    assert site.crawler.stats.get_value(DISCOVERED_SECTIONS) is None


def test_a_discovered_section_of_no_use_is_no_problem_of_the_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A menu link that is no section after all (a page of videos drawn by JavaScript, a
    PDF, one that is gone) is the site's doing: said at INFO level, counted apart."""
    site = _discovering_spider(discover=True)
    meta = {DISCOVERED_ON: "https://example.com/"}
    gone = Request("https://example.com/live", callback=site.parse_section, meta=meta)
    empty = HtmlResponse(gone.url, body=b"<html><body></body></html>", request=gone)
    pdf = Response("https://example.com/report", body=b"%PDF-1.7", request=gone)
    off_site = HtmlResponse("https://other.org/", body=b"<p>hi</p>", request=gone)
    with caplog.at_level(logging.INFO):
        site.listing_failed(_failure(HttpError(HtmlResponse(gone.url, status=404), "x"), gone))
        for response in (empty, pdf, off_site):
            assert list(site.parse_section(response, page=1)) == []
    stats = site.crawler.stats
    assert stats.get_value(DISCOVERED_UNUSED) == 4
    assert stats.get_value(NOT_FETCHED) is None and stats.get_value(NO_ARTICLE_LINKS) is None
    records = [r for r in caplog.records if r.name == "newscrawl.spiders._listing"]
    assert [r.levelno for r in records] == [logging.INFO] * 3
    assert "(found on https://example.com/: ignored)" in records[0].getMessage()
    assert "not read: not an HTML page" in records[2].getMessage()


def test_a_start_page_that_is_no_html_page_is_said_and_counted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    site = _discovering_spider(discover=True)
    pdf = Response(
        "https://example.com/", body=b"%PDF-1.7", request=Request("https://example.com/")
    )
    assert list(site.parse_section(pdf, page=1)) == []
    assert site.crawler.stats.get_value(NO_ARTICLE_LINKS) == 1
    assert "WARNING" in caplog.text and "https://example.com/ not read: not an HTML page" in (
        caplog.text
    )


def test_a_sitemap_listing_no_article_is_said_and_counted(caplog: pytest.LogCaptureFixture) -> None:
    """Recent entries, none matching article_pattern: the site's URLs changed. Entries all
    older than the max age are nothing new, no problem."""
    now = datetime.now(UTC)

    def sitemap(*entries: tuple[str, timedelta]) -> XmlResponse:
        body = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        for path, age in entries:
            body += f"<url><loc>https://example.com{path}</loc>"
            body += f"<lastmod>{(now - age).isoformat()}</lastmod></url>"
        url = "https://example.com/sitemap.xml"
        return XmlResponse(url, body=(body + "</urlset>").encode(), request=Request(url))

    site = spider()
    site.sitemap_max_age = timedelta(days=2)
    with caplog.at_level(logging.WARNING):
        renamed = sitemap(("/world/story-1", timedelta(hours=1)), ("/world/story-2", timedelta(0)))
        assert list(site._parse_sitemap(renamed)) == []
        old = sitemap(("/world/2020/01/02/story-0", timedelta(days=30)))
        assert list(site._parse_sitemap(old)) == []
        fine = sitemap(("/world/2025/01/02/story-3", timedelta(hours=1)))
        assert len(list(site._parse_sitemap(fine))) == 1
        # A sitemap of the site's sections and tags: no articles there, as it should be.
        sections = sitemap(("/world/", timedelta(hours=1)), ("/tag/libya", timedelta(0)))
        assert list(site._parse_sitemap(sections)) == []
    assert site.crawler.stats.get_value(NO_ARTICLE_LINKS) == 1
    assert site.crawler.stats.get_value(LISTINGS_SITEMAPS) == 1
    assert caplog.text.count("links to no article") == 1
    assert (
        "Sitemap https://example.com/sitemap.xml links to no article (2 recent entries, none "
        "an article's)" in caplog.text
    )


def test_a_sitemap_url_serving_no_sitemap_is_counted() -> None:
    """An HTML page (Scrapy warns "Ignoring invalid sitemap"), another XML document; a
    robots.txt read as a sitemap is none of these."""
    site = spider()
    url = "https://example.com/sitemap.xml"
    page = HtmlResponse(url, body=b"<html><body>Moved</body></html>", request=Request(url))
    other = XmlResponse(url, body=b"<?xml version='1.0'?><rss></rss>", request=Request(url))
    robots = Response("https://example.com/robots.txt", body=b"User-agent: *\nDisallow:\n")
    for response in (page, other, robots):
        assert list(site._parse_sitemap(response)) == []
    assert site.crawler.stats.get_value("newscrawl/sitemap/invalid") == 2
    assert site.crawler.stats.get_value(NO_ARTICLE_LINKS) == 2


def test_scrapy_reads_a_sitemap_whole_before_making_its_requests() -> None:
    """SiteSpider._parse_sitemap relies on it: its tally of the entries must be complete
    when Scrapy's method returns, while the requests themselves are made one at a time."""
    body = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://example.com/world/2025/01/02/story-1</loc></url>"
        b"<url><loc>https://example.com/world/2025/01/02/story-2</loc></url></urlset>"
    )
    site = spider()
    site._sitemap_tally = tally = SitemapTally()
    requests = SitemapSpider._parse_sitemap(
        site, XmlResponse("https://example.com/s.xml", body=body)
    )
    assert (tally.read, tally.recent, tally.kept) == (True, 2, 2)
    assert not isinstance(requests, list) and len(list(requests)) == 2
