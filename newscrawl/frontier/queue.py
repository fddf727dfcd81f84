"""The shared frontier's queue: scrapy-redis's priority queue, with requests in flight kept.

scrapy-redis's queue forgets a request once a process has popped it: a process killed
outright (``kill -9``, the machine lost) takes the requests it was downloading, or had
downloaded and not yet stored, with it, and the rest of the run never fetches them.
:class:`InFlightQueue` pops a request and copies it into the process's own in-flight set in
one step (a Lua script: nothing is lost between the two), and forgets it only once the
process is done with it (:meth:`InFlightQueue.settle`). What a process that died still held
is put back in the queue by a live one (:mod:`newscrawl.frontier.scheduler`), so it is
fetched again: at least once, never lost. (The archive then tells whether the dead process
had stored it already: a request done moments before the death is skipped as archived.)
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from scrapy_redis.queue import PriorityQueue

if TYPE_CHECKING:
    from scrapy import Request

# KEYS: queue, in-flight set. Pop the best request and keep it in flight; returns
# {request, score}, or nil when the queue is empty.
_POP = """
local best = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #best == 0 then return nil end
redis.call('ZREM', KEYS[1], best[1])
redis.call('ZADD', KEYS[2], best[2], best[1])
return best
"""


class InFlightQueue(PriorityQueue):
    """scrapy-redis's priority queue, whose popped requests stay in flight until settled.

    ``in_flight_key`` names this process's in-flight set; the scheduler sets it when it
    joins the run, before the first pop.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.in_flight_key = ""
        #: The requests this process popped and is not done with, as they are in Redis.
        self.held: dict[Request, bytes] = {}

    def pop(self, timeout: int = 0) -> Request | None:
        """Pop the best request, keeping it in this process's in-flight set."""
        if not self.in_flight_key:
            raise RuntimeError("InFlightQueue.pop before in_flight_key was set")
        popped = self.server.eval(_POP, 2, self.key, self.in_flight_key)
        if not popped:
            return None
        data = popped[0]
        request: Request = self._decode_request(data)
        self.held[request] = data
        return request

    def settle(self, in_progress: Collection[Request]) -> int:
        """Forget the held requests that are no longer ``in_progress``; return how many."""
        done = [request for request in self.held if request not in in_progress]
        if done:
            self.server.zrem(self.in_flight_key, *(self.held[request] for request in done))
            for request in done:
                del self.held[request]
        return len(done)
