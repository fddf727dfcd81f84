"""What a crawl remembers of every URL: the compact set, the duplicate filter, the dedupe pipeline.

The memory tests measure with tracemalloc what stays allocated after N additions: a Python
``set`` (what Scrapy's duplicate filter and the dedupe pipeline used) keeps 80 to 160 bytes
per entry at these sizes, the compact set about 10. They add :data:`ENTRIES`: a multiple
of the compact set's ``MERGE_AT``, so that every entry has been merged into its array (until
the next merge, the latest entries take a Python set's room).
"""

from __future__ import annotations

import random
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.dupefilters import RFPDupeFilter
from scrapy.utils.test import get_crawler

from newscrawl.dupefilters import CompactDupeFilter
from newscrawl.fingerprints import MERGE_AT, FingerprintSet, fingerprint64
from newscrawl.pipelines.dedupe import DedupePipeline
from tests.unit.test_archive import article
from tests.utils import project_crawler

#: Entries added by the memory tests.
ENTRIES = 3 * MERGE_AT
#: Bytes per entry the compact structures may keep (a Python set keeps 80 to 160).
MAX_BYTES_PER_ENTRY = 24


def _bytes_kept(add: Callable[[int], Any], count: int) -> float:
    """Bytes per call of ``add`` still allocated after ``count`` calls."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(count):
            add(n)
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return (after - before) / count


def test_fingerprint_set_agrees_with_a_set_across_merges() -> None:
    rnd = random.Random(6)
    compact, reference = FingerprintSet(merge_at=64), set()
    values = [rnd.getrandbits(64) for _ in range(3000)]
    values += [*values[:500], 0, 2**64 - 1, 0]
    for value in values:
        assert compact.add(value) is (value not in reference)
        reference.add(value)
    assert len(compact) == len(reference)
    assert all(value in compact for value in reference)
    assert not any(rnd.getrandbits(64) in compact for _ in range(2000))
    assert -1 not in compact and 2**64 not in compact and "x" not in compact


def test_fingerprint_set_keeps_about_ten_bytes_per_entry() -> None:
    seen = FingerprintSet()
    assert _bytes_kept(lambda n: seen.add(fingerprint64(str(n))), ENTRIES) < MAX_BYTES_PER_ENTRY
    assert seen.memory_bytes() < MAX_BYTES_PER_ENTRY * ENTRIES


def test_dupefilter_filters_as_scrapys_does() -> None:
    crawler = project_crawler()
    ours = CompactDupeFilter.from_crawler(crawler)
    scrapys = RFPDupeFilter.from_crawler(crawler)
    requests = [
        Request("https://example.com/a?x=1&y=2"),
        Request("https://example.com/a?y=2&x=1"),  # the same, canonicalized
        Request("https://example.com/a?y=2&x=1#fragment"),
        Request("https://example.com/a", method="POST", body=b"q=1"),
        Request("https://example.com/a", method="POST", body=b"q=2"),
        Request("https://example.com/b"),
        Request("https://example.com/b"),
    ]
    assert [ours.request_seen(r) for r in requests] == [scrapys.request_seen(r) for r in requests]
    assert [ours.request_seen(r) for r in requests] == [True] * len(requests)


def test_dupefilter_job_directory_is_scrapys_format(tmp_path: Path) -> None:
    first, second = Request("https://example.com/1"), Request("https://example.com/2")
    ours = CompactDupeFilter(str(tmp_path))
    assert not ours.request_seen(first)
    ours.close("finished")
    scrapys = RFPDupeFilter(str(tmp_path))  # resumes from what ours wrote
    assert scrapys.request_seen(first)
    assert not scrapys.request_seen(second)
    scrapys.close("finished")
    resumed = CompactDupeFilter(str(tmp_path))  # and ours from what Scrapy's wrote
    assert resumed.request_seen(first) and resumed.request_seen(second)
    assert not resumed.request_seen(Request("https://example.com/3"))
    resumed.close("finished")


def test_dupefilter_keeps_about_ten_bytes_per_request() -> None:
    dupefilter = CompactDupeFilter()

    def schedule(n: int) -> None:
        assert not dupefilter.request_seen(Request(f"https://example.com/news/story-{n}"))

    assert _bytes_kept(schedule, ENTRIES) < MAX_BYTES_PER_ENTRY


def test_project_crawls_use_the_compact_dupefilter() -> None:
    crawler = project_crawler()
    assert crawler.settings.get("DUPEFILTER_CLASS") == "newscrawl.dupefilters.CompactDupeFilter"


def test_dedupe_pipeline_keeps_about_ten_bytes_per_article() -> None:
    # Without an archive it remembers two fingerprints per article: URL and content.
    pipeline = DedupePipeline.from_crawler(get_crawler(settings_dict={}))

    def pass_on(n: int) -> None:
        pipeline.process_item(article(f"https://example.com/story-{n}", f"hash-{n}"))

    assert _bytes_kept(pass_on, ENTRIES) < 2 * MAX_BYTES_PER_ENTRY
