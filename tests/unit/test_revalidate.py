"""Listing pages kept with their validators, asked for conditionally, read back on a 304."""

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import pytest_twisted
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response, XmlResponse
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy.exc import OperationalError

from newscrawl.crawler_archive import crawler_archive
from newscrawl.middlewares.incremental import ARTICLE_META
from newscrawl.middlewares.revalidate import ListingRevalidationMiddleware
from newscrawl.storage import Archive
from newscrawl.storage.listings import KEEP_FOR, ListingCopies, ListingCopy
from newscrawl.storage.rows import utcnow
from tests.utils import project_crawler

SITEMAP = "https://example.com/sitemap-news.xml"
BODY = b'<?xml version="1.0"?><urlset><url><loc>https://example.com/a-1</loc></url></urlset>'


@pytest.fixture
def copies(database_url: str) -> Iterator[ListingCopies]:
    archive = Archive(database_url)
    yield ListingCopies(archive)
    archive.close()


def test_a_kept_copy_gives_its_validators_and_body(copies: ListingCopies) -> None:
    assert copies.validators(SITEMAP) is None
    assert copies.keep(ListingCopy(SITEMAP, BODY, "application/xml", '"v1"', None))
    validators = copies.validators(SITEMAP)
    assert validators is not None
    assert (validators.etag, validators.last_modified) == ('"v1"', None)
    copy = copies.confirmed(SITEMAP)
    assert copy is not None
    assert (copy.body, copy.content_type) == (BODY, "application/xml")


def test_a_new_copy_replaces_the_old_one(copies: ListingCopies) -> None:
    copies.keep(ListingCopy(SITEMAP, BODY, etag='"v1"'))
    count, stored = copies.size()
    assert count == 1 and stored > 0
    last_modified = "Sun, 29 Nov 2026 10:00:00 GMT"
    copies.keep(ListingCopy(SITEMAP, b"<urlset/>", etag=None, last_modified=last_modified))
    validators = copies.validators(SITEMAP)
    assert validators is not None
    assert (validators.etag, validators.last_modified) == (None, last_modified)
    copy = copies.confirmed(SITEMAP)
    assert copy is not None and copy.body == b"<urlset/>"
    assert copies.size()[0] == 1


def test_copies_not_confirmed_for_a_month_are_forgotten(copies: ListingCopies) -> None:
    copies.keep(ListingCopy(SITEMAP, BODY, etag='"v1"'))
    assert copies.forget_unconfirmed() == 0
    copies.confirmed(SITEMAP)  # a 304 confirms it: its month starts again
    later = utcnow() + KEEP_FOR + timedelta(minutes=1)
    assert copies.forget_unconfirmed(later) == 1
    assert copies.validators(SITEMAP) is None
    assert copies.confirmed(SITEMAP) is None


