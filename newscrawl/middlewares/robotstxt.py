"""robots.txt, obeyed: race-free, with Crawl-delay, and no "allow all" when it is unavailable.

Replaces Scrapy's ``RobotsTxtMiddleware`` (subclassing it, so its settings and stats stay):

* **The race.** In Scrapy 2.19 under the asyncio reactor, requests that arrive while a
  host's robots.txt is still downloading all await one shared Deferred through
  ``maybe_deferred_to_future()``; ``Deferred.asFuture()`` adds a callback that returns None,
  so only the first waiter gets the parser and every later one gets None, which Scrapy
  reads as "no robots.txt": those requests go out unchecked, disallowed URLs included.
  Here each waiter gets its own branch of the shared result.
* **Crawl-delay** for our User-Agent is honoured, up to a cap, as the minimum delay of the
  host's downloader slot (no jitter below it; AutoThrottle may only raise it). A slot
  holds the hosts of one site (:mod:`newscrawl.downloader`): it keeps the longest delay
  their robots.txt ask for.
* **Unavailable robots.txt.** 429 and 5xx answers (and connection errors) mean the site
  cannot say what it allows (RFC 9309 §2.3.1.4: assume nothing is allowed). The host's
  requests wait while robots.txt is asked again after a delay (doubling; Retry-After if
  longer): the few that had left the scheduler here, the others in the scheduler, which
  gives out none of a host whose robots.txt is being read (the ``host_held`` signal,
  :mod:`newscrawl.pqueues`), so other hosts go on. When it stays unavailable the host
  is skipped: its requests are
  refused (``newscrawl/robotstxt/host_skipped``), and article pages are recorded as fetch
  failures so that the next run asks for them again. 4xx answers mean "no rules" (RFC 9309
  §2.3.1.3) and allow everything, as in Scrapy. Redirects are followed to any host
  (§2.3.1.2: robots.txt served from the main host or a CDN; "outside the crawl", the host
  was crawled as if it had none); a body refused as too large, a bomb or undecodable makes
  robots.txt unavailable.
* **Kept a day.** robots.txt is fetched once per host (scheme, host and port) and kept for
  ``NEWSCRAWL_ROBOTS_MAX_AGE`` seconds, a day (RFC 9309 §2.4: no longer than 24 hours);
  then it is read again in the background, the host's requests checked against the copy
  they have meanwhile. If it cannot be read then, the copy read before stays (§2.4 allows
  it when robots.txt is unreachable), and is asked for again after another max age. A host
  skipped because its robots.txt was unavailable is tried again the same way. A
  Crawl-delay read again replaces the one read before, up or down; when it is gone, the
  host's slot goes back to the delay it had without it.
* **A size limit.** Only the first ``NEWSCRAWL_ROBOTS_MAX_SIZE`` bytes of a robots.txt are
  read, to the last whole line (RFC 9309 §2.5: a limit of at least 500 KiB; Google reads
  as much): the parser works on the reactor thread, and a robots.txt of megabytes took
  seconds to parse and a tenth of a second to check every request of its host against
  (``newscrawl/robotstxt/truncated`` counts them).

Settings:

* ``ROBOTSTXT_OBEY``, ``ROBOTSTXT_PARSER``, ``ROBOTSTXT_USER_AGENT``, ``USER_AGENT``: Scrapy's.
* ``NEWSCRAWL_ROBOTS_CRAWL_DELAY_MAX``: longest Crawl-delay honoured, in seconds.
* ``NEWSCRAWL_ROBOTS_RETRY_TIMES``: how often an unavailable robots.txt is asked again.
* ``NEWSCRAWL_ROBOTS_RETRY_DELAY``: seconds before the first new attempt (doubling).
* ``NEWSCRAWL_ROBOTS_MAX_AGE``: seconds a host's robots.txt is kept before it is read
  again (0: for the whole run).
* ``NEWSCRAWL_ROBOTS_MAX_SIZE``: bytes of a robots.txt read; the rest is ignored.

Per-request ``meta``: ``dont_obey_robotstxt`` (Scrapy's) skips the check.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxt
from scrapy.exceptions import IgnoreRequest
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

from newscrawl.middlewares._refused import Refused
from newscrawl.middlewares._timing import retry_after_seconds, sleep
from newscrawl.signals import fetch_failed, host_held, host_released

if TYPE_CHECKING:
    from scrapy.core.downloader import Downloader
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)

SKIPPED_KEY = "newscrawl/robotstxt/host_skipped"
CRAWL_DELAY_KEY = "newscrawl/robotstxt/crawl_delay_hosts"
REFRESHED_KEY = "newscrawl/robotstxt/read_again"
STALE_KEY = "newscrawl/robotstxt/kept_unreadable"
TRUNCATED_KEY = "newscrawl/robotstxt/truncated"


# Refusals of robots.txt's body: it was there, and could not be read.
_UNREADABLE = frozenset({"too-large", "decompression-bomb", "undecodable"})


class RobotsTxtForbidden(IgnoreRequest):
    """A request robots.txt disallows (Scrapy raises a plain IgnoreRequest: this names it)."""


class RobotsTxtUnavailable(IgnoreRequest):
    """A request of a host skipped because its robots.txt stayed unavailable."""


class Unavailable:
    """What a host's robots.txt is when it could not be read: nothing is allowed."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


