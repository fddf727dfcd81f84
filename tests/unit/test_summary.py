import pytest
from scrapy.settings import Settings

from newscrawl.extensions.summary import (
    ARTICLE_PAGES_KEY,
    run_failure,
    summarize,
    unaccounted_items,
)
from newscrawl.feeds import NewOrChangedFilter, RunFeedAddon
from tests.utils import project_crawler


def stats_with(values: dict[str, int]):
    crawler = project_crawler()
    for key, value in values.items():
        crawler.stats.set_value(key, value)
    return crawler.stats


def test_summary_line() -> None:
    stats = stats_with(
        {
            "downloader/response_count": 57,
            "newscrawl/articles/new": 30,
            "newscrawl/articles/changed": 6,
            "newscrawl/articles/unchanged": 4,
            "newscrawl/incremental/skipped": 100,
            "newscrawl/incremental/skipped_rejected": 20,
            "newscrawl/dropped/duplicate-url": 2,
            "newscrawl/dropped/duplicate-content": 1,
            "newscrawl/dropped/short-body": 3,
            "newscrawl/dropped/not-html": 2,
            "item_scraped_count": 40,
            ARTICLE_PAGES_KEY: 48,
        }
    )
    assert summarize(stats) == (
        "57 pages fetched, 36 articles stored (30 new, 6 changed), 4 unchanged, "
        "120 archived not fetched, 3 duplicates skipped, 5 pages dropped (not-html: 2, short-body: 3), 0 errors"
    )
    assert unaccounted_items(stats) == 0


def test_summary_names_articles_taken_down() -> None:
    stats = stats_with({"newscrawl/articles/unchanged": 4, "newscrawl/articles/removed": 1})
    assert "0 changed), 4 unchanged, 1 taken down, 0 archived not fetched" in summarize(stats)


def test_summary_names_listing_pages_that_gave_no_articles() -> None:
    """Only when there are any: a healthy run's line stays as it was."""
    stats = stats_with(
        {
            "downloader/response_count": 3,
            "newscrawl/listing/no-article-links": 2,
            "newscrawl/listing/not-fetched": 1,
        }
    )
    assert summarize(stats).endswith(
        "0 pages dropped, 3 listing pages gave no articles (no-article-links: 2, "
        "not-fetched: 1), 0 errors"
    )


def test_summary_names_the_fields_the_run_lost() -> None:
    stats = stats_with(
        {
            "downloader/response_count": 3,
            "newscrawl/fields_lost": 2,
            "newscrawl/fields_lost/image_url": 1,
            "newscrawl/fields_lost/authors": 1,
        }
    )
    assert summarize(stats).endswith("0 pages dropped, fields lost: authors, image_url, 0 errors")


def test_summary_names_article_pages_that_could_not_be_fetched() -> None:
    stats = stats_with(
        {
            "downloader/response_count": 4,
            "newscrawl/pages/not-fetched/http-403": 2,
            "newscrawl/pages/not-fetched/DownloadTimeoutError": 1,
            "newscrawl/listing/not-fetched": 1,
        }
    )
    assert summarize(stats).endswith(
        "0 pages dropped, 3 article pages not fetched (DownloadTimeoutError: 1, http-403: 2), "
        "1 listing page gave no articles (not-fetched: 1), 0 errors"
    )


