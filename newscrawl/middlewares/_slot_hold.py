"""Holding a downloader slot: nothing sent to its host before a given time.

Scrapy's downloader has no way to say "not before": a slot sends its next request at its
``lastseen`` plus its delay times a random 0.5-1.5 (``DOWNLOAD_DELAY_JITTER``), or when its
timer (``slot.latercall``) fires, and sends nothing while that timer is set
(``Downloader._process_queue``). Moving ``lastseen`` to the hold's end added a delay to every
hold (a Retry-After of 5 s and a delay of 8 s held the host 5 + 4..12 s), and no
``lastseen`` makes a jittered delay end at a given time. So a hold is the slot's timer:
:func:`hold_slot` sets it, and when it fires, :func:`release_slot` lets the next request go.

These are the downloader's internals that :mod:`newscrawl.middlewares.backoff` works
through; when to hold a host, and for how long, is its policy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy.core.downloader import Downloader, Slot

    from newscrawl.middlewares._timing import Clock


def soonest_paced(slot: Slot, last_sent: float, delay: float) -> float:
    """The soonest the downloader may send after ``last_sent`` at ``delay`` seconds apart.

    Its jitter draws the delay down to ``1 - jitter`` times (``DOWNLOAD_DELAY_JITTER``).
    """
    jitter = min(1.0, max(0.0, slot.jitter))
    return last_sent + delay * (1 - jitter)


def hold_slot(
    slot: Slot, until: float, clock: Clock, release: Callable[..., Any], *args: Any
) -> Any:
    """Send nothing from ``slot`` before ``until``, then call ``release(*args)``.

    Returns the hold's timer (the slot's ``latercall``), or None where ``until`` has come
    already: nothing is held.
    """
    now = clock.seconds()
    if until <= now:
        return None
    if slot.latercall is not None:
        slot.latercall.cancel()  # the downloader's own timer, or an earlier hold's
    timer = clock.callLater(until - now, release, *args)
    slot.latercall = timer
    # Also keeps the slot from being dropped as idle during the hold.
    slot.lastseen = max(slot.lastseen, until)
    return timer


def release_slot(downloader: Downloader, slot: Slot, now: float) -> None:
    """The hold is over: the slot's next request goes now, the ones after it paced."""
    slot.lastseen = min(slot.lastseen, now - slot.delay * (1 + slot.jitter))
    downloader._latercall(slot)  # what the slot's timer calls


def repace_slot(downloader: Downloader, slot: Slot) -> None:
    """Set the downloader's timer for the slot's next request anew, at the slot's delay now.

    Where the delay was lowered: the timer set at the delay before would wait on for it.
    """
    if slot.latercall is not None:
        slot.latercall.cancel()
        downloader._latercall(slot)
