"""``scrapy importwarc``, as a user runs it: a crawl's pages, exported and imported again."""

from __future__ import annotations

import gzip
import json
import signal
import sqlite3
import time
from contextlib import closing
from datetime import UTC, datetime
from io import BytesIO
from typing import TYPE_CHECKING

from warcio.warcwriter import WARCWriter

from newscrawl.demo import load_demo_articles
from newscrawl.demo.layouts import render_article
from newscrawl.storage.warc import write_response
from tests.integration.crawl import crawl, run_scrapy, start_scrapy

if TYPE_CHECKING:
    from pathlib import Path

    from tests.mockserver import MockServer

NOW = datetime(2026, 11, 30, tzinfo=UTC)
#: What extraction decides: the same in the archive that crawled and the one that imported.
FIELDS = ("url", "site", "title", "authors", "published_at", "section", "tags", "body")


def _articles(workdir: Path) -> list[dict[str, object]]:
    exported = run_scrapy(["export", "-o", "-"], workdir)
    assert exported.returncode == 0, exported.log
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    return sorted(({k: row[k] for k in FIELDS} for row in rows), key=lambda row: str(row["url"]))


def test_a_crawls_pages_imported_again_give_the_same_articles(
    mockserver: MockServer, tmp_path: Path
) -> None:
    crawled, imported = tmp_path / "crawled", tmp_path / "imported"
    crawled.mkdir(), imported.mkdir()
    crawl("news", crawled, f"start_urls={mockserver.url('/section/world')}", "max_pages=1")
    warc = tmp_path / "pages.warc.gz"
    assert run_scrapy(["export", "-o", str(warc)], crawled).returncode == 0

    result = run_scrapy(["importwarc", str(warc)], imported)
    assert result.returncode == 0, result.log
    articles = _articles(crawled)
    assert articles and _articles(imported) == articles
    assert f"Imported {len(articles)} records: {len(articles)} new\n" in result.stdout
    assert f"Reading {warc}\n" in result.log
    # The new articles also in the import's feed, as a crawl's run feed has them.
    [feed] = (imported / "feeds" / "importwarc").glob("*.jsonl")
    assert f"New and changed articles: {feed}\n" in result.stdout
    assert len(feed.read_text().splitlines()) == len(articles)

    # Again: every record is an article the archive has, unchanged.
    again = run_scrapy(["importwarc", str(warc)], imported)
    assert f"Imported {len(articles)} records: {len(articles)} unchanged\n" in again.stdout
    assert len(list((imported / "feeds" / "importwarc").glob("*.jsonl"))) == 1
    # Both imports are runs of the archive, with their counts.
    runs = run_scrapy(["runs"], imported).stdout.splitlines()
    names = runs[0].replace("STARTED (UTC)", "STARTED").split()
    rows = [dict(zip(names, line.split()[:2] + line.split()[3:], strict=True)) for line in runs[1:]]
    n = str(len(articles))
    assert [(r["SITE"], r["REQS"], r["NEW"], r["UNCHANGED"], r["RESULT"]) for r in rows] == [
        ("importwarc", n, "0", n, "finished"),
        ("importwarc", n, n, "0", "finished"),
    ]


def test_a_file_that_is_not_warc_is_said_in_one_line(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body>not an archive</body></html>")
    result = run_scrapy(["importwarc", str(page)], tmp_path)
    assert result.returncode == 1
    assert f"Cannot read {page} as WARC:" in result.log and "Traceback" not in result.log
    missing = run_scrapy(["importwarc", str(tmp_path / "none.warc.gz")], tmp_path)
    assert missing.returncode == 2 and "no such file:" in missing.log
    folder = run_scrapy(["importwarc", str(tmp_path)], tmp_path)
    assert folder.returncode == 2 and "a folder, not a WARC file:" in folder.log
    # A WARC file gzipped as a whole: warcio's dozen lines said in one, with the mend.
    records = BytesIO()
    writer = WARCWriter(records, gzip=False)
    for n in range(3):
        write_response(writer, f"https://x.example/a-{n}", 200, [], b"<html></html>", NOW)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(records.getvalue()))
    result = run_scrapy(["importwarc", str(whole)], tmp_path)
    assert result.returncode == 1
    [said] = [line for line in result.log.splitlines() if line.startswith("Cannot read")]
    assert said.endswith("(`warcio recompress` mends it)")


