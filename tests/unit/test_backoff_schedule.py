"""When a backed-off host's requests go: Scrapy's downloader and the backoff on a fake clock.

The downloader is Scrapy's own (newscrawl's subclass), deciding when a slot sends its next
request (``Downloader._process_queue``); only its clock is a fake one and nothing goes on the
network: a request is "sent" when the downloader would start its download.
"""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
import scrapy.core.downloader
from scrapy import Request
from scrapy.core.downloader import Slot
from scrapy.http import HtmlResponse
from twisted.internet.defer import Deferred
from twisted.internet.task import Clock

from newscrawl.downloader import Downloader
from newscrawl.middlewares._refused import Refused
from newscrawl.middlewares.backoff import HostBackoffMiddleware
from newscrawl.signals import fetch_failed
from tests.utils import project_crawler

if TYPE_CHECKING:
    from collections.abc import Coroutine

HOST = "news.example"


class _Site:
    """One site's download slot, run by Scrapy's downloader and held by the backoff."""

    def __init__(
        self,
        monkeypatch: pytest.MonkeyPatch,
        delay: float = 0.5,
        jitter: float = 0.5,
        **settings: Any,
    ) -> None:
        self.clock = Clock()
        self.clock.advance(1000.0)  # a monotonic clock is not at 0 (a slot's lastseen is)
        #: (time, path) of each request the downloader sent.
        self.sent: list[tuple[float, str]] = []
        #: (path, exception) of each request refused in the downloader.
        self.refused: list[tuple[str, BaseException]] = []
        monkeypatch.setattr(scrapy.core.downloader, "monotonic", self.clock.seconds)
        monkeypatch.setattr(scrapy.core.downloader, "call_later", self.clock.callLater)
        monkeypatch.setattr(scrapy.core.downloader, "_schedule_coro", self._send)
        settings = {"NEWSCRAWL_BACKOFF_BASE": 1, "NEWSCRAWL_BACKOFF_MAX": 64, **settings}
        crawler = project_crawler(**settings)
        self.downloader = Downloader(crawler)
        self.slot = Slot(concurrency=1, delay=delay, jitter=jitter)
        self.downloader.slots[HOST] = self.slot
        crawler.engine = SimpleNamespace(downloader=self.downloader, running=True)  # type: ignore[assignment]
        self.backoff = HostBackoffMiddleware(crawler, clock=self.clock)

    def _send(self, download: Coroutine[Any, Any, None]) -> None:
        request = download.cr_frame.f_locals["request"]  # type: ignore[attr-defined]
        self.sent.append((self.clock.seconds(), request.url.split("/", 3)[-1]))
        download.close()

    def queue(self, *pages: str) -> None:
        """Requests for ``pages`` reach the downloader (as retries and new pages do)."""
        for page in pages:
            request = Request(f"https://{HOST}/{page}", meta={"download_slot": HOST})
            self.backoff.request_reached_downloader(request=request)
            queued: Deferred[object] = Deferred()
            queued.addErrback(lambda failure, page=page: self.refused.append((page, failure.value)))
            self.slot.queue.append((request, queued))
            self.downloader._process_queue(self.slot)

    def answer(self, page: str, status: int, retry_times: int = 0, **headers: str) -> None:
        """The download of ``page`` ends with ``status``, now."""
        meta = {"download_slot": HOST, "retry_times": retry_times}
        request = Request(f"https://{HOST}/{page}", meta=meta)
        response = HtmlResponse(request.url, status=status, headers=headers, request=request)
        self.backoff.response_downloaded(response=response, request=request)
        self.downloader._process_queue(self.slot)  # as the downloader does after a download

    def run(self, seconds: float) -> list[tuple[float, str]]:
        """Let ``seconds`` pass; the requests sent meanwhile, at their times from now."""
        start, count = self.clock.seconds(), len(self.sent)
        end = start + seconds
        while True:  # from timer to timer, each at its time
            due = [call.getTime() for call in self.clock.getDelayedCalls()]
            step = min([*due, end]) - self.clock.seconds()
            self.clock.advance(max(0.0, step))
            if not due or min(due) > end:
                break
        return [(round(at - start, 3), page) for at, page in self.sent[count:]]


