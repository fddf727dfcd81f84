"""The Redis frontier add-on: settings only when NEWSCRAWL_REDIS_URL is set."""

from __future__ import annotations

from scrapy.settings import Settings

from newscrawl.frontier.addon import RedisFrontierAddon
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
