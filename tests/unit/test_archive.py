import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, text, update
from sqlalchemy.exc import OperationalError

from newscrawl.items import ArticlePage
from newscrawl.storage import Archive
from newscrawl.storage.archive import decompress
from newscrawl.storage.engine import current_revision, head_revision
from newscrawl.storage.models import Article, Base


def article(url: str, content_hash: str = "h1", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "url": url,
        "canonical_url": url,
        "site": "example",
        "title": "A title",
        "authors": ["Jane Doe"],
        "published_at": "2020-06-14T08:35:00+03:00",
        "modified_at": None,
        "section": "World",
        "tags": ["a", "b"],
        "language": "en",
        "description": "d",
        "body": "Body text.",
        "image_url": None,
        "image_caption": None,
        "image_credit": None,
        "word_count": 2,
        "content_hash": content_hash,
        "crawled_at": "2026-11-28T00:00:00+00:00",
        "field_sources": {"title": "json-ld"},
    }
    data.update(fields)
    return data


def page(url: str, body: bytes = b"<html>page</html>") -> ArticlePage:
    return ArticlePage(
        url=url, body=body, site="example", content_type="text/html", encoding="utf-8"
    )


@pytest.fixture
def archive(database_url: str) -> Archive:
    opened = Archive(database_url)
    yield opened
    opened.close()


def statuses(results: list) -> list[str]:
    return [r.status for r in results]


def test_new_unchanged_changed_duplicate(archive: Archive) -> None:
    first = archive.store_articles(
        [article("https://example.com/a-1"), article("https://example.com/b-2", "h2")],
        [page("https://example.com/a-1"), page("https://example.com/b-2")],
    )
    assert statuses(first) == ["new", "new"]
    again = archive.store_articles(
        [
            article("http://www.example.com/a-1/?utm_source=x"),  # URL variant, same content
            article("https://example.com/a-1", "h3", title="Edited"),  # same URL, new content
            article("https://example.com/copy-of-b", "h2"),  # other URL, same content as b-2
        ],
        [None, page("https://example.com/a-1"), None],
    )
    assert statuses(again) == ["unchanged", "changed", "duplicate"]
    assert again[2].article_id == first[1].article_id
    assert archive.count_articles() == 2
    titles = {a["url"]: a["title"] for a in archive.iter_articles()}
    assert titles["https://example.com/a-1"] == "Edited"


def test_same_article_twice_in_one_batch(archive: Archive) -> None:
    results = archive.store_articles(
        [article("https://example.com/a-1"), article("https://example.com/a-1/")], [None, None]
    )
    assert statuses(results) == ["new", "unchanged"]
    assert archive.count_articles() == 1


def test_raw_page_is_kept_compressed(archive: Archive) -> None:
    body = ("<html><body>" + "<p>news paragraph</p>" * 500 + "</body></html>").encode()
    [result] = archive.store_articles(
        [article("https://example.com/a-1")], [page("https://example.com/a-1", body)]
    )
    raw = archive.raw_page(result.article_id)
    assert raw is not None and raw.size == len(body) and len(raw.body) < len(body) / 10
    assert decompress(raw.compression, raw.body) == body


def test_nul_characters_do_not_fail_the_write(archive: Archive) -> None:
    """PostgreSQL's text holds no NUL: the archive leaves them out, on both backends."""
    url = "https://example.com/a-1"
    odd = replace(page(url), etag='"a\x00b"', last_modified="Sun\x00", content_type="text/html\x00")
    stored = article(url, title="A\x00 title", body="Body\x00 text.", tags=["t\x00"])
    [result] = archive.store_articles([stored], [odd])
    assert result.status == "new"
    raw = archive.raw_page(result.article_id)
    assert raw is not None and (raw.etag, raw.last_modified) == ('"ab"', "Sun")
    assert raw.content_type == "text/html"
    [kept] = archive.iter_articles()
    assert (kept["title"], kept["body"]) == ("A title", "Body text.")
    assert kept["tags"] == ["t\x00"]  # JSON keeps it, escaped
    # A revision of it too.
    edited = article(url, "h2", title="A\x00 new title", body="Body\x00 text, edited.")
    [result] = archive.store_articles([edited], [None])
    assert result.status == "changed"
    assert [r["title"] for r in archive.revisions(url)] == ["A title", "A new title"]


