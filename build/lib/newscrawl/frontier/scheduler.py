"""The shared frontier's scheduler: scrapy-redis's, plus the run's life cycle.

See :mod:`newscrawl.frontier`; :class:`~newscrawl.frontier.addon.RedisFrontierAddon` selects
it.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.scheduler import Scheduler

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Seconds between a process's heartbeats; one silent for three is taken for dead.
HEARTBEAT_SECONDS = 5
_DEAD_AFTER = 3 * HEARTBEAT_SECONDS

# KEYS: workers, idle, queue, dupefilter. ARGV: worker id, dead-after seconds.
# Register; if no other live worker and nothing queued, this is a new run: forget the old
# filter. Atomic, so two processes starting together cannot both clear it.
_JOIN = """
local now = tonumber(redis.call('TIME')[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
local others = redis.call('ZCARD', KEYS[1])
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('SREM', KEYS[2], ARGV[1])
if others == 0 and redis.call('EXISTS', KEYS[3]) == 0 then
  redis.call('DEL', KEYS[4], KEYS[2])
  return 1
end
return 0
"""
# KEYS: workers. ARGV: worker id.
_BEAT = """
redis.call('ZADD', KEYS[1], tonumber(redis.call('TIME')[1]), ARGV[1])
"""
# KEYS: workers, idle. ARGV: worker id, dead-after seconds. Returns live busy others.
_IDLE = """
local now = tonumber(redis.call('TIME')[1])
redis.call('SADD', KEYS[2], ARGV[1])
local busy = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[2]), '+inf')) do
  if id ~= ARGV[1] and redis.call('SISMEMBER', KEYS[2], id) == 0 then busy = busy + 1 end
end
return busy
"""
# KEYS: workers, idle, queue, dupefilter. ARGV: worker id, dead-after, finished (0/1).
# Deregister; the last live worker of a finished run deletes the run.
_LEAVE = """
local now = tonumber(redis.call('TIME')[1])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
if ARGV[3] == '1' and redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
  return 1
end
return 0
"""


class SharedScheduler(Scheduler):
    """scrapy-redis's scheduler, plus the run's life cycle (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}"
        self._keys: list[str] = []
        self._idle = False
        self._heartbeat: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the scheduler and follow the spider's idle signal."""
        scheduler: Self = super().from_crawler(crawler)
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider: Spider) -> None:
        """Join the run (or start a new one) and begin the heartbeat."""
        super().open(spider)
        base = self.queue.key.rsplit(":", 1)[0]
        self._keys = [f"{base}:workers", f"{base}:idle", self.queue.key, self.df.key]
        if self.server.eval(_JOIN, 4, *self._keys, self.worker_id, _DEAD_AFTER):
            logger.info("Shared frontier %s: a new run", base)
        else:
            logger.info("Shared frontier %s: joined a run (%d queued)", base, len(self.queue))
        from twisted.internet.task import LoopingCall

        self._heartbeat = LoopingCall(self._beat)
        self._heartbeat.start(HEARTBEAT_SECONDS, now=False)

    def close(self, reason: str) -> None:
        """Leave the run; the last process of a finished run deletes it."""
        if self._heartbeat is not None and self._heartbeat.running:
            self._heartbeat.stop()
        finished = "1" if reason == "finished" else "0"
        if self.server.eval(_LEAVE, 4, *self._keys, self.worker_id, _DEAD_AFTER, finished):
            logger.info("Shared frontier: last process of the run; run data deleted")

    # enqueue_request and next_request are scrapy-redis's, but for the stats calls, whose
    # ``spider`` argument Scrapy deprecates, and the count of filtered requests.

    def enqueue_request(self, request: Request) -> bool:
        """Queue ``request`` unless the shared filter has seen it."""
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            if self.stats is not None:
                # As Scrapy's own filter counts: a link this process found and another had
                # queued already was found all the same (see extensions.summary.run_failure).
                self.stats.inc_value("dupefilter/filtered")
            return False
        if self.stats is not None:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        """Pop the next request of the shared queue."""
        request: Request | None = self.queue.pop(self.idle_before_close)
        if request is None:
            return None
        if self.stats is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        if self._idle:
            self._idle = False
            self.server.srem(self._keys[1], self.worker_id)
        return request

    def spider_idle(self, spider: Spider) -> None:
        """Keep the spider open while another process of the run is still busy."""
        self._idle = True
        busy = self.server.eval(_IDLE, 2, *self._keys[:2], self.worker_id, _DEAD_AFTER)
        if busy:
            raise DontCloseSpider

    def _beat(self) -> None:
        try:
            self.server.eval(_BEAT, 1, self._keys[0], self.worker_id)
        except Exception:  # a blip must not stop the heartbeat loop for good
            logger.warning("Shared frontier: heartbeat failed", exc_info=True)
