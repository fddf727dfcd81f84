"""The shared frontier keeps the requests a process has taken until it is done with them, puts
back in the queue what a process that died had taken, and hands a process the requests of
sites it can send to (against the Redis server on 127.0.0.1: fails, never skips, if it is
unreachable)."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
import redis
from scrapy import Request, Spider
from scrapy.exceptions import DontCloseSpider
from twisted.internet.defer import Deferred

from newscrawl.downloader import Downloader
from newscrawl.frontier import RECLAIMED_KEY
from newscrawl.frontier.scheduler import SharedScheduler
from newscrawl.signals import host_held, host_released
from tests.services import REDIS_URL
from tests.utils import project_crawler


class _Workers:
    """Schedulers of one shared run, as crawler processes would open them, with what each
    has in progress set by the test (the engine's own set, in a crawl)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.opened: list[SharedScheduler] = []
        self.client = redis.Redis.from_url(REDIS_URL)

    def open(self, worker_id: str) -> SharedScheduler:
        crawler = project_crawler(
            Spider, NEWSCRAWL_REDIS_URL=REDIS_URL, NEWSCRAWL_REDIS_PREFIX=self.prefix
        )
        spider = Spider.from_crawler(crawler, name="news")
        crawler.spider = spider
        crawler.engine = SimpleNamespace(  # type: ignore[assignment]
            _slot=SimpleNamespace(inprogress=set()), downloader=Downloader(crawler)
        )
        scheduler = SharedScheduler.from_crawler(crawler)
        scheduler.worker_id = worker_id
        scheduler.open(spider)
        self.opened.append(scheduler)
        return scheduler

    def in_flight(self, worker_id: str) -> int:
        return int(self.client.zcard(f"{self.prefix}:news:inflight:{worker_id}"))

    def queued(self) -> int:
        """Requests in the run's queue, all sites together."""
        index = f"{self.prefix}:news:requests"
        sites: list[bytes] = self.client.zrange(index, 0, -1)  # type: ignore[assignment]
        return sum(int(self.client.zcard(f"{index}:{site.decode()}")) for site in sites)

    def die(self, worker_id: str) -> None:
        """Make ``worker_id`` look dead: its last heartbeat a minute ago."""
        self.client.zadd(f"{self.prefix}:news:workers", {worker_id: 1})

    def close(self) -> None:
        for scheduler in self.opened:
            if scheduler._heartbeat is not None and scheduler._heartbeat.running:
                scheduler._heartbeat.stop()
        self.client.close()


@pytest.fixture
def workers(redis_prefix: str) -> Iterator[_Workers]:
    group = _Workers(redis_prefix)
    try:
        yield group
    finally:
        group.close()


def in_progress(scheduler: SharedScheduler, *requests: Request) -> None:
    engine: Any = scheduler.crawler.engine if scheduler.crawler else None
    engine._slot.inprogress = set(requests)


def test_a_request_stays_in_flight_until_the_process_is_done_with_it(
    workers: _Workers,
) -> None:
    one = workers.open("host:1")
    for n in range(3):
        assert one.enqueue_request(Request(f"http://example.com/{n}"))
    first, second = one.next_request(), one.next_request()
    assert first is not None and second is not None
    assert len(one.queue) == 1
    assert workers.in_flight("host:1") == 2
    in_progress(one, second)
    one._beat()
    assert workers.in_flight("host:1") == 1
    in_progress(one)
    one._beat()
    assert workers.in_flight("host:1") == 0


def test_what_a_dead_process_had_taken_goes_back_to_the_queue(workers: _Workers) -> None:
    dead = workers.open("host:1")
    for n in range(3):
        dead.enqueue_request(Request(f"http://example.com/{n}"))
    taken = [dead.next_request(), dead.next_request()]
    in_progress(dead, *taken)
    workers.die("host:1")
    # The next process to join puts them back, and crawls them
    alive = workers.open("host:2")
    assert len(alive.queue) == 3
    assert workers.in_flight("host:1") == 0
    assert alive.stats is not None and alive.stats.get_value(RECLAIMED_KEY) == 2
    urls = {request.url for request in iter(alive.next_request, None)}
    assert urls == {f"http://example.com/{n}" for n in range(3)}


def test_a_busy_process_takes_over_a_dead_ones_requests(workers: _Workers) -> None:
    dead, alive = workers.open("host:1"), workers.open("host:2")
    dead.enqueue_request(Request("http://example.com/a"))
    taken = dead.next_request()
    in_progress(dead, taken)  # type: ignore[arg-type]
    workers.die("host:1")
    alive._beat()
    assert [r.url for r in iter(alive.next_request, None)] == ["http://example.com/a"]


def test_an_idle_process_does_not_finish_while_a_dead_ones_requests_are_out(
    workers: _Workers,
) -> None:
    dead, alive = workers.open("host:1"), workers.open("host:2")
    dead.enqueue_request(Request("http://example.com/a"))
    in_progress(dead, dead.next_request())  # type: ignore[arg-type]
    # Alive while it beats: the idle one waits for it
    with pytest.raises(DontCloseSpider):
        alive.spider_idle(alive.spider)
    assert len(alive.queue) == 0
    workers.die("host:1")
    with pytest.raises(DontCloseSpider):
        alive.spider_idle(alive.spider)
    assert len(alive.queue) == 1
    assert alive.next_request() is not None
    in_progress(alive)
    alive.spider_idle(alive.spider)  # nothing left anywhere: the run may finish
    alive.close("finished")
    assert list(workers.client.scan_iter(match=f"{workers.prefix}:*")) == []


def test_a_process_stopped_early_leaves_what_it_holds_in_the_queue(workers: _Workers) -> None:
    one = workers.open("host:1")
    one.enqueue_request(Request("http://example.com/a"))
    one.enqueue_request(Request("http://example.com/b"))
    held = one.next_request()
    # Scrapy drains its requests in progress before closing; were one still out, the run
    # keeps it for the next start
    in_progress(one, held)  # type: ignore[arg-type]
    one.close("shutdown")
    assert workers.in_flight("host:1") == 0
    assert workers.queued() == 2


def test_a_new_run_forgets_in_flight_sets_no_process_owns(workers: _Workers) -> None:
    """A process that lost the run's data (the server flushed) may have made its set again
    before it stopped: no later run would reclaim it, nor delete it."""
    orphan = f"{workers.prefix}:news:inflight:host:9"
    workers.client.zadd(orphan, {b"request": 0})
    workers.open("host:1")  # alone, nothing queued: a new run
    assert not workers.client.exists(orphan)


def _waiting(scheduler: SharedScheduler, request: Request) -> None:
    """``request`` waits in its site's download slot (for the site's turn)."""
    downloader: Any = scheduler.crawler.engine.downloader  # type: ignore[union-attr]
    key, slot = downloader._get_slot(request)
    request.meta[downloader.DOWNLOAD_SLOT] = key
    slot.queue.append((request, Deferred()))


def test_a_site_with_a_request_waiting_here_yields_to_other_sites(workers: _Workers) -> None:
    one = workers.open("host:1")
    one.enqueue_request(Request("https://www.example.com/a", priority=10))
    one.enqueue_request(Request("https://news.example.com/b", priority=10))  # the same site
    one.enqueue_request(Request("https://example.org/c"))
    first = one.next_request()
    assert first is not None and first.url == "https://www.example.com/a"  # the best
    _waiting(one, first)
    # More of example.com would wait here too, in the place of example.org's request.
    second = one.next_request()
    assert second is not None and second.url == "https://example.org/c"
    # What is left is example.com's: it stays queued, for later or for another process.
    assert one.next_request() is None
    assert one.has_pending_requests() and len(one.queue) == 1
    other = workers.open("host:2")
    third = other.next_request()
    assert third is not None and third.url == "https://news.example.com/b"
    assert not other.has_pending_requests()


def test_a_site_whose_robots_txt_is_being_read_yields_to_other_sites(
    workers: _Workers,
) -> None:
    """Its requests would wait in the robots.txt middleware, in the places of others'."""
    one = workers.open("host:1")
    one.enqueue_request(Request("https://www.example.com/a", priority=10))
    one.enqueue_request(Request("https://example.org/b"))
    assert one.crawler is not None
    one.crawler.signals.send_catch_log(host_held, slot="example.com")
    request = one.next_request()
    assert request is not None and request.url == "https://example.org/b"
    assert one.next_request() is None
    one.crawler.signals.send_catch_log(host_released, slot="example.com")
    request = one.next_request()
    assert request is not None and request.url == "https://www.example.com/a"


def test_what_a_dead_process_had_taken_goes_back_to_its_sites_queue(workers: _Workers) -> None:
    dead = workers.open("host:1")
    dead.enqueue_request(Request("https://example.com/a", priority=10))
    dead.enqueue_request(Request("https://example.org/b"))
    taken = dead.next_request()
    in_progress(dead, taken)  # type: ignore[arg-type]
    workers.die("host:1")
    alive = workers.open("host:2")
    _waiting(alive, Request("https://www.example.com/waiting"))
    # Back in example.com's queue: passed over while that site is busy in this process.
    request = alive.next_request()
    assert request is not None and request.url == "https://example.org/b"
    assert alive.next_request() is None and len(alive.queue) == 1


def test_a_run_queued_by_an_older_version_is_crawled(workers: _Workers) -> None:
    """One sorted set of requests, where the index of sites is now (a run stopped early and
    resumed after an upgrade): its requests are popped, and put back if their process dies."""
    one = workers.open("host:1")
    old = one.queue._encode_request(Request("https://example.com/old"))
    workers.client.zadd(f"{workers.prefix}:news:requests", {old: 0})
    request = one.next_request()
    assert request is not None and request.url == "https://example.com/old"
    in_progress(one, request)
    workers.die("host:1")
    # And a request an older version's process held when it died: the pickle alone.
    held = one.queue._encode_request(Request("https://example.org/held"))
    workers.client.zadd(f"{workers.prefix}:news:inflight:host:0", {held: 0})
    workers.client.zadd(f"{workers.prefix}:news:workers", {"host:0": 1})
    alive = workers.open("host:2")
    urls = {request.url for request in iter(alive.next_request, None)}
    assert urls == {"https://example.com/old", "https://example.org/held"}
