"""The shared frontier's scheduler: scrapy-redis's, plus the run's life cycle.

See :mod:`newscrawl.frontier`; :class:`~newscrawl.frontier.addon.RedisFrontierAddon` selects
it.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
import warnings
from typing import TYPE_CHECKING, Any

from redis.exceptions import RedisError
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, ScrapyDeprecationWarning
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.httpobj import urlparse_cached
from scrapy_redis.scheduler import Scheduler

from newscrawl.frontier import (
    FRONTIER_LOST,
    FRONTIER_LOST_KEY,
    QUEUED_ELSEWHERE_KEY,
    RECLAIMED_KEY,
)
from newscrawl.frontier.queue import QUEUE_LUA
from newscrawl.middlewares.incremental import ARTICLE_META
from newscrawl.pqueues import SlotHolds

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


#: Seconds between a process's heartbeats; one silent for three is taken for dead.
HEARTBEAT_SECONDS = 5
_DEAD_AFTER = 3 * HEARTBEAT_SECONDS

# The run's keys, in the scripts' KEYS order: workers (heartbeats), idle (the idle
# workers), run (the run's token), queue, dupefilter, arguments. A worker's in-flight set (see
# newscrawl.frontier.queue) is the in-flight prefix (an ARGV) followed by its id: the
# scripts name those keys themselves, which a single Redis server allows (Redis Cluster
# would not).

# Put back in the queue what the workers silent since ``before`` held in flight, and forget
# those workers. Returns how many requests it put back.
_RECLAIM = (
    QUEUE_LUA
    + """
local function reclaim(workers, idle, queue, prefix, before)
  local n = 0
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', workers, '-inf', before)) do
    local held = redis.call('ZRANGE', prefix .. id, 0, -1, 'WITHSCORES')
    for i = 1, #held, 2 do
      put_back(queue, held[i], held[i + 1])
      n = n + 1
    end
    redis.call('DEL', prefix .. id)
    redis.call('ZREM', workers, id)
    redis.call('SREM', idle, id)
  end
  return n
end
"""
)

# ARGV: worker id, dead-after seconds, a new token, in-flight prefix. Register; if no other
# live worker and nothing queued, this is a new run: forget the old filter, and name the run
# with the new token. Atomic, so two processes starting together cannot both clear it.
# Returns {1 if new, the run's token, requests of dead workers put back}.
_JOIN = (
    _RECLAIM
    + """
local now = tonumber(redis.call('TIME')[1])
local back = reclaim(KEYS[1], KEYS[2], KEYS[4], ARGV[4], now - tonumber(ARGV[2]))
local others = redis.call('ZCARD', KEYS[1])
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('SREM', KEYS[2], ARGV[1])
if others == 0 and redis.call('EXISTS', KEYS[4]) == 0 then
  redis.call('DEL', KEYS[5], KEYS[2])
  redis.call('SET', KEYS[3], ARGV[3])
  return {1, ARGV[3], back}
end
local run = redis.call('GET', KEYS[3])
if not run then
  redis.call('SET', KEYS[3], ARGV[3])
  run = ARGV[3]
end
return {0, run, back}
"""
)
# KEYS: workers, idle, run, queue. ARGV: worker id, the run's token, dead-after, in-flight
# prefix. Returns -1 if the run is gone: its token is not there (the server restarted
# empty, or was flushed; requests queued and links seen since would have made a new queue
# and filter, a partial one), else the requests of dead workers put back.
_BEAT = (
    _RECLAIM
    + """
if redis.call('GET', KEYS[3]) ~= ARGV[2] then return -1 end
local now = tonumber(redis.call('TIME')[1])
redis.call('ZADD', KEYS[1], now, ARGV[1])
return reclaim(KEYS[1], KEYS[2], KEYS[4], ARGV[4], now - tonumber(ARGV[3]))
"""
)
# KEYS: workers, idle, run, queue. ARGV: worker id, dead-after seconds, the run's token,
# in-flight prefix. Returns {live busy others, requests of dead workers put back}, or -1 if
# the run is gone (as _BEAT tells).
_IDLE = (
    _RECLAIM
    + """
if redis.call('GET', KEYS[3]) ~= ARGV[3] then return -1 end
local now = tonumber(redis.call('TIME')[1])
local back = reclaim(KEYS[1], KEYS[2], KEYS[4], ARGV[4], now - tonumber(ARGV[2]))
redis.call('SADD', KEYS[2], ARGV[1])
local busy = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[2]), '+inf')) do
  if id ~= ARGV[1] and redis.call('SISMEMBER', KEYS[2], id) == 0 then busy = busy + 1 end
