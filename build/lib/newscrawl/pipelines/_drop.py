"""The one way pipelines drop an item: counted by reason, logged by Scrapy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector

#: Stats prefix of drop counts; the run summary reads it.
DROPPED_PREFIX = "newscrawl/dropped/"


class Dropped(DropItem):
    """A DropItem that knows its reason (``item_dropped`` handlers read it)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def drop(stats: StatsCollector | None, reason: str, url: str, detail: str = "") -> Dropped:
    """Count a drop under ``newscrawl/dropped/{reason}`` and return the DropItem to raise."""
    if stats is not None:
        stats.inc_value(f"{DROPPED_PREFIX}{reason}")
    message = f"{reason}: {url}"
    return Dropped(f"{message} ({detail})" if detail else message, reason)
