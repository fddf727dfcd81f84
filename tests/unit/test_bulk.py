"""Bulk filling: the rows of insert_new_articles are those store_articles writes."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from benchmarks.near_duplicates import edit, story
from newscrawl.items import ArticlePage
from newscrawl.storage import Archive, neardup
from newscrawl.storage.bulk import insert_new_articles
from newscrawl.storage.engine import write_engine
from newscrawl.storage.models import Article, Base, MinhashBand, RawPage
from newscrawl.storage.prepared import PrepareOptions, prepare
from tests.unit.test_archive import article, page

# Every table store_articles writes to (or deletes from) when it stores new articles.
TABLES = (
    "articles",
    "raw_pages",
    "article_revisions",
    "article_urls",
    "rejected_urls",
    "minhash_signatures",
    "minhash_bands",
)


def batches() -> list[tuple[list[dict[str, Any]], list[ArticlePage | None]]]:
    """Two batches of new articles covering what store_articles records for them.

    Aliases (fetched URL, redirects), raw pages (compressed here or by a worker), no page,
    a body too short to sign, and near-duplicates: of an article earlier in the batch, of
    an archived one, and of a copy (which makes them copies of its original).
    """
    rng = random.Random(6)
    storm, election = story(rng, "storm"), story(rng, "election")
    aliased = article(
        "https://example.com/print/a-1",
        "h1",
        canonical_url="https://example.com/world/a-1",
        body=storm,
    )
    redirected = page(aliased["url"], b"<html>storm</html>")
    redirected.redirect_urls = ("https://example.com/r/1", "https://example.com/r/2")
    redirected.etag, redirected.last_modified = '"e1"', "Sat, 28 Nov 2026 10:00:00 GMT"
    no_page = article("https://example.com/world/b-2", "h2", body=election)
    brief = article("https://example.com/world/c-3", "h3", paywalled=True)  # no signature
    prepared_article = article(
        "https://example.com/business/d-4", "h4", body=story(rng, "earnings")
    )
    prepared_page = page(prepared_article["url"], b"<html>earnings</html>")
    prepared_page.prepared = prepare(prepared_article, prepared_page.body, PrepareOptions())
    copy = article("https://example.com/world/e-5", "h5", body=edit(rng, storm, "storm", "light"))
    # Closer to the copy than to its original.
    copy_of_copy = article(
        "https://example.com/world/e-6", "h6", body=edit(rng, copy["body"], "storm", "light")
    )
    first = (
        [aliased, no_page, brief, prepared_article, copy, copy_of_copy],
        [redirected, None, page(brief["url"]), prepared_page, None, None],
    )
    later = [
        article(
            "https://example.com/world/f-6", "h8", body=edit(rng, copy["body"], "storm", "light")
        ),
        article(
            "https://example.com/world/g-7", "h7", body=edit(rng, election, "election", "light")
        ),
    ]
    return [first, (later, [None, None])]


def snapshot(archive: Archive) -> dict[str, list[str]]:
    """Every row of TABLES, with ids replaced by what they stand for (sorted, as text)."""
    tables = Base.metadata.tables
    with archive.engine.connect() as conn:
        keys = dict(conn.execute(select(Article.id, Article.url_key)).all())
        raw = {
            i: (keys[a], url)
            for i, a, url in conn.execute(select(RawPage.id, RawPage.article_id, RawPage.url))
        }
        found = {}
        for name in TABLES:
            rows = []
            for row in conn.execute(select(tables[name])).mappings():
                values = {k: v for k, v in row.items() if k != "id"}
                for column, ids in (
                    ("article_id", keys),
                    ("duplicate_of", keys),
                    ("raw_page_id", raw),
                ):
                    if values.get(column) is not None:
                        values[column] = ids[values[column]]
                rows.append(repr(sorted(values.items())))
            found[name] = sorted(rows)
    return found


def empty(archive: Archive) -> None:
    with write_engine(archive.engine).begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name in TABLES:
                conn.execute(table.delete())


def test_bulk_rows_equal_those_of_store_articles(database_url: str) -> None:
    archive = Archive(database_url)
    try:
        rejected = ("https://example.com/world/c-3", "example", "short-body")
        archive.record_rejected([rejected])
        stored_at = []
        copies = []
        crawled = batches()
        for articles, pages in crawled:
            results = archive.store_articles(articles, pages)
            assert {r.status for r in results} == {"new"}
            copies.append([r.duplicate_of for r in results])
            stored_at.append(archive_time(archive, results[0].article_id))
        storm, election = "https://example.com/world/a-1", "https://example.com/world/b-2"
        assert copies == [[None, None, None, None, storm, storm], [storm, election]]
        stored = snapshot(archive)
        assert len(stored["minhash_signatures"]) == 7 and len(stored["article_urls"]) == 3
        assert stored["rejected_urls"] == []

        empty(archive)
        archive.record_rejected([rejected])
        for (articles, pages), now in zip(crawled, stored_at, strict=True):
            with write_engine(archive.engine).begin() as conn:
                ids = insert_new_articles(conn, articles, pages, keep_raw=True, now=now)
            assert len(ids) == len(articles)
        assert snapshot(archive) == stored

        # What the benchmark measures on bulk-filled articles: known, and unchanged.
        for articles, pages in crawled:
            assert all(archive.is_archived(a["url"]) for a in articles)
            again = archive.store_articles(articles, pages)
            assert [r.status for r in again] == ["unchanged"] * len(articles)
        assert archive.is_archived("https://example.com/r/2")
    finally:
        archive.close()


def archive_time(archive: Archive, article_id: int) -> Any:
    with archive.engine.connect() as conn:
        return conn.scalar(select(Article.first_seen_at).where(Article.id == article_id))


def test_bulk_refuses_articles_that_are_not_new(tmp_path: Any) -> None:
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite", keep_raw=False)
    try:
        archive.store_articles([article("https://example.com/a-1", "h1")], [None])
        engine = write_engine(archive.engine)
        for batch in (
            [article("https://example.com/other", "h1")],  # archived content hash
            [article("https://example.com/a-1/", "h2")],  # archived URL key
            [article("https://example.com/b", "h3"), article("https://example.com/c", "h3")],
        ):
            with pytest.raises(ValueError), engine.begin() as conn:
                insert_new_articles(conn, batch, keep_raw=False)
        assert archive.count_articles() == 1
    finally:
        archive.close()


def test_bulk_without_near_duplicate_lookup_stores_originals(tmp_path: Any) -> None:
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite", keep_raw=False)
    try:
        for articles, pages in batches():
            with write_engine(archive.engine).begin() as conn:
                insert_new_articles(conn, articles, pages, keep_raw=False, near_duplicates=False)
        exported = list(archive.iter_articles())
        assert len(exported) == 8 and {a["duplicate_of"] for a in exported} == {None}
        with archive.engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(MinhashBand)) == 7 * 28
    finally:
        archive.close()


def test_bulk_writes_in_the_callers_transaction_with_its_signatures(tmp_path: Any) -> None:
    """Batches share the caller's transaction (the benchmark's), and signatures it gives."""
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite", keep_raw=False)
    engine = write_engine(archive.engine)
    crawled = batches()
    try:
        with engine.connect() as conn:
            transaction = conn.begin()
            for articles, pages in crawled:
                insert_new_articles(conn, articles, pages, keep_raw=False)
            transaction.rollback()
        assert archive.count_articles() == 0
        with engine.begin() as conn:
            for articles, pages in crawled:
                # None: too short to compare, so neither indexed nor marked as a copy.
                unsigned = [None] * len(articles)
                insert_new_articles(conn, articles, pages, keep_raw=False, signatures=unsigned)
        exported = list(archive.iter_articles())
        assert len(exported) == 8 and {a["duplicate_of"] for a in exported} == {None}
        with archive.engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(MinhashBand)) == 0
    finally:
        archive.close()


def test_the_scale_benchmark_s_articles_share_shingles_as_real_stories_do(tmp_path: Path) -> None:
    """archive_scale.py's bodies: its near-copies are found, its other bodies are no one's
    candidates (as real stories are not: 4 pairs of 660,000 bodies of the evaluation corpus
    share an LSH band, each a real copy), so its insert figures are not inflated by them."""
    from benchmarks.archive_scale import COPIED, COPY_EVERY, Generator

    generator = Generator(raw=False)
    numbers = [*range(150), *range(COPIED, COPIED + 3 * COPY_EVERY, COPY_EVERY)]
    articles = [generator.article(n) for n in numbers]
    sigs = [neardup.signature(a["body"]) for a in articles]
    sharing = [
        (numbers[i], numbers[j])
        for i in range(len(sigs))
        for j in range(i + 1, len(sigs))
        if set(sigs[i].band_keys()) & set(sigs[j].band_keys())
    ]
    sources = [n // COPY_EVERY % COPIED for n in numbers[150:]]
    assert sorted(sharing) == sorted(zip(sources, numbers[150:], strict=True))
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        results = archive.store_articles(articles, [None] * len(articles))
        assert {r.status for r in results} == {"new"}
        copies = [r for r in results if r.duplicate_of]
        assert [r.article_id for r in copies] == [r.article_id for r in results[150:]]
    finally:
        archive.close()
