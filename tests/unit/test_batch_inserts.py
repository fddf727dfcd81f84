"""A batch's new articles inserted together (newscrawl.storage.inserts), and the fallback.

The archive decides a whole batch, then writes its new articles with a few multi-row
statements; when that fails on a UNIQUE key (a concurrent writer), it stores the batch again
one article at a time. These tests hold both ways to the same archive contents, check that
the batch way really is a few statements, and make it lose races.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text

from benchmarks.near_duplicates import edit, story
from newscrawl.storage import Archive, StoreResult, batches, inserts
from tests.unit.test_archive import article, page
from tests.unit.test_postgres_archive import at_once

STORIES = [story(random.Random(200 + n), "storm") for n in range(6)]


@contextmanager
def another_database(database_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database on the same backend as ``database_url``."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path}/other.sqlite"
        return
    from tests.services import postgres_database

    with postgres_database() as url:
        yield url


def _article(path: str, content_hash: str, body: str, **fields: Any) -> dict[str, Any]:
    site = fields.pop("site", "example")
    url = f"https://{site}.example/{path}"
    return article(
        fields.pop("url", url), content_hash, canonical_url=url, site=site, body=body, **fields
    )


def _page(item: dict[str, Any], *redirects: str, etag: str | None = None) -> Any:
    return replace(
        page(item["url"], f"<html>{item['url']}</html>".encode()),
        redirect_urls=redirects,
        etag=etag,
    )


def scenario(archive: Archive) -> list[list[StoreResult]]:
    """Batches that exercise every decision, within a batch and against the archive."""
    rng = random.Random(5)
    s1, s2, s3, s4, s5, s6 = STORIES
    a = _article("a", "hA", s1)
    b = _article("b", "hB", s2)
    c = _article("c", "hC", s5, url="https://example.example/c-alias?utm_source=x")
    first = archive.store_articles([a, b, c], [_page(a, etag="e1"), _page(b), _page(c)])
    archive.record_rejected([("https://example.example/was-rejected", "example", "short-body")])
    n1 = _article("was-rejected", "hN1", s3, url="https://example.example/print/n1")
    n7 = _article("n7", "hN7", "Too short to compare.")
    batch = [
        (dict(a), _page(a, etag="e2")),  # archived, unchanged
        (_article("b", "hB2", edit(rng, s2, "storm", "light"), title="B edited"), None),  # changed
        (n1, _page(n1, "https://example.example/old-n1")),  # new, was rejected; two aliases
        # New: its key was c's alias, but it is another story (else c, moved).
        (_article("c-alias", "hN2", s4, title="Another story entirely"), None),
        (_article("n1-copy", "hN1", s3), None),  # same site, same content: n1's duplicate
        (_article("x1", "hN1", s3, site="other"), None),  # other site, n1's exact copy
        (_article("e1", "hE1", edit(rng, s3, "storm", "light"), site="other"), None),  # near n1
        (_article("e2", "hE2", edit(rng, s1, "storm", "light"), site="other"), None),  # near a
        (_article("n5", "hN5", s6, url="https://example.example/n6"), None),  # alias: n6's key
        (_article("n6", "hN6", edit(rng, s4, "storm", "heavy")), None),  # near c-alias
        (n7, _page(n7, "https://example.example/print/n1")),  # redirect: n1's alias too
        (
            _article("e3", "hE3", edit(rng, s3, "storm", "light"), site="third"),
            None,
        ),  # a copy's copy
    ]
    second = archive.store_articles([i for i, _ in batch], [p for _, p in batch])
    n1_again = _article("was-rejected", "hN1b", edit(rng, s3, "storm", "heavy"), title="N1 edited")
    third = archive.store_articles(
        [n1_again, _article("n8", "hN8", s2 + " More.", site="fourth"), dict(a)],
        [_page(n1_again), None, None],
    )
    return [first, second, third]


def dump(archive: Archive, results: list[list[StoreResult]]) -> dict[str, Any]:
    """The archive's contents and the results, with ids replaced by URL keys."""
    with archive.engine.connect() as conn:
        keys = dict(conn.execute(text("SELECT id, url_key FROM articles")).all())
        raw = {
            i: (keys[a], url, size)
            for i, a, url, size in conn.execute(
                text("SELECT id, article_id, url, size FROM raw_pages")
            )
        }

        def rows(sql: str) -> list[tuple[Any, ...]]:
            return sorted(
                tuple(
                    keys.get(v, v) if n in ("article_id", "duplicate_of") else v
                    for n, v in r._mapping.items()
                )
                for r in conn.execute(text(sql))
            )

        return {
            "articles": rows(
                "SELECT url_key, canonical_url, url, site, title, content_hash, revision,"
                " duplicate_of, etag, word_count, body FROM articles"
            ),
            "raw_pages": sorted(raw.values()),
            "revisions": sorted(
                (keys[a], rev, title, h, source, raw.get(r))
                for a, rev, title, h, source, r in conn.execute(
                    text(
                        "SELECT article_id, revision, title, content_hash, source, raw_page_id"
                        " FROM article_revisions"
                    )
                )
            ),
            "aliases": rows("SELECT url_key, article_id, url, reason FROM article_urls"),
            "rejected": rows("SELECT url_key FROM rejected_urls"),
            "signatures": rows("SELECT article_id, signature FROM minhash_signatures"),
            "bands": rows("SELECT article_id, band_key FROM minhash_bands"),
            "results": [
                [
                    (r.status, keys[r.article_id], r.url_key, r.revision, r.duplicate_of)
                    for r in batch
                ]
                for batch in results
            ],
        }


