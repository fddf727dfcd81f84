"""One pace per site for all the processes of a shared frontier, kept in Redis.

Each crawler process keeps its own download slots (:mod:`newscrawl.downloader`: one per
site), with ``DOWNLOAD_DELAY`` between two requests of a slot. Two processes sharing a
frontier knew nothing of each other's slots: a site was asked twice as fast as
``DOWNLOAD_DELAY`` says, ten times with ten processes, and a ``Retry-After`` one process
was given held that process alone.

:class:`SharedPaceDownloader`, which :class:`~newscrawl.frontier.addon.RedisFrontierAddon`
selects with the shared frontier, asks Redis before a slot sends a request: the slot's key
(``{NEWSCRAWL_REDIS_PREFIX}:pace:{slot}``) holds the moment, by the Redis server's clock
(the one clock all machines share), before which no process may ask the site again. A
process takes its turn atomically (a Lua script) and pushes the moment on by its slot's
delay (jittered as ``DOWNLOAD_DELAY_JITTER`` says, a Crawl-delay or AutoThrottle
included); a process whose turn is not come waits, on the reactor, for the moment the
key names. The backoff's holds (a 429's ``Retry-After``, a failing site's wait,
:data:`newscrawl.signals.host_backed_off`) are pushed there too, so every process holds
the site. The key expires with the moment: Redis keeps nothing for sites not being
crawled. It is not per spider: two spiders' runs crawling one site share its pace too.

What stays per process: ``CONCURRENT_REQUESTS_PER_DOMAIN`` (with a delay, as in Scrapy, a
slot sends one request per delay whatever its concurrency), the backoff's raised delay
after a failure (each process raises its own at its own failures; the hold is shared) and
the skipping of a site for the rest of the run.

A process whose Redis server does not answer here goes on at its own pace (warned once):
the shared scheduler stops it at its next call anyway (``frontier-lost``).

Settings:

* ``NEWSCRAWL_REDIS_SHARED_PACE``: True (the default) shares each site's pace between the
  processes of a shared frontier; False keeps Scrapy's pace per process.

Stats: ``newscrawl/frontier/pace_waits``, the times a slot waited for another process's
turn (or its hold).
"""

from __future__ import annotations

import logging
from time import monotonic
from typing import TYPE_CHECKING, Any

from redis.exceptions import RedisError
from scrapy.utils.asyncio import call_later
from scrapy_redis.connection import get_redis_from_settings

from newscrawl.downloader import Downloader
from newscrawl.signals import host_backed_off

if TYPE_CHECKING:
    from redis import Redis
    from scrapy.core.downloader import Slot
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Stats key counting the times a slot waited for another process's turn or hold.
PACE_WAITS_KEY = "newscrawl/frontier/pace_waits"

# The time now in milliseconds by the server's clock, so that every machine reads the same
# one, and the moment the slot's key says its next turn comes (0: none kept).
_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free_at = tonumber(redis.call('GET', KEYS[1]) or 0)
"""
# KEYS: the slot's key. ARGV: the slot's delay (ms). Take the turn if it has come and push
# the next one the delay on; returns 0 (go), or the milliseconds until the turn comes.
_TAKE_TURN = (
    _NOW
    + """
if free_at > now then return free_at - now end
local delay = tonumber(ARGV[1])
if delay > 0 then redis.call('SET', KEYS[1], now + delay, 'PX', delay) end
return 0
"""
)
# KEYS: the slot's key. ARGV: milliseconds during which nothing may be sent to the site.
_HOLD = (
    _NOW
    + """
local hold = tonumber(ARGV[1])
if now + hold > free_at then redis.call('SET', KEYS[1], now + hold, 'PX', hold) end
return 0
"""
)


class SharedPace:
    """Each site's next turn, in Redis, for every process of a shared frontier."""

    def __init__(self, server: Redis, prefix: str) -> None:
        self.server = server
        self.prefix = prefix
        self._take_turn = server.register_script(_TAKE_TURN)
        self._hold = server.register_script(_HOLD)

    def key(self, slot: str) -> str:
        """The Redis key of the pace of downloader slot ``slot``."""
        return f"{self.prefix}:pace:{slot}"

    def take_turn(self, slot: str, delay: float) -> float:
        """Seconds until ``slot``'s turn comes; 0: it has, and is taken.

        A turn taken puts the next one ``delay`` seconds away, for every process.
        """
        wait_ms = self._take_turn(keys=[self.key(slot)], args=[round(delay * 1000)])
        return int(wait_ms) / 1000

    def hold(self, slot: str, seconds: float) -> None:
        """Let no process send anything to ``slot`` for ``seconds`` (a longer hold stays)."""
        milliseconds = round(seconds * 1000)
        if milliseconds > 0:
            self._hold(keys=[self.key(slot)], args=[milliseconds])


class SharedPaceDownloader(Downloader):
    """newscrawl's downloader, each slot taking its turns from a pace shared in Redis."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        prefix = settings.get("NEWSCRAWL_REDIS_PREFIX") or "newscrawl"  # as the frontier's
        self.pace = SharedPace(get_redis_from_settings(settings), prefix)
        self.stats = crawler.stats
        self._warned = False
        crawler.signals.connect(self.host_backed_off, signal=host_backed_off)
        logger.info(
            "Shared pace: each site's delay holds for all processes of the frontier (%s:pace:*)",
            prefix,
        )

    def host_backed_off(self, slot: str, seconds: float, **kwargs: Any) -> None:
        """The backoff holds ``slot``: every process holds it."""
        try:
            self.pace.hold(slot, seconds)
        except RedisError as exc:
            self._redis_failed(exc)

    def _process_queue(self, slot: Slot) -> None:
        # Scrapy's sends the slot's next request once its own delay has passed since the
        # last (lastseen); it is asked again when a download ends and at the `latercall` it
        # sets. Here the slot then also takes its turn from the shared pace, or waits for it
        # with the same `latercall`.
        if slot.latercall or not slot.queue or slot.free_transfer_slots() <= 0:
            super()._process_queue(slot)  # nothing to send now
            return
        delay = slot.download_delay()
        wait = delay - monotonic() + slot.lastseen if delay else 0.0
        if wait <= 0:
            wait = self._take_turn(slot, delay)
            if wait > 0:
                self.stats.inc_value(PACE_WAITS_KEY)
        if wait > 0:
            slot.latercall = call_later(wait, self._latercall, slot)
            return
        # The turn is taken: Scrapy's own check, with a jitter of its own drawn again, must
        # not keep the request back now (nor send one without a turn: it is decided here).
        slot.lastseen = float("-inf")
        super()._process_queue(slot)

    def _take_turn(self, slot: Slot, delay: float) -> float:
        request, _ = slot.queue[0]
        key = request.meta[self.DOWNLOAD_SLOT]  # set as the request entered the slot
        try:
            return self.pace.take_turn(key, delay)
        except RedisError as exc:
            self._redis_failed(exc)
            return 0.0

    def _redis_failed(self, exc: RedisError) -> None:
        if not self._warned:
            self._warned = True
            logger.warning("Shared pace unreachable, going on at this process's own: %s", exc)
