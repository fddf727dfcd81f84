"""Stop signals held while a command commits a batch and counts what it stored.

``scrapy importwarc`` and ``scrapy reprocess`` turn Ctrl-C and SIGTERM into a
``KeyboardInterrupt`` and then say (and record) what they stored. One that lands between a
batch's commit and the counting of its outcomes would make them say less than the archive
holds: the two are one step, with the signals held until both are done.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import FrameType

#: The signals that stop a command.
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def stop_signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block is done; they arrive then, as they would have.

    Held by their Python handlers, not by the thread's signal mask: a signal sent to the
    process goes to any thread that does not block it (the extractor's libraries start
    threads of their own, the worker pool its manager's), and Python then runs the
    handler in the main thread wherever it is, the mask notwithstanding. Outside the main
    thread, whose handlers Python runs, nothing is held.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        arrived.append(signum)

    previous = {signum: signal.signal(signum, hold) for signum in _STOP_SIGNALS}
    try:
        yield
    finally:
        for stop, handler in previous.items():
            # None: a handler not set from Python, which cannot be set back; default then.
            signal.signal(stop, signal.SIG_DFL if handler is None else handler)
        for signum in dict.fromkeys(arrived):
            signal.raise_signal(signum)  # its handler runs now: Ctrl-C's KeyboardInterrupt