@pytest.fixture(params=["low", "high"])
def draws(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every random draw at its lowest, or its highest: the backoff's and the jitter's."""
    pick = min if request.param == "low" else max
    monkeypatch.setattr(random, "uniform", lambda a, b: pick(a, b))
    return str(request.param)


def test_the_next_request_goes_when_the_hold_ends_then_one_per_raised_delay(
    monkeypatch: pytest.MonkeyPatch, draws: str
) -> None:
    site = _Site(monkeypatch)
    site.queue("a", "b", "c", "d")
    site.run(0.2)
    assert [page for _, page in site.sent] == ["a"]
    site.answer("a", 503)  # the host is held for 0.5-1 s, its delay raised to 1 s
    wait = 0.5 if draws == "low" else 1.0
    sent = site.run(6)
    # Not a delay after the hold's end too (there were 0.5-1.5 s more).
    assert sent[0] == (wait, "b")
    # Then one per raised delay, jittered as DOWNLOAD_DELAY_JITTER says (±50%).
    step = 0.5 if draws == "low" else 1.5
    assert sent[1:] == [(wait + step, "c"), (wait + 2 * step, "d")]


def test_a_retry_after_is_honoured_to_the_second_whatever_the_jitter(
    monkeypatch: pytest.MonkeyPatch, draws: str
) -> None:
    site = _Site(monkeypatch, NEWSCRAWL_BACKOFF_BASE=8)
    site.queue("a", "b", "c")
    site.run(0.2)
    site.answer("a", 429, **{"Retry-After": "5"})  # the backoff's own wait: 4-8 s
    sent = site.run(30)
    wait = 5.0 if draws == "low" else 8.0
    step = 4.0 if draws == "low" else 12.0  # then one per 8 s, ±50%
    assert sent == [(wait, "b"), (wait + step, "c")]


def test_a_hold_never_brings_the_next_request_nearer_than_the_slots_own_delay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Crawl-delay of 10 s (no jitter): a 1 s hold after a 503 does not shorten it."""
    site = _Site(monkeypatch, delay=10.0, jitter=0.0)
    site.queue("a", "b", "c")
    site.run(0.2)
    site.answer("a", 503)
    assert site.run(25) == [(9.8, "b"), (19.8, "c")]


def test_a_slot_dropped_during_the_backoff_gets_its_hold_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The downloader drops a slot idle for a minute; the host's new slot is held again."""
    site = _Site(monkeypatch, NEWSCRAWL_BACKOFF_BASE=120)
    site.queue("a")
    site.run(0.2)
    site.answer("a", 503)
    held_until = site.backoff.hosts[HOST].not_before
    site.slot.close()  # what the downloader's idle-slot collection does
    site.slot = Slot(concurrency=1, delay=0.5, jitter=0.5)
    site.downloader.slots[HOST] = site.slot
    site.queue("b")
    sent = site.run(200)
    assert sent and site.sent[-1][0] >= held_until
    assert site.slot.delay == 120


def test_a_healthy_answer_brings_the_normal_pace_back_at_once(
    monkeypatch: pytest.MonkeyPatch, draws: str
) -> None:
    site = _Site(monkeypatch, NEWSCRAWL_BACKOFF_BASE=8)
    site.queue("a", "b", "c")
    site.run(0.2)
    site.answer("a", 503)
    sent = site.run((4.0 if draws == "low" else 8.0) + 0.1)
    # "b" went when the hold ended; "c" waits 4-12 s (the raised delay).
    assert [page for _, page in sent] == ["b"], sent
    site.answer("b", 200)
    # The normal delay (0.5 s ±50%) after "b", not the raised one.
    [(at, page)] = site.run(1)
    assert page == "c" and at <= 0.75


@pytest.mark.parametrize("waiting_for", ["hold", "raised delay"])
def test_requests_waiting_for_a_backed_off_host_are_left_for_the_next_run_at_shutdown(
    monkeypatch: pytest.MonkeyPatch, waiting_for: str
) -> None:
    """Scrapy's graceful shutdown waits for them: one per raised delay, minutes (SIGTERM
    took over four, and sent two more requests to the failing host)."""
    site = _Site(monkeypatch, NEWSCRAWL_BACKOFF_BASE=60)
    reports: list[dict[str, Any]] = []
    site.backoff.crawler.signals.connect(
        lambda **kw: reports.append(kw), signal=fetch_failed, weak=False
    )
    site.queue("a", "b", "c")
    site.run(0.2)
    site.answer("a", 503)
    if waiting_for == "raised delay":
        assert [page for _, page in site.run(60)] == ["b"]  # the hold is over: "c" waits
    site.backoff.crawler.engine.running = False  # type: ignore[union-attr]  # SIGTERM
    assert site.run(1.5) == []
    left = ["c"] if waiting_for == "raised delay" else ["b", "c"]
    assert [(page, getattr(e, "reason", None)) for page, e in site.refused] == [
        (page, "shutdown") for page in left
    ]
    # Reported as fetch failures: recorded, and asked for first by the next run.
    assert [r["request"].url.rsplit("/", 1)[-1] for r in reports] == left
    assert site.run(600) == []
    # A request that reaches the host afterwards is refused the same way.
    with pytest.raises(Refused):
        site.backoff.process_request(Request(f"https://{HOST}/d"))
