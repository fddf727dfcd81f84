"""Extraction in a pool of worker processes, awaited from the reactor, with back-pressure.

Extraction is CPU-bound pure Python (lxml, trafilatura, dateparser): on the reactor thread
it would stop the downloader while it runs and leave every other core idle. The pool runs
:func:`newscrawl.pipelines._worker.extract_in_worker` in ``workers`` processes started by a
fork server that has already imported the extractor, so a worker starts in milliseconds and
never inherits the crawler's threads or sockets.

Back-pressure: at most ``max_pending`` pages are handed to the pool at once (two per worker
by default, so a worker never waits for its next page); further callers wait for a slot.
While they wait, their responses count against Scrapy's ``SCRAPER_SLOT_MAX_ACTIVE_SIZE``,
so when extraction is slower than fetching the engine stops scheduling downloads instead
of piling pages up in memory.

If a worker dies (killed, out of memory, a crash in a C extension), the pool is replaced and
each page that was in it is tried once more; a page that fails again is reported as the
error it is.

With a ``timeout``, a page whose extraction takes longer is given up and reported as an
:class:`ExtractionError` with the reason ``extract-timeout``: the worker stops itself (a
timer in it interrupts the extractor); one that is still busy at three times the timeout is
stuck where the timer cannot reach it, and the pool is replaced as if the worker had died.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import spawn
from typing import TYPE_CHECKING, Any

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred, DeferredSemaphore
from twisted.internet.defer import TimeoutError as GaveUpWaiting
from twisted.python.failure import Failure

import newscrawl.extract
from newscrawl.extract.errors import ExtractionError
from newscrawl.pipelines import _worker

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from newscrawl.extract.article import MorePage
    from newscrawl.extract.listing import Listing
    from newscrawl.sites.profile import SiteProfile
    from newscrawl.storage.prepared import Prepared, PrepareOptions

logger = logging.getLogger(__name__)

# The module the fork server imports before it forks a worker, named, not imported: it
# imports the extractor, which the crawler process does not need.
_PRELOAD = "newscrawl.pipelines._worker_preload"

#: Seconds to wait for a broken pool's teardown before starting the next one.
_TEARDOWN_WAIT = 5.0


def available_cpus() -> int:
    """CPUs this process may run on (its affinity mask, not the machine's core count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


class RemoteTraceback(Exception):
    """The traceback of an exception raised in a worker, shown as its cause."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return f'\n"""\n{self.text}"""'


class ExtractionPool:
    """Run :func:`newscrawl.extract.extract_article` in worker processes.

    ``workers=0`` runs it inline, on the caller's thread. Call :meth:`start` before the
    first :meth:`extract` and :meth:`close` at the end (no worker process outlives it).
    """

    def __init__(
        self, workers: int, max_pending: int | None = None, timeout: float | None = None
    ) -> None:
        self.workers = max(0, workers)
        self.max_pending = max(1, max_pending or 2 * self.workers)
        #: Seconds a page's extraction may take in a worker (None: no limit).
        self.timeout = timeout or None
        #: Times a broken pool (a dead worker) was replaced.
        self.restarts = 0
        self._slots = DeferredSemaphore(self.max_pending)
        self._executor: ProcessPoolExecutor | None = None
        self._closed = False

    def start(self) -> None:
        """Create the worker pool (processes start with the first pages)."""
        if self.workers and self._executor is None:
            self._executor = self._new_executor()

    def close(self) -> None:
        """Stop the workers and wait for them to exit."""
        self._closed = True
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    @property
    def pending(self) -> int:
        """Pages handed to the pool and not yet returned."""
        return self.max_pending - self._slots.tokens

    async def extract(
        self,
        body: bytes,
        url: str,
        profile: SiteProfile | None = None,
        *,
        encoding: str | None = None,
        crawled_at: datetime | None = None,
        listing: Listing | None = None,
        served_at: datetime | None = None,
        options: PrepareOptions | None = None,
        more_pages: Sequence[MorePage] = (),
    ) -> tuple[dict[str, Any], Prepared | None]:
        """The article extracted from ``body``; raises what ``extract_article`` raises.

        With it, what ``options`` ask to prepare for the archive, computed in the worker.
        Inline (``workers=0``) nothing is prepared: the archive computes it as it stores.
        """
        if not self.workers:
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
            return article, None
        if self._executor is None:
            raise RuntimeError("the extraction pool is not running")
        args = (
            body, url, profile, encoding, crawled_at, listing, served_at, options, self.timeout,
            more_pages,
        )  # fmt: skip
        await maybe_deferred_to_future(self._slots.acquire())
        try:
            outcome = await self._run(args)
        finally:
            self._slots.release()
        return _unwrap(outcome)

    async def _run(self, args: tuple[Any, ...]) -> _worker.Outcome:
        for attempt in (1, 2):
            executor = self._executor
            if executor is None:
                raise RuntimeError("the extraction pool was closed")
            try:
                future = executor.submit(_worker.extract_in_worker, *args)
                outcome: _worker.Outcome = await maybe_deferred_to_future(
                    self._limited(_deferred(future))
                )
                return outcome
            except BrokenProcessPool:
                if self._closed or attempt == 2:
                    raise
                self._replace(executor, "An extraction worker died")
            except GaveUpWaiting:
                # Its worker's own timer did not stop it: it is stuck in C code, or the
                # pages queued before it were. Only a new pool frees the worker.
                self._replace(executor, "An extraction worker is stuck")
                raise ExtractionError(
                    _worker.TIMEOUT_REASON, f"no result after {self._stuck_after:g} s"
                ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    @property
    def _stuck_after(self) -> float:
        # A page may wait in the pool's queue for a page before it to time out, then take
        # its own time: a third timeout is a worker that did not stop itself.
        return 3 * (self.timeout or 0)

    def _limited(self, waiting: Deferred[Any]) -> Deferred[Any]:
        if self.timeout:
            from twisted.internet import reactor

            waiting.addTimeout(self._stuck_after, reactor)
        return waiting

    def _replace(self, broken: ProcessPoolExecutor, why: str) -> None:
        # Every page in the broken pool fails at once; the first to notice replaces it.
        if self._executor is not broken:
            return
        self.restarts += 1
        logger.error("%s; starting a new pool (restart %d)", why, self.restarts)
        # The executor stops a broken pool's surviving workers with SIGTERM, which workers
        # ignore (see _worker.init_worker), and would wait for them for ever: kill them.
        survivors = list(getattr(broken, "_processes", None) or {})
        broken.shutdown(wait=False, cancel_futures=True)
        for pid in survivors:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        # Let the broken pool's manager thread finish closing its pipes before the new
        # pool opens its own: in CPython 3.11 that teardown races with a new worker's start
        # (seen once in CI: the fork server was handed a descriptor already closed, EBADF).
        # With the survivors killed it takes milliseconds; the bound is for safety.
        manager = getattr(broken, "_executor_manager_thread", None)
        if manager is not None:
            manager.join(timeout=_TEARDOWN_WAIT)
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        # Imported once in the fork server, inherited by every worker it forks; it keeps
        # Scrapy and Twisted out of them (see the module).
        context.set_forkserver_preload([_PRELOAD])
        _start_fork_server()
        executor = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=_worker.init_worker,
            initargs=(os.getpid(),),
        )
        # Every worker now, not one per submit as the executor starts them outside "fork":
        # in CPython 3.11 a submit adding a worker races with the manager thread walking
        # the workers of a pool that just broke ("dictionary changed size during
        # iteration": its clean-up stops half done; 3.13 takes a lock). A full pool never
        # adds one. With them, the manager thread, which the first submit would start and
        # which alone tells workers to exit at shutdown. Both methods are private (as in
        # the executor's own "fork" path); without them, the executor starts both lazily.
        launch = getattr(executor, "_launch_processes", None)
        start_manager = getattr(executor, "_start_executor_manager_thread", None)
        if launch is not None and start_manager is not None:
            with executor._shutdown_lock:
                launch()
                start_manager()
        return executor


def _start_fork_server() -> None:
    """Start the fork server (if it is not running) with SIGINT and SIGTERM ignored.

    systemd stops a service by sending SIGTERM to all its processes, and Ctrl-C sends
    SIGINT to the terminal's whole process group. The fork server is the workers' parent:
    if it died of either, the kernel would kill the workers with it (see
    ``_worker.init_worker``) while the crawler is still finishing its pages. An ignored
    signal stays ignored across exec, so the server is started with both ignored; it exits
    when the crawler does.

    The server also learns which main script its workers need not run again
    (:mod:`newscrawl.pipelines._worker_preload`).
    """
    from multiprocessing import forkserver

    main_script = _main_script()
    if main_script is not None:
        os.environ[_worker.MAIN_SCRIPT_ENV] = main_script
    try:
        if threading.current_thread() is not threading.main_thread():
            forkserver.ensure_running()  # signal handlers can only be set on the main thread
            return
        signals = (signal.SIGINT, signal.SIGTERM)
        saved = {sig: signal.signal(sig, signal.SIG_IGN) for sig in signals}
        try:
            forkserver.ensure_running()
        finally:
            for sig, handler in saved.items():
                signal.signal(sig, handler)
    finally:
        os.environ.pop(_worker.MAIN_SCRIPT_ENV, None)


def _main_script() -> str | None:
    """The main script a worker would run again before its first task ("": none).

    None when the main is a module a worker would import again: the fork server cannot
    spare the workers that, and leaves Scrapy importable for it.
    """
    # What multiprocessing sends each new process to prepare itself with.
    data = spawn.get_preparation_data("newscrawl-extract")
    module = data.get("init_main_from_name")
    if module is not None:
        # ``python -m package`` runs package.__main__, which workers do not run again.
        return "" if module == "__main__" or module.endswith(".__main__") else None
    path: str = data.get("init_main_from_path", "")
    return path


def _deferred(future: Future[Any]) -> Deferred[Any]:
    """A Deferred that fires on the reactor thread when ``future`` is done."""
    from twisted.internet import reactor

    result: Deferred[Any] = Deferred()

    def done(finished: Future[Any]) -> None:
        reactor.callFromThread(_settle, result, finished)

    future.add_done_callback(done)
    return result


def _settle(result: Deferred[Any], future: Future[Any]) -> None:
    if result.called:
        return  # given up on (timed out) before the future was done
    if future.cancelled():
        result.errback(Failure(CancelledError()))
        return
    error = future.exception()
    if error is None:
        result.callback(future.result())
    else:
        result.errback(Failure(error))


def _unwrap(outcome: _worker.Outcome) -> tuple[dict[str, Any], Prepared | None]:
    tag, value, detail = outcome
    if tag == _worker.OK:
        extracted: tuple[dict[str, Any], Prepared | None] = value
        return extracted
    if tag == _worker.NOT_HTML:
        error = ExtractionError(value)
        error.args = (detail,)
        raise error
    value.__cause__ = RemoteTraceback(detail)
    raise value
