"""The shared frontier's queue: a priority queue per site, with requests in flight kept.

**Requests in flight.** scrapy-redis's queue forgets a request once a process has popped it:
a process killed outright (``kill -9``, the machine lost) takes the requests it was
downloading, or had downloaded and not yet stored, with it, and the rest of the run never
fetches them. :class:`InFlightQueue` pops a request and copies it into the process's own
in-flight set in one step (a Lua script: nothing is lost between the two), and forgets it
only once the process is done with it (:meth:`InFlightQueue.settle`). What a process that
died still held is put back in the queue by a live one (:mod:`newscrawl.frontier.scheduler`),
so it is fetched again: at least once, never lost. (The archive then tells whether the dead
process had stored it already: a request done moments before the death is skipped as
archived.)

**A queue per site.** One sorted set of all requests hands a process the best request
whoever's it is: a site that is held (a ``Retry-After``, a long Crawl-delay) had its
requests fill the process's downloader, each waiting for the site's turn, while other sites'
waited in Redis (Scrapy's own scheduler serves the sites with the fewest downloads in
progress first; scrapy-redis's knows no sites). Here each site (download slot:
:mod:`newscrawl.downloader`) has its own sorted set, ``{queue key}:{site}``, and the queue
key is the index of the sites, each scored by its best request. A process pops the best
request of the best site whose slot has no request waiting in its own downloader (and whose
robots.txt it is not reading, :mod:`newscrawl.pqueues`): a site it cannot send to now stays
in Redis, for later or for another process, and a process takes only what it can send (the
rest of a one-site run's queue is not hoarded by one process).

In flight, a request is kept as its site's name, a NUL byte, and the request, so that it
goes back to its site's queue. (A request an older version kept in flight is the pickle
alone, which starts with byte 0x80, as no site's name does.)
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from scrapy_redis.queue import PriorityQueue

if TYPE_CHECKING:
    from scrapy import Request

#: Lua functions of the queue, shared with the scheduler's scripts: queue a request in its
#: site's queue (``queue_request``), put back a member of an in-flight set (``put_back``),
#: delete the index and every site's queue (``drop_queue``).
QUEUE_LUA = """
local function queue_request(index, site, score, data)
  redis.call('ZADD', index .. ':' .. site, score, data)
  local best = redis.call('ZSCORE', index, site)
  if not best or tonumber(score) < tonumber(best) then
    redis.call('ZADD', index, score, site)
  end
end
local function put_back(index, member, score)
  if string.byte(member, 1) == 128 then  -- a pickle: taken by an older version, no site
    queue_request(index, '', score, member)
  else
    local cut = string.find(member, '\\0', 1, true)
    queue_request(index, string.sub(member, 1, cut - 1), score, string.sub(member, cut + 1))
  end
end
local function drop_queue(index)
  for _, site in ipairs(redis.call('ZRANGE', index, 0, -1)) do
    redis.call('DEL', index .. ':' .. site)
  end
  redis.call('DEL', index)
end
"""
# KEYS: index, site's queue. ARGV: site, score, request.
_PUSH = QUEUE_LUA + "queue_request(KEYS[1], ARGV[1], ARGV[2], ARGV[3])"
# KEYS: index, in-flight set. ARGV: the sites to pass over. Pop the best request of the best
# site not passed over, keeping it in flight; returns {request, score, in-flight member}, or
# nil when there is none. An index entry without a queue is dropped (or, written by an older
# version that kept requests there, popped as the request it is: a pickle starts with 0x80).
_POP = """
local skip = {}
for i = 1, #ARGV do skip[ARGV[i]] = true end
local sites = redis.call('ZRANGE', KEYS[1], 0, #ARGV, 'WITHSCORES')
for i = 1, #sites, 2 do
  local site = sites[i]
  if not skip[site] then
    local queue = KEYS[1] .. ':' .. site
    local best = redis.call('ZRANGE', queue, 0, 0, 'WITHSCORES')
    if #best == 0 then
      redis.call('ZREM', KEYS[1], site)
      if string.byte(site, 1) == 128 then
        redis.call('ZADD', KEYS[2], sites[i + 1], '\\0' .. site)
        return {site, sites[i + 1], '\\0' .. site}
      end
    else
      redis.call('ZREM', queue, best[1])
      local rest = redis.call('ZRANGE', queue, 0, 0, 'WITHSCORES')
      if #rest == 0 then
        redis.call('ZREM', KEYS[1], site)
      else
        redis.call('ZADD', KEYS[1], rest[2], site)
      end
      local member = site .. '\\0' .. best[1]
      redis.call('ZADD', KEYS[2], best[2], member)
      return {best[1], best[2], member}
    end
  end
end
return nil
"""
# KEYS: index. Requests queued, all sites together.
_LENGTH = """
local n = 0
for _, site in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  n = n + redis.call('ZCARD', KEYS[1] .. ':' .. site)
end
return n
"""
# KEYS: index.
_CLEAR = QUEUE_LUA + "drop_queue(KEYS[1])"


class InFlightQueue(PriorityQueue):
    """A priority queue per site, whose popped requests stay in flight until settled.

    ``in_flight_key`` names this process's in-flight set; ``site_of`` gives a request's
    site (its download slot) and ``busy_sites`` the sites to pass over now. The scheduler
    sets all three when it joins the run, before the first push or pop.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.in_flight_key = ""
        self.site_of: Callable[[Request], str] = lambda request: ""
        self.busy_sites: Callable[[], Collection[str]] = tuple
        #: The requests this process popped and is not done with, as they are in Redis.
        self.held: dict[Request, bytes] = {}
        self._push = self.server.register_script(_PUSH)
        self._pop = self.server.register_script(_POP)
        self._length = self.server.register_script(_LENGTH)
        self._clear = self.server.register_script(_CLEAR)

    def __len__(self) -> int:
        """Requests queued, all sites together."""
        return int(self._length(keys=[self.key]))

    def push(self, request: Request) -> None:
        """Queue ``request`` in its site's queue."""
        site = self.site_of(request)
        data = self._encode_request(request)
        self._push(keys=[self.key, f"{self.key}:{site}"], args=[site, -request.priority, data])

    def pop(self, timeout: int = 0) -> Request | None:
        """Pop the best request of a site not busy here, keeping it in the in-flight set."""
        if not self.in_flight_key:
            raise RuntimeError("InFlightQueue.pop before in_flight_key was set")
        popped = self._pop(keys=[self.key, self.in_flight_key], args=list(self.busy_sites()))
        if not popped:
            return None
        data, _, member = popped
        request: Request = self._decode_request(data)
        self.held[request] = member
        return request

    def has_requests(self) -> bool:
        """Whether any site has a request queued (the index lists sites with requests)."""
        return bool(self.server.exists(self.key))

    def clear(self) -> None:
        """Delete every site's queue and the index."""
        self._clear(keys=[self.key])

    def settle(self, in_progress: Collection[Request]) -> int:
        """Forget the held requests that are no longer ``in_progress``; return how many."""
        done = [request for request in self.held if request not in in_progress]
        if done:
            self.server.zrem(self.in_flight_key, *(self.held[request] for request in done))
            for request in done:
                del self.held[request]
        return len(done)
