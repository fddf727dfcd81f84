"""An archive made by the first migration is upgraded in place, without loss."""

import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import text

from newscrawl.commands.runs import render_runs
from newscrawl.storage import Archive
from newscrawl.storage.archive import compress, decompress
from newscrawl.storage.engine import (
    SCHEMA_REVISION,
    create_archive_engine,
    current_revision,
    head_revision,
    upgrade_schema,
)
from newscrawl.storage.runs import RunBook
from tests.unit.test_archive import article
from tests.utils import REPO_ROOT, run_python

RAW = b"<html><body><p>The original page.</p></body></html>"


def make_old_archive(url: str) -> None:
    """An archive as version 0001 of the schema wrote it, with two articles."""
    engine = create_archive_engine(url)
    upgrade_schema(engine, "0001")
    method, data = compress(RAW)
    with engine.begin() as conn:
        for n in (1, 2):
            conn.execute(
                text(
                    "INSERT INTO articles (id, url_key, canonical_url, url, site, title, authors,"
                    " tags, body, word_count, content_hash, extra, crawled_at, first_seen_at,"
                    " last_seen_at) VALUES (:id, :key, :url, :url, 'old', :title, '[\"A B\"]',"
                    " '[]', 'Old body.', 2, :hash, '{\"paywalled\": false}',"
                    " '2026-01-01T00:00:00+00:00', '2026-01-01 00:00:00', '2026-01-02 00:00:00')"
                ),
                {"id": n, "key": f"old.example/a-{n}", "url": f"https://old.example/a-{n}",
                 "title": f"Old title {n}", "hash": f"old-{n}"},
            )  # fmt: skip
        conn.execute(
            text(
                "INSERT INTO raw_pages (article_id, url, fetched_at, status, compression, size,"
                " body) VALUES (1, 'https://old.example/a-1', '2026-01-01 00:00:00', 200, :m,"
                " :size, :body)"
            ),
            {"m": method, "size": len(RAW), "body": data},
        )
    assert current_revision(engine) == "0001"
    engine.dispose()


def test_first_migration_archive_is_upgraded_without_loss(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/old.sqlite"
    make_old_archive(url)

    archive = Archive(url)  # opening upgrades
    try:
        assert current_revision(archive.engine) == head_revision()
        rows = {a["url"]: a for a in archive.iter_articles()}
        assert sorted(rows) == ["https://old.example/a-1", "https://old.example/a-2"]
        one = rows["https://old.example/a-1"]
        assert (one["title"], one["authors"], one["paywalled"]) == ("Old title 1", ["A B"], False)
        assert (one["revision"], one["duplicate_of"]) == (1, None)
        raw = archive.raw_page(1)
        assert raw is not None and decompress(raw.compression, raw.body) == RAW
        [first] = archive.revisions("https://old.example/a-1")
        assert (first["revision"], first["source"], first["title"]) == (
            1,
            "migration",
            "Old title 1",
        )
        assert first["raw_page_id"] == raw.id
        assert archive.revisions("https://old.example/a-2")[0]["raw_page_id"] is None
        # The upgraded archive works as a new one: a change makes revision 2.
        [changed] = archive.store_articles(
            [article("https://old.example/a-1", "new-hash", site="old", body="New body.")],
            [None],
        )
        assert (changed.status, changed.revision) == ("changed", 2)
        assert [r["title"] for r in archive.revisions("https://old.example/a-1")] == [
            "Old title 1",
            "A title",
        ]
    finally:
        archive.close()


def test_the_schema_revision_is_alembics_head() -> None:
    # A new migration must update SCHEMA_REVISION, or databases would not be upgraded.
    assert head_revision() == SCHEMA_REVISION


_OPEN_ARCHIVE = """
import json, sys
from newscrawl.storage import Archive
archive = Archive(sys.argv[1])
archive.close()
print(json.dumps("alembic" in sys.modules))
"""


def test_an_archive_at_the_head_opens_without_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/archive.sqlite"
    created = run_python("-c", _OPEN_ARCHIVE, url)
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout) is True  # a new database: Alembic creates the schema
    reopened = run_python("-c", _OPEN_ARCHIVE, url)
    assert reopened.returncode == 0, reopened.stderr
    assert json.loads(reopened.stdout) is False


