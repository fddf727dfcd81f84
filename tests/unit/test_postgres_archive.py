"""The archive on a real PostgreSQL server: migrations, round trip, concurrent writers."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from benchmarks.near_duplicates import edit, story
from newscrawl.storage import Archive
from newscrawl.storage.coverage import recent_coverage
from newscrawl.storage.engine import current_revision, head_revision
from newscrawl.storage.models import Base
from tests.unit.test_archive import article, page

WRITERS = 4
ARTICLES = 60
STORIES = 30


def test_migrations_build_the_models_schema(postgres_url: str) -> None:
    archive = Archive(postgres_url)
    try:
        assert archive.engine.dialect.name == "postgresql"
        assert current_revision(archive.engine) == head_revision()
        with archive.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        archive.close()


def test_store_and_read_back(postgres_url: str) -> None:
    archive = Archive(postgres_url)
    try:
        first = article("https://example.com/a-1", "h1", extra_field="kept")
        results = archive.store_articles([first], [page(first["url"], b"<html>raw</html>")])
        assert [r.status for r in results] == ["new"]
        changed = article(
            "https://example.com/a-1/?utm_source=x", "h2", body="A corrected body text."
        )
        [result] = archive.store_articles([changed], [None])
        assert result.status == "changed"
        copy = article("https://example.com/copy", "h2", body="A corrected body text.")
        [result] = archive.store_articles([copy], [None])
        assert result.status == "duplicate"
        assert archive.is_archived("http://example.com/a-1")
        [stored] = list(archive.iter_articles())
        assert stored["content_hash"] == "h2" and stored["authors"] == ["Jane Doe"]
        raw = archive.raw_page(results[0].article_id)
        assert raw is not None and raw.size == len(b"<html>raw</html>")
    finally:
        archive.close()


def at_once(count: int, write: Callable[[int], None]) -> list[BaseException]:
    """Run ``write(0)`` ... ``write(count - 1)`` in threads released together; their errors."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        barrier.wait()
        try:
            write(index)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_concurrent_writers_store_each_article_once(postgres_url: str) -> None:
    """Writers with overlapping batches in different orders: one row per article, no error."""
    Archive(postgres_url).close()  # migrate once, as the first crawler process would
    archives = [Archive(postgres_url) for _ in range(WRITERS)]
    results: dict[int, list[Any]] = {}

    def write(index: int) -> None:
        order = list(range(ARTICLES))
        random.Random(index).shuffle(order)
        for batch in [order[i : i + 15] for i in range(0, ARTICLES, 15)]:
            items = [article(f"https://example.com/story-{n}", f"h{n}") for n in batch]
            pages = [page(item["url"]) for item in items]
            results.setdefault(index, []).extend(archives[index].store_articles(items, pages))

    errors = at_once(WRITERS, write)
    try:
        assert errors == []
        outcomes = [r for index in range(WRITERS) for r in results[index]]
        new = sorted(r.url_key for r in outcomes if r.status == "new")
        assert len(new) == ARTICLES == len(set(new))
        assert {r.status for r in outcomes} <= {"new", "unchanged"}
        with archives[0].engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM articles")).scalar() == ARTICLES
            # A raw page only for the version a writer actually stored.
            assert conn.execute(text("SELECT count(*) FROM raw_pages")).scalar() == ARTICLES
    finally:
        for opened in archives:
            opened.close()


def test_concurrent_copies_under_different_urls_store_one(postgres_url: str) -> None:
    """The same content under two URLs, stored by two writers at once: one row."""
    Archive(postgres_url).close()
    archives = [Archive(postgres_url) for _ in range(2)]
    results: list[Any] = []

    def write(index: int) -> None:
        items = [article(f"https://site{index}.example/copy-{n}", f"same{n}") for n in range(20)]
        results.extend(archives[index].store_articles(items, [None] * len(items)))

    errors = at_once(2, write)
    try:
        assert errors == []
        assert sorted(r.status for r in results) == ["duplicate"] * 20 + ["new"] * 20
        assert archives[0].count_articles() == 20
    finally:
        for opened in archives:
            opened.close()


def test_concurrent_near_duplicates_mark_one_original(postgres_url: str) -> None:
    """Two writers store edited copies of the same stories at once: one original per story."""
    stories = [story(random.Random(100 + n), "storm") for n in range(STORIES)]
    Archive(postgres_url, keep_raw=False).close()
    archives = [Archive(postgres_url, keep_raw=False) for _ in range(2)]
    results: dict[int, list[Any]] = {}

    def write(index: int) -> None:
        rng = random.Random(index)
        for n, text_ in enumerate(stories):  # one story per transaction, in lockstep
            body = edit(rng, text_, "storm", "light")
            copy = article(f"https://site{index}.example/story-{n}", f"h{index}-{n}", body=body)
            results.setdefault(index, []).extend(archives[index].store_articles([copy], [None]))

    errors = at_once(2, write)
    try:
        assert errors == []
        for n in range(STORIES):
            pair = [results[0][n], results[1][n]]
            assert sorted(r.status for r in pair) == ["new", "new"]
            marked = [r.duplicate_of is not None for r in pair]
            assert sorted(marked) == [False, True], f"story {n}: {pair}"
    finally:
        for opened in archives:
            opened.close()


def test_values_longer_than_their_columns_cost_nothing_else(postgres_url: str) -> None:
    """PostgreSQL refuses an over-long VARCHAR with an error that aborts the transaction:
    one article's long section or one server's long ETag would lose the whole batch."""
    archive = Archive(postgres_url)
    try:
        ordinary = article("https://example.com/a-1", "h1")
        long_fields = article(
            "https://example.com/b-2",
            "h2",
            section="S" * 300,
            image_credit="C" * 800,
            site="s" * 150,
            language="x" * 40,
        )
        served = replace(
            page("https://example.com/b-2"), etag='"' + "e" * 900 + '"', content_type="t" * 400
        )
        results = archive.store_articles(
            [ordinary, long_fields], [page("https://example.com/a-1"), served]
        )
        assert [r.status for r in results] == ["new", "new"]
        stored = {a["url"]: a for a in archive.iter_articles()}
        assert stored["https://example.com/b-2"]["section"] == "S" * 200
        assert stored["https://example.com/b-2"]["image_credit"] == "C" * 500
        assert stored["https://example.com/a-1"]["section"] == "World"
    finally:
        archive.close()


def test_field_coverage_reads_json_lists_as_sqlite_does(postgres_url: str) -> None:
    """What the field watch and ``scrapy fields`` count: an empty list is no authors."""
    archive = Archive(postgres_url)
    try:
        articles = [
            article(f"https://example.com/b-{n}", f"c{n}", authors=["A B"] if n % 2 else [])
            for n in range(4)
        ]
        archive.store_articles(articles, [None] * 4)
        found = recent_coverage(archive.engine, "example", datetime.now(UTC), limit=10)
        assert (found.articles, found.present["authors"], found.present["tags"]) == (4, 2, 4)
        assert found.present["image_url"] == 0
    finally:
        archive.close()
