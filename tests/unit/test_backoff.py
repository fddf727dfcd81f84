"""Host backoff and retries, unit by unit: hand-made responses and a real downloader slot."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from scrapy import Request
from scrapy.core.downloader import Slot
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse
from twisted.internet.error import ConnectionRefusedError
from twisted.internet.task import Clock

from newscrawl.downloader import Downloader
from newscrawl.middlewares._refused import Refused
from newscrawl.middlewares._timing import retry_after_seconds
from newscrawl.middlewares.backoff import HostBackoffMiddleware
from newscrawl.middlewares.retry import RetryMiddleware
from newscrawl.signals import download_error, fetch_failed, host_backed_off
from tests.utils import project_crawler

HOST = "news.example"


def _backoff(**settings: Any) -> tuple[HostBackoffMiddleware, Slot]:
    """The middleware on a fake clock, and the slot of HOST (a downloader of one slot)."""
    settings = {"NEWSCRAWL_BACKOFF_BASE": 1, "NEWSCRAWL_BACKOFF_MAX": 8, **settings}
    crawler = project_crawler(**settings)
    slot = Slot(concurrency=1, delay=0.5, jitter=0.5)

    def timer_fired(slot: Slot) -> None:
        slot.latercall = None

    downloader = SimpleNamespace(
        slots={HOST: slot}, get_slot_key=lambda r: HOST, _latercall=timer_fired
    )
    crawler.engine = SimpleNamespace(downloader=downloader)  # type: ignore[assignment]
    return HostBackoffMiddleware(crawler, clock=Clock()), slot


def _request(page: object = "a", retry_times: int = 0) -> Request:
    meta = {"download_slot": HOST, "retry_times": retry_times}
    return Request(f"https://{HOST}/{page}", meta=meta)


def _answer(
    mw: HostBackoffMiddleware, status: int, page: object = "a", retry_times: int = 0, **headers: str
) -> None:
    request = _request(page, retry_times)
    response = HtmlResponse(request.url, status=status, headers=headers, request=request)
    mw.response_downloaded(response=response, request=request)


def _hold_over(mw: HostBackoffMiddleware) -> None:
    """Time passes: the host's hold is over, and its next request goes out."""
    if HOST in mw.hosts:
        clock = mw.clock
        assert isinstance(clock, Clock)
        clock.advance(max(0.0, mw.hosts[HOST].not_before - clock.seconds()) + 0.001)


def test_different_pages_failing_in_a_row_double_the_host_delay_up_to_the_cap() -> None:
    mw, slot = _backoff()
    delays = []
    for page in range(6):
        _hold_over(mw)
        before = mw.clock.seconds()
        _answer(mw, 503, page)
        delays.append(slot.delay)
        # The slot is held: its timer keeps the downloader from sending anything.
        assert slot.latercall is not None
        assert mw.hosts[HOST].not_before >= before + 0.5 * slot.delay
    assert delays == [1, 2, 4, 8, 8, 8]
    assert mw.crawler.stats.get_value("newscrawl/backoff/slowdowns") == 6


def test_a_pages_own_retries_raise_the_delay_with_its_attempts() -> None:
    mw, slot = _backoff()
    delays = []
    for retry_times in range(4):
        _hold_over(mw)
        _answer(mw, 503, "broken", retry_times)
        delays.append(slot.delay)
    assert delays == [1, 2, 4, 8]


def test_a_healthy_answer_ends_the_backoff() -> None:
    mw, slot = _backoff()
    for page in range(3):
        _hold_over(mw)
        _answer(mw, 429, page)
    assert slot.delay == 4
    _answer(mw, 500)  # other server errors change nothing
    assert slot.delay == 4
    _answer(mw, 404)  # the host answered: healthy
    assert slot.delay == 0.5  # the slot's own delay again
    # The hold still pending ends as it was to; then nothing is kept of the backoff.
    _hold_over(mw)
    assert HOST not in mw.hosts
    # The next failure starts from the first level again.
    _answer(mw, 503, "b")
    assert slot.delay == 1


@pytest.mark.parametrize("value", ["30", "date"])
def test_retry_after_holds_the_slot_until_the_deadline(value: str) -> None:
    from email.utils import formatdate
    from time import time

    header = formatdate(time() + 31, usegmt=True) if value == "date" else value
    mw, slot = _backoff()
    held: list[dict[str, Any]] = []
    mw.crawler.signals.connect(lambda **kw: held.append(kw), signal=host_backed_off, weak=False)
    before = mw.clock.seconds()
    _answer(mw, 429, **{"Retry-After": header})
    assert slot.lastseen >= before + 29.5
    assert slot.delay == 1  # the host delay itself only doubles per failure
    assert mw.crawler.stats.get_value("newscrawl/backoff/retry_after") == 1
    # Said, for the other processes of a shared frontier (newscrawl.frontier.pace).
    [hold] = held
    assert hold["slot"] == HOST and hold["seconds"] >= 29.5


