"""Run real ``scrapy crawl`` processes against the mock site, as a user would."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.mockserver.server import REPO_ROOT

#: Settings every test crawl uses: the mock site is local, so no politeness delay, and it
#: lives on loopback, which the SSRF guard would refuse.
TEST_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "NEWSCRAWL_SSRF_ALLOW": "127.0.0.1",
    "LOG_LEVEL": "INFO",
}

#: The ``scrapy`` command users type (the console script beside this Python), not
#: ``python -m scrapy``: multiprocessing starts the extraction workers differently for the two.
SCRAPY = Path(sys.executable).parent / "scrapy"

_SUMMARY = re.compile(r"newscrawl summary: (.*)$", re.MULTILINE)
_STORED_FEED = re.compile(r"Stored jsonlines feed \((\d+) items\) in: (\S+)$", re.MULTILINE)


@dataclass
class CrawlResult:
    """What a crawl process left behind."""

    returncode: int
    log: str
    stdout: str
    workdir: Path

    @property
    def summary(self) -> str:
        """The run's summary line (without the logging prefix)."""
        found = _SUMMARY.findall(self.log)
        assert found, f"no summary line in the log:\n{self.log[-3000:]}"
        return str(found[-1])

    def stats(self) -> dict[str, Any]:
        """The final stats dump as a dict of the numeric and string values."""
        match = re.search(r"Dumping Scrapy stats:\n(\{.*?\})\n", self.log, re.S)
        assert match, "no stats dump in the log"
        return {k: _number(v) for k, v in re.findall(r"'([^']+)': ([^,\n]+)", match.group(1))}

    def feed_items(self, spider: str) -> list[dict[str, Any]]:
        """Items of this run's JSON Lines feed ([]: the run wrote none, having nothing new).

        The file is the one Scrapy's log says it stored ("Stored jsonlines feed (N items)
        in: URI").
        """
        folder = self.workdir / "feeds" / spider
        stored = [
            (Path(path), int(count))
            for count, uri in _STORED_FEED.findall(self.log)
            if (path := uri.removeprefix("file://")).startswith(str(folder))
        ]
        if not stored:
            return []
        assert len(stored) == 1, stored
        path, count = stored[0]
        items = [json.loads(line) for line in path.read_text().splitlines()]
        assert len(items) == count, f"{path}: {len(items)} items, the log says {count}"
        return items


def _number(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        return text.strip("'")


def database_url(workdir: Path) -> str:
    """The archive URL test crawls in ``workdir`` use."""
    return f"sqlite:///{workdir / 'archive.sqlite'}"


def scrapy_command(args: list[str], workdir: Path, **settings: str) -> list[str]:
    """The command line of ``scrapy ARGS`` with the archive and feeds in workdir."""
    merged = {
        **TEST_SETTINGS,
        "NEWSCRAWL_DATABASE_URL": database_url(workdir),
        "NEWSCRAWL_FEEDS_DIR": str(workdir / "feeds"),
        **settings,
    }
    command = [str(SCRAPY), *args]
    for name, value in merged.items():
        command += ["-s", f"{name}={value}"]
    return command


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO_ROOT)}


def run_scrapy(
    args: list[str], workdir: Path, timeout: float = 180, **settings: str
) -> CrawlResult:
    """Run ``scrapy ARGS`` from the repository root with the archive and feeds in workdir."""
    try:
        proc = subprocess.run(
            scrapy_command(args, workdir, **settings),
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=_env(),
        )
    except subprocess.TimeoutExpired as exc:
        # Say where the crawl was stuck: the end of its log, not only its command line.
        log = exc.stderr.decode("utf-8", "replace") if isinstance(exc.stderr, bytes) else ""
        raise AssertionError(
            f"scrapy {args[0]} ran over {timeout} s; log ends:\n{log[-6000:]}"
        ) from exc
    return CrawlResult(proc.returncode, proc.stderr, proc.stdout, workdir)


@dataclass
class Background:
    """A ``scrapy`` process running in the background, its log going to a file."""

    proc: subprocess.Popen[bytes]
    log_path: Path
    workdir: Path

    def wait(self, timeout: float = 180) -> CrawlResult:
        """Wait for the end of the process; return what it left behind."""
        self.proc.wait(timeout=timeout)
        return self.result()

    def result(self) -> CrawlResult:
        """The result of the (ended) process."""
        log = self.log_path.read_text(encoding="utf-8", errors="replace")
        return CrawlResult(self.proc.returncode, log, "", self.workdir)


def start_scrapy(args: list[str], workdir: Path, name: str, **settings: str) -> Background:
    """Start ``scrapy ARGS`` in the background, logging to ``workdir/<name>.log``."""
    log_path = workdir / f"{name}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            scrapy_command(args, workdir, **settings),
            cwd=REPO_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=log,
            env=_env(),
        )
    return Background(proc, log_path, workdir)


def crawl(
    spider: str,
    workdir: Path,
    *spider_args: str,
    exit_code: int | None = 0,
    failure: str = "no section page, feed or sitemap gave an article",
    **settings: str,
) -> CrawlResult:
    """Run ``scrapy crawl SPIDER -a ...`` and check its exit code (0: a clean run; 1: a
    failed run, by default one that found nothing to crawl, whose log then says so
    (``failure``: what it says instead); None: the caller checks it)."""
    args = ["crawl", spider]
    for argument in spider_args:
        args += ["-a", argument]
    result = run_scrapy(args, workdir, **settings)
    if exit_code is not None:
        assert result.returncode == exit_code, result.log[-5000:]
    if exit_code == 1:
        assert f"ERROR: Run failed: {failure}" in result.log
    return result