def test_a_site_name_is_checked_as_the_crawls(tmp_path: Path) -> None:
    """`--site 'bad site!'` stored articles under that name, and a longer name than the
    archive keeps was cut to 100 characters: the crawl's `-a site=` refuses both."""
    records = BytesIO()
    write_response(WARCWriter(records), "https://x.example/a-1", 200, [], b"<html></html>", NOW)
    warc = tmp_path / "pages.warc.gz"
    warc.write_bytes(records.getvalue())
    for name in ("bad site!", "s" * 300):
        result = run_scrapy(["importwarc", str(warc), "--site", name], tmp_path)
        assert result.returncode == 2, result.log
        said = f"--site {name!r}: use letters, digits, '.', '-' and '_' (at most 100)"
        assert said in result.log and "Traceback" not in result.log
    assert not (tmp_path / "archive.sqlite").exists()  # said before the archive is opened
    arguments = ["-a", "start_urls=http://x.example/", "-a", "site=bad site!"]
    crawled = run_scrapy(["crawl", "news", *arguments], tmp_path)
    assert crawled.returncode == 2
    assert "-a site='bad site!': use letters, digits, '.', '-' and '_' (at most 100)" in (
        crawled.log
    )


def test_a_corrupt_gzip_file_is_said_in_a_short_readable_line(tmp_path: Path) -> None:
    """It was warcio's "Unknown archive format, first line: ['\\x1f\\x8b..." and some 600
    bytes of binary, on the terminal and in `scrapy runs`."""
    records = BytesIO()
    writer = WARCWriter(records, gzip=True)
    starts = []
    for n in range(4):
        starts.append(records.tell())
        body = f"<html><body><p>{'many words ' * 300}{n}</p></body></html>".encode()
        write_response(writer, f"https://x.example/2026/11/a-story-{n}", 200, [], body, NOW)
    damaged = bytearray(records.getvalue())
    at = starts[2] + 200  # inside the third record's gzip data
    damaged[at : at + 10] = bytes(b ^ 0xFF for b in damaged[at : at + 10])
    corrupt = tmp_path / "corrupt.warc.gz"
    corrupt.write_bytes(bytes(damaged))
    result = run_scrapy(["importwarc", str(corrupt)], tmp_path)
    assert result.returncode == 1, result.log
    reason = f"gzip data corrupt at byte {starts[2]:,}, after 2 whole records"
    assert f"Cannot read {corrupt} as WARC: {reason}\n" in result.log
    assert result.log.isascii() and "Traceback" not in result.log, result.log
    runs = run_scrapy(["runs"], tmp_path).stdout
    assert f"Run 1 failed: Cannot read {corrupt} as WARC: {reason}" in runs and runs.isascii()


def test_ctrl_c_stops_an_import_in_one_line_and_records_its_run(tmp_path: Path) -> None:
    """It was a KeyboardInterrupt traceback, and the run "running" until the next import
    recorded it as died, with no counts. What was stored stays; the run ends as a crawl
    stopped by Ctrl-C does ("shutdown"), with its counts so far."""
    warc = tmp_path / "many.warc.gz"
    with warc.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for n in range(40):
            base = f"http://site{n}.example"
            for demo in load_demo_articles():
                html = render_article(demo, base, canonical=demo.url(base))
                headers = [("Content-Type", "text/html; charset=utf-8")]
                write_response(writer, demo.url(base), 200, headers, html, NOW)
    importing = start_scrapy(
        ["importwarc", str(warc)], tmp_path, "import", NEWSCRAWL_EXTRACT_WORKERS="0"
    )
    stored = "SELECT count(*) FROM articles"
    deadline = time.monotonic() + 120
    while not _query(tmp_path, stored)[0][0]:
        assert importing.proc.poll() is None and time.monotonic() < deadline, "no commit"
        time.sleep(0.05)
    importing.proc.send_signal(signal.SIGINT)
    result = importing.wait()
    assert result.returncode == 130, result.log[-3000:]
    assert "Traceback" not in result.log
    [said] = [line for line in result.log.splitlines() if line.startswith("Stopped")]
    assert said.startswith("Stopped after ") and said.endswith("stays in the archive"), said
    [(reason, read, new)] = _query(
        tmp_path, "SELECT finish_reason, requests, articles_new FROM crawl_runs"
    )
    assert reason == "shutdown" and read < 40 * 36, (reason, read)
    assert new == _query(tmp_path, stored)[0][0] > 0
    assert f" records read ({new} new" in said


def _query(workdir: Path, sql: str) -> list[tuple[int, ...]]:
    with closing(sqlite3.connect(workdir / "archive.sqlite", timeout=30)) as conn:
        try:
            return conn.execute(sql).fetchall()
        except sqlite3.OperationalError:  # no table yet
            return [(0,)]
