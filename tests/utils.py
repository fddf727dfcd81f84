"""Helpers shared by the tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from tests.mockserver.server import REPO_ROOT

if TYPE_CHECKING:
    from collections.abc import Iterator


def project_crawler(spidercls: Any = None, **overrides: Any) -> Crawler:
    """A crawler with newscrawl's project settings, plus ``overrides``.

    Only what the project and ``overrides`` set reaches the crawler (at 'project' priority),
    as with ``scrapy crawl``: a copy of Scrapy's defaults too would raise them above their
    default priority, and a deprecated one set there (RANDOMIZE_DOWNLOAD_DELAY) warns.
    """
    # What Settings.setmodule takes from a settings module: its upper-case names.
    project = {name: getattr(project_settings, name) for name in dir(project_settings)}
    ours = {name: value for name, value in project.items() if name.isupper()}
    return get_crawler(spidercls, settings_dict={**ours, **overrides})


def run_python(
    *args: str, stdin: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` from the repository root, with the project importable; never raises."""
    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        cwd=REPO_ROOT,
        timeout=timeout,
        check=False,
    )


@contextmanager
def another_thread() -> Iterator[None]:
    """A second thread, as the extractor's libraries and the worker pool start: a signal
    sent to the process may go to it rather than the main thread."""
    done = threading.Event()
    thread = threading.Thread(target=done.wait, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def ctrl_c_arriving() -> None:
    """Ctrl-C sent to this process, and time for it to arrive (in whichever thread)."""
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.2)
