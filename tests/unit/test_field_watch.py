"""A field the site's archived articles had and a run's articles lack is said at its end."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_twisted
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from newscrawl.crawler_archive import crawler_archive
from newscrawl.extensions.coverage import FieldWatch
from newscrawl.extensions.summary import summarize
from newscrawl.storage.coverage import recent_coverage
from tests.unit.test_archive import article
from tests.utils import project_crawler


@pytest.fixture
def crawler(tmp_path: Path) -> Iterator[Crawler]:
    crawler = project_crawler(Spider, NEWSCRAWL_DATABASE_URL=f"sqlite:///{tmp_path}/a.sqlite")
    yield crawler
    crawler_archive(crawler).close()  # which the crawl's engine closes when it stops


def _archive_before_the_run(
    crawler: Crawler,
    count: int,
    authors: list[str] | None = None,
    prefix: str = "a",
    **fields: object,
) -> None:
    """``count`` articles of the site "example", archived before the run starts."""
    authors = ["Ann Lee"] if authors is None else authors
    articles = [
        article(f"https://example.com/news/{prefix}-{n}", f"{prefix}{n}", authors=authors, **fields)
        for n in range(count)
    ]
    crawler_archive(crawler).store_articles(articles, [None] * count)


async def _warnings(
    crawler: Crawler, items: list[dict], caplog: pytest.LogCaptureFixture
) -> list[str]:
    """What the watch says at the end of a run that scraped ``items``."""
    spider = Spider("example")
    watch = FieldWatch(crawler)
    watch.spider_opened(spider)
    for item in items:
        watch.item_scraped(item, spider)
    with caplog.at_level(logging.WARNING):
        await deferred_from_coro(watch.spider_closed(spider))
    return [record.getMessage() for record in caplog.records]


@pytest_twisted.ensureDeferred
async def test_a_field_every_archived_article_had_and_no_article_of_the_run_has_is_said(
    crawler: Crawler, caplog: pytest.LogCaptureFixture
) -> None:
    _archive_before_the_run(crawler, 60)
    # After a redesign: no byline found, the rest as before (an image only now and then).
    run = [
        article(f"https://example.com/news/b-{n}", f"r{n}", authors=[], image_url=None)
        for n in range(12)
    ]
    run[0]["authors"] = ["Ann Lee"]  # one page of the old layout, still cached somewhere
    assert await _warnings(crawler, run, caplog) == [
        "Site example: 1 of the run's 12 articles have authors, where 60 of its 60 archived "
        "before the run had it: has the site's markup changed? (python -m newscrawl.extract "
        "URL shows what a page gives; a profile's [selectors] can find the field)"
    ]
    assert crawler.stats.get_value("newscrawl/fields_lost") == 1
    assert crawler.stats.get_value("newscrawl/fields_lost/authors") == 1
    assert "0 pages dropped, fields lost: authors, 0 errors" in summarize(crawler.stats)


@pytest.mark.parametrize(
    ("archived", "run_articles", "run_authors"),
    [
        # A run of few articles is compared with those just before it, which have it.
        (60, 3, 0),
        (40, 12, 0),  # too short a history
        (60, 12, 2),  # a sixth of the run has it: the site still gives it
    ],
)
@pytest_twisted.ensureDeferred
async def test_no_warning_without_enough_to_tell(
    crawler: Crawler,
    caplog: pytest.LogCaptureFixture,
    archived: int,
    run_articles: int,
    run_authors: int,
) -> None:
    _archive_before_the_run(crawler, archived)
    run = [
        article(
            f"https://example.com/news/b-{n}", f"r{n}", authors=["A B"] if n < run_authors else []
        )
        for n in range(run_articles)
    ]
    assert await _warnings(crawler, run, caplog) == []
    assert crawler.stats.get_value("newscrawl/fields_lost") is None


@pytest_twisted.ensureDeferred
async def test_runs_of_a_few_articles_are_watched_together(
    crawler: Crawler, caplog: pytest.LogCaptureFixture
) -> None:
    """A crawl from cron every few minutes: the loss is said once ten articles lack it."""
    _archive_before_the_run(crawler, 60)
    # The redesign: two earlier runs brought 4 and 3 articles without a byline.
    _archive_before_the_run(crawler, 4, authors=[], prefix="b")
    _archive_before_the_run(crawler, 3, authors=[], prefix="c")
    run = [article(f"https://example.com/news/d-{n}", f"d{n}", authors=[]) for n in range(3)]
    assert await _warnings(crawler, run, caplog) == [
        "Site example: 0 of its 10 newest articles (3 of the run's, 7 archived before it) have "
        "authors, where 60 of the 60 archived before those had it: has the site's markup "
        "changed? (python -m newscrawl.extract URL shows what a page gives; a profile's "
        "[selectors] can find the field)"
    ]
    assert crawler.stats.get_value("newscrawl/fields_lost/authors") == 1


@pytest_twisted.ensureDeferred
async def test_the_articles_compared_are_a_setting(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    crawler = project_crawler(
        Spider,
        NEWSCRAWL_DATABASE_URL=f"sqlite:///{tmp_path}/a.sqlite",
        NEWSCRAWL_FIELD_WATCH_ARTICLES=3,
    )
    try:
        _archive_before_the_run(crawler, 60)
        run = [article(f"https://example.com/news/d-{n}", f"d{n}", authors=[]) for n in range(3)]
        warnings = await _warnings(crawler, run, caplog)
    finally:
        crawler_archive(crawler).close()
    assert [warning[:60] for warning in warnings] == [
        "Site example: 0 of the run's 3 articles have authors, where "
    ]
    off = project_crawler(
        Spider, NEWSCRAWL_DATABASE_URL="sqlite://", NEWSCRAWL_FIELD_WATCH_ARTICLES=0
    )
    with pytest.raises(NotConfigured):
        FieldWatch(off)


def test_the_history_leaves_out_what_the_run_saw_again(crawler: Crawler) -> None:
    """Articles revisited during the run were re-extracted as its own were: not history."""
    _archive_before_the_run(crawler, 3, section="World")
    archive = crawler_archive(crawler)
    started = datetime.now(UTC)
    history = recent_coverage(archive.engine, "example", started, limit=200)
    assert (history.articles, history.present["section"], history.present["authors"]) == (3, 3, 3)
    assert history.present["image_url"] == 0
    # A revisit during the run sees one again (re-extracted as the run's own articles).
    again = article("https://example.com/news/a-0", "h0", authors=["Ann Lee"], section="World")
    archive.store_articles([again], [None])
    assert recent_coverage(archive.engine, "example", started, limit=200).articles == 2
    assert recent_coverage(archive.engine, "example", started, limit=1).articles == 1
    # Articles first archived after the moment are no history of it.
    before = started - timedelta(days=1)
    assert recent_coverage(archive.engine, "example", before, limit=200).articles == 0


@pytest_twisted.ensureDeferred
async def test_a_modification_time_fresh_stories_lack_is_no_loss(
    crawler: Crawler, caplog: pytest.LogCaptureFixture
) -> None:
    """Archived stories, edited since, mostly have one; a run of fresh ones may have none."""
    _archive_before_the_run(crawler, 60, modified_at="2020-06-15T10:00:00+03:00")
    run = [
        article(f"https://example.com/news/b-{n}", f"r{n}", authors=["Ann Lee"]) for n in range(12)
    ]
    assert await _warnings(crawler, run, caplog) == []