Rules = Any  # RobotParser | Unavailable | None (None: no rules, everything allowed)


def _branch(shared: Deferred[Any]) -> Deferred[Any]:
    """A Deferred firing with ``shared``'s result, leaving that result for the next waiter."""
    branch: Deferred[Any] = Deferred()

    def relay(result: Any) -> Any:
        branch.callback(result)
        return result

    shared.addCallback(relay)
    return branch


class RobotsTxtMiddleware(ScrapyRobotsTxt):
    """Scrapy's robots.txt middleware, fixed and extended (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.crawl_delay_max = settings.getfloat("NEWSCRAWL_ROBOTS_CRAWL_DELAY_MAX")
        self.retry_times = max(0, settings.getint("NEWSCRAWL_ROBOTS_RETRY_TIMES"))
        self.retry_delay = max(0.0, settings.getfloat("NEWSCRAWL_ROBOTS_RETRY_DELAY"))
        self.max_age = max(0.0, settings.getfloat("NEWSCRAWL_ROBOTS_MAX_AGE"))
        self.max_size = max(1, settings.getint("NEWSCRAWL_ROBOTS_MAX_SIZE"))
        #: When each host's rules were read (time.monotonic()), and hosts being read again.
        self._read_at: dict[str, float] = {}
        self._refreshing: set[str] = set()
        #: Crawl-delay per downloader slot key, kept as the slot's minimum delay: the longest
        #: of the robots.txt of its hosts (a slot holds the hosts of one site).
        self.crawl_delays: dict[str, float] = {}
        #: The Crawl-delay of each robots.txt (scheme, host and port) of each slot.
        self._host_delays: dict[str, dict[str, float]] = {}
        #: A slot's DOWNLOAD_SLOTS entry before a Crawl-delay changed it (None: it had none).
        self._slot_settings_before: dict[str, dict[str, Any] | None] = {}
        crawler.signals.connect(self._response_downloaded, signal=signals.response_downloaded)

    # --- the check ------------------------------------------------------------------------

    def process_request_2(self, rp: Rules, request: Request) -> None:
        """Refuse ``request`` if its host's robots.txt is unavailable or disallows it."""
        if isinstance(rp, Unavailable):
            self._stats.inc_value(SKIPPED_KEY)
            reason = f"robots.txt unavailable ({rp.reason})"
            self.crawler.signals.send_catch_log(
                fetch_failed, request=request, reason=reason, attempts=0
            )
            raise RobotsTxtUnavailable(reason)
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest as refused:
            # Scrapy's, which has counted and logged it: named, so that a spider's errback
            # tells it from the requests other components spare (archived pages).
            raise RobotsTxtForbidden(*refused.args) from None

    async def robot_parser(self, request: Request) -> Rules:
        """The robots.txt rules of ``request``'s host, fetched once per host (and max age)."""
        netloc = urlparse_cached(request).netloc
        entry = self._parsers.get(netloc, self)
        if entry is self:
            shared: Deferred[Any] = Deferred()
            self._parsers[netloc] = shared
            # The host's other requests wait in the scheduler, not here (newscrawl.pqueues).
            slot = self._downloader().get_slot_key(request)
            self.crawler.signals.send_catch_log(host_held, slot=slot)
            try:
                rules = await self._fetch_rules(request)
            finally:
                self.crawler.signals.send_catch_log(host_released, slot=slot)
            if isinstance(rules, Unavailable):
                logger.warning(
                    "robots.txt of %s still unavailable after %d attempts (%s): host skipped"
                    " until it is asked for again",
                    netloc,
                    self.retry_times + 1,
                    rules.reason,
                )
            self._parsers[netloc] = rules
            self._read_at[netloc] = time.monotonic()
            shared.callback(rules)
            return rules
        if isinstance(entry, Deferred):
            # Not `await maybe_deferred_to_future(entry)` as Scrapy does: see the docstring.
            return await maybe_deferred_to_future(_branch(entry))
        if self._expired(netloc):
            self._refreshing.add(netloc)
            deferred_from_coro(self._refresh(request, netloc))
        return entry

    def _expired(self, netloc: str) -> bool:
        if not self.max_age or netloc in self._refreshing or netloc not in self._read_at:
            return False
        return time.monotonic() - self._read_at[netloc] >= self.max_age

    async def _refresh(self, request: Request, netloc: str) -> None:
        """Read the host's robots.txt again; keep the old rules if it cannot be read."""
        try:
            rules = await self._fetch_rules(request)
        except Exception:  # the engine closing under the download, say
            logger.exception("reading robots.txt of %s again failed", netloc)
            rules = Unavailable("error")
        old = self._parsers.get(netloc)
        if isinstance(rules, Unavailable) and not isinstance(old, Unavailable):
            self._stats.inc_value(STALE_KEY)
            logger.info(
                "robots.txt of %s unavailable when read again (%s): the copy read before is kept",
                netloc,
                rules.reason,
            )
        else:
            self._parsers[netloc] = rules
            self._stats.inc_value(REFRESHED_KEY)
        self._read_at[netloc] = time.monotonic()
        self._refreshing.discard(netloc)

    # --- fetching -------------------------------------------------------------------------

    async def _fetch_rules(self, request: Request) -> Rules:
        url = urlparse_cached(request)
        robots_url = f"{url.scheme}://{url.netloc}/robots.txt"
        reason = ""
        for attempt in range(self.retry_times + 1):
            robots = Request(
                robots_url,
                priority=self.DOWNLOAD_PRIORITY,
                # This middleware retries robots.txt itself, at its own pace. Its redirects
                # are followed wherever they lead (RFC 9309 2.3.1.2): sites serve it from a
                # CDN or their main host.
                meta={"dont_obey_robotstxt": True, "dont_retry": True, "allow_offsite": True},
                callback=NO_CALLBACK,
                dont_filter=True,
            )
            self._stats.inc_value("robotstxt/request_count")
            try:
                response = await self.crawler.engine.download_async(robots)
            except Refused as refused:
                if refused.reason in _UNREADABLE:
                    # Too large, a bomb, undecodable: what the site allows is not known.
                    return Unavailable(refused.reason)
                # Refused by the SSRF guard, which refuses the host's requests too; or
                # redirects that loop or go on and on, which RFC 9309 lets a crawler take
                # for no robots.txt (2.3.1.2): no rules.
                return None
            except IgnoreRequest:
                return None
            except Exception as exc:
                self._count_error(exc)
                reason, wait = type(exc).__name__, 0.0
            else:
                rules = await self._rules_from(response, request)
                if not isinstance(rules, Unavailable):
                    return rules
                reason = rules.reason
                wait = retry_after_seconds(response.headers.get(b"Retry-After")) or 0.0
            if attempt == self.retry_times:
                break
            wait = max(wait, self.retry_delay * 2**attempt)
            logger.info(
                "robots.txt of %s unavailable (%s): its requests wait, asking again in %.1f s",
                url.netloc,
                reason,
                wait,
            )
            await sleep(wait)
        return Unavailable(reason)

    def _count_error(self, exc: Exception) -> None:
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")

    async def _rules_from(self, response: Response, request: Request) -> Rules:
        self._stats.inc_value("robotstxt/response_count")
        self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        if response.status == 429 or response.status >= 500:
            return Unavailable(f"HTTP {response.status}")
        if not 200 <= response.status < 300:
            return None  # 4xx: no robots.txt, no rules
        body = response.body
        if len(body) > self.max_size:
            body = body[: body.rfind(b"\n", 0, self.max_size) + 1]
            self._stats.inc_value(TRUNCATED_KEY)
            logger.warning(
                "robots.txt of %s is %d bytes: only its first %d are read",
                urlparse_cached(request).netloc,
                len(response.body),
                len(body),
            )
        rp: RobotParser = build_from_crawler(self._parserimpl, self.crawler, body)
        await self.crawler.signals.send_catch_log_async(
            signal=signals.robots_parsed, robotparser=rp, request=request
        )
        self._apply_crawl_delay(rp, request)
        return rp

    # --- Crawl-delay ----------------------------------------------------------------------

    def _apply_crawl_delay(self, rp: RobotParser, request: Request) -> None:
        useragent = self._robotstxt_useragent or self._default_useragent
        try:
            delay = rp.crawl_delay(useragent)
        except (AttributeError, NotImplementedError, TypeError, ValueError):
            delay = None
        downloader = self._downloader()
        key = downloader.get_slot_key(request)
        host = urlparse_cached(request).netloc
        hosts = self._host_delays.setdefault(key, {})
        previous = self.crawl_delays.get(key)
        if delay and delay > 0:
            if host not in hosts:
                self._stats.inc_value(CRAWL_DELAY_KEY)
            hosts[host] = min(float(delay), self.crawl_delay_max)
        elif hosts.pop(host, None) is not None:
            logger.info("robots.txt of %s: no Crawl-delay any more", host)
        if not hosts:
            # No robots.txt of the site asks for a delay: nothing kept for it.
            del self._host_delays[key]
        # The slot keeps the longest delay its hosts' robots.txt ask for (one host of a site
        # without a Crawl-delay does not lift another's).
        asked_by = max(hosts, key=hosts.__getitem__, default=None)
        delay = None if asked_by is None else hosts[asked_by]
        if delay == previous:
            return
        if previous is not None:
            self._lift_crawl_delay(downloader, key)  # the new delay, if any, replaces it
        if delay is None:
            return
        self.crawl_delays[key] = delay
        # Slots are created (and garbage-collected) by the downloader: set the delay of the
        # current one and the settings of any later one.
        if key not in self._slot_settings_before:
            before = downloader.per_slot_settings.get(key)
            self._slot_settings_before[key] = dict(before) if before is not None else None
        settings = downloader.per_slot_settings.setdefault(key, {})
        settings["delay"] = max(float(settings.get("delay", 0)), delay)
        settings["jitter"] = 0.0
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.jitter = 0.0
            slot.delay = max(slot.delay, delay)
        logger.info("robots.txt of %s: Crawl-delay %.1f s honoured", asked_by, delay)

    def _lift_crawl_delay(self, downloader: Downloader, key: str) -> None:
        """Undo :meth:`_apply_crawl_delay` for slot ``key``: its settings as they were.

        A slot whose delay something else raised meanwhile (the backoff middleware,
        AutoThrottle) keeps it: they lower it themselves.
        """
        old = self.crawl_delays.pop(key)
        before = self._slot_settings_before.pop(key, None)
        if before is None:
            downloader.per_slot_settings.pop(key, None)
        else:
            downloader.per_slot_settings[key] = before
        slot = downloader.slots.get(key)
        if slot is not None and slot.delay == old:
            # What a new slot of this key gets (Downloader._get_slot); no public API says.
            restored = before or {}
            slot.delay = float(restored.get("delay", downloader._delay))
            slot.jitter = float(restored.get("jitter", downloader._jitter))

    def _response_downloaded(self, response: Response, request: Request, **kwargs: Any) -> None:
        # AutoThrottle lowers delays after fast responses (its handler runs before this one,
        # extensions being connected first): keep the Crawl-delay as the floor.
        key = request.meta.get("download_slot")
        if key not in self.crawl_delays:
            return
        slot = self._downloader().slots.get(key)
        if slot is not None and slot.delay < self.crawl_delays[key]:
            slot.delay = self.crawl_delays[key]

    def _downloader(self) -> Downloader:
        assert self.crawler.engine is not None
        return self.crawler.engine.downloader
