"""A reader of stdout that stops early is no error for a command that prints.

``scrapy runs | head``, ``python -m newscrawl.extract page.html | head -c 100``: the reader
closes the pipe, the next write fails with ``BrokenPipeError``, and Python printed its
traceback and exited 1. The command ends quietly instead, exit code 0.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def reader_may_stop() -> Iterator[None]:
    """Print inside this block; a reader that stopped early ends it quietly."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at devnull so that Python's own flush at exit does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
