"""What an extraction worker process runs: :func:`extract_article`, outcome as plain data.

With the article, the worker computes what the archive will need of it
(:func:`newscrawl.storage.prepared.prepare`: near-duplicate signature, compressed raw page),
so that this CPU work, too, runs on the workers' cores rather than in the crawler process.

This module is imported in the worker processes (and preloaded by the fork server, through
:mod:`newscrawl.pipelines._worker_preload`, which keeps Scrapy and Twisted out of them), so
it imports nothing but :mod:`newscrawl.extract` and the pure
:mod:`newscrawl.storage.prepared`: no Scrapy, no Twisted, no SQLAlchemy. The crawler process
imports it too, to hand :func:`extract_in_worker` to the pool, but does not extract: the
extractor is imported when a page is first extracted (the fork server does it ahead, for
all its workers).

Exceptions do not cross the process boundary as exceptions. :class:`ExtractionError` keeps
its ``reason`` in an attribute that pickling would lose, and an arbitrary exception may not
pickle at all; so :func:`extract_in_worker` returns a tuple that says what happened, with the
traceback as text for the parent to log.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from datetime import datetime
from typing import TYPE_CHECKING, Any

import newscrawl.extract
from newscrawl.extract.errors import ExtractionError
from newscrawl.storage.prepared import PrepareOptions, prepare

if TYPE_CHECKING:
    from collections.abc import Sequence

    from newscrawl.extract.article import MorePage
    from newscrawl.extract.listing import Listing
    from newscrawl.sites.profile import SiteProfile

#: Environment variable through which the crawler passes its main script to the fork server
#: (:mod:`newscrawl.pipelines._worker_preload`).
MAIN_SCRIPT_ENV = "NEWSCRAWL_WORKER_MAIN_SCRIPT"

#: Outcome tags of :func:`extract_in_worker`.
OK, NOT_HTML, FAILED = "ok", "not-html", "failed"

# prctl(2) option: the signal this process gets when its parent dies.
_PR_SET_PDEATHSIG = 1

Outcome = tuple[str, Any, Any]


#: Drop reason of a page whose extraction ran out of time.
TIMEOUT_REASON = "extract-timeout"


class _OutOfTime(BaseException):
    """Raised in a worker by its timer.

    A BaseException: libraries' ``except Exception`` blocks (trafilatura retries a failed
    stage with another) must not swallow it.
    """


#: Seconds between the timer's further signals, once the timeout has passed.
_RETIMER = 0.25

# Whether a timer is running for the page in hand: a SIGALRM that arrives as the page is
# done (between the last line of work and the timer's cancelling) must not raise.
_armed = False


def _out_of_time(signum: int, frame: Any) -> None:
    if _armed:
        raise _OutOfTime


def extract_in_worker(
    body: bytes,
    url: str,
    profile: SiteProfile | None,
    encoding: str | None,
    crawled_at: datetime,
    listing: Listing | None = None,
    served_at: datetime | None = None,
    options: PrepareOptions | None = None,
    timeout: float | None = None,
    more_pages: Sequence[MorePage] = (),
) -> Outcome:
    """Extract one page (and prepare it for the archive if ``options`` say so); never raises.

    ``listing``: what the feed or sitemap that led to the page said of it; ``served_at``:
    when the server made the response, if it said; ``more_pages``: the article's next
    pages, when it is split over several.

    Returns ``(OK, (article, prepared or None), None)``, ``(NOT_HTML, reason, message)`` or
    ``(FAILED, exception, traceback text)``. With ``timeout`` (seconds), a page that takes
    longer is given up: ``(NOT_HTML, TIMEOUT_REASON, message)``. The timer is a SIGALRM,
    which interrupts Python code and regular expressions alike (re checks for signals as
    it backtracks), so this runs on a worker's main thread.

    >>> extract_in_worker(b"", "https://example.com/a", None, None, datetime(2025, 1, 1))
    ('not-html', 'empty', 'empty: no content')
    """
    global _armed
    try:
        try:
            if timeout:
                signal.signal(signal.SIGALRM, _out_of_time)
                _armed = True
                # Again every _RETIMER seconds after the first: an exception raised while
                # Python runs a finalizer or a weakref callback (the garbage collector's
                # work) is printed and dropped, and the extractor would run on.
                signal.setitimer(signal.ITIMER_REAL, timeout, _RETIMER)
            return _extract(
                body, url, profile, encoding, crawled_at, listing, served_at, options, more_pages
            )
        finally:
            _armed = False
            if timeout:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except _OutOfTime:
        return NOT_HTML, TIMEOUT_REASON, f"{TIMEOUT_REASON}: extraction took over {timeout:g} s"


def _extract(
    body: bytes,
    url: str,
    profile: SiteProfile | None,
    encoding: str | None,
    crawled_at: datetime,
    listing: Listing | None,
    served_at: datetime | None,
    options: PrepareOptions | None,
    more_pages: Sequence[MorePage],
) -> Outcome:
    try:
        # Through the package, which imports the extractor on first use: the crawler process
        # imports this module too (to hand its function to the pool) and never calls it.
        article = newscrawl.extract.extract_article(
            body,
            url,
            profile,
            encoding=encoding,
            crawled_at=crawled_at,
            listing=listing,
            served_at=served_at,
            more_pages=more_pages,
        )
        prepared = prepare(article, body, options) if options is not None else None
    except ExtractionError as exc:
        return NOT_HTML, exc.reason, str(exc)
    except Exception as exc:
        text = traceback.format_exc()
        try:
            pickle.dumps(exc)
        except Exception:
            exc = RuntimeError(repr(exc))
        return FAILED, exc, text
    return OK, (article, prepared), None


def init_worker(crawler_pid: int | None = None) -> None:
    """Prepare a worker process: signals are the crawler's business.

    Ctrl-C reaches every process of the terminal's group, and systemd stops a service by
    sending SIGTERM to every process of its cgroup. A worker that died of either would take
    the pages it holds with it while the crawler is shutting down gracefully, so workers
    ignore both and exit when the crawler shuts the pool down.

    Should the crawler be killed outright (SIGKILL, out of memory), nobody shuts the pool
    down, and the fork server, which stays up while its children do, would keep the workers
    waiting for work for ever: a thread watches ``crawler_pid`` and ends the worker when the
    crawler is gone. The kernel also kills the worker if the fork server dies (Linux).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if crawler_pid:
        watch = threading.Thread(
            target=_exit_with, args=(crawler_pid,), name="crawler-watch", daemon=True
        )
        watch.start()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # pragma: no cover - exotic libc
            pass


def _exit_with(pid: int, every: float = 1.0) -> None:
    while _alive(pid):
        time.sleep(every)
    os._exit(0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's process now
        return False
    try:  # a killed crawler its parent has not reaped yet is a zombie: gone all the same
        with open(f"/proc/{pid}/stat", "rb") as stat:  # noqa: PTH123
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True