def test_processes_keeping_one_page_at_once_leave_one_copy(database_url: str) -> None:
    """Scale-out workers read the same start pages: their copies race for one row."""
    archives = [Archive(database_url) for _ in range(4)]
    barrier = threading.Barrier(len(archives))
    errors: list[BaseException] = []

    def keep(n: int) -> None:
        barrier.wait()
        try:
            ListingCopies(archives[n]).keep(ListingCopy(SITEMAP, b"copy %d" % n, etag=f'"{n}"'))
        except BaseException as exc:  # pragma: no cover - what the test is for
            errors.append(exc)

    threads = [threading.Thread(target=keep, args=(n,)) for n in range(len(archives))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        copies = ListingCopies(archives[0])
        assert copies.size()[0] == 1
        copy = copies.confirmed(SITEMAP)
        assert copy is not None and copy.etag == f'"{copy.body.split()[-1].decode()}"'
    finally:
        for archive in archives:
            archive.close()


def test_a_url_too_long_to_be_a_key_is_not_kept(copies: ListingCopies) -> None:
    url = "https://example.com/feed?" + "x" * 2100
    assert not copies.keep(ListingCopy(url, BODY, etag='"v1"'))
    assert copies.validators(url) is None


def test_off_switches() -> None:
    for settings in ({"NEWSCRAWL_REVALIDATE_LISTINGS": False}, {"NEWSCRAWL_DATABASE_URL": ""}):
        with pytest.raises(NotConfigured):
            ListingRevalidationMiddleware.from_crawler(project_crawler(**settings))


@pytest.fixture
def middleware(tmp_path: Any) -> Iterator[ListingRevalidationMiddleware]:
    url = f"sqlite:///{tmp_path}/archive.sqlite"
    mw = ListingRevalidationMiddleware.from_crawler(project_crawler(NEWSCRAWL_DATABASE_URL=url))
    mw.spider_opened()
    yield mw
    crawler_archive(mw.crawler).close()  # which the crawl's engine closes when it stops


async def request_for(mw: ListingRevalidationMiddleware, request: Request) -> Request:
    assert await deferred_from_coro(mw.process_request(request)) is None
    return request


async def response_to(
    mw: ListingRevalidationMiddleware, request: Request, response: Response
) -> Request | Response:
    result: Request | Response = await deferred_from_coro(mw.process_response(request, response))
    return result


def stat(mw: ListingRevalidationMiddleware, name: str) -> int:
    return int(mw.stats.get_value(f"newscrawl/revalidate/{name}", 0))


def sitemap_response(request: Request, **headers: str) -> Response:
    headers = {"Content-Type": "application/xml", **headers}
    return XmlResponse(SITEMAP, body=BODY, headers=headers, request=request)


@pytest_twisted.ensureDeferred
async def test_a_304_is_answered_from_the_kept_copy(middleware) -> None:
    first = await request_for(middleware, Request(SITEMAP))
    assert b"If-None-Match" not in first.headers  # nothing kept yet
    response = sitemap_response(first, ETag='"v1"', **{"Last-Modified": "Sun, 29 Nov 2026"})
    assert await response_to(middleware, first, response) is response
    assert stat(middleware, "kept") == 1

    again = await request_for(middleware, Request(SITEMAP))
    assert again.headers[b"If-None-Match"] == b'"v1"'
    assert again.headers[b"If-Modified-Since"] == b"Sun, 29 Nov 2026"
    restored = await response_to(middleware, again, Response(SITEMAP, status=304, request=again))
    assert isinstance(restored, XmlResponse)
    assert (restored.status, restored.body, restored.url) == (200, BODY, SITEMAP)
    assert "revalidated" in restored.flags
    assert restored.request is again
    assert stat(middleware, "not_modified") == 1


@pytest_twisted.ensureDeferred
async def test_an_error_is_never_answered_from_the_copy(middleware) -> None:
    """A 503 (or a 304 nobody asked for) is what the spider gets: an outage is reported."""
    first = await request_for(middleware, Request(SITEMAP))
    await response_to(middleware, first, sitemap_response(first, ETag='"v1"'))
    again = await request_for(middleware, Request(SITEMAP))
    failed = Response(SITEMAP, status=503, request=again)
    assert await response_to(middleware, again, failed) is failed
    unasked = Request(SITEMAP, meta={"dont_cache": True})
    assert b"If-None-Match" not in (await request_for(middleware, unasked)).headers
    stray = Response(SITEMAP, status=304, request=unasked)
    assert await response_to(middleware, unasked, stray) is stray
    assert stat(middleware, "not_modified") == 0


@pytest.mark.parametrize(
    ("headers", "flags"),
    [
        ({}, []),  # no validator: nothing to ask with
        ({"ETag": '"v1"', "Cache-Control": "private, no-store"}, []),
        ({"ETag": '"v1"'}, ["partial"]),  # cut short: not the page
    ],
)
@pytest_twisted.ensureDeferred
async def test_pages_that_are_not_kept(middleware, headers: dict, flags: list) -> None:
    request = await request_for(middleware, Request(SITEMAP))
    response = sitemap_response(request, **headers).replace(flags=flags)
    await response_to(middleware, request, response)
    assert stat(middleware, "kept") == 0
    assert b"If-None-Match" not in (await request_for(middleware, Request(SITEMAP))).headers


@pytest_twisted.ensureDeferred
async def test_a_page_that_stopped_giving_validators_is_forgotten(middleware) -> None:
    first = await request_for(middleware, Request(SITEMAP))
    await response_to(middleware, first, sitemap_response(first, ETag='"v1"'))
    again = await request_for(middleware, Request(SITEMAP))
    await response_to(middleware, again, sitemap_response(again))
    assert b"If-None-Match" not in (await request_for(middleware, Request(SITEMAP))).headers


@pytest_twisted.ensureDeferred
async def test_article_pages_are_left_to_the_incremental_middleware(middleware) -> None:
    article = "https://example.com/a-1"
    request = await request_for(middleware, Request(article, meta={ARTICLE_META: True}))
    response = HtmlResponse(article, body=b"<p>x</p>", headers={"ETag": '"a"'}, request=request)
    await response_to(middleware, request, response)
    assert stat(middleware, "kept") == 0


@pytest_twisted.ensureDeferred
async def test_validators_do_not_follow_a_redirect(middleware) -> None:
    """A redirect copies the request's headers: the next URL is not asked with them."""
    first = await request_for(middleware, Request(SITEMAP))
    await response_to(middleware, first, sitemap_response(first, ETag='"v1"'))
    conditioned = await request_for(middleware, Request(SITEMAP))
    redirected = conditioned.replace(url="https://example.com/sitemap-2.xml")
    await request_for(middleware, redirected)
    assert b"If-None-Match" not in redirected.headers
    # A retry of the conditioned request keeps its validators.
    retried = await request_for(middleware, conditioned.replace(dont_filter=True))
    assert retried.headers[b"If-None-Match"] == b'"v1"'


@pytest_twisted.ensureDeferred
async def test_a_304_whose_copy_was_forgotten_is_asked_again(middleware) -> None:
    first = await request_for(middleware, Request(SITEMAP))
    await response_to(middleware, first, sitemap_response(first, ETag='"v1"'))
    again = await request_for(middleware, Request(SITEMAP))
    assert middleware.copies is not None
    middleware.copies.forget_unconfirmed(utcnow() + KEEP_FOR * 2)
    retry = await response_to(middleware, again, Response(SITEMAP, status=304, request=again))
    assert isinstance(retry, Request)
    assert retry.dont_filter and b"If-None-Match" not in retry.headers
    assert b"If-None-Match" not in (await request_for(middleware, retry)).headers
    assert stat(middleware, "copy_lost") == 1
    # Its answer is kept again.
    await response_to(middleware, retry, sitemap_response(retry, ETag='"v2"'))
    assert stat(middleware, "kept") == 2


@pytest_twisted.ensureDeferred
async def test_a_failing_archive_costs_a_download_never_the_page(middleware, monkeypatch) -> None:
    """A locked or unreachable database: the listing is downloaded as if nothing was kept."""
    first = await request_for(middleware, Request(SITEMAP))
    await response_to(middleware, first, sitemap_response(first, ETag='"v1"'))
    conditioned = await request_for(middleware, Request(SITEMAP))

    def fail(*args: Any) -> None:
        raise OperationalError("SELECT ...", {}, Exception("database is locked"))

    for name in ("validators", "confirmed", "keep"):
        monkeypatch.setattr(middleware.copies, name, fail)
    plain = await request_for(middleware, Request(SITEMAP))
    assert b"If-None-Match" not in plain.headers
    response = sitemap_response(plain, ETag='"v2"')
    assert await response_to(middleware, plain, response) is response  # not kept, not lost
    retry = await response_to(
        middleware, conditioned, Response(SITEMAP, status=304, request=conditioned)
    )
    assert isinstance(retry, Request) and b"If-None-Match" not in retry.headers
    assert stat(middleware, "error") == 3


@pytest_twisted.ensureDeferred
async def test_validators_go_back_byte_for_byte(middleware) -> None:
    """An ETag with a byte above 127: sent back as the server sent it, not re-encoded."""
    first = await request_for(middleware, Request(SITEMAP))
    response = sitemap_response(first).replace(
        headers={"ETag": b'"caf\xe9"', "Content-Type": "application/xml"}
    )
    await response_to(middleware, first, response)
    again = await request_for(middleware, Request(SITEMAP))
    assert again.headers[b"If-None-Match"] == b'"caf\xe9"'
