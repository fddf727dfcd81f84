"""Seeing a graceful shutdown begin, which Scrapy does not say.

Scrapy's graceful shutdown (SIGTERM, Ctrl-C, a ``CLOSESPIDER_*`` limit) waits for every
request already in the downloader, and only then sends ``spider_closed``: no signal says
that it has begun. The engine shows it: its slot has its ``closing`` set, and the engine
stops running. :class:`ShutdownWatch` looks at that every second, while its owner needs to
know (:mod:`newscrawl.middlewares.backoff`: while a host is backed off).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy.crawler import Crawler

    from newscrawl.middlewares._timing import Clock

#: Seconds between two looks at whether the engine is closing.
SHUTDOWN_CHECK_INTERVAL = 1.0


def engine_closing(crawler: Crawler) -> bool:
    """Whether the crawler's engine has begun to close (or has stopped)."""
    engine = crawler.engine
    slot = getattr(engine, "_slot", None)
    return not getattr(engine, "running", True) or getattr(slot, "closing", None) is not None


class ShutdownWatch:
    """Calls ``on_closing`` once, when the engine begins to close.

    Looks every :data:`SHUTDOWN_CHECK_INTERVAL` seconds from :meth:`start`, as long as
    ``wanted()`` says so; :meth:`start` again looks anew.
    """

    def __init__(
        self,
        crawler: Crawler,
        clock: Clock,
        on_closing: Callable[[], None],
        wanted: Callable[[], bool],
    ) -> None:
        self.crawler = crawler
        self.clock = clock
        self.on_closing = on_closing
        self.wanted = wanted
        #: The engine is closing (seen once, it stays so).
        self.closing = False
        self._next_look: Any = None

    def start(self) -> None:
        """Look now and every interval after, unless looking already."""
        if self._next_look is None:
            self._look()

    def stop(self) -> None:
        """Stop looking."""
        if self._next_look is not None and self._next_look.active():
            self._next_look.cancel()
        self._next_look = None

    def _look(self) -> None:
        self._next_look = None
        if self.closing or not self.wanted():
            return
        if engine_closing(self.crawler):
            self.closing = True
            self.on_closing()
            return
        self._next_look = self.clock.callLater(SHUTDOWN_CHECK_INTERVAL, self._look)
