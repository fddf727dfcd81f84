"""Bulk filling: the rows of insert_new_articles are those store_articles writes."""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy import select

from benchmarks.near_duplicates import story
from newscrawl.items import ArticlePage
from newscrawl.storage import Archive
from newscrawl.storage.bulk import insert_new_articles
from newscrawl.storage.engine import write_engine
from newscrawl.storage.models import Article, Base, RawPage
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


def articles_and_pages() -> tuple[list[dict[str, Any]], list[ArticlePage | None]]:
    """New originals covering what store_articles records for them."""
    rng = random.Random(6)
    canonical = "https://example.com/world/a-1"
    aliased = article(
        "https://example.com/print/a-1", "h1", canonical_url=canonical, body=story(rng, "storm")
    )
    redirected = page(aliased["url"], b"<html>storm</html>")
    redirected.redirect_urls = ("https://example.com/r/1", "https://example.com/r/2")
    redirected.etag, redirected.last_modified = '"e1"', "Sat, 28 Nov 2026 10:00:00 GMT"
    no_page = article("https://example.com/world/b-2", "h2", body=story(rng, "election"))
    brief = article("https://example.com/world/c-3", "h3", paywalled=True)  # no signature
    prepared_article = article(
        "https://example.com/business/d-4", "h4", body=story(rng, "earnings")
    )
    prepared_page = page(prepared_article["url"], b"<html>earnings</html>")
    prepared_page.prepared = prepare(prepared_article, prepared_page.body, PrepareOptions())
    return (
        [aliased, no_page, brief, prepared_article],
        [redirected, None, page(brief["url"]), prepared_page],
    )


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
        articles, pages = articles_and_pages()
        rejected = ("https://example.com/world/c-3", "example", "short-body")
        archive.record_rejected([rejected])
        results = archive.store_articles(articles, pages)
        assert [(r.status, r.duplicate_of) for r in results] == [("new", None)] * len(articles)
        stored = snapshot(archive)
        assert len(stored["minhash_signatures"]) == 3 and len(stored["article_urls"]) == 3
        assert stored["rejected_urls"] == []
        with archive.engine.connect() as conn:
            now = conn.scalar(select(Article.first_seen_at).limit(1))

        empty(archive)
        archive.record_rejected([rejected])
        with write_engine(archive.engine).begin() as conn:
            ids = insert_new_articles(conn, articles, pages, keep_raw=True, now=now)
        assert len(ids) == len(articles)
        assert snapshot(archive) == stored

        # What the benchmark measures on bulk-filled articles: known, and unchanged.
        assert all(archive.is_archived(a["url"]) for a in articles)
        assert archive.is_archived("https://example.com/r/2")
        again = archive.store_articles(articles, pages)
        assert [r.status for r in again] == ["unchanged"] * len(articles)
    finally:
        archive.close()


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