def test_retry_after_beyond_the_maximum_skips_the_host() -> None:
    mw, _ = _backoff(NEWSCRAWL_RETRY_AFTER_MAX=60)
    reports: list[dict[str, Any]] = []
    mw.crawler.signals.connect(lambda **kw: reports.append(kw), signal=fetch_failed, weak=False)
    _answer(mw, 503, **{"Retry-After": "7200"})
    with pytest.raises(IgnoreRequest, match="Retry-After 7200 s") as refused:
        mw.process_request(Request(f"https://{HOST}/b"))
    # A page not fetched, counted under this reason in the run's summary.
    assert isinstance(refused.value, Refused) and refused.value.reason == "host-skipped"
    assert reports[0]["request"].url == f"https://{HOST}/b"
    assert mw.crawler.stats.get_value("newscrawl/backoff/hosts_skipped") == 1


def test_requests_waiting_in_a_skipped_hosts_slot_are_refused_at_once() -> None:
    """They passed the middleware before the skip: they were sent, one a second, and each
    answered 429 again."""
    from twisted.internet.defer import Deferred

    mw, slot = _backoff(NEWSCRAWL_RETRY_AFTER_MAX=60)
    waiting = [Request(f"https://{HOST}/w-{n}") for n in range(3)]
    outcomes: list[object] = []
    for request in waiting:
        queued: Deferred[object] = Deferred()
        queued.addErrback(lambda failure: outcomes.append(failure.value))
        slot.queue.append((request, queued))
    _answer(mw, 429, **{"Retry-After": "100000"})
    assert not slot.queue
    assert [getattr(o, "reason", None) for o in outcomes] == ["host-skipped"] * 3


def test_a_host_that_keeps_failing_through_backoff_is_skipped() -> None:
    """Down for minutes: its requests would wait (and keep the run, and a stop signal,
    waiting) for hours, one attempt every few minutes."""
    mw, _ = _backoff(NEWSCRAWL_BACKOFF_GIVE_UP=4)
    for page in range(3):
        _hold_over(mw)
        _answer(mw, 503, page)
    mw.process_request(Request(f"https://{HOST}/still-tried"))
    _hold_over(mw)
    _answer(mw, 503, "3")
    with pytest.raises(IgnoreRequest, match="HTTP 503, 4 pages failed in a row"):
        mw.process_request(Request(f"https://{HOST}/b"))


def test_a_few_broken_pages_at_the_end_of_a_crawl_neither_stall_nor_skip_the_host() -> None:
    """Nothing left but their retries: failures in a row, of three pages. Counted as a host
    down, they raised the delay to minutes and skipped the host."""
    mw, slot = _backoff(NEWSCRAWL_BACKOFF_GIVE_UP=4, NEWSCRAWL_BACKOFF_MAX=300)
    delays = []
    for retry_times in range(4):
        for page in ("x", "y", "z"):
            _hold_over(mw)
            _answer(mw, 503, page, retry_times)
            delays.append(slot.delay)
    assert not mw.skipped
    # Up to one doubling per page, then with a page's own attempts.
    assert delays == [1, 2, 4, 4, 4, 4, 4, 4, 4, 8, 8, 8]


def test_a_gateways_502_and_504_slow_the_host_down_a_500_does_not() -> None:
    mw, slot = _backoff()
    _answer(mw, 500)  # one broken page: the host is fine
    assert HOST not in mw.hosts and slot.delay == 0.5
    for status in (502, 504):
        _hold_over(mw)
        _answer(mw, status, status)
    assert mw.hosts[HOST].level == 2 and slot.delay == 2


def test_connection_errors_slow_the_host_down() -> None:
    mw, slot = _backoff()
    mw.process_exception(_request(), ConnectionRefusedError())
    _hold_over(mw)
    mw.process_exception(_request(retry_times=1), ConnectionRefusedError())
    assert slot.delay == 2


def test_failures_in_flight_during_the_hold_do_not_raise_the_delay_again() -> None:
    mw, slot = _backoff()
    request = Request(f"https://{HOST}/a", meta={"download_slot": HOST})
    # Eight requests were in flight when the host started timing out: one burst, one step.
    for _ in range(8):
        mw.process_exception(request, ConnectionRefusedError())
    assert slot.delay == 1
    assert mw.hosts[HOST].level == 1
    # A Retry-After that arrives meanwhile is honoured all the same.
    before = mw.clock.seconds()
    _answer(mw, 429, **{"Retry-After": "30"})
    assert slot.lastseen >= before + 29.5
    assert slot.delay == 1
    # The first request sent after the hold fails too: that is news, the delay doubles.
    _hold_over(mw)
    mw.process_exception(_request("b"), ConnectionRefusedError())
    assert slot.delay == 2


def test_backoff_can_be_switched_off() -> None:
    with pytest.raises(NotConfigured):
        HostBackoffMiddleware(project_crawler(NEWSCRAWL_BACKOFF_ENABLED=False))


def test_retry_after_values() -> None:
    assert retry_after_seconds(b" 5 ") == 5
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470) == 10
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00", now=0) is None  # no zone
    assert retry_after_seconds("") is None


