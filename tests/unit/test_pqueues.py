"""The scheduler's priority queue gives out no request of a held host."""

from __future__ import annotations

from types import SimpleNamespace

from scrapy import Request
from scrapy.settings import Settings
from scrapy.signalmanager import SignalManager
from scrapy.squeues import FifoMemoryQueue
from scrapy.utils.httpobj import urlparse_cached

from newscrawl.pqueues import HoldAwarePriorityQueue
from newscrawl.signals import host_held, host_released


class _Downloader:
    """The two things the queue asks the downloader: slot keys and slots' activity."""

    def __init__(self) -> None:
        self.slots: dict[str, object] = {}

    @staticmethod
    def get_slot_key(request: Request) -> str:
        return urlparse_cached(request).hostname or ""


def _queue() -> tuple[HoldAwarePriorityQueue, SignalManager]:
    signals = SignalManager()
    crawler = SimpleNamespace(
        settings=Settings(), signals=signals, engine=SimpleNamespace(downloader=_Downloader())
    )
    queue = HoldAwarePriorityQueue(crawler, FifoMemoryQueue, "")  # type: ignore[arg-type]
    for url in ("https://a.example/1", "https://a.example/2", "https://b.example/1"):
        queue.push(Request(url))
    return queue, signals


def test_a_held_host_gives_out_nothing_until_released() -> None:
    queue, signals = _queue()
    signals.send_catch_log(host_held, slot="a.example")
    request = queue.pop()
    assert request is not None and request.url == "https://b.example/1"
    assert queue.pop() is None
    assert len(queue) == 2  # kept, not dropped: the crawl is not over
    signals.send_catch_log(host_released, slot="a.example")
    popped = [queue.pop(), queue.pop()]
    assert sorted(r.url for r in popped if r) == ["https://a.example/1", "https://a.example/2"]


def test_a_host_held_twice_stays_held_until_both_holds_end() -> None:
    # Two robots.txt of one host name (two ports) read at once hold the same slot.
    queue, signals = _queue()
    signals.send_catch_log(host_held, slot="a.example")
    signals.send_catch_log(host_held, slot="a.example")
    signals.send_catch_log(host_released, slot="a.example")
    request = queue.pop()
    assert request is not None and request.url == "https://b.example/1"
    assert queue.pop() is None
    signals.send_catch_log(host_released, slot="a.example")
    assert queue.pop() is not None
    assert not queue.holds  # a released slot leaves nothing behind


def test_a_release_without_a_hold_holds_nothing() -> None:
    queue, signals = _queue()
    signals.send_catch_log(host_released, slot="a.example")
    signals.send_catch_log(host_held, slot="a.example")
    request = queue.pop()
    assert request is not None and request.url == "https://b.example/1"
