"""Scrapy add-on: the shared Redis frontier when ``NEWSCRAWL_REDIS_URL`` is set.

See :mod:`newscrawl.frontier`. Imports nothing of scrapy-redis: Scrapy loads the classes it
names only when the setting is given.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.settings import SETTINGS_PRIORITIES

if TYPE_CHECKING:
    from scrapy.settings import Settings

logger = logging.getLogger(__name__)


class RedisFrontierAddon:
    """Scrapy add-on: a scrapy-redis frontier when ``NEWSCRAWL_REDIS_URL`` is set."""

    def update_settings(self, settings: Settings) -> None:
        """Point the scheduler and duplicate filter at Redis (or leave them alone)."""
        url = settings.get("NEWSCRAWL_REDIS_URL")
        if not url:
            return
        prefix = settings.get("NEWSCRAWL_REDIS_PREFIX") or "newscrawl"
        values = {
            "SCHEDULER": "newscrawl.frontier.scheduler.SharedScheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "REDIS_URL": url,
            # scrapy-redis waits 30 s for a server that does not answer, at every call, on
            # the reactor thread; the scheduler stops the run at the first such error.
            "REDIS_PARAMS": {"socket_timeout": 10, "socket_connect_timeout": 10},
            # The run's data outlives each process; SharedScheduler deletes it at the end.
            "SCHEDULER_PERSIST": True,
            "SCHEDULER_QUEUE_CLASS": "newscrawl.frontier.queue.InFlightQueue",
            "SCHEDULER_QUEUE_KEY": f"{prefix}:%(spider)s:requests",
            "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:%(spider)s:dupefilter",
            # The archive's per-site run lock would refuse every process but the first;
            # the shared frontier is what coordinates them (each run is still recorded).
            "NEWSCRAWL_RUN_LOCK": False,
        }
        if settings.getbool("NEWSCRAWL_REDIS_SHARED_PACE"):
            if settings.get("DOWNLOADER") == "newscrawl.downloader.Downloader":
                values["DOWNLOADER"] = "newscrawl.frontier.pace.SharedPaceDownloader"
            else:  # the user's own: it knows nothing of the shared pace
                logger.warning(
                    "DOWNLOADER is %s: each process keeps its own pace per site (set "
                    "DOWNLOADER to newscrawl.frontier.pace.SharedPaceDownloader, or a "
                    "subclass, to share it)",
                    settings.get("DOWNLOADER"),
                )
        for name, value in values.items():
            priority = max(settings.getpriority(name) or 0, SETTINGS_PRIORITIES["addon"])
            settings.set(name, value, priority=priority)
