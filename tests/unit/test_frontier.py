"""The Redis frontier add-on: settings only when NEWSCRAWL_REDIS_URL is set; and the check a
crawl makes of the shared run before it starts."""

from __future__ import annotations

import pytest
from scrapy.exceptions import UsageError
from scrapy.settings import Settings

from newscrawl.commands._frontier import reach_frontier
from newscrawl.frontier.addon import RedisFrontierAddon
from tests.services import REDIS_URL
from tests.utils import project_crawler


def test_single_process_mode_is_untouched_by_default() -> None:
    settings = project_crawler().settings
    assert settings.get("SCHEDULER") == "scrapy.core.scheduler.Scheduler"
    assert settings.get("DUPEFILTER_CLASS") == "newscrawl.dupefilters.CompactDupeFilter"


def test_redis_url_selects_the_shared_frontier() -> None:
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    settings.set("NEWSCRAWL_REDIS_URL", "redis://frontier.example:6379/2", priority="cmdline")
    settings.set("NEWSCRAWL_REDIS_PREFIX", "nc", priority="cmdline")
    RedisFrontierAddon().update_settings(settings)
    assert settings.get("SCHEDULER") == "newscrawl.frontier.scheduler.SharedScheduler"
    assert settings.get("DUPEFILTER_CLASS") == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert settings.get("REDIS_URL") == "redis://frontier.example:6379/2"
    assert settings.getbool("SCHEDULER_PERSIST")
    assert settings.get("SCHEDULER_QUEUE_KEY") == "nc:%(spider)s:requests"
    assert settings.get("SCHEDULER_DUPEFILTER_KEY") == "nc:%(spider)s:dupefilter"
    assert not settings.getbool("NEWSCRAWL_RUN_LOCK")


def test_a_process_with_other_arguments_is_refused_while_the_run_lives(
    redis_prefix: str,
) -> None:
    """It would mix its crawl into the run's (its sections into their queue, its max_pages
    for theirs)."""
    import redis

    settings = Settings({"NEWSCRAWL_REDIS_URL": REDIS_URL, "NEWSCRAWL_REDIS_PREFIX": redis_prefix})
    reach_frontier(settings, "Not crawling: ", "news", {"start_urls": "https://e.com/w"})
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.zadd(f"{redis_prefix}:news:workers", {"host:1": 1})  # the run lives
        # The same arguments join it; others do not.
        reach_frontier(settings, "Not crawling: ", "news", {"start_urls": "https://e.com/w"})
        with pytest.raises(UsageError) as refused:
            reach_frontier(settings, "Not crawling: ", "news", {"max_pages": "1"})
        assert str(refused.value) == (
            f"Not crawling: the shared run {redis_prefix}:news is crawled with other "
            "arguments: -a start_urls=https://e.com/w, not -a max_pages=1. Give the same "
            "ones, or another NEWSCRAWL_REDIS_PREFIX for another crawl (or delete the run's "
            f"keys, {redis_prefix}:news:*, to drop it)"
        )
        # Once the run is over (nothing registered, nothing queued), a new one may differ.
        client.delete(f"{redis_prefix}:news:workers")
        reach_frontier(settings, "Not crawling: ", "news", {"max_pages": "1"})
    finally:
        client.close()