@pytest.mark.parametrize(
    ("values", "failure"),
    [
        # Healthy: articles stored; or none new, the archived ones skipped; or a section of
        # several gone while the others gave articles.
        ({ARTICLE_PAGES_KEY: 3, "item_scraped_count": 3}, None),
        ({"newscrawl/incremental/skipped": 40, "newscrawl/listing/not-fetched": 1}, None),
        # A process of a shared frontier whose article links the others had queued already.
        (
            {
                "newscrawl/frontier/articles_queued_elsewhere": 12,
                "newscrawl/listing/not-fetched": 1,
            },
            None,
        ),
        ({ARTICLE_PAGES_KEY: 2, "item_scraped_count": 2, "newscrawl/listing/not-fetched": 1}, None),
        # Articles not stored: the database refused them, or nothing accounts for them.
        (
            {ARTICLE_PAGES_KEY: 5, "item_scraped_count": 0, "newscrawl/archive/failed_items": 5},
            "5 article pages were not stored",
        ),
        ({ARTICLE_PAGES_KEY: 5, "item_scraped_count": 3}, "2 article pages were not stored"),
        # Nothing found while the listing pages gave nothing: sections gone, site redesigned.
        (
            {"newscrawl/listing/no-article-links": 2},
            "no section page, feed or sitemap gave an article",
        ),
        # ... even where a section's pagination looped back to its first page (filtered).
        (
            {"newscrawl/listing/no-article-links": 3, "dupefilter/filtered": 1},
            "no section page, feed or sitemap gave an article",
        ),
        # Nothing found and no listing page said to be at fault: a quiet site.
        ({}, None),
        # Article pages linked, not one fetched: the site refuses the crawler, forbids it,
        # or is down.
        (
            {"newscrawl/pages/not-fetched/http-403": 3, "newscrawl/listing/not-fetched": 1},
            "no article page could be fetched (http-403: 3): is the site blocking the crawler?",
        ),
        (
            {"newscrawl/pages/not-fetched/robots-txt": 4},
            "no article page could be fetched (robots-txt: 4): the site's robots.txt forbids them",
        ),
        (
            {"newscrawl/pages/not-fetched/http-503": 1, "newscrawl/pages/not-fetched/http-404": 1},
            "no article page could be fetched (http-404: 1, http-503: 1)",
        ),
        # Every article page fetched was a wall: a bot check or a consent page served with
        # 200 (the 403s beside it were never fetched).
        (
            {
                ARTICLE_PAGES_KEY: 3,
                "newscrawl/dropped/consent-wall": 2,
                "newscrawl/dropped/bot-check": 1,
                "newscrawl/pages/not-fetched/http-403": 2,
            },
            "every article page it fetched was a wall (bot-check: 1, consent-wall: 2): the "
            "site asks for cookie consent before every article",
        ),
        # One of them stored, or one a page of another kind, or the wall (a login in front
        # of a premium article) the only new link among archived ones: not a blocked run.
        (
            {
                ARTICLE_PAGES_KEY: 3,
                "item_scraped_count": 1,
                "newscrawl/dropped/paywall": 2,
            },
            None,
        ),
        (
            {
                ARTICLE_PAGES_KEY: 2,
                "newscrawl/dropped/paywall": 1,
                "newscrawl/dropped/short-body": 1,
            },
            None,
        ),
        (
            {
                ARTICLE_PAGES_KEY: 1,
                "newscrawl/dropped/paywall": 1,
                "newscrawl/incremental/skipped": 5,
            },
            None,
        ),
        # Some fetched, or others skipped as archived (a link that fails at every run), or
        # the ones that failed are gone (dead links): the run did its work.
        ({"newscrawl/pages/not-fetched/http-403": 1, "newscrawl/incremental/skipped": 9}, None),
        (
            {
                ARTICLE_PAGES_KEY: 1,
                "item_scraped_count": 1,
                "newscrawl/pages/not-fetched/http-403": 3,
            },
            None,
        ),
        (
            {"newscrawl/pages/not-fetched/http-404": 2, "newscrawl/pages/not-fetched/http-410": 1},
            None,
        ),
    ],
)
def test_run_failure(values: dict[str, int], failure: str | None) -> None:
    assert run_failure(stats_with(values)) == failure


def test_unaccounted_items_are_detected() -> None:
    stats = stats_with(
        {ARTICLE_PAGES_KEY: 10, "item_scraped_count": 7, "newscrawl/dropped/empty": 1}
    )
    assert unaccounted_items(stats) == 2


def test_feed_filter_keeps_new_and_changed() -> None:
    accepts = NewOrChangedFilter().accepts
    assert accepts({"archive_status": "new"}) and accepts({"archive_status": "changed"})
    assert accepts({"archive_status": "removed"}) and accepts({"archive_status": "restored"})
    assert not accepts({"archive_status": "unchanged"}) and not accepts({"title": "x"})


def test_run_feed_addon_keeps_command_line_feeds() -> None:
    settings = Settings({"NEWSCRAWL_FEEDS_DIR": "data/feeds"})
    settings.set("FEEDS", {"out.jsonl": {"format": "jsonlines"}}, priority="cmdline")
    RunFeedAddon().update_settings(settings)
    feeds = settings.getdict("FEEDS")
    assert set(feeds) == {"out.jsonl", "data/feeds/%(feed_name)s/%(time)s.jsonl"}
    assert feeds["data/feeds/%(feed_name)s/%(time)s.jsonl"]["item_filter"] is NewOrChangedFilter


def test_run_feed_addon_off_without_directory() -> None:
    settings = Settings({"NEWSCRAWL_FEEDS_DIR": ""})
    RunFeedAddon().update_settings(settings)
    assert not settings.getdict("FEEDS")


def test_a_failed_run_ends_its_summary_line_failed(caplog: pytest.LogCaptureFixture) -> None:
    """It said "finished", the next line "Run failed" (and scrapy runs "failed")."""
    from newscrawl.extensions.summary import RunSummary

    stats = stats_with({"newscrawl/listing/no-article-links": 2})
    summary = RunSummary(stats)
    summary.spider_closed(None, "finished")  # type: ignore[arg-type]
    with caplog.at_level("INFO"):
        summary.engine_stopped()
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0].endswith("0 errors; failed")
    assert lines[1] == "Run failed: no section page, feed or sitemap gave an article"
