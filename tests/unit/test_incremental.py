from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import pytest_twisted
from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy import update

from newscrawl.items import ArticlePage
from newscrawl.middlewares.incremental import (
    ARTICLE_META,
    LISTED_MODIFIED_META,
    PREVIOUS_PAGE_META,
    REFETCH_META,
    IncrementalMiddleware,
    PaginationStopped,
    RevisitPolicy,
    parse_duration,
)
from newscrawl.storage import Archive, FetchState
from newscrawl.storage.models import Article, RejectedUrl
from newscrawl.storage.runs import RunBook
from tests.unit.test_archive import article
from tests.utils import project_crawler

NOW = datetime(2026, 11, 28, 12, 0)
POLICY = RevisitPolicy.parse(["3h:15m", "24h:1h", "7d:1d"])


def state(age: timedelta, checked_ago: timedelta, published: str | None = None) -> FetchState:
    return FetchState(1, NOW - age, NOW - checked_ago, published)


@pytest.mark.parametrize(
    ("age", "checked_ago", "due"),
    [
        (timedelta(minutes=30), timedelta(minutes=10), False),
        (timedelta(minutes=30), timedelta(minutes=15), True),
        (timedelta(hours=5), timedelta(minutes=50), False),
        (timedelta(hours=5), timedelta(hours=1), True),
        (timedelta(days=3), timedelta(hours=20), False),
        (timedelta(days=3), timedelta(days=1), True),
        (timedelta(days=8), timedelta(days=5), False),  # too old: never again
    ],
)
def test_newsdiffs_schedule(age: timedelta, checked_ago: timedelta, due: bool) -> None:
    assert POLICY.due(state(age, checked_ago), NOW) is due


def test_age_counts_from_publication_when_earlier() -> None:
    # First seen a minute ago, but published a year ago: an old article, not rechecked.
    old = state(timedelta(minutes=1), timedelta(hours=2), "2025-11-28T12:00:00+01:00")
    assert not POLICY.due(old, NOW)
    assert POLICY.due(state(timedelta(minutes=20), timedelta(minutes=20), "bad date"), NOW)


def test_the_archive_offers_the_articles_due_listed_or_not(database_url: str) -> None:
    """By the schedule's bands of age; the longest unchecked first; never a taken-down one,
    another site's, or one published before the schedule's oldest age."""
    archive = Archive(database_url)
    now = datetime.now(UTC).replace(tzinfo=None)
    # (slug, first seen, last seen ago, site, published, taken down)
    rows = [
        ("young-due", timedelta(hours=1), timedelta(minutes=20), "example", None, False),
        ("young-fresh", timedelta(hours=1), timedelta(minutes=5), "example", None, False),
        ("day-due", timedelta(hours=10), timedelta(hours=2), "example", None, False),
        ("day-fresh", timedelta(hours=10), timedelta(minutes=30), "example", None, False),
        ("week-due", timedelta(days=3), timedelta(days=2), "example", None, False),
        ("too-old", timedelta(days=9), timedelta(days=3), "example", None, False),
        ("other-site", timedelta(hours=1), timedelta(hours=1), "other", None, False),
        ("taken-down", timedelta(hours=1), timedelta(hours=1), "example", None, True),
        ("old-story", timedelta(hours=1), timedelta(hours=1), "example", "2020-01-01", False),
    ]
    urls = {slug: f"https://example.com/{slug}" for slug, *_ in rows}
    archive.store_articles(
        [
            article(urls[slug], slug, site=site, published_at=published)
            for slug, _, _, site, published, _ in rows
        ],
        [None] * len(rows),
    )
    with archive.engine.begin() as conn:
        for slug, born, checked, _, _, removed in rows:
            conn.execute(
                update(Article)
                .where(Article.url == urls[slug])
                .values(
                    first_seen_at=now - born,
                    last_seen_at=now - checked,
                    removed_at=now if removed else None,
                )
            )
    try:
        found = archive.revisit_candidates(["example"], POLICY.steps, now, limit=10)
        # A taken-down article too: it may come back (a takedown counts as a check).
        assert [url.rsplit("/", 1)[-1] for url, _ in found] == [
            "week-due",
            "day-due",
            "taken-down",
            "young-due",
        ]
        assert all(POLICY.due(state, now) for _, state in found)
        assert len(archive.revisit_candidates(["example"], POLICY.steps, now, limit=1)) == 1
        assert archive.revisit_candidates(["example"], (), now, limit=10) == []
    finally:
        archive.close()


