"""``scrapy copyarchive``: a crawled SQLite archive moved to PostgreSQL (the server on
127.0.0.1: fails, never skips, if it is unreachable), whole, and crawled on from there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newscrawl.storage import Archive
from newscrawl.storage.runs import RunBook
from tests.integration.crawl import crawl, database_url, run_scrapy
from tests.integration.test_incremental import ALWAYS, world_articles
from tests.mockserver import MockServer
from tests.unit.test_archive import article


def contents(url: str) -> dict[str, Any]:
    """What an archive holds, as its readers see it."""
    archive = Archive(url)
    try:
        return {
            "articles": list(archive.iter_articles()),
            "revisions": list(archive.iter_revisions()),
            "pages": [(p.url, p.body, p.fetched_at) for p in archive.iter_raw_pages()],
            "runs": [
                {k: v for k, v in run.items() if k != "id"} for run in RunBook(archive).runs()
            ],
        }
    finally:
        archive.close()


def test_an_archive_moves_to_postgresql_whole_and_crawls_on(
    tmp_path: Path, postgres_url: str, mockserver: MockServer
) -> None:
    world = mockserver.url("/section/world")
    crawl("news", tmp_path, f"start_urls={world}", "max_pages=1", **ALWAYS)
    mockserver.edit(world_articles()[1], "edit", n=1)  # a second revision
    try:
        crawl("news", tmp_path, f"start_urls={world}", "max_pages=1", **ALWAYS)
    finally:
        mockserver.clear_edits()
    source = contents(database_url(tmp_path))
    assert len(source["articles"]) == 5 and len(source["revisions"]) == 2

    copied = run_scrapy(["copyarchive", postgres_url], tmp_path)
    assert copied.returncode == 0, copied.log
    assert "Copied the archive into postgresql+psycopg://" in copied.stdout
    assert "articles 5, " in copied.stdout and "crawl_runs 2" in copied.stdout
    # Its progress in a log: a line a table, not one line rewritten with carriage returns.
    assert "\r" not in copied.log and "articles: 5 rows" in copied.log.splitlines()
    assert contents(postgres_url) == source

    # Crawled on from there: it knows every article (the incremental check), and stores new
    # ones under new ids (the copy's ids taken).
    third = crawl(
        "news", tmp_path, f"start_urls={world}", "max_pages=1", NEWSCRAWL_DATABASE_URL=postgres_url
    )
    assert "0 new" in third.summary and "5 archived not fetched" in third.summary
    archive = Archive(postgres_url)
    try:
        [result] = archive.store_articles([article("https://new.example/story-1", "n1")], [None])
        assert result.status == "new"
        assert archive.count_articles() == 6
    finally:
        archive.close()

    # Into a database that holds an archive already: refused, nothing merged.
    again = run_scrapy(["copyarchive", postgres_url], tmp_path)
    assert again.returncode == 2, again.log
    assert "not copying into postgresql+psycopg://" in again.log
    assert "it holds rows already (tables: articles, " in again.log
    # Into itself: refused.
    itself = run_scrapy(["copyarchive", database_url(tmp_path)], tmp_path)
    assert itself.returncode == 2 and "is the archive itself" in itself.log


def test_a_copy_into_sqlite_is_a_consistent_backup(tmp_path: Path) -> None:
    source_url = database_url(tmp_path)
    archive = Archive(source_url)
    archive.store_articles(
        [article(f"https://one.example/a-{n}", f"h{n}", site="one") for n in range(3)],
        [None] * 3,
    )
    archive.close()
    backup = f"sqlite:///{tmp_path / 'backup' / 'copy.sqlite'}"
    result = run_scrapy(["copyarchive", backup], tmp_path)
    assert result.returncode == 0, result.log
    assert contents(backup) == contents(source_url)


def test_a_target_that_is_no_database_url_is_said_as_typed(tmp_path: Path) -> None:
    """The line named NEWSCRAWL_DATABASE_URL, which the user had not typed, for the target."""
    Archive(database_url(tmp_path)).close()
    for target, said in [
        ("backup.sqlite", "the target 'backup.sqlite' is not a database URL (e.g. sqlite:///"),
        ("mysql://u@db/news", "the target 'mysql://u@db/news' names the driver 'mysqldb', "),
    ]:
        result = run_scrapy(["copyarchive", target], tmp_path)
        assert result.returncode == 2, result.log
        [line] = [line for line in result.log.splitlines() if line.startswith("scrapy: error: ")]
        assert line.startswith(f"scrapy: error: {said}"), line
        assert "NEWSCRAWL_DATABASE_URL" not in line