def test_runs_recorded_before_0006_0007_and_0015_are_kept_and_listed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/runs.sqlite"
    engine = create_archive_engine(url)
    upgrade_schema(engine, "0005")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO crawl_runs (spider, run_key, started_at, finished_at, heartbeat_at,"
                " finish_reason, pid, host, requests, articles_new, articles_changed,"
                " articles_unchanged, skipped, dropped, errors) VALUES ('demo', 'demo',"
                " '2026-11-01 10:00:00', '2026-11-01 10:01:00', '2026-11-01 10:01:00',"
                " 'finished', 1, 'h', 49, 36, 0, 0, 0, '{}', 0)"
            )
        )
    engine.dispose()
    archive = Archive(url)  # opening upgrades
    try:
        (run,) = RunBook(archive).runs()
        assert (run["articles_new"], run["listing_problems"]) == (36, None)
        assert run["articles_not_fetched"] is None
        header, row = render_runs([run]).splitlines()
        assert row.split()[header.split().index("EMPTY")] == "-"
        assert row.split()[header.split().index("UNFETCHED")] == "-"
        assert row.split()[header.split().index("GONE")] == "-"
        assert row.split()[header.split().index("BACK")] == "-"
    finally:
        archive.close()


def test_an_article_down_before_0017_keeps_its_takedown_and_a_rejection_its_start(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path}/old.sqlite"
    make_old_archive(url)
    engine = create_archive_engine(url)
    upgrade_schema(engine, "0015")
    with engine.begin() as conn:
        conn.execute(text("UPDATE articles SET removed_at = '2026-01-03 00:00:00' WHERE id = 1"))
        conn.execute(
            text(
                "INSERT INTO rejected_urls (url_key, url, site, reason, rejected_at) VALUES"
                " ('old.example/pdf-3', 'https://old.example/pdf-3', 'old', 'not-html',"
                " '2026-01-04 00:00:00')"
            )
        )
    engine.dispose()
    archive = Archive(url)  # opening upgrades
    try:
        down = datetime(2026, 1, 3)
        assert archive.takedowns("https://old.example/a-1") == [(down, None)]
        assert archive.takedowns("https://old.example/a-2") == []
        rejected = archive.fetch_state("https://old.example/pdf-3")
        assert rejected is not None and rejected.first_seen_at == rejected.last_seen_at
        # Back online: the period ends.
        archive.store_articles([article("https://old.example/a-1", "old-1", site="old")], [None])
        [(_, back)] = archive.takedowns("https://old.example/a-1")
        assert back is not None and back > down
    finally:
        archive.close()


_OPEN_AT = """
import sys, time
from newscrawl.storage import Archive
start = float(sys.argv[2])
while time.time() < start:
    pass  # spin: the two processes must open the file within a millisecond of each other
Archive(sys.argv[1]).close()
"""


def test_two_processes_creating_one_archive_at_once_both_open_it(tmp_path: Path) -> None:
    """Two sites' cron jobs starting together on a new archive: both switch it to WAL at
    once, and SQLite refuses one of them without waiting ("database is locked")."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    for attempt in range(8):  # before the fix, about one start in two failed
        url = f"sqlite:///{tmp_path}/archive-{attempt}.sqlite"
        start = time.time() + 1.0  # both processes are up and importing done by then
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _OPEN_AT, url, str(start)],
                env=env,
                cwd=REPO_ROOT,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        errors = [proc.communicate(timeout=120)[1] for proc in procs]
        assert [proc.returncode for proc in procs] == [0, 0], errors
