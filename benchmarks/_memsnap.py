"""Memory snapshots of a crawler process during a long crawl, and their comparison.

Benchmark tooling, not part of the product: ``crawl_throughput.py --snapshots DIR`` adds
:class:`MemorySnapshots` to the full-pipeline crawl's ``EXTENSIONS``. It starts
:mod:`tracemalloc` when the crawler is built and, each time the archive has stored the next
of ``BENCH_SNAPSHOT_AT`` articles (and once more when the spider closes), collects garbage,
dumps a tracemalloc snapshot to ``DIR/snapshot-<articles>.pickle`` and appends a line to
``DIR/points.jsonl`` with what tracemalloc cannot see: the process's RSS, glibc's heap
(``mallinfo2``: bytes in use, bytes free but kept), SQLite's own allocations (page caches and
prepared statements of every connection), and the sizes of a few structures known
to grow with the crawl (Scrapy's duplicate filter). With ``BENCH_MALLOC_TRIM`` it then calls
``malloc_trim(0)`` and records RSS again: what that gives back was fragmentation, not data.

Settings (read only when the extension is enabled):

* ``BENCH_SNAPSHOT_DIR``: where snapshots go; empty disables the extension.
* ``BENCH_SNAPSHOT_AT``: article counts (``newscrawl/articles/new``) to snapshot at.
* ``BENCH_TRACEMALLOC_FRAMES``: frames kept per allocation (0: no tracemalloc, only RSS and
  heap figures, for runs whose RSS must not carry tracemalloc's own overhead).
* ``BENCH_MALLOC_TRIM``: call ``malloc_trim(0)`` after each snapshot and record RSS again.

Comparing two snapshots::

    python benchmarks/_memsnap.py DIR/snapshot-2000.pickle DIR/snapshot-20000.pickle \\
        --by filename --top 25
    python benchmarks/_memsnap.py A B --by traceback --top 15
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import psutil
from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet.task import LoopingCall

_POLL_SECONDS = 1.0


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
            "fordblks", "keepcost",
        )
    ]  # fmt: skip


def _libc() -> Any:
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # pragma: no cover - not glibc
        return None


def glibc_heap() -> dict[str, int]:
    """glibc's malloc figures (all arenas): in use, free but kept, mmapped; {} elsewhere."""
    libc = _libc()
    if libc is None or not hasattr(libc, "mallinfo2"):
        return {}
    libc.mallinfo2.restype = _MallInfo2
    info = libc.mallinfo2()
    return {
        "heap_in_use": info.uordblks,
        "heap_free": info.fordblks,
        "heap_arena": info.arena,
        "mmapped": info.hblkhd,
    }


def sqlite_memory() -> dict[str, int]:
    """Bytes SQLite has allocated (all connections of the process: page caches, statements)."""
    try:
        import _sqlite3

        library = ctypes.CDLL(_sqlite3.__file__)
        used, highwater = library.sqlite3_memory_used, library.sqlite3_memory_highwater
    except (ImportError, OSError, AttributeError):  # pragma: no cover - static SQLite
        return {}
    used.restype = highwater.restype = ctypes.c_int64
    highwater.argtypes = [ctypes.c_int]
    return {"sqlite_memory": used(), "sqlite_highwater": highwater(0)}


