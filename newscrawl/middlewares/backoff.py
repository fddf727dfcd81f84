"""Per-host backoff: Retry-After honoured, and a host that keeps failing is slowed down.

Scrapy retries 429 and 503 answers at once and ignores ``Retry-After`` (scrapy/scrapy#3849).
This middleware works on the host's downloader slot, which is what decides when the next
request to a host is sent, so nothing ever sleeps and other hosts go on meanwhile (a slot
holds the host names of one site, :mod:`newscrawl.downloader`: the site is held):

* **Retry-After** (seconds or HTTP-date) on a 429/503: nothing is sent to the host before
  that moment. It is applied in the ``response_downloaded`` signal, which Scrapy sends before
  it lets the slot's next request go.
* **Exponential backoff.** An unhealthy answer (429/503, a connection error or timeout)
  holds the host for a random part (50-100%) of its backoff delay, so that many crawlers do
  not come back in step, and raises its delay to that: ``NEWSCRAWL_BACKOFF_BASE *
  2**(n-1)``, capped at ``NEWSCRAWL_BACKOFF_MAX``, for the n-th unhealthy answer in a row,
  but n no more than the number of different pages that failed meanwhile, or the failing
  page's attempts. A healthy answer ends the backoff: the host is back at its normal pace.
  So a host that is down backs off further with each page that fails, while a few broken
  pages on a healthy host cost seconds, not the run (at the end of a crawl their retries,
  nothing else left, fail in a row too). The slot's next request goes when the hold ends,
  not a delay after it: never before it, whatever ``DOWNLOAD_DELAY_JITTER`` draws, nor
  sooner after the last request than the slot's own delay (a Crawl-delay) allows; the
  ones after it go one per raised delay. Failures of requests already in flight when the
  hold began arrive during it and count once. 502 and 504 answers (a gateway whose server
  is down or overloaded) count as 503s do; 500 (one broken page) and other 5xx change
  nothing.
* A **Retry-After beyond** ``NEWSCRAWL_RETRY_AFTER_MAX`` is honoured by skipping the host for
  the rest of the run: its requests are refused and reported as fetch failures, which the
  next run retries; so is a host on which ``NEWSCRAWL_BACKOFF_GIVE_UP`` different pages
  failed in a row (down for several minutes: its requests would otherwise wait, and keep
  the run waiting, for hours). The requests already waiting in the host's downloader slot
  are refused at once too: nothing more is sent to a skipped host.
* **Stopping** (SIGTERM, Ctrl-C, a ``CLOSESPIDER_*`` limit): Scrapy's graceful shutdown waits
  for every request already in the downloader, those waiting in a held host's slot too,
  which went out one per raised delay, minutes after the signal. As the engine starts
  closing (looked at every second while a host is backed off), the requests waiting for a
  backed-off host are refused instead (``shutdown``), reported as the fetch failures they
  are, which the next run asks for first; so are those that reach the host afterwards.

Retrying itself is :mod:`newscrawl.middlewares.retry`'s job (Scrapy's RetryMiddleware); a
retried request waits in the slot like any other. How a slot is held (its timer) is
:mod:`newscrawl.middlewares._slot_hold`'s, and seeing the engine begin to close is
:mod:`newscrawl.middlewares._shutdown_watch`'s: this module decides when and for how long.

Stats: ``newscrawl/backoff/slowdowns``, ``newscrawl/backoff/retry_after``,
``newscrawl/backoff/max_delay``, ``newscrawl/backoff/hosts_skipped``,
``newscrawl/backoff/left_at_shutdown``.

Settings:

* ``NEWSCRAWL_BACKOFF_ENABLED``: False turns this middleware off.
* ``NEWSCRAWL_BACKOFF_HTTP_CODES``: statuses that slow the host down (429, 502, 503, 504).
* ``NEWSCRAWL_BACKOFF_BASE``, ``NEWSCRAWL_BACKOFF_MAX``: first delay and cap, in seconds.
* ``NEWSCRAWL_RETRY_AFTER_MAX``: longest Retry-After waited for.
* ``NEWSCRAWL_BACKOFF_GIVE_UP``: different pages failing in a row (one per hold) after
  which the host is skipped for the rest of the run (0: never).
* ``RETRY_EXCEPTIONS`` (Scrapy's): the download errors that slow the host down.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import load_object
from twisted.python.failure import Failure

from newscrawl.middlewares._refused import Refused
from newscrawl.middlewares._shutdown_watch import ShutdownWatch
from newscrawl.middlewares._slot_hold import hold_slot, release_slot, repace_slot, soonest_paced
from newscrawl.middlewares._timing import Clock, DownloaderClock, retry_after_seconds
from newscrawl.signals import download_error, fetch_failed, host_backed_off

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.core.downloader import Downloader, Slot
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

_STOPPED = "not sent: the run stopped while {} was backing off"

STATS_PREFIX = "newscrawl/backoff/"


@dataclass
class HostState:
    """Backoff of one downloader slot (host)."""

    #: The backoff delay's exponent (0: none, the host is at its normal pace).
    level: int = 0
    #: Unhealthy answers since the host's last healthy one, one per hold.
    streak: int = 0
    #: The pages (URLs) that failed since the host's last healthy answer, one per hold.
    failed: set[str] = field(default_factory=set)
    #: The slot's delay before the backoff raised it (restored on recovery).
    normal_delay: float | None = None
    #: Time before which nothing is sent to the host (Retry-After, the backoff's wait).
    not_before: float = 0.0
    #: When the slot sent its last request before the pending hold.
    last_sent: float = 0.0
    #: The pending end of the hold (the slot's timer), if any.
    release: Any = None


class HostBackoffMiddleware:
    """Slow a host down on 429/503 and connection errors; honour Retry-After."""

    def __init__(self, crawler: Crawler, clock: Clock | None = None) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_BACKOFF_ENABLED"):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        #: The downloader's clock (a test's fake one).
        self.clock: Clock = clock or DownloaderClock()
        self.codes = {int(code) for code in settings.getlist("NEWSCRAWL_BACKOFF_HTTP_CODES")}
        self.base = max(0.001, settings.getfloat("NEWSCRAWL_BACKOFF_BASE"))
        self.cap = max(self.base, settings.getfloat("NEWSCRAWL_BACKOFF_MAX"))
        self.retry_after_max = settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX")
        self.give_up = settings.getint("NEWSCRAWL_BACKOFF_GIVE_UP")
        self.exceptions = tuple(
            load_object(e) if isinstance(e, str) else e
            for e in settings.getlist("RETRY_EXCEPTIONS")
        )
        self.hosts: dict[str, HostState] = {}
        #: Hosts skipped for the rest of the run, with the reason.
        self.skipped: dict[str, str] = {}
        #: Whether the engine is closing, looked at while a host is backed off.
        self.shutdown = ShutdownWatch(
            crawler, self.clock, on_closing=self._stopping, wanted=lambda: bool(self.hosts)
        )
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(
            self.request_reached_downloader, signal=signals.request_reached_downloader
        )
        crawler.signals.connect(self.download_error, signal=download_error)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the component from the crawler and its settings."""
        return cls(crawler)

    @property
    def stopping(self) -> bool:
        """The engine is closing: nothing more is sent to a backed-off host."""
        return self.shutdown.closing

    # --- downloader middleware ------------------------------------------------------------

    def process_request(self, request: Request) -> None:
        """Refuse requests to a host skipped for this run, or backed off as the run stops."""
        key = self._downloader().get_slot_key(request)
        reason = self.skipped.get(key)
        if reason is not None:
            raise self._refused(request, reason)
        if self.stopping and key in self.hosts:
            raise self._refused(request, _STOPPED.format(key), "shutdown")

    def _refused(self, request: Request, reason: str, name: str = "host-skipped") -> Refused:
        """The refusal of ``request`` (``name``: why), said as the fetch failure it is."""
        attempts = request.meta.get("retry_times", 0)
        self.crawler.signals.send_catch_log(
            fetch_failed, request=request, reason=reason, attempts=attempts
        )
        return Refused(name, reason)

    def process_exception(self, request: Request, exception: Exception) -> None:
        """A connection error or timeout slows the host down (retrying is RetryMiddleware's).

        Here only where :meth:`download_error` did not see it first (another
        ``DOWNLOADER`` than newscrawl's): a second call during the hold changes nothing.
        """
        self.download_error(request, exception)

    # --- signals --------------------------------------------------------------------------

    def download_error(self, request: Request, exception: BaseException, **kwargs: Any) -> None:
        """A connection error or timeout slows the host down, before its next request goes."""
        if isinstance(exception, self.exceptions):
            key = request.meta.get("download_slot")
            if key is not None:
                self.slow_down(key, type(exception).__name__, request=request)

    def response_downloaded(self, response: Response, request: Request, **kwargs: Any) -> None:
        """Slow the host down or let it recover, before its next request goes out."""
        key = request.meta.get("download_slot")
        if key is None:
            return
        if response.status in self.codes:
            retry_after = retry_after_seconds(response.headers.get(b"Retry-After"))
            self.slow_down(key, f"HTTP {response.status}", retry_after, request=request)
        elif response.status < 500:
            self.recover(key)

    def request_reached_downloader(self, request: Request, **kwargs: Any) -> None:
        """Hold a backed-off host's slot again if the downloader made a new one.

        The downloader drops a slot idle for a minute (and its timer with it); a request
        to the host then gets a new slot at the normal pace. Said before the slot sends it.
        """
        key: str | None = request.meta.get("download_slot")
        state = self.hosts.get(key) if key is not None else None
        if key is None or state is None:
            return
        slot = self._downloader().slots.get(key)
        if slot is None:
            return
        held = state.release is not None and slot.latercall is state.release
        if held or slot.delay >= self.delay_for(state.level):
            return
        state.normal_delay = None
        state.release = None
        self._hold(key, slot, state, self.delay_for(state.level))

    def spider_closed(self, **kwargs: Any) -> None:
        """Stop looking at whether the engine is closing."""
        self.shutdown.stop()

    # --- stopping -------------------------------------------------------------------------

    def _stopping(self) -> None:
        """The engine began to close: the requests waiting for a backed-off host stay unsent."""
        logger.info("Closing: requests waiting for a backed-off host are left for the next run")
        for key in list(self.hosts):
            self._drop_waiting(key)

    def _drop_waiting(self, key: str) -> None:
        """Refuse the requests waiting in backed-off host ``key``'s slot: the run stops."""
        slot = self._downloader().slots.get(key)
        if slot is None:
            return
        while slot.queue:
            request, queued = slot.queue.popleft()
            self.stats.inc_value(f"{STATS_PREFIX}left_at_shutdown")
            queued.errback(Failure(self._refused(request, _STOPPED.format(key), "shutdown")))

    # --- the policy -----------------------------------------------------------------------

    def delay_for(self, level: int) -> float:
        """The host delay after ``level`` unhealthy answers in a row (0: no backoff)."""
        if level <= 0:
            return 0.0
        return min(self.cap, self.base * 2.0 ** (level - 1))

    def slow_down(
        self,
        key: str,
        why: str,
        retry_after: float | None = None,
        *,
        request: Request | None = None,
    ) -> None:
        """Back the host off after a failure of ``request``; honour ``retry_after`` seconds."""
        state = self.hosts.setdefault(key, HostState())
        now = self.clock.seconds()
        # Nothing is sent to a held host, so an answer that arrives while it is held comes
        # from a request sent before the hold: the same trouble the hold already answers.
        # Raising the level for each would double the delay once per request in flight
        # (8 timeouts at once: from 0.2 s to 25 s), so the level rises once per hold.
        raise_level = now >= state.not_before
        if not raise_level and retry_after is None:
            return
        if raise_level:
            self._count_failure(state, request)
            if self.give_up and len(state.failed) >= self.give_up:
                self._skip(key, f"{why}, {len(state.failed)} pages failed in a row")
                return
        delay = self.delay_for(state.level)
        wait = delay * random.uniform(0.5, 1.0) if raise_level else 0.0
        if retry_after is not None:
            self.stats.inc_value(f"{STATS_PREFIX}retry_after")
            if retry_after > self.retry_after_max:
                self._skip(
                    key,
                    f"{why} with Retry-After {retry_after:.0f} s, beyond "
                    f"NEWSCRAWL_RETRY_AFTER_MAX ({self.retry_after_max:.0f} s)",
                )
                return
            wait = max(wait, retry_after)
        state.not_before = max(state.not_before, now + wait)
        self.stats.inc_value(f"{STATS_PREFIX}slowdowns")
        self.stats.max_value(f"{STATS_PREFIX}max_delay", round(delay, 3))
        slot = self._downloader().slots.get(key)
        if slot is not None:
            self._hold(key, slot, state, delay)
        if self.stopping:
            self._drop_waiting(key)
        else:
            self.shutdown.start()
        if wait > 0:
            # Other processes of a shared frontier hold the site too (newscrawl.frontier.pace).
            self.crawler.signals.send_catch_log(host_backed_off, slot=key, seconds=wait)
        logger.info(
            "Backing off %s (%s%s): nothing sent for %.1f s, then one request per %.1f s",
            key,
            why,
            "" if retry_after is None else f", Retry-After {retry_after:.0f} s",
            wait,
            delay,
        )

    @staticmethod
    def _count_failure(state: HostState, request: Request | None) -> None:
        # Failures in a row raise the delay, but no higher than the number of different
        # pages that failed, or the failing page's attempts: at the end of a crawl, the
        # retries of a few broken pages (nothing else left) are failures in a row too, which
        # raised the delay to minutes and reached NEWSCRAWL_BACKOFF_GIVE_UP: a healthy host
        # held for a quarter of an hour, then skipped. Different pages failing one after the
        # other are the host's trouble; a page's own retries back off as they go.
        state.streak += 1
        attempt = 1
        if request is not None:
            state.failed.add(request.url)
            attempt += int(request.meta.get("retry_times", 0))
        else:
            state.failed.add(f"#{state.streak}")
        state.level = min(state.streak, max(len(state.failed), attempt))

    def recover(self, key: str) -> None:
        """A healthy answer: the host is back at its normal pace (a pending hold stays)."""
        state = self.hosts.get(key)
        if state is None or state.level <= 0:
            return
        state.level = state.streak = 0
        state.failed.clear()
        slot = self._downloader().slots.get(key)
        if slot is not None and state.normal_delay is not None:
            slot.delay = state.normal_delay
            if slot.latercall is not state.release:
                # The downloader's timer for the next request, set by the raised delay.
                repace_slot(self._downloader(), slot)
        state.normal_delay = None
        if state.release is None:
            del self.hosts[key]
        logger.info("Host %s answers normally again: backoff over", key)

    def _hold(self, key: str, slot: Slot, state: HostState, delay: float) -> None:
        """Raise the slot's delay to ``delay``; send nothing before ``state.not_before``."""
        if state.normal_delay is None:
            state.normal_delay = slot.delay
        if state.release is None:
            state.last_sent = slot.lastseen
        slot.delay = max(slot.delay, delay)
        # Never sooner after the last request than the slot's own delay (a Crawl-delay).
        until = max(state.not_before, soonest_paced(slot, state.last_sent, state.normal_delay))
        timer = hold_slot(slot, until, self.clock, self._release, key, slot)
        if timer is not None:
            state.release = timer

    def _release(self, key: str, slot: Slot) -> None:
        """The hold is over: the slot's next request goes now, the ones after it paced."""
        state = self.hosts.get(key)
        if state is not None:
            state.release = None
            if state.level <= 0:
                del self.hosts[key]  # recovered during the hold
        if self.stopping:
            slot.latercall = None
            self._drop_waiting(key)
            return
        release_slot(self._downloader(), slot, self.clock.seconds())

    def _skip(self, key: str, reason: str) -> None:
        if key not in self.skipped:
            self.stats.inc_value(f"{STATS_PREFIX}hosts_skipped")
            logger.warning("Skipping %s for the rest of this run: %s", key, reason)
        self.skipped[key] = reason
        slot = self._downloader().slots.get(key)
        if slot is None:
            return
        # The requests waiting in the host's slot passed this middleware before the skip:
        # refused now, as those to come will be (each the fetch failure it is).
        while slot.queue:
            request, queued = slot.queue.popleft()
            queued.errback(Failure(self._refused(request, reason)))

    def _downloader(self) -> Downloader:
        assert self.crawler.engine is not None
        return self.crawler.engine.downloader