def test_batch_inserts_store_what_one_by_one_stores(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = inserts.insert_articles
    together: list[int] = []

    def spy(session: Any, new: Any, *args: Any) -> dict[int, int]:
        together.append(len(new))
        return real(session, new, *args)

    monkeypatch.setattr(inserts, "insert_articles", spy)
    archive = Archive(database_url)
    try:
        fast = dump(archive, scenario(archive))
    finally:
        archive.close()
    assert together == [3, 9, 1]  # every batch went the batch way
    with monkeypatch.context() as patched, another_database(database_url, tmp_path) as url:
        patched.setattr(inserts, "supported", lambda session: False)
        archive = Archive(url)
        try:
            slow = dump(archive, scenario(archive))
        finally:
            archive.close()
    assert together == [3, 9, 1]  # and none of these
    for table in fast:
        assert fast[table] == slow[table], table
    # The scenario does what it says (so that the comparison covers it).
    second = {key.rsplit("/", 1)[1]: (status, dup) for status, _, key, _, dup in fast["results"][1]}
    n1 = "https://example.example/was-rejected"
    assert second == {
        "a": ("unchanged", None),
        "b": ("changed", None),
        "was-rejected": ("new", None),
        "c-alias": ("new", None),
        "n1-copy": ("duplicate", None),
        "x1": ("new", n1),
        "e1": ("new", n1),
        "e2": ("new", "https://example.example/a"),
        "n5": ("new", None),
        "n6": ("new", "https://example.example/c-alias"),  # a heavy edit, still a copy
        "n7": ("new", None),
        "e3": ("new", n1),
    }
    aliases = {key: (target, reason) for key, target, _, reason in fast["aliases"]}
    assert aliases == {
        "example.example/print/n1": ("example.example/was-rejected", "fetched"),
        "example.example/old-n1": ("example.example/was-rejected", "redirect"),
        "example.example/n1-copy": ("example.example/was-rejected", "copy"),
    }
    assert fast["rejected"] == []
    assert [r[0] for r in fast["results"][2]] == ["changed", "new", "unchanged"]


def test_a_batch_of_new_articles_is_a_few_statements(database_url: str) -> None:
    archive = Archive(database_url)
    statements: list[str] = []
    event.listen(archive.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    try:
        for size in (20, 100):
            items = [
                _article(
                    f"{size}-{n}",
                    f"h{size}-{n}",
                    story(random.Random(f"{size}-{n}"), "storm"),
                    url=f"https://example.example/print/{size}-{n}",
                )
                for n in range(size)
            ]
            statements.clear()
            results = archive.store_articles(
                items, [_page(i, f"https://t.example/{i['url']}") for i in items]
            )
            assert [r.status for r in results] == ["new"] * size
            # Per batch: lookups, one SAVEPOINT, the inserts (a few rows' worth of
            # parameters per statement), deletes, aliases, near-duplicate index. One by one
            # took about ten per article.
            assert len(statements) <= 25, (size, statements)
            assert sum("SAVEPOINT" in s.upper() for s in statements) <= 2  # and its RELEASE
        with archive.engine.connect() as conn:
            counts = {
                table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                for table in (
                    "articles",
                    "raw_pages",
                    "article_revisions",
                    "article_urls",
                    "minhash_signatures",
                )
            }
        assert counts == {
            "articles": 120,
            "raw_pages": 120,
            "article_revisions": 120,
            "article_urls": 240,  # the fetched URL and the redirect of each
            "minhash_signatures": 120,
        }
        # Every id came back to the right article: its own raw page, revision and alias.
        with archive.engine.connect() as conn:
            mismatched = conn.execute(
                text(
                    "SELECT count(*) FROM articles a"
                    " JOIN raw_pages p ON p.article_id = a.id"
                    " JOIN article_revisions r ON r.article_id = a.id"
                    " JOIN article_urls u ON u.article_id = a.id AND u.reason = 'fetched'"
                    " WHERE p.url != a.url OR r.raw_page_id != p.id OR r.content_hash != a.content_hash"
                    " OR u.url != a.url"
                )
            ).scalar()
        assert mismatched == 0
    finally:
        archive.close()


def _insert_behind_the_archives_back(conn: Any, key: str) -> None:
    # The same story (its title): another writer's version of the article, not another one.
    conn.execute(
        text(
            "INSERT INTO articles (url_key, canonical_url, url, site, title, authors, tags, body,"
            " word_count, content_hash, extra, crawled_at, first_seen_at, last_seen_at, revision)"
            " VALUES (:key, :url, :url, 'example', 'A title', '[]', '[]', 'b', 1, 'theirs', '{}',"
            " 'x', '2026-01-01', '2026-01-01', 1)"
        ),
        {"key": key, "url": f"https://{key}"},
    )


def test_a_batch_that_loses_a_race_is_stored_one_by_one(
    database_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Another writer inserts one of the batch's URL keys between its lookup and its insert."""
    archive = Archive(database_url)
    old = _article("old", "h-old", STORIES[5])
    archive.store_articles([old], [_page(old)])
    real_look_up, real_insert = batches.look_up, inserts.insert_articles
    attempts: list[int] = []
    other = create_engine(database_url, isolation_level="AUTOCOMMIT")

    def look_up_then_race(session: Any, *args: Any) -> Any:
        batch = real_look_up(session, *args)
        if not attempts:
            if archive.engine.dialect.name == "sqlite":
                # SQLite writers take turns, so no other one can come in now: write through
                # the archive's own connection, before the batch's SAVEPOINT.
                _insert_behind_the_archives_back(session, "example.example/n-3")
            else:
                # A real concurrent writer: another connection, committed at once (it takes
                # no advisory lock, as newscrawl's writers do).
                with other.connect() as conn:
                    _insert_behind_the_archives_back(conn, "example.example/n-3")
        return batch

    def insert(session: Any, new: Any, *args: Any) -> dict[int, int]:
        attempts.append(len(new))
        return real_insert(session, new, *args)

    monkeypatch.setattr(batches, "look_up", look_up_then_race)
    monkeypatch.setattr(inserts, "insert_articles", insert)
    items = [
        _article(
            f"n-{n}", f"h{n}", STORIES[n] + " Ours.", url=f"https://example.example/print/n-{n}"
        )
        for n in range(5)
    ]
    # An archived article revised in the same batch: its changes made on the way to the
    # lost race are undone with it, not made twice.
    items.append(_article("old", "h-old-2", STORIES[5] + " Updated.", title="Revised"))
    try:
        with caplog.at_level("INFO", logger="newscrawl.storage.batches"):
            results = archive.store_articles(items, [_page(i) for i in items])
        assert attempts == [5]  # tried together once, then one by one
        assert "lost a race" in caplog.text
        statuses = [(r.status, r.revision) for r in results]
        assert statuses == [("new", 1)] * 3 + [("changed", 2), ("new", 1), ("changed", 2)]
        assert archive.count_articles() == 6
        assert [r["revision"] for r in archive.revisions(old["url"])] == [1, 2]
        with archive.engine.connect() as conn:
            theirs = conn.execute(
                text("SELECT id, title FROM articles WHERE url_key = 'example.example/n-3'")
            ).one()
            assert theirs == (results[3].article_id, "A title")  # our version, on their row
            for table, expected in [
                ("raw_pages", 7),  # old's two, four new, theirs revised
                ("article_revisions", 7),  # the same
                ("article_urls", 5),  # the /print/ URLs
                ("minhash_signatures", 6),
            ]:
                assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == expected, (
                    table
                )
    finally:
        other.dispose()
        archive.close()


def test_concurrent_writers_remember_the_same_other_urls(postgres_url: str) -> None:
    """Different articles reached through the same URLs, stored at once by four writers."""
    Archive(postgres_url).close()
    archives = [Archive(postgres_url) for _ in range(4)]
    results: list[StoreResult] = []

    def write(index: int) -> None:
        order = list(range(30))
        random.Random(index).shuffle(order)
        items = [
            _article(
                f"story-{n}",
                f"h{index}-{n}",
                f"Body {n}.",
                site=f"site{index}",
                url=f"https://hub.example/go/{n}",
            )
            for n in order
        ]
        pages = [_page(i, f"https://short.example/{n}") for i, n in zip(items, order, strict=True)]
        results.extend(archives[index].store_articles(items, pages))

    errors = at_once(4, write)
    try:
        assert errors == []
        assert sorted(r.status for r in results) == ["new"] * 120
        with archives[0].engine.connect() as conn:
            aliases = conn.execute(text("SELECT url_key, article_id FROM article_urls")).all()
        # Each shared URL remembered once, for one of the articles it led to.
        assert len(aliases) == 60 == len({key for key, _ in aliases})
        assert {a for _, a in aliases} <= {r.article_id for r in results}
    finally:
        for opened in archives:
            opened.close()
