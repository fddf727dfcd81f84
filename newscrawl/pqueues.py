"""The scheduler's priority queue: Scrapy's downloader-aware one, which skips held hosts.

Scrapy's ``DownloaderAwarePriorityQueue`` keeps one queue per downloader slot (host) and
gives out the next request of the host with the fewest requests in the downloader. A host
whose requests must wait before they can even be checked breaks that balance: while its
robots.txt is read, or asked for again after a 5xx (which can take minutes),
:mod:`newscrawl.middlewares.robotstxt` keeps the host's requests waiting inside the
downloader middleware, where they count against ``CONCURRENT_REQUESTS`` but not as the
host's downloads. The queue kept choosing the idle-looking host, and a few waiting requests
stopped the whole crawl.

The robots.txt middleware announces the hold (the ``host_held`` and ``host_released``
signals of :mod:`newscrawl.signals`), and this queue gives out no request of a held host
until it is released: they wait here, in the scheduler, while the other hosts' go out. The
crawl does not end meanwhile (the scheduler still has requests); the release comes with
robots.txt's download, after which the engine asks the scheduler again.

A host paused by ``Retry-After`` is not held here: :mod:`newscrawl.middlewares.backoff`
holds its downloader slot, which counts the requests waiting in it, so this queue already
serves the other hosts first. (A hold that ends at a deadline would need something to wake
the engine then, which Scrapy offers no public way to do: with one host crawled, its
requests would wait for the engine's 5-second heartbeat.)

Holds are counted per slot: a slot is a site's (its registrable domain's, see
:mod:`newscrawl.downloader`), so the robots.txt of its host names (``www.example.com``,
``sport.example.com``, ``example.com:8443``, each read once) may be read at the same time,
and the site stays held until the last of them is released.

Used through ``SCHEDULER_PRIORITY_QUEUE``; the Redis frontier (scale-out mode) has a queue
of its own, per site, whose scheduler passes held sites over the same way
(:mod:`newscrawl.frontier.queue`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from scrapy.pqueues import DownloaderAwarePriorityQueue, DownloaderInterface

from newscrawl.signals import host_held, host_released

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.pqueues import QueueProtocol


class SlotHolds(Counter[str]):
    """The download slots held by the robots.txt middleware, with the holds not yet released.

    A slot released as often as it was held is gone. Shared with the scale-out mode's
    scheduler (:mod:`newscrawl.frontier.scheduler`), which passes held sites over too.
    """

    def follow(self, crawler: Crawler) -> None:
        """Count the ``host_held`` and ``host_released`` signals of ``crawler``."""
        crawler.signals.connect(self.hold, signal=host_held)
        crawler.signals.connect(self.release, signal=host_released)

    def hold(self, slot: str) -> None:
        """Give out no request of ``slot`` until every hold of it is released."""
        self[slot] += 1

    def release(self, slot: str) -> None:
        """End one hold of ``slot``."""
        if self[slot] <= 1:
            del self[slot]
        else:
            self[slot] -= 1


class _HoldAwareInterface(DownloaderInterface):
    """The downloader's per-slot activity, for slots not on hold only."""

    def __init__(self, crawler: Crawler, holds: Counter[str]) -> None:
        super().__init__(crawler)
        self.holds = holds

    def stats(self, possible_slots: Iterable[str]) -> list[tuple[int, str]]:
        return [
            (self._active_downloads(slot), slot)
            for slot in possible_slots
            if slot not in self.holds
        ]


class HoldAwarePriorityQueue(DownloaderAwarePriorityQueue):
    """Scrapy's downloader-aware priority queue that gives out no request of a held host."""

    def __init__(
        self,
        crawler: Crawler,
        downstream_queue_cls: type[QueueProtocol],
        key: str,
        slot_startprios: dict[str, Iterable[int]] | None = None,
        *,
        start_queue_cls: type[QueueProtocol] | None = None,
    ) -> None:
        super().__init__(
            crawler, downstream_queue_cls, key, slot_startprios, start_queue_cls=start_queue_cls
        )
        self.holds = SlotHolds()
        self.holds.follow(crawler)
        self._downloader_interface = _HoldAwareInterface(crawler, self.holds)