def malloc_trim() -> None:
    """Give free glibc heap memory back to the system (all arenas)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def _deep_size_of_strings(values: Any) -> int:
    """Bytes of a set or dict of str/bytes: the container plus every element."""
    return sys.getsizeof(values) + sum(sys.getsizeof(v) for v in values)


class MemorySnapshots:
    """Snapshot the crawler process's memory at given numbers of stored articles."""

    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        directory = settings.get("BENCH_SNAPSHOT_DIR")
        if not directory:
            raise NotConfigured
        self.crawler = crawler
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.points = sorted(int(n) for n in settings.getlist("BENCH_SNAPSHOT_AT"))
        self.frames = settings.getint("BENCH_TRACEMALLOC_FRAMES", 10)
        self.trim = settings.getbool("BENCH_MALLOC_TRIM")
        self.process = psutil.Process()
        if self.frames and not tracemalloc.is_tracing():
            tracemalloc.start(self.frames)
        self._loop: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> MemorySnapshots:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        self._loop = LoopingCall(self._poll)
        self._loop.start(_POLL_SECONDS, now=False)

    def spider_closed(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self.take(f"end-{self._articles()}")

    def _articles(self) -> int:
        return int(self.crawler.stats.get_value("newscrawl/articles/new", 0) or 0)

    def _poll(self) -> None:
        articles = self._articles()
        while self.points and articles >= self.points[0]:
            self.points.pop(0)
            self.take(str(articles))

    def take(self, label: str) -> None:
        """Collect garbage, dump a snapshot and record this moment's figures."""
        started = time.perf_counter()
        gc.collect()
        point: dict[str, Any] = {"label": label, "articles": self._articles()}
        point["rss"] = self.process.memory_info().rss
        point.update(glibc_heap())
        point.update(sqlite_memory())
        point.update(self._structures())
        if tracemalloc.is_tracing():
            point["traced"], point["traced_peak"] = tracemalloc.get_traced_memory()
            point["tracemalloc_overhead"] = tracemalloc.get_tracemalloc_memory()
            tracemalloc.take_snapshot().dump(str(self.directory / f"snapshot-{label}.pickle"))
        if self.trim:
            malloc_trim()
            point["rss_after_trim"] = self.process.memory_info().rss
            point["heap_free_after_trim"] = glibc_heap().get("heap_free")
        point["seconds"] = round(time.perf_counter() - started, 2)
        with (self.directory / "points.jsonl").open("a") as points:
            points.write(json.dumps(point) + "\n")

    def _structures(self) -> dict[str, int]:
        """Sizes of structures known to grow with the crawl."""
        found: dict[str, int] = {}
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)
        scheduler = getattr(slot, "scheduler", None)
        dupefilter = getattr(scheduler, "df", None)
        compact = getattr(dupefilter, "seen", None)  # newscrawl.dupefilters.CompactDupeFilter
        # Scrapy's private set of digests (its public ``fingerprints`` is a deprecated copy).
        fingerprints = getattr(dupefilter, "_fingerprints", None)
        if compact is not None and hasattr(compact, "memory_bytes"):
            found["dupefilter_entries"] = len(compact)
            found["dupefilter_bytes"] = compact.memory_bytes()
        elif isinstance(fingerprints, set):
            found["dupefilter_entries"] = len(fingerprints)
            found["dupefilter_bytes"] = _deep_size_of_strings(fingerprints)
        found["stats_keys"] = len(self.crawler.stats.get_stats())
        found["gc_objects"] = len(gc.get_objects())
        return found


# --- comparing two snapshots ----------------------------------------------------------------


def compare(before: Path, after: Path, key: str, top: int, frames: int) -> None:
    """Print the allocations that grew most from ``before`` to ``after``."""
    old = tracemalloc.Snapshot.load(str(before))
    new = tracemalloc.Snapshot.load(str(after))
    ignored = [
        tracemalloc.Filter(False, tracemalloc.__file__),
        tracemalloc.Filter(False, "<frozen importlib._bootstrap>"),
        tracemalloc.Filter(False, "<frozen importlib._bootstrap_external>"),
    ]
    old, new = old.filter_traces(ignored), new.filter_traces(ignored)
    diffs = new.compare_to(old, key)
    total = sum(d.size_diff for d in diffs)
    print(f"traced growth {total / 2**20:+.1f} MiB, by {key}; top {top}:")
    for diff in diffs[:top]:
        print(
            f"{diff.size_diff / 2**20:+8.2f} MiB {diff.count_diff:+9d} blocks "
            f"(now {diff.size / 2**20:7.2f} MiB)"
        )
        lines = diff.traceback.format(limit=frames, most_recent_first=True)
        for line in lines:
            print(f"      {line.strip()}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Compare two tracemalloc snapshots.")
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--by", choices=["filename", "lineno", "traceback"], default="filename")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--frames", type=int, default=8, help="frames shown per traceback")
    args = parser.parse_args()
    compare(args.before, args.after, args.by, args.top, args.frames)


if __name__ == "__main__":
    main()