def test_retry_middleware_reports_what_it_gives_up_on(caplog: pytest.LogCaptureFixture) -> None:
    crawler = project_crawler(RETRY_TIMES=1)
    crawler.spider = SimpleNamespace(crawler=crawler)  # type: ignore[assignment]
    mw = RetryMiddleware.from_crawler(crawler)
    reports: list[dict[str, Any]] = []
    crawler.signals.connect(lambda **kw: reports.append(kw), signal=fetch_failed, weak=False)
    request = Request("https://news.example/a")
    retry = mw.process_exception(request, ConnectionRefusedError())
    assert isinstance(retry, Request) and not reports
    assert mw.process_exception(retry, ConnectionRefusedError()) is None
    assert reports[0]["attempts"] == 2
    assert reports[0]["reason"].startswith("ConnectionRefusedError")
    # Said as a warning: the page is counted by reason, and Scrapy logs the download error.
    [gave_up] = [r for r in caplog.records if r.getMessage().startswith("Gave up retrying")]
    assert gave_up.levelname == "WARNING"
    response = HtmlResponse(request.url, status=503, request=request)
    retry = mw.process_response(request, response)
    assert isinstance(retry, Request)
    assert mw.process_response(retry, response.replace(request=retry)) is not None
    assert reports[1]["reason"] == "503 Service Unavailable"
    # dont_retry: nothing retried, nothing reported.
    quiet = Request("https://news.example/b", meta={"dont_retry": True})
    assert mw.process_exception(quiet, ConnectionRefusedError()) is None
    assert len(reports) == 2


def test_the_download_error_signal_holds_the_host_and_its_exception_then_changes_nothing() -> None:
    mw, slot = _backoff()
    request = Request(f"https://{HOST}/a", meta={"download_slot": HOST})
    mw.crawler.signals.send_catch_log(download_error, request=request, exception=TimeoutError())
    assert slot.delay == 1 and slot.latercall is not None
    # The same error reaches the middleware afterwards: the host is held already.
    mw.process_exception(request, TimeoutError())
    assert mw.hosts[HOST].level == 1
    assert mw.crawler.stats.get_value("newscrawl/backoff/slowdowns") == 1


@pytest.mark.parametrize("error", [TimeoutError(), ConnectionRefusedError()])
def test_newscrawls_downloader_says_a_download_failed_before_the_error_leaves_it(
    error: Exception,
) -> None:
    crawler = project_crawler()
    downloader = Downloader(crawler)
    said: list[tuple[Request, BaseException]] = []
    crawler.signals.connect(
        lambda request, exception, **kwargs: said.append((request, exception)),
        signal=download_error,
        weak=False,
    )

    async def failing(request: Request) -> None:
        raise error

    downloader.handlers._handlers.download_request_async = failing  # type: ignore[attr-defined]
    request = Request(f"https://{HOST}/a")
    download = downloader.handlers.download_request_async(request)
    with pytest.raises(type(error)):
        download.send(None)  # the handler fails at once: the coroutine ends at its first step
    assert said == [(request, error)]


@pytest.mark.parametrize(
    ("url", "slot"),
    [
        ("https://www.example.co.uk/news/1", "example.co.uk"),
        ("https://sport.example.co.uk/results", "example.co.uk"),
        ("http://example.co.uk:8080/", "example.co.uk"),
        ("https://ann.blogspot.com/post", "ann.blogspot.com"),  # a private suffix: one blog
        ("http://127.0.0.1:8000/a", "127.0.0.1"),
        ("http://hostb.test/a", "hostb.test"),  # no public suffix: the host name
    ],
)
def test_the_hosts_of_one_registrable_domain_share_a_download_slot(url: str, slot: str) -> None:
    assert Downloader(project_crawler()).get_slot_key(Request(url)) == slot


def test_a_slot_per_host_name_as_scrapy_makes_them_is_a_setting_away() -> None:
    request = Request("https://sport.example.com/results")
    per_host = Downloader(project_crawler(NEWSCRAWL_SLOT_PER_DOMAIN=False))
    assert per_host.get_slot_key(request) == "sport.example.com"
    # A request that names its slot keeps it.
    named = Request(request.url, meta={"download_slot": "scores"})
    assert Downloader(project_crawler()).get_slot_key(named) == "scores"


def test_a_download_slots_entry_named_by_host_is_warned_about(
    caplog: pytest.LogCaptureFixture,
) -> None:
    slots = {"www.example.com": {"delay": 5}, "example.org": {"delay": 2}}
    with caplog.at_level("WARNING", logger="newscrawl.downloader"):
        Downloader(project_crawler(DOWNLOAD_SLOTS=slots))
    assert [r.getMessage() for r in caplog.records] == [
        "DOWNLOAD_SLOTS entry 'www.example.com' names a host: slots are per site here, "
        "name it 'example.com' (or set NEWSCRAWL_SLOT_PER_DOMAIN=False)"
    ]
