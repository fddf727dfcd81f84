"""Time helpers shared by the politeness middlewares.

Retry-After values, non-blocking waits, and the downloader's clock (or a test's fake one).
"""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Protocol

from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from collections.abc import Callable


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` header value asks to wait (delay-seconds or HTTP-date).

    ``now`` is the current Unix time (for HTTP-dates). None for a missing or unreadable
    value; 0 for a date in the past.

    >>> retry_after_seconds(b"120"), retry_after_seconds("Thu, 01 Jan 1970 00:01:40 GMT", 40.0)
    (120.0, 60.0)
    >>> retry_after_seconds("soon") is None, retry_after_seconds("-5")
    (True, 0.0)
    >>> retry_after_seconds("9" * 400) is None
    True
    """
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    try:
        return max(0.0, float(int(text)))
    except OverflowError:  # hundreds of digits: no float holds it, no server means it
        return None
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


async def sleep(seconds: float) -> None:
    """Wait without blocking the reactor (or the asyncio loop)."""
    done: Deferred[None] = Deferred()
    call_later(max(0.0, seconds), done.callback, None)
    await maybe_deferred_to_future(done)


class Clock(Protocol):
    """The downloader's time: monotonic seconds and timers (Twisted's ``IReactorTime``)."""

    def seconds(self) -> float:
        """Now."""

    def callLater(self, delay: float, function: Callable[..., Any], *args: Any) -> Any:
        """Call ``function(*args)`` in ``delay`` seconds; the result has ``cancel()``."""


class DownloaderClock:
    """The clock of Scrapy's downloader: ``time.monotonic`` and the reactor's (or loop's)."""

    def seconds(self) -> float:
        return time.monotonic()

    def callLater(self, delay: float, function: Callable[..., Any], *args: Any) -> Any:
        return call_later(delay, function, *args)