def test_schedule_parsing() -> None:
    assert parse_duration("90s") == timedelta(seconds=90)
    assert RevisitPolicy.parse([]).interval(timedelta(0)) is None
    with pytest.raises(ValueError, match="AGE:INTERVAL"):
        RevisitPolicy.parse(["3h"])
    with pytest.raises(ValueError, match="increase"):
        RevisitPolicy.parse(["1d:1h", "3h:15m"])
    with pytest.raises(ValueError, match="duration"):
        parse_duration("soon")


@pytest.mark.parametrize(
    "settings", [{"NEWSCRAWL_INCREMENTAL": False}, {"NEWSCRAWL_DATABASE_URL": ""}]
)
def test_off_switches(settings: dict) -> None:
    with pytest.raises(NotConfigured):
        IncrementalMiddleware.from_crawler(project_crawler(**settings))


@pytest.fixture
def middleware(database_url: str):
    url = database_url
    archive = Archive(url)
    page = ArticlePage(url="https://example.com/a-1", body=b"<html/>", site="example", etag='"e1"')
    archive.store_articles([article("https://example.com/a-1")], [page])
    archive.record_rejected([("https://example.com/pdf-2", "example", "not-html")])
    archive.close()

    def build(**settings):  # type: ignore[no-untyped-def]
        crawler = project_crawler(NEWSCRAWL_DATABASE_URL=url, **settings)
        mw = IncrementalMiddleware.from_crawler(crawler)
        mw.spider_opened()
        built.append(mw)
        return mw

    built: list[IncrementalMiddleware] = []
    yield build
    for mw in built:  # the crawl's archive, which its engine would close when it stops
        assert mw.archive is not None
        mw.archive.close()


def article_request(url: str, **meta: object) -> Request:
    return Request(url, meta={ARTICLE_META: True, **meta})


async def outcome(mw: IncrementalMiddleware, request: Request) -> object:
    try:
        return await deferred_from_coro(mw.process_request(request))
    except IgnoreRequest as exc:
        return exc


@pytest_twisted.ensureDeferred
async def test_archived_articles_are_skipped_unknown_ones_fetched(middleware) -> None:
    mw = middleware()
    skipped = await outcome(mw, article_request("http://www.example.com/a-1/?utm_source=x"))
    assert isinstance(skipped, IgnoreRequest)
    assert await outcome(mw, article_request("https://example.com/b-2")) is None
    # Sections, feeds and sitemaps are never looked up.
    assert await outcome(mw, Request("https://example.com/a-1")) is None
    assert (
        await outcome(mw, article_request("https://example.com/a-1", **{REFETCH_META: True}))
        is None
    )
    stats = mw.stats.get_stats()
    assert (stats["newscrawl/incremental/skipped"], stats["newscrawl/incremental/unknown"]) == (
        1,
        1,
    )