end
return {busy, back}
"""
)
# KEYS: all six. ARGV: worker id, dead-after, finished (0/1), in-flight prefix.
# Deregister, putting back in the queue what this worker still holds (nothing, once Scrapy
# has drained its requests in progress); the last live worker of a finished run deletes the
# run, unless a dead worker's requests had to be put back (the next start resumes them).
_LEAVE = (
    _RECLAIM
    + """
local now = tonumber(redis.call('TIME')[1])
-- As silent since 1970: reclaimed, and forgotten, with the dead.
redis.call('ZADD', KEYS[1], 0, ARGV[1])
local back = reclaim(KEYS[1], KEYS[2], KEYS[4], ARGV[4], now - tonumber(ARGV[2]))
if ARGV[3] == '1' and back == 0 and redis.call('ZCARD', KEYS[1]) == 0 then
  drop_queue(KEYS[4])
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[5], KEYS[6])
  return 1
end
return 0
"""
)

_DATA_GONE = "the server no longer has the run (restarted empty, or flushed?)"


class SharedScheduler(Scheduler):
    """scrapy-redis's scheduler, plus the run's life cycle (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}"
        #: The run's keys, in the scripts' order (see above), and the run's token.
        self._keys: list[str] = []
        #: Prefix of the workers' in-flight sets (newscrawl.frontier.queue).
        self._in_flight = ""
        self._token = ""
        self._idle = False
        self._heartbeat: Any = None
        self.crawler: Crawler | None = None
        #: Why the run lost its frontier, once it has: no request is taken or queued then.
        self.lost: str | None = None
        #: Sites whose robots.txt is being read: their requests would wait in the middleware.
        self._holds = SlotHolds()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the scheduler and follow the spider's idle signal."""
        scheduler: Self = super().from_crawler(crawler)
        scheduler.crawler = crawler
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        scheduler._holds.follow(crawler)
        return scheduler

    def _lose(self, why: str) -> None:
        """Stop the run: its frontier is unreachable, or gone (a failed run, exit code 1).

        Going on would fetch again what the lost filter knew was fetched, or wait for ever
        on a server that does not answer.
        """
        if self.lost is not None:
            return
        self.lost = why
        logger.error(
            "Shared frontier lost: %s. Stopping this process; start the run again once the "
            "Redis server is back (what it kept of the run is resumed, the archive skips "
            "what was stored).",
            why,
        )
        if self.stats is not None:
            self.stats.set_value(FRONTIER_LOST_KEY, why)
        if self.crawler is not None and self.crawler.engine is not None:
            engine = self.crawler.engine

            def close() -> None:
                closing = deferred_from_coro(engine.close_spider_async(reason=FRONTIER_LOST))
                # Closed already (the engine's slot gone): nothing left to stop.
                closing.addErrback(lambda failure: logger.debug("%s", failure.value))

            # Not from inside the engine's own call to the scheduler: on the next tick.
            call_later(0, close)

    def open(self, spider: Spider) -> None:
        """Join the run (or start a new one) and begin the heartbeat."""
        with warnings.catch_warnings():
            # scrapy-redis logs "Resuming crawl" through Spider.log, which Scrapy deprecates
            # with a warning on the crawl's log; it is our "joined a run" line below.
            warnings.filterwarnings("ignore", "Spider.log", ScrapyDeprecationWarning)
            super().open(spider)
        base = self.queue.key.rsplit(":", 1)[0]
        self._keys = [
            f"{base}:workers",
            f"{base}:idle",
            f"{base}:run",
            self.queue.key,
            self.df.key,
            # The run's spider arguments (newscrawl.commands._frontier), deleted with it.
            f"{base}:arguments",
        ]
        self._in_flight = f"{base}:inflight:"
        self.queue.in_flight_key = self._in_flight + self.worker_id
        self.queue.site_of = self._site_of
        self.queue.busy_sites = self._busy_sites
        new, token, back = self.server.eval(
            _JOIN,
            len(self._keys),
            *self._keys,
            self.worker_id,
            _DEAD_AFTER,
            uuid.uuid4().hex,
            self._in_flight,
        )
        self._token = token.decode() if isinstance(token, bytes) else str(token)
        self._put_back(back)
        if new:
            self._forget_orphans()
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
        if self.lost is not None:
            return
        finished = "1" if reason == "finished" else "0"
        try:
            self._settle()
            left = self.server.eval(
                _LEAVE,
                len(self._keys),
                *self._keys,
                self.worker_id,
                _DEAD_AFTER,
                finished,
                self._in_flight,
            )
        except RedisError as exc:
            logger.warning("Shared frontier: could not leave the run: %s", exc)
            return
        if left:
            logger.info("Shared frontier: last process of the run; run data deleted")

    # enqueue_request and next_request are scrapy-redis's, but for the stats calls, whose
    # ``spider`` argument Scrapy deprecates, and the count of filtered requests.

    def enqueue_request(self, request: Request) -> bool:
        """Queue ``request`` unless the shared filter has seen it."""
        if self.lost is not None:
            return False
        try:
            return self._enqueue(request)
        except RedisError as exc:
            self._lose(f"{exc} (queueing {request.url})")
            return False

    def _enqueue(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            if self.stats is not None:
                # As Scrapy's own filter counts.
                self.stats.inc_value("dupefilter/filtered")
                if request.meta.get(ARTICLE_META):
                    # Found all the same, though another process (or this one) queued it.
                    self.stats.inc_value(QUEUED_ELSEWHERE_KEY)
            return False
        if self.stats is not None:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        """Pop the next request of the shared queue."""
        if self.lost is not None:
            return None
        try:
            return self._next()
        except RedisError as exc:
            self._lose(str(exc))
            return None

    def has_pending_requests(self) -> bool:
        """Whether the shared queue holds requests (none, once the frontier is lost)."""
        if self.lost is not None:
            return False
        try:
            return self.queue.has_requests()
        except RedisError as exc:
            self._lose(str(exc))
            return False

    def _next(self) -> Request | None:
        request: Request | None = self.queue.pop(self.idle_before_close)
        if request is None:
            return None
        if self.stats is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        if self._idle:
            self._idle = False
            self.server.srem(self._keys[1], self.worker_id)
        return request

    def _downloader(self) -> Any:
        engine = self.crawler.engine if self.crawler is not None else None
        return getattr(engine, "downloader", None)

    def _site_of(self, request: Request) -> str:
        """The site (download slot) whose queue ``request`` goes to."""
        downloader = self._downloader()
        if downloader is not None:
            return str(downloader.get_slot_key(request))
        return urlparse_cached(request).hostname or ""

    def _busy_sites(self) -> set[str]:
        """The sites with a request waiting in this process's downloader already.

        Whatever more it took of them would wait too, in the place of other sites' requests:
        in the site's slot, or in the robots.txt middleware while it reads the site's rules.
        """
        downloader = self._downloader()
        slots = downloader.slots.items() if downloader is not None else ()
        return {key for key, slot in slots if slot.queue} | self._holds.keys()

    def _forget_orphans(self) -> None:
        """Delete in-flight sets no registered process owns, at the start of a new run.

        A process that lost the run's data (the server flushed) may have made its set
        again before it stopped; no later run would reclaim it, nor delete it.
        """
        own = self.queue.in_flight_key.encode()
        orphans = [key for key in self.server.scan_iter(match=f"{self._in_flight}*") if key != own]
        if orphans:
            self.server.delete(*orphans)

    def _settle(self) -> None:
        """Take the requests this process is done with out of its in-flight set."""
        # Scrapy signals no request's end, the moment its callback's items are through the
        # pipelines (stored, for the archive's, which returns an item once committed); the
        # engine's own set of requests in progress, which it empties just then, is the one
        # place that knows. Without the engine's slot (closed), nothing is in progress.
        slot = getattr(self.crawler.engine, "_slot", None) if self.crawler else None
        self.queue.settle(slot.inprogress if slot is not None else ())

    def _put_back(self, back: int) -> None:
        """Log and count requests of dead processes put back in the queue."""
        if not back:
            return
        logger.warning(
            "Shared frontier: %d requests that a process which died had taken are back in "
            "the queue",
            back,
        )
        if self.stats is not None:
            self.stats.inc_value(RECLAIMED_KEY, back)

    def spider_idle(self, spider: Spider) -> None:
        """Keep the spider open while another process of the run is still busy."""
        if self.lost is not None:
            return
        self._idle = True
        try:
            self._settle()
            answer = self.server.eval(
                _IDLE, 4, *self._keys[:4], self.worker_id, _DEAD_AFTER, self._token, self._in_flight
            )
        except RedisError as exc:
            self._lose(str(exc))
            return
        if answer == -1:
            # Out of requests because the queue is gone with the rest: not the run's end.
            self._lose(_DATA_GONE)
            raise DontCloseSpider
        busy, back = answer
        self._put_back(back)
        if busy or back:
            raise DontCloseSpider

    def _beat(self) -> None:
        if self.lost is not None:
            return
        try:
            self._settle()
            back = self.server.eval(
                _BEAT, 4, *self._keys[:4], self.worker_id, self._token, _DEAD_AFTER, self._in_flight
            )
        except Exception as exc:  # a blip must not stop the heartbeat loop for good
            logger.warning("Shared frontier: heartbeat failed: %s", exc)
            return
        if back == -1:
            self._lose(_DATA_GONE)
        else:
            self._put_back(back)