def test_keep_raw_off(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite", keep_raw=False)
    [result] = archive.store_articles(
        [article("https://example.com/a-1")], [page("https://example.com/a-1")]
    )
    assert archive.raw_page(result.article_id) is None
    archive.close()


def test_contract_fields_and_extras_round_trip(archive: Archive) -> None:
    stored = article(
        "https://example.com/a-1", authors=["Seth J. Frantzman"], tags=["Libya", "Syria"]
    )
    archive.store_articles([dict(stored, archive_status="new")], [None])
    [exported] = archive.iter_articles()
    for name, value in stored.items():
        assert exported[name] == value, name
    assert "archive_status" not in exported


def test_export_filters(archive: Archive) -> None:
    archive.store_articles([article("https://example.com/a-1", site="one")], [None])
    archive.store_articles([article("https://example.com/b-2", "h2", site="two")], [None])
    assert [a["site"] for a in archive.iter_articles(site="two")] == ["two"]
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert list(archive.iter_articles(since=tomorrow)) == []
    assert len(list(archive.iter_articles(since=tomorrow - timedelta(days=2)))) == 2


def test_export_by_publication_date_compares_instants_across_offsets(archive: Archive) -> None:
    """Dates are kept in the page's offset; the range is of instants (UTC)."""
    published = {
        "a-1": "2026-11-01T01:30:00+02:00",  # 31 October, 23:30 UTC
        "b-2": "2026-10-31T22:00:00-05:00",  # 1 November, 03:00 UTC
        "c-3": "2026-11-30T23:59:00+00:00",
        "d-4": "2026-12-01T09:00:00+14:00",  # 30 November, 19:00 UTC
        "e-5": "2026-12-01T00:00:00+00:00",
        "f-6": None,
        "g-7": "2026-11-15",  # a day alone: its start, UTC
    }
    archive.store_articles(
        [
            article(f"https://example.com/{slug}", slug, published_at=when, language=slug[0])
            for slug, when in published.items()
        ],
        [None] * len(published),
    )

    def slugs(**filters: Any) -> list[str]:
        return [a["url"].rsplit("/", 1)[-1] for a in archive.iter_articles(**filters)]

    november = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
    assert slugs(published=november) == ["b-2", "c-3", "d-4", "g-7"]
    assert slugs(published=(november[0], None)) == ["b-2", "c-3", "d-4", "e-5", "g-7"]
    assert slugs(published=(None, november[0])) == ["a-1"]
    assert slugs(language="c") == ["c-3"]
    assert slugs(published=november, language="a") == []
    assert len(slugs()) == len(published)  # no filter: every article, undated too


def test_export_since_follows_first_seen_even_out_of_id_order(
    archive: Archive,
) -> None:
    urls = [f"https://example.com/a-{n}" for n in range(4)]
    archive.store_articles([article(u, f"h{n}") for n, u in enumerate(urls)], [None] * 4)
    # The oldest id was first seen last (a clock moved back, a reprocessed archive).
    seen = {urls[0]: 9, urls[1]: 1, urls[2]: 2, urls[3]: 5}
    with archive.engine.begin() as conn:
        for url, day in seen.items():
            # Through the column's type: Python 3.12 deprecates sqlite3's own datetime adapter.
            conn.execute(
                update(Article)
                .where(Article.canonical_url == url)
                .values(first_seen_at=datetime(2025, 1, day))
            )
    since = datetime(2025, 1, 4, tzinfo=UTC)
    assert [a["url"] for a in archive.iter_articles(since=since)] == [urls[3], urls[0]]
    assert list(archive.iter_articles(since=datetime(2025, 2, 1, tzinfo=UTC))) == []


def test_export_since_does_not_scan_the_archive(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite", keep_raw=False)
    archive.store_articles([article("https://example.com/a-1")], [None])
    plans: list[str] = []

    def explain(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "articles" in statement:
            rows = cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
            plans.append(" ".join(str(row[-1]) for row in rows))

    event.listen(archive.engine, "before_cursor_execute", explain)
    try:
        assert len(list(archive.iter_articles(since=datetime(2020, 1, 1, tzinfo=UTC)))) == 1
    finally:
        event.remove(archive.engine, "before_cursor_execute", explain)
        archive.close()
    assert plans
    assert not [plan for plan in plans if "SCAN articles" in plan], plans


def test_is_archived_sees_url_variants(archive: Archive) -> None:
    archive.store_articles([article("https://www.example.com/a-1")], [None])
    assert archive.is_archived("http://example.com/a-1/?fbclid=1")
    assert not archive.is_archived("https://example.com/a-2")


def test_sqlite_runs_in_wal_mode_with_busy_timeout(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path}/sub/dir/archive.sqlite")  # directories made
    try:
        with archive.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 10_000
    finally:
        archive.close()


def test_migrations_match_models(archive: Archive) -> None:
    assert current_revision(archive.engine) == head_revision()
    with archive.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_two_processes_racing_store_one_row(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/race.sqlite"
    archives = [Archive(url), Archive(url)]
    results: list = []
    barrier = threading.Barrier(2)

    def store(index: int) -> None:
        barrier.wait()
        batch = [article(f"https://example.com/story-{n}", f"h{n}") for n in range(50)]
        results.append(archives[index].store_articles(batch, [None] * 50))

    threads = [threading.Thread(target=store, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert archives[0].count_articles() == 50
    assert sorted(statuses(results[0]) + statuses(results[1])) == ["new"] * 50 + ["unchanged"] * 50
    for opened in archives:
        opened.close()


def test_insert_lost_race_becomes_existing_row(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer inserts the URL between our lookup and our insert."""
    from newscrawl.storage import lookups

    real_load = lookups._load_by

    def load_then_race(session, column, values, **options):  # type: ignore[no-untyped-def]
        rows = real_load(session, column, values, **options)
        if column.key == "content_hash" and not getattr(load_then_race, "done", False):
            load_then_race.done = True  # type: ignore[attr-defined]
            # Simulated concurrent writer: the archive's own connection holds the write
            # lock, so write through the same session's connection.
            session.execute(
                text(
                    "INSERT INTO articles (url_key, canonical_url, url, site, title, authors, tags,"
                    " body, word_count, content_hash, extra, crawled_at, first_seen_at, last_seen_at)"
                    " VALUES ('example.com/a-1', 'https://example.com/a-1', 'https://example.com/a-1',"
                    " 'example', 'Other', '[]', '[]', 'b', 1, 'zz', '{}', 'x', '2026-01-01', '2026-01-01')"
                )
            )
        return rows

    monkeypatch.setattr(lookups, "_load_by", load_then_race)
    [result] = archive.store_articles([article("https://example.com/a-1")], [None])
    assert result.status == "changed"
    assert archive.count_articles() == 1


def test_fetch_failures_are_remembered_until_cleared(archive: Archive) -> None:
    archive.record_failure("https://example.com/a-1", "example", "http-503", 3)
    archive.record_failure("https://example.com/b-2", "example", "timeout", 3)
    archive.record_failure("https://example.com/a-1", "example", "timeout", 2)  # again: updated
    archive.record_failure("https://other.com/c-3", "other", "dns", 1)
    assert archive.failed_urls("example") == ["https://example.com/b-2", "https://example.com/a-1"]
    archive.clear_failure("https://example.com/b-2")
    assert archive.failed_urls("example") == ["https://example.com/a-1"]


def test_an_article_gone_is_kept_and_marked_removed_until_seen_again(archive: Archive) -> None:
    """404 or 410: an archived article is marked removed (once); another URL is rejected."""
    url = "https://example.com/a-1"
    archive.store_articles([article(url, "h1")], [page(url)])
    gone = [(url, "example", "http-404"), ("https://example.com/b-2", "example", "http-410")]
    removed, unknown = archive.record_gone(gone)
    assert removed is not None and unknown is None
    assert removed["canonical_url"] == url and removed["removed_at"] is not None
    assert archive.record_gone(gone[:1]) == [None]  # already removed
    (exported,) = archive.iter_articles()
    assert exported["removed_at"] is not None
    assert datetime.fromisoformat(exported["removed_at"]).utcoffset() == timedelta(0)
    state = archive.fetch_state("https://example.com/b-2")
    assert state is not None and state.rejected == "http-410" and state.article_id is None
    [(down, back)] = archive.takedowns(url)
    assert back is None and down == datetime.fromisoformat(exported["removed_at"]).replace(
        tzinfo=None
    )
    assert exported["takedowns"] == [{"removed_at": exported["removed_at"], "restored_at": None}]
    # Online again: seen, the mark goes; the time it was down stays in the record.
    archive.store_articles([article(url, "h1")], [page(url)])
    assert [a["removed_at"] for a in archive.iter_articles()] == [None]
    [(same_down, back)] = archive.takedowns(url)
    assert same_down == down and back is not None and back >= down
    # Exports carry the period too, ended.
    (exported,) = archive.iter_articles()
    assert exported["takedowns"] == [
        {
            "removed_at": down.replace(tzinfo=UTC).isoformat(),
            "restored_at": back.replace(tzinfo=UTC).isoformat(),
        }
    ]
    # Another URL that led to the article (a print or AMP page) gone: not the article.
    printed = "https://example.com/print/c-3"
    copy = article(printed, "h3", canonical_url="https://example.com/c-3")
    archive.store_articles([copy], [page(printed)])
    assert archive.record_gone([(printed, "example", "http-404")]) == [None]
    assert [a["removed_at"] for a in archive.iter_articles()] == [None, None]
    # An article never taken down has no takedowns.
    assert ["takedowns" in a for a in archive.iter_articles()] == [True, False]
    # Nor a variant its key shares that a listing linked: the trailing-slash URL 404s.
    assert archive.record_gone([(url + "/", "example", "http-404")]) == [None]
    assert archive.record_gone([(url + "?utm_source=x", "example", "http-404")]) != [None]


class _Aborted(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("sqlstate", "retried"), [("40P01", True), ("40001", True), ("53100", False)]
)
def test_transactions_aborted_by_a_deadlock_are_run_again(
    archive: Archive, monkeypatch: pytest.MonkeyPatch, sqlstate: str, retried: bool
) -> None:
    real = archive._store_batch
    calls: list[int] = []

    def abort_once(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("COMMIT", {}, _Aborted(sqlstate))
        return real(*args)

    monkeypatch.setattr(archive, "_store_batch", abort_once)
    if not retried:
        with pytest.raises(OperationalError):
            archive.store_articles([article("https://example.com/a-1")], [None])
        assert archive.count_articles() == 0
        return
    [result] = archive.store_articles([article("https://example.com/a-1")], [None])
    assert result.status == "new" and len(calls) == 2
    assert archive.count_articles() == 1


def test_sqlite_keeps_a_connection_per_reading_thread(tmp_path: Path) -> None:
    from newscrawl.storage.engine import SQLITE_POOL_SIZE, create_archive_engine

    engine = create_archive_engine(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        assert engine.pool.size() == SQLITE_POOL_SIZE >= 10 + 1  # Twisted's pool + writer
    finally:
        engine.dispose()


def _sqlite_memory() -> int:
    """Bytes SQLite has allocated in this process (page caches, prepared statements...)."""
    import _sqlite3
    import ctypes

    try:
        used = ctypes.CDLL(_sqlite3.__file__).sqlite3_memory_used
    except (OSError, AttributeError):  # SQLite linked into the module: not reachable
        pytest.skip("sqlite3_memory_used is not reachable")
    used.restype = ctypes.c_int64
    return int(used())


def test_sqlite_memory_stays_flat_as_batch_sizes_vary(tmp_path: Path) -> None:
    # Each batch size makes statements of its own (IN lists, multi-row INSERTs): a connection
    # that kept every statement it ran (the sqlite3 module keeps 128) grew with each new size.
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite")
    # A page cache of 64 KB, so that what grows is only what the statements take.
    event.listen(
        archive.engine, "checkout", lambda dbapi, *_: dbapi.execute("PRAGMA cache_size=-64")
    )
    number = 0

    def store(size: int) -> None:
        nonlocal number
        articles, pages = [], []
        for _ in range(size):
            number += 1
            url = f"https://example.com/story-{number}"
            articles.append(article(url, f"hash-{number}"))
            pages.append(ArticlePage(url=url, body=b"<html>story</html>", site="example"))
        archive.store_articles(articles, pages)

    try:
        for size in range(1, 11):  # the page cache and the fixed statements settle
            store(size)
        settled = _sqlite_memory()
        for size in range(11, 51):
            store(size)
        # Measured: +4.1 MB with the sqlite3 module's cache of 128 statements, +0.2 MB with 8.
        assert _sqlite_memory() - settled < 1_000_000
    finally:
        archive.close()


def test_sqlite_hands_out_the_connection_returned_last(tmp_path: Path) -> None:
    from newscrawl.storage.engine import create_archive_engine

    engine = create_archive_engine(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        first, second = engine.connect(), engine.connect()
        used_last = second.connection.dbapi_connection
        assert first.connection.dbapi_connection is not used_last
        first.close()
        second.close()
        with engine.connect() as again:
            assert again.connection.dbapi_connection is used_last
    finally:
        engine.dispose()


def test_an_edit_that_says_no_publication_time_keeps_the_archived_one(archive: Archive) -> None:
    """A feed dated the page; a later revisit (asked for by the archive, no feed with it)
    finds the text edited: the revision keeps when the article was published."""
    url = "https://example.com/a-1"
    listed = "2026-11-20T08:15:00+01:00"
    sources = {"published_at": "listing", "authors": "json-ld"}
    first = article(url, "h1", published_at=listed, field_sources=sources)
    archive.store_articles([first], [page(url)])
    edited = article(
        url,
        "h2",
        body="Body text, edited.",
        published_at=None,
        field_sources={"authors": "json-ld"},
    )
    [result] = archive.store_articles([edited], [page(url)])
    assert result.status == "changed"
    (stored,) = archive.iter_articles()
    assert stored["published_at"] == listed and stored["revision"] == 2
    assert stored["field_sources"] == {"published_at": "listing", "authors": "json-ld"}
    assert edited["published_at"] == listed  # the run feed's item says so too
    assert [r["published_at"] for r in archive.revisions(url)] == [listed, listed]
    # A revision that gives a time of its own has it.
    corrected = article(url, "h3", body="Body text, edited again.", published_at="2026-11-21")
    archive.store_articles([corrected], [page(url)])
    (stored,) = archive.iter_articles()
    assert stored["published_at"] == "2026-11-21"


def test_an_edit_that_gives_only_the_urls_day_keeps_the_archived_time(archive: Archive) -> None:
    """The page lost its metadata's time in an edit; its URL still names the day: the
    archived time stays (midnight of the day is vaguer, not a correction)."""
    url = "https://example.com/2026/11/30/a-1"
    declared = "2026-11-30T07:00:00+00:00"
    first = article(url, "h1", published_at=declared, field_sources={"published_at": "json-ld"})
    archive.store_articles([first], [page(url)])
    edited = article(
        url,
        "h2",
        body="Body text, edited.",
        published_at="2026-11-30T00:00:00+00:00",
        field_sources={"published_at": "url"},
    )
    [result] = archive.store_articles([edited], [page(url)])
    assert result.status == "changed"
    (stored,) = archive.iter_articles()
    assert stored["published_at"] == declared
    assert stored["field_sources"]["published_at"] == "json-ld"
    # Where the archive had only the day too, the page's word is taken.
    other = "https://example.com/2026/11/30/b-2"
    day = {"published_at": "2026-11-30T00:00:00+00:00", "field_sources": {"published_at": "url"}}
    archive.store_articles([article(other, "h3", **day)], [page(other)])
    timed = article(other, "h4", body="Edited.", published_at=declared,
                    field_sources={"published_at": "json-ld"})  # fmt: skip
    archive.store_articles([timed], [page(other)])
    assert {a["url"]: a["published_at"] for a in archive.iter_articles()}[other] == declared


def test_an_edit_that_declares_only_the_day_keeps_the_archived_time(archive: Archive) -> None:
    """The metadata went from a time to a day ("2026-11-30"): the extractor says it is a
    day only, and the archived time stays, with what it was (a time, not a day)."""
    url = "https://example.com/a-1"
    declared = "2026-11-30T07:00:00+00:00"
    first = article(
        url, "h1", published_at=declared, published_day_only=False,
        field_sources={"published_at": "json-ld"},
    )  # fmt: skip
    archive.store_articles([first], [page(url)])
    edited = article(
        url, "h2", body="Body text, edited.", published_at="2026-11-30T00:00:00+00:00",
        published_day_only=True, field_sources={"published_at": "json-ld"},
    )  # fmt: skip
    [result] = archive.store_articles([edited], [page(url)])
    assert result.status == "changed"
    assert (edited["published_at"], edited["published_day_only"]) == (declared, False)
    (stored,) = archive.iter_articles()
    assert (stored["published_at"], stored["published_day_only"]) == (declared, False)


def test_a_revisit_keeps_the_authors_and_tags_the_feed_gave(archive: Archive) -> None:
    """The page names no one; the feed did, at the first crawl. A revisit the archive asks
    for (no feed's word with it) finds the page unchanged: no revision, the authors kept."""
    url = "https://example.com/a-1"
    sources = {"authors": "listing", "tags": "listing"}
    archive.store_articles([article(url, "h1", field_sources=sources)], [page(url)])
    again = article(url, "h1-again", authors=[], tags=[], field_sources={})
    [result] = archive.store_articles([again], [page(url)])
    assert result.status == "unchanged"
    assert again["authors"] == ["Jane Doe"] and again["field_sources"] == sources
    # Edited: a new revision, with the feed's authors and tags still.
    edited = article(url, "h2", body="Edited.", authors=[], tags=[], field_sources={})
    [result] = archive.store_articles([edited], [page(url)])
    assert result.status == "changed"
    (stored,) = archive.iter_articles()
    assert (stored["authors"], stored["tags"]) == (["Jane Doe"], ["a", "b"])
    # Authors the page itself gave, and no longer gives, are gone in the new revision.
    own = "https://example.com/b-2"
    archive.store_articles([article(own, "o1", body="Other text.")], [page(own)])
    [result] = archive.store_articles(
        [article(own, "o2", body="Other text.", authors=[])], [page(own)]
    )
    assert result.status == "changed"
    assert archive.revisions(own)[-1]["authors"] == []


def test_an_article_that_moved_stays_one_record(archive: Archive) -> None:
    """A new slug: the old URL redirects to the new one, then the page is edited there. It
    was a "copy" of itself (dropped as a duplicate), then a second record marked a copy of
    the first; it is the same record, a revision of it."""
    from dataclasses import replace

    old, new = "https://example.com/world/old-slug-1", "https://example.com/world/new-slug-1"
    story = {"title": "Ferry service resumes", "body": "The ferry runs again after repairs."}
    archive.store_articles([article(old, "h1", **story)], [page(old)])
    moved = article(new, "h1", **story)
    [result] = archive.store_articles([moved], [replace(page(new), redirect_urls=(old,))])
    assert (result.status, result.revision) == ("unchanged", 1)
    # Edited at the new URL, linked there (no redirect): a revision of the record.
    edited = article(
        new, "h2", title="Ferry service resumes on Monday",
        body="The ferry runs again after repairs, from Monday.",
    )  # fmt: skip
    [result] = archive.store_articles([edited], [page(new)])
    assert (result.status, result.revision) == ("changed", 2)
    [stored] = archive.iter_articles()
    assert stored["title"] == "Ferry service resumes on Monday"
    assert stored["duplicate_of"] is None
    # Each revision says where it was read: the first at the old URL, the edit at the new.
    history = archive.revisions(new)
    assert [(r["url"], r["page_url"]) for r in history] == [(new, old), (new, new)]
    exported = list(archive.iter_revisions())
    assert [(r["url"], r["page_url"]) for r in exported] == [(new, old), (new, new)]
    # A redirect to another story (an old live blog sent to a new one) is another record.
    other = "https://example.com/world/live-2"
    elsewhere = article(other, "h3", title="Election night, live", body="Polls have closed.")
    [result] = archive.store_articles([elsewhere], [replace(page(other), redirect_urls=(new,))])
    assert result.status == "new"


def test_an_article_taken_down_and_found_at_another_url_moved(archive: Archive) -> None:
    """No redirect: its old URL answers 404 (marked removed), the same text is at a new URL
    of the site. It was dropped as a duplicate at every run, the record "taken down"."""
    old, new = "https://example.com/world/old-slug-1", "https://example.com/world/new-slug-1"
    archive.store_articles([article(old, "h1")], [page(old)])
    archive.record_gone([(old, "example", "http-404")])
    [result] = archive.store_articles([article(new, "h1")], [page(new)])
    assert result.status == "restored"  # online again, where it is now
    [stored] = archive.iter_articles()
    assert stored["removed_at"] is None
    # Its new URL leads to it from now on (the next run does not fetch it as new).
    state = archive.fetch_state(new)
    assert state is not None and state.article_id == result.article_id
    # While it is online at its own URL, the same text elsewhere of the site is a copy.
    third = "https://example.com/print/new-slug-1"
    [result] = archive.store_articles([article(third, "h1")], [page(third)])
    assert result.status == "duplicate"


def test_an_article_back_online_edited_is_restored_with_its_revision(archive: Archive) -> None:
    """What a reader of the feed must learn first is that it is back; its revision says it
    changed (it was reported "changed", and never as back online)."""
    url = "https://example.com/world/story-1"
    archive.store_articles([article(url, "h1", body="The pier will close.")], [page(url)])
    archive.record_gone([(url, "example", "http-410")])
    edited = article(url, "h2", body="The pier will close. Correction: on Monday, not Sunday.")
    [result] = archive.store_articles([edited], [page(url)])
    assert (result.status, result.revision, result.revised) == ("restored", 2, True)
    [stored] = archive.iter_articles()
    assert stored["removed_at"] is None and stored["body"].endswith("not Sunday.")
    [again] = archive.store_articles([edited], [page(url)])
    assert (again.status, again.revised) == ("unchanged", False)


def test_a_moved_record_follows_its_page_and_a_same_topic_story_is_another(
    archive: Archive,
) -> None:
    """Moved without a redirect (the old URL 404): the record's URL becomes the new one, so
    that revisits go there (it was "taken down" and "restored" at every revisit). A
    redirect to a story of the same topic with other text is another record (a live blog
    sent on to the story that sums it up: headlines share their words)."""
    from dataclasses import replace

    old, new = "https://example.com/world/old-slug-1", "https://example.com/world/new-slug-1"
    archive.store_articles([article(old, "h1")], [page(old)])
    archive.record_gone([(old, "example", "http-404")])
    [moved] = archive.store_articles([article(new, "h1")], [page(new)])
    assert moved.status == "restored"
    [stored] = archive.iter_articles()
    assert stored["url"] == new
    [again] = archive.store_articles([article(new, "h1")], [page(new)])
    assert again.status == "unchanged"

    live = "https://example.com/live/council-budget-vote"
    blog = article(live, "h-live", title="Live updates: council budget vote",
                   body="Councillors are arriving at the chamber for the vote tonight.")  # fmt: skip
    archive.store_articles([blog], [page(live)])
    wrap = "https://example.com/news/council-budget-vote-result"
    story = article(wrap, "h-wrap", title="Council budget vote: what the result means",
                    body="The budget passed by two votes; schools get a larger share.")  # fmt: skip
    [result] = archive.store_articles([story], [replace(page(wrap), redirect_urls=(live,))])
    assert result.status == "new"


def test_a_site_named_by_its_host_in_an_import_is_the_same_site(archive: Archive) -> None:
    """A crawl names the site by its profile, an import without --site by its host: a page
    of that host naming the crawl's record as canonical is no other site's copy."""
    url = "https://example.com/world/story-1"
    archive.store_articles([article(url, "h1", site="probe")], [page(url)])
    amp = "https://example.com/amp/world/story-1"
    imported = article(amp, "h1", canonical_url=url, site="example.com")
    [result] = archive.store_articles([imported], [page(amp)], source="import")
    assert result.status == "unchanged"
    [stored] = archive.iter_articles()
    assert (stored["site"], stored["url"]) == ("probe", url)


def test_an_article_moved_and_edited_in_one_step_is_a_revision(archive: Archive) -> None:
    """A new headline, so a new slug; the old URL answers 404; no redirect. It was a new
    record marked a copy of the old one, which stayed taken down."""
    import random

    from benchmarks.near_duplicates import edit, story

    text = story(random.Random(7), "transport")
    old, new = "https://example.com/world/ferry-1003", "https://example.com/world/ferry-cut-1003"
    first = article(old, "h-old", title="Ferry returns", body=text)
    archive.store_articles([first], [page(old)])
    archive.record_gone([(old, "example", "http-404")])
    edited = article(new, "h-new", title="Ferry returns, with cuts",
                     body=edit(random.Random(8), text, "transport", "light"))  # fmt: skip
    [result] = archive.store_articles([edited], [page(new)])
    # Back online (where it is now), and revised.
    assert (result.status, result.revision, result.revised) == ("restored", 2, True)
    [stored] = archive.iter_articles()
    assert (stored["url"], stored["removed_at"], stored["duplicate_of"]) == (new, None, None)
    # Another story of the site, taken down too, is not taken for it.
    other = article("https://example.com/world/bridge-2", "h-b", title="Bridge shut",
                    body=story(random.Random(9), "election"))  # fmt: skip
    [result] = archive.store_articles([other], [page(other["url"])])
    assert result.status == "new"


def test_the_next_pages_of_an_article_are_kept_with_its_raw_page(archive: Archive) -> None:
    """New and changed alike (the batch insert and the revision's): read back in order, and
    counted by the size report."""
    url = "https://example.com/news/long-read"
    first = page(url, b"<html>page one</html>")
    first = first.with_page(page(f"{url}/2", b"<html>page two</html>"))
    first = first.with_page(page(f"{url}/3", b"<html>page three!</html>"))
    archive.store_articles([article(url, "h1")], [first])
    edited = page(url, b"<html>page one, edited</html>").with_page(page(f"{url}/2", b"<p>2</p>"))
    archive.store_articles([article(url, "h2", body="Another body.")], [edited])
    raws = list(archive.iter_raw_pages())
    assert [[(p.number, p.url) for p in raw.parts] for raw in raws] == [
        [(2, f"{url}/2"), (3, f"{url}/3")],
        [(2, f"{url}/2")],
    ]
    [size] = archive.size_report()
    assert size.raw_pages == 5
    assert size.raw_bytes == sum(
        len(body)
        for body in (
            b"<html>page one</html>", b"<html>page two</html>", b"<html>page three!</html>",
            b"<html>page one, edited</html>", b"<p>2</p>",
        )
    )  # fmt: skip
