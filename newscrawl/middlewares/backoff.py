"""Per-host backoff: Retry-After honoured, and a host that keeps failing is slowed down.

Scrapy retries 429 and 503 answers at once and ignores ``Retry-After`` (scrapy/scrapy#3849).
This middleware works on the host's downloader slot, which is what decides when the next
request to a host is sent, so nothing ever sleeps and other hosts go on meanwhile (a slot
holds the host names of one site, :mod:`newscrawl.downloader`: the site is held):

* **Retry-After** (seconds or HTTP-date) on a 429/503: nothing is sent to the host before
  that moment. It is applied in the ``response_downloaded`` signal, which Scrapy sends before
  it lets the slot's next request go.
* **Exponential backoff.** Each 429/503 answer (and each connection error or timeout) in a row
  doubles the host's delay, ``NEWSCRAWL_BACKOFF_BASE * 2**(n-1)`` capped at
  ``NEWSCRAWL_BACKOFF_MAX``, and holds the host for a random part (50-100%) of it, so that
  many crawlers do not come back in step. Failures of requests that were already in flight
  when the hold began arrive during it and do not double the delay again. Every healthy
  answer halves the delay again, until the host is back at its normal pace. 502 and 504
  answers (a gateway whose server is down or overloaded) count as 503s do; 500 (one broken
  page) and other 5xx change nothing.
* A **Retry-After beyond** ``NEWSCRAWL_RETRY_AFTER_MAX`` is honoured by skipping the host for
  the rest of the run: its requests are refused and reported as fetch failures, which the
  next run retries; so is a host still failing after ``NEWSCRAWL_BACKOFF_GIVE_UP`` levels
  of backoff (down for several minutes: its requests would otherwise wait, and keep the run
  and a stop signal waiting, for hours). The requests already waiting in the host's
  downloader slot are refused at once too: nothing more is sent to a skipped host.

Retrying itself is :mod:`newscrawl.middlewares.retry`'s job (Scrapy's RetryMiddleware); a
retried request waits in the slot like any other.

Stats: ``newscrawl/backoff/slowdowns``, ``newscrawl/backoff/retry_after``,
``newscrawl/backoff/max_delay``, ``newscrawl/backoff/hosts_skipped``.

Settings:

* ``NEWSCRAWL_BACKOFF_ENABLED``: False turns this middleware off.
* ``NEWSCRAWL_BACKOFF_HTTP_CODES``: statuses that slow the host down (429, 502, 503, 504).
* ``NEWSCRAWL_BACKOFF_BASE``, ``NEWSCRAWL_BACKOFF_MAX``: first delay and cap, in seconds.
* ``NEWSCRAWL_RETRY_AFTER_MAX``: longest Retry-After waited for.
* ``NEWSCRAWL_BACKOFF_GIVE_UP``: unhealthy answers in a row (one per hold) after which the
  host is skipped for the rest of the run (0: never).
* ``RETRY_EXCEPTIONS`` (Scrapy's): the download errors that slow the host down.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from time import monotonic
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import load_object
from twisted.python.failure import Failure

from newscrawl.middlewares._refused import Refused
from newscrawl.middlewares._timing import retry_after_seconds
from newscrawl.signals import download_error, fetch_failed, host_backed_off

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.core.downloader import Downloader, Slot
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

STATS_PREFIX = "newscrawl/backoff/"


@dataclass
class HostState:
    """Backoff of one downloader slot (host)."""

    #: Unhealthy answers in a row, less one per healthy answer since.
    level: int = 0
    #: The slot's delay before the backoff raised it (restored on recovery).
    normal_delay: float | None = None
    #: Monotonic time before which nothing is sent to the host.
    not_before: float = 0.0


class HostBackoffMiddleware:
    """Slow a host down on 429/503 and connection errors; honour Retry-After."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_BACKOFF_ENABLED"):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
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
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(self.download_error, signal=download_error)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the component from the crawler and its settings."""
        return cls(crawler)

    # --- downloader middleware ------------------------------------------------------------

    def process_request(self, request: Request) -> None:
        """Refuse requests to a host skipped for this run."""
        reason = self.skipped.get(self._downloader().get_slot_key(request))
        if reason is not None:
            raise self._refused(request, reason)

    def _refused(self, request: Request, reason: str) -> Refused:
        """The refusal of ``request`` to a skipped host, said as the fetch failure it is."""
        attempts = request.meta.get("retry_times", 0)
        self.crawler.signals.send_catch_log(
            fetch_failed, request=request, reason=reason, attempts=attempts
        )
        return Refused("host-skipped", reason)

    def process_exception(self, request: Request, exception: Exception) -> None:
        """A connection error or timeout slows the host down (retrying is RetryMiddleware's).

        Here only where :meth:`download_error` did not see it first (another
        ``DOWNLOADER`` than newscrawl's): a second call during the hold changes nothing.
        """
        self.download_error(request, exception)

    # --- signal ---------------------------------------------------------------------------

    def download_error(self, request: Request, exception: BaseException, **kwargs: Any) -> None:
        """A connection error or timeout slows the host down, before its next request goes."""
        if isinstance(exception, self.exceptions):
            key = request.meta.get("download_slot")
            if key is not None:
                self.slow_down(key, type(exception).__name__)

    def response_downloaded(self, response: Response, request: Request, **kwargs: Any) -> None:
        """Slow the host down or let it recover, before its next request goes out."""
        key = request.meta.get("download_slot")
        if key is None:
            return
        if response.status in self.codes:
            retry_after = retry_after_seconds(response.headers.get(b"Retry-After"))
            self.slow_down(key, f"HTTP {response.status}", retry_after)
        elif response.status < 500:
            self.recover(key)

    # --- the policy -----------------------------------------------------------------------

    def delay_for(self, level: int) -> float:
        """The host delay after ``level`` unhealthy answers in a row (0: no backoff)."""
        if level <= 0:
            return 0.0
        return min(self.cap, self.base * 2.0 ** (level - 1))

    def slow_down(self, key: str, why: str, retry_after: float | None = None) -> None:
        """Back the host off one level more; honour ``retry_after`` seconds."""
        state = self.hosts.setdefault(key, HostState())
        # Nothing is sent to a held host, so an answer that arrives while it is held comes
        # from a request sent before the hold: the same trouble the hold already answers.
        # Raising the level for each would double the delay once per request in flight
        # (8 timeouts at once: from 0.2 s to 25 s), so the level rises once per hold.
        raise_level = monotonic() >= state.not_before
        if not raise_level and retry_after is None:
            return
        if raise_level:
            state.level += 1
            if self.give_up and state.level >= self.give_up:
                self._skip(key, f"{why}, {state.level} times in a row through backoff")
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
        state.not_before = max(state.not_before, monotonic() + wait)
        self.stats.inc_value(f"{STATS_PREFIX}slowdowns")
        self.stats.max_value(f"{STATS_PREFIX}max_delay", round(delay, 3))
        slot = self._downloader().slots.get(key)
        if slot is not None:
            self._hold(slot, state, delay)
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

    def recover(self, key: str) -> None:
        """A healthy answer: halve the host's backoff delay, back to normal in the end."""
        state = self.hosts.get(key)
        if state is None:
            return
        state.level -= 1
        slot = self._downloader().slots.get(key)
        if slot is not None and state.normal_delay is not None:
            slot.delay = max(state.normal_delay, self.delay_for(state.level))
        if state.level <= 0:
            del self.hosts[key]
            logger.info("Host %s answers normally again: backoff over", key)

    @staticmethod
    def _hold(slot: Slot, state: HostState, delay: float) -> None:
        if state.normal_delay is None:
            state.normal_delay = slot.delay
        slot.delay = max(slot.delay, delay)
        # The downloader sends a slot's next request once `lastseen + delay` (jittered) has
        # passed, and only if the delay is not 0 (the delay above is never 0). Moving
        # `lastseen` to the deadline holds the slot until then; it also keeps the slot from
        # being garbage-collected with the state.
        slot.lastseen = max(slot.lastseen, state.not_before)

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