@pytest_twisted.ensureDeferred
async def test_an_archive_that_cannot_answer_lets_the_page_be_fetched(
    middleware, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database gone: not a download error with a traceback for every article."""
    from sqlalchemy.exc import OperationalError

    mw = middleware()

    def down(url: str) -> None:
        raise OperationalError("SELECT ...", {}, ConnectionError("server closed"))

    monkeypatch.setattr(mw.archive, "fetch_state", down)
    assert await outcome(mw, article_request("https://example.com/a-1")) is None
    assert mw.stats.get_value("newscrawl/incremental/lookup_failed") == 1


@pytest_twisted.ensureDeferred
async def test_due_revisits_are_conditional(middleware) -> None:
    mw = middleware(NEWSCRAWL_REVISIT_SCHEDULE=["3650d:0s"])
    request = article_request("https://example.com/a-1")
    assert await outcome(mw, request) is None
    assert request.headers[b"If-None-Match"] == b'"e1"'
    assert 304 in request.meta["handle_httpstatus_list"]
    response = Response(request.url, status=304, request=request)
    assert mw.process_response(request, response) is response
    stats = mw.stats.get_stats()
    assert (
        stats["newscrawl/incremental/revisit"],
        stats["newscrawl/incremental/not_modified"],
    ) == (1, 1)


@pytest_twisted.ensureDeferred
async def test_an_article_is_revisited_once_a_run_whatever_url_leads_to_it(middleware) -> None:
    """A section links its trailing-slash URL, the archive's revisit its own, a sitemap its
    AMP page: one revisit (each was fetched, and all but one dropped as duplicates)."""
    mw = middleware(NEWSCRAWL_REVISIT_SCHEDULE=["3650d:0s"])
    first = article_request("https://example.com/a-1")
    assert await outcome(mw, first) is None
    for variant in ("https://example.com/a-1/", "https://example.com/a-1/amp"):
        skipped = await outcome(mw, article_request(variant))
        assert isinstance(skipped, IgnoreRequest), variant
        assert "revisited in this run already" in str(skipped)
    # A retry of the revisit is that revisit still.
    retry = first.replace(dont_filter=True)
    assert await outcome(mw, retry) is None
    stats = mw.stats.get_stats()
    assert (stats["newscrawl/incremental/revisit"], stats["newscrawl/incremental/skipped"]) == (
        2,
        2,
    )


@pytest_twisted.ensureDeferred
async def test_a_listed_change_after_the_last_look_makes_an_article_due(middleware) -> None:
    """A sitemap lastmod later than when the crawl last saw the article (the fixture stored
    it just now): revisited, conditionally, though the schedule says not due."""
    utc_now = datetime.now(UTC)

    async def revisited(lastmod: object, **settings: object) -> bool:
        # A crawl of its own each time: an article is revisited once a run.
        mw = middleware(**settings)
        request = article_request("https://example.com/a-1", **{LISTED_MODIFIED_META: lastmod})
        result = await outcome(mw, request)
        due = result is None and request.headers.get(b"If-None-Match") == b'"e1"'
        stats = mw.stats.get_stats()
        counted = [stats.get(f"newscrawl/incremental/{k}") for k in ("revisit", "revisit_lastmod")]
        assert counted == ([1, 1] if due else [None, None])
        return due

    assert await revisited((utc_now + timedelta(minutes=5)).isoformat())
    assert await revisited((utc_now + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert not await revisited((utc_now - timedelta(days=1)).isoformat())  # seen since
    # Hours ahead of the clock: a wrong timezone, not news of an edit.
    assert not await revisited((utc_now + timedelta(hours=3)).isoformat())
    assert not await revisited("last week")
    assert not await revisited(None)
    off = {"NEWSCRAWL_REVISIT_ON_LASTMOD": False}
    assert not await revisited((utc_now + timedelta(minutes=5)).isoformat(), **off)


@pytest_twisted.ensureDeferred
async def test_a_next_page_is_not_sent_when_the_page_before_had_nothing_new(middleware) -> None:
    """The fixture archived a-1 before this crawl began; b-2 is unknown. The site's last
    run read all its listing pages."""

    def next_page(*articles: str) -> Request:
        urls = [f"https://example.com/{a}" for a in articles]
        return Request("https://example.com/world?page=2", meta={PREVIOUS_PAGE_META: urls})

    def crawl_of_a_site_whose_last_run(
        ended: str, unfetched_listings: int = 0, **settings: Any
    ) -> IncrementalMiddleware:
        mw = middleware(**settings)
        assert mw.archive is not None
        book = RunBook(mw.archive)
        run_id, _ = book.start("news", "example", timedelta(minutes=10))
        problems = {"not-fetched": unfetched_listings} if unfetched_listings else {}
        book.finish(run_id, "example", ended, {"listing_problems": problems})
        mw.run_key = "example"
        return mw

    # No run of the site recorded yet, or its last one was killed or failed: read on.
    assert await outcome(middleware(), next_page("a-1")) is None
    for ended in ("died", "failed", "shutdown"):
        assert await outcome(crawl_of_a_site_whose_last_run(ended), next_page("a-1")) is None
    missed_a_page = crawl_of_a_site_whose_last_run("finished", unfetched_listings=1)
    assert await outcome(missed_a_page, next_page("a-1")) is None
    mw = crawl_of_a_site_whose_last_run("finished")
    assert isinstance(await outcome(mw, next_page("a-1")), PaginationStopped)
    assert await outcome(mw, next_page("a-1", "b-2")) is None
    assert await outcome(mw, next_page()) is None  # no articles on it: not for this rule
    # Stored by this crawl (new to it): the next page is wanted.
    mw.opened_at = datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=1)
    assert await outcome(mw, next_page("a-1")) is None
    # Due for a revisit: the spider asks the archive for it anyway, so no reason to read
    # on; unless it does not, when the next page is the way to it.
    always = ["3650d:0s"]
    due = crawl_of_a_site_whose_last_run("finished", NEWSCRAWL_REVISIT_SCHEDULE=always)
    assert isinstance(await outcome(due, next_page("a-1")), PaginationStopped)
    due = crawl_of_a_site_whose_last_run(
        "finished", NEWSCRAWL_REVISIT_SCHEDULE=always, NEWSCRAWL_REVISITS_FROM_ARCHIVE=0
    )
    assert await outcome(due, next_page("a-1")) is None
    off = crawl_of_a_site_whose_last_run("finished", NEWSCRAWL_PAGINATE_WHILE_NEW=False)
    assert await outcome(off, next_page("a-1")) is None
    assert mw.stats.get_value("newscrawl/incremental/pagination_stopped") == 1


@pytest_twisted.ensureDeferred
async def test_rejected_pages_wait_for_their_recheck(middleware) -> None:
    assert isinstance(
        await outcome(middleware(), article_request("https://example.com/pdf-2")), IgnoreRequest
    )
    recheck = middleware(NEWSCRAWL_RECHECK_REJECTED_AFTER="0s")
    assert await outcome(recheck, article_request("https://example.com/pdf-2")) is None


@pytest_twisted.ensureDeferred
async def test_a_rejected_page_is_checked_again_soon_then_ever_less_often(
    middleware, database_url: str
) -> None:
    """A 404 at first sight may be a CDN's lag behind the listing: checked within the hour;
    a link dead for days, once a day."""
    url = "https://example.com/world/2026/03/05/story-7"
    archive = Archive(database_url)
    now = datetime.now(UTC).replace(tzinfo=None)

    def rejected(last: timedelta, first: timedelta | None = None) -> None:
        since = None if first is None else now - first
        with archive.engine.begin() as conn:
            conn.execute(
                update(RejectedUrl)
                .where(RejectedUrl.url == url)
                .values(rejected_at=now - last, first_rejected_at=since)
            )

    async def fetched() -> bool:
        return await outcome(middleware(), article_request(url)) is None

    try:
        archive.record_rejected([(url, "example", "http-404")])
        assert not await fetched()  # just rejected
        rejected(timedelta(minutes=61))
        assert await fetched()  # an hour on
        # Rejected again: the first rejection is kept.
        archive.record_rejected([(url, "example", "http-404")])
        state = archive.fetch_state(url)
        assert state is not None and state.last_seen_at - state.first_seen_at >= timedelta(
            minutes=61
        )
        rejected(timedelta(minutes=30), first=timedelta(minutes=91))
        assert not await fetched()  # rejected for an hour: wait an hour
        rejected(timedelta(minutes=62), first=timedelta(minutes=123))
        assert await fetched()
        rejected(timedelta(hours=23), first=timedelta(days=3))
        assert not await fetched()  # rejected for days: once a day
        rejected(timedelta(hours=25), first=timedelta(days=3))
        assert await fetched()
    finally:
        archive.close()
