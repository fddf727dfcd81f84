"""Crawl throughput: fetch-only against the full pipeline, on one generated local site.

Usage::

    python benchmarks/crawl_throughput.py                    # 3,000 articles
    python benchmarks/crawl_throughput.py --articles 100000  # the memory check
    python benchmarks/crawl_throughput.py --workers 0        # extraction inline
    python benchmarks/crawl_throughput.py --articles 20000 --full-only \
        --snapshots /tmp/snaps                               # tracemalloc at 10% and 100%

Serves N generated ~90 KB article pages (:mod:`_newssite`) from a separate process, then
crawls the site twice, each crawl in a fresh process with the same download settings
(16 concurrent requests, no delay, no AutoThrottle):

* fetch-only: the plainest Scrapy spider that follows the same links (section pages, their
  next pages, every article) and does nothing with an article but count it;
* full pipeline: ``scrapy crawl news`` as a user runs it (the project's settings, extraction
  in the process pool, validation, dedupe, the SQLite archive with raw pages, the run feed).

It prints both rates, their ratio, peak memory (RSS of the crawler process, RSS and PSS of
the crawler with its worker processes), RSS as the archive grows, and CPU milliseconds per
article by stage. The last line is ``ratio <full/fetch-only>``. A figure to watch, not a test.

``--snapshots DIR`` adds the benchmark extension :class:`_memsnap.MemorySnapshots` to the
full crawl: tracemalloc snapshots and heap figures of the crawler process at the shares of
the crawl ``--snapshot-at`` gives (``python benchmarks/_memsnap.py A B`` compares two);
``--frames 0`` records RSS and glibc's heap without tracemalloc, ``--trim`` also RSS after
``malloc_trim(0)``. ``--full-only`` skips the fetch-only crawl.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from _newssite import ARTICLE_PATTERN, NewsSite  # noqa: E402

#: Download settings of both crawls: a local site, so no politeness delay.
SPEED_SETTINGS: dict[str, Any] = {
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "INFO",
}
_SAMPLE_EVERY = 1.0
_PSS_EVERY = 10
_RESCAN_EVERY = 10


# --- the crawls (each in a child process) ---------------------------------------------------


class _Probe:
    """Samples memory of this process and its children while the spider runs."""

    def __init__(self, count: Any) -> None:
        self.count = count
        self.me = psutil.Process()
        self.samples: list[tuple[int, float, float]] = []
        self.peak_rss = self.peak_tree_rss = self.peak_tree_pss = 0.0
        self.children_cpu: dict[int, float] = {}
        self.started = self.finished = 0.0
        self._ticks = 0
        self._tree: list[psutil.Process] = []

    def tree(self) -> list[psutil.Process]:
        # Listing children scans /proc: costly on the reactor thread, so done now and then
        # (the worker processes live as long as the crawl).
        if self._ticks % _RESCAN_EVERY == 0 or not self._tree:
            self._tree = [self.me, *self.me.children(recursive=True)]
        return self._tree

    def sample(self) -> None:
        rss = tree_rss = 0.0
        pss = 0.0
        full = self._ticks % int(_PSS_EVERY / _SAMPLE_EVERY) == 0
        self._ticks += 1
        for proc in self.tree():
            try:
                if full:
                    info = proc.memory_full_info()
                    pss += info.pss
                    mem = info.rss
                else:
                    mem = proc.memory_info().rss
                if proc.pid == self.me.pid:
                    rss = mem
                else:
                    times = proc.cpu_times()
                    self.children_cpu[proc.pid] = times.user + times.system
                tree_rss += mem
            except psutil.Error:
                continue
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_tree_rss = max(self.peak_tree_rss, tree_rss)
        if full:
            self.peak_tree_pss = max(self.peak_tree_pss, pss)
        self.samples.append((self.count(), rss, tree_rss))

    def start(self, spider: Any = None) -> None:
        from twisted.internet.task import LoopingCall

        self.started = time.perf_counter()
        self._loop = LoopingCall(self.sample)
        self._loop.start(_SAMPLE_EVERY)

    def stop(self) -> None:
        self.finished = time.perf_counter()
        self.sample()
        self._loop.stop()

    def result(self) -> dict[str, Any]:
        times = self.me.cpu_times()
        return {
            "seconds": self.finished - self.started,
            "cpu_main": times.user + times.system,
            "cpu_children": sum(self.children_cpu.values()),
            "peak_rss": self.peak_rss,
            "peak_tree_rss": self.peak_tree_rss,
            "peak_tree_pss": self.peak_tree_pss,
            "samples": self.samples,
        }


def _thread_timer(function: Any, totals: dict[str, float], key: str) -> Any:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            totals[key] = totals.get(key, 0.0) + time.thread_time() - start

    return timed


def crawl_fetch_only(base: str, site: NewsSite) -> dict[str, Any]:
    import scrapy
    from scrapy.crawler import CrawlerProcess

    counted = {"articles": 0}

    class FetchOnly(scrapy.Spider):
        name = "fetch-only"
        start_urls = site.section_urls(base)

        def parse(self, response: Any) -> Any:
            for href in response.css("article.teaser h2 a::attr(href)").getall():
                yield response.follow(href, callback=self.parse_article)
            next_page = response.css("link[rel=next]::attr(href)").get()
            if next_page:
                yield response.follow(next_page, priority=-1)

        def parse_article(self, response: Any) -> None:
            counted["articles"] += 1

    process = CrawlerProcess(SPEED_SETTINGS)
    crawler = process.create_crawler(FetchOnly)
    probe = _Probe(lambda: counted["articles"])
    _watch(crawler, probe)
    process.crawl(crawler)
    process.start()
    return {**probe.result(), "articles": counted["articles"]}


def crawl_full(
    base: str,
    site: NewsSite,
    workdir: Path,
    workers: int | None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from newscrawl.pipelines import _pool
    from newscrawl.pipelines.dedupe import DedupePipeline
    from newscrawl.pipelines.validate import ValidatePipeline
    from newscrawl.spiders.news import NewsSpider
    from newscrawl.storage.archive import Archive

    stages: dict[str, float] = {}
    Archive.store_articles = _thread_timer(Archive.store_articles, stages, "archive")  # type: ignore[method-assign]
    ValidatePipeline.process_item = _thread_timer(  # type: ignore[method-assign]
        ValidatePipeline.process_item, stages, "validate"
    )
    DedupePipeline.process_item = _thread_timer(  # type: ignore[method-assign]
        DedupePipeline.process_item, stages, "dedupe"
    )

    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    settings.update(
        {
            **SPEED_SETTINGS,
            "NEWSCRAWL_DATABASE_URL": f"sqlite:///{workdir / 'archive.sqlite'}",
            "NEWSCRAWL_FEEDS_DIR": str(workdir / "feeds"),
            "NEWSCRAWL_SSRF_ALLOW": ["127.0.0.1"],
            **({} if workers is None else {"NEWSCRAWL_EXTRACT_WORKERS": workers}),
            **(extra or {}),
        },
        priority="cmdline",
    )
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(NewsSpider)
    probe = _Probe(lambda: crawler.stats.get_value("newscrawl/articles/new", 0))
    _watch(crawler, probe)

    close = _pool.ExtractionPool.close

    def close_after_sampling(pool: Any) -> None:
        probe.sample()  # the workers' last CPU times, before they exit
        close(pool)

    _pool.ExtractionPool.close = close_after_sampling  # type: ignore[method-assign]
    process.crawl(
        crawler,
        start_urls=",".join(site.section_urls(base)),
        article_pattern=ARTICLE_PATTERN,
        max_pages=str(site.max_pages),
    )
    process.start()
    stats = crawler.stats.get_stats()
    database = workdir / "archive.sqlite"
    return {
        **probe.result(),
        "articles": stats.get("newscrawl/articles/new", 0),
        "dropped": {k: v for k, v in stats.items() if k.startswith("newscrawl/dropped/")},
        "stages": stages,
        "workers": _worker_count(workers),
        "database_bytes": sum(
            p.stat().st_size for p in workdir.glob("archive.sqlite*") if p.exists()
        )
        if database.exists()
        else 0,
    }


def _worker_count(workers: int | None) -> int:
    from newscrawl.pipelines._pool import available_cpus

    return available_cpus() if workers is None else workers


def _watch(crawler: Any, probe: _Probe) -> None:
    from scrapy import signals

    # Signal receivers are held weakly: bound methods of the (living) probe, no lambdas.
    crawler.signals.connect(probe.start, signal=signals.spider_opened)
    crawler.signals.connect(probe.stop, signal=signals.engine_stopped)


def _snapshot_settings(args: argparse.Namespace) -> dict[str, Any]:
    """Settings that add the memory snapshot extension (benchmarks/_memsnap.py), if asked."""
    if not args.snapshots:
        return {}
    from newscrawl import settings as project

    shares = [float(share) for share in args.snapshot_at.split(",") if share.strip()]
    return {
        "EXTENSIONS": {**project.EXTENSIONS, "_memsnap.MemorySnapshots": 0},
        "BENCH_SNAPSHOT_DIR": args.snapshots,
        "BENCH_SNAPSHOT_AT": [max(1, round(share * args.articles)) for share in shares],
        "BENCH_TRACEMALLOC_FRAMES": args.frames,
        "BENCH_MALLOC_TRIM": args.trim,
    }


def child(args: argparse.Namespace) -> None:
    site = NewsSite(args.articles)
    base = f"http://127.0.0.1:{args.port}"
    if args.child == "fetch":
        result = crawl_fetch_only(base, site)
    else:
        result = crawl_full(base, site, Path(args.workdir), args.workers, _snapshot_settings(args))
    Path(args.out).write_text(json.dumps(result))


# --- the driver ---------------------------------------------------------------------------


def _run_child(kind: str, args: argparse.Namespace, port: int, workdir: Path) -> dict[str, Any]:
    out = workdir / f"{kind}.json"
    command = [
        sys.executable,
        __file__,
        "--child",
        kind,
        "--port",
        str(port),
        "--articles",
        str(args.articles),
        "--workdir",
        str(workdir),
        "--out",
        str(out),
    ]
    if args.workers is not None:
        command += ["--workers", str(args.workers)]
    if args.snapshots:
        command += ["--snapshots", str(Path(args.snapshots).resolve())]
        command += ["--snapshot-at", args.snapshot_at, "--frames", str(args.frames)]
        command += ["--trim"] if args.trim else []
    log = workdir / f"{kind}.log"
    with log.open("w") as stderr:
        proc = subprocess.run(command, stderr=stderr, check=False)
    if proc.returncode != 0 or not out.exists():
        sys.exit(f"{kind} crawl failed; see {log}:\n" + log.read_text()[-3000:])
    result: dict[str, Any] = json.loads(out.read_text())
    return result


def _mb(value: float) -> str:
    return f"{value / 2**20:.0f} MB"


def _growth(samples: list[list[float]], total: int) -> str:
    points = []
    for share in (0.1, 0.25, 0.5, 0.75, 1.0):
        reached = [s for s in samples if s[0] >= share * total]
        if reached:
            points.append(f"{share:.0%}: {_mb(reached[0][1])}")
    first = [s for s in samples if s[0] >= 0.1 * total]
    if first and total >= 1000:
        # From 10% (start-up and the first batches done) to the end: the growth that
        # comes with the crawl's size.
        per_thousand = (samples[-1][1] - first[0][1]) / (samples[-1][0] - first[0][0]) * 1000
        points.append(f"growth from 10% on {per_thousand / 2**20:.2f} MB per 1,000 articles")
    return ", ".join(points)


def report(
    args: argparse.Namespace, fetch: dict[str, Any] | None, full: dict[str, Any], server: Any
) -> None:
    site = NewsSite(36)
    average = sum(len(site.article(n) or b"") for n in range(1, 37)) / 36
    print(
        f"site: {args.articles} generated articles, {average / 1024:.1f} KB per article page, "
        f"served by a separate process; {psutil.cpu_count()} CPUs "
        f"({os.sched_getaffinity(0).__len__()} usable)"
    )
    full_rate = full["articles"] / full["seconds"]
    n_full = max(1, full["articles"])
    fetch_rate = 0.0
    if fetch is not None:
        fetch_rate = fetch["articles"] / fetch["seconds"]
        n_fetch = max(1, fetch["articles"])
        print(
            f"fetch-only    : {fetch['articles']} articles in {fetch['seconds']:.1f} s = "
            f"{fetch_rate:.1f} articles/s; CPU {1000 * fetch['cpu_main'] / n_fetch:.2f} "
            f"ms/article (server {1000 * server['fetch'] / n_fetch:.2f}); "
            f"peak RSS {_mb(fetch['peak_rss'])}"
        )
    print(
        f"full pipeline : {full['articles']} articles in {full['seconds']:.1f} s = "
        f"{full_rate:.1f} articles/s with {full['workers']} extraction workers; "
        f"dropped {sum(full['dropped'].values())} {full['dropped'] or ''}"
    )
    stages = full["stages"]
    glue = full["cpu_main"] - sum(stages.values())
    per = {
        "crawl (reactor: download, spider, pipeline glue, feed)": glue,
        "extract + prepare (workers: extractor, MinHash, zstd)": full["cpu_children"],
        "validate": stages.get("validate", 0.0),
        "dedupe": stages.get("dedupe", 0.0),
        "archive (writer thread: SQLite, near-duplicate index)": stages.get("archive", 0.0),
    }
    if not full["workers"]:
        per["crawl (reactor: download, spider, pipeline glue, feed)"] = glue
        per["extract + prepare (workers: extractor, MinHash, zstd)"] = 0.0
    total = sum(per.values())
    print("CPU ms/article by stage (full pipeline):")
    for name, seconds in per.items():
        print(f"  {name:<56} {1000 * seconds / n_full:7.2f}")
    print(f"  {'total crawler':<56} {1000 * total / n_full:7.2f}")
    print(f"  {'(server, not counted above)':<56} {1000 * server['full'] / n_full:7.2f}")
    print(
        f"peak memory (full): RSS crawler process {_mb(full['peak_rss'])}, crawler + workers "
        f"RSS {_mb(full['peak_tree_rss'])}, PSS {_mb(full['peak_tree_pss'])}"
    )
    print(f"RSS of the crawler process as the archive grows: {_growth(full['samples'], n_full)}")
    print(
        f"archive size: {_mb(full['database_bytes'])} "
        f"({full['database_bytes'] / n_full / 1024:.1f} KB/article)"
    )
    if fetch is not None:
        print(f"ratio {full_rate / fetch_rate:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=3000, help="articles on the site")
    parser.add_argument(
        "--workers", type=int, default=None, help="extraction workers (default: one per CPU)"
    )
    parser.add_argument("--full-only", action="store_true", help="skip the fetch-only crawl")
    parser.add_argument(
        "--snapshots", help="directory for memory snapshots of the full crawl (_memsnap.py)"
    )
    parser.add_argument(
        "--snapshot-at", default="0.1,1.0", help="shares of the crawl to snapshot at"
    )
    parser.add_argument(
        "--frames", type=int, default=10, help="tracemalloc frames (0: RSS and heap only)"
    )
    parser.add_argument("--trim", action="store_true", help="record RSS after malloc_trim(0)")
    parser.add_argument("--child", choices=["fetch", "full"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    server = subprocess.Popen(
        [sys.executable, str(HERE / "_newssite.py"), "--articles", str(args.articles)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline().split()[1])
        server_proc = psutil.Process(server.pid)
        with tempfile.TemporaryDirectory(prefix="crawl-throughput-") as tmp:
            workdir = Path(tmp)

            def server_cpu() -> float:
                times = server_proc.cpu_times()
                return float(times.user + times.system)

            before = server_cpu()
            fetch = None if args.full_only else _run_child("fetch", args, port, workdir)
            middle = server_cpu()
            full = _run_child("full", args, port, workdir)
            server_times = {"fetch": middle - before, "full": server_cpu() - middle}
            report(args, fetch, full, server_times)
    finally:
        if server.stdin:
            server.stdin.close()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
