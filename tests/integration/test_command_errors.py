"""Commands run as a user runs them, on what is wrong around them: one line, not a traceback.

Broken site profiles, archives that are not newscrawl's or are newer than this code,
settings that cannot be read.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from newscrawl.items import ArticlePage
from newscrawl.storage import Archive
from newscrawl.storage.engine import SCHEMA_REVISION
from tests.integration.crawl import CrawlResult, database_url, run_scrapy
from tests.unit.test_archive import article

#: A profile of site "e" with one bad value.
BROKEN_E = 'name = "e"\ndomains = ["e.com"]\nsections = ["https://e.com/news"]\nmax_pages = "x"\n'


def _archive_of_e(workdir: Path) -> None:
    """An archive with one article of site "e", its raw page kept."""
    url = "https://e.com/news/story"
    words = " ".join(f"word{n}" for n in range(120))
    html = f"<html><body><h1>Story</h1><p>{words}</p></body></html>"
    archive = Archive(database_url(workdir))
    try:
        stored = article(url, "story", title="Story", body=words, site="e")
        page = ArticlePage(url=url, body=html.encode(), site="e", fetched_at=datetime(2025, 1, 1))
        archive.store_articles([stored], [page])
    finally:
        archive.close()


def _sites_dir(workdir: Path, **files: str) -> Path:
    folder = workdir / "sites"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.toml").write_text(text)
    return folder


def test_reprocess_refuses_a_site_whose_profile_is_broken(tmp_path: Path) -> None:
    _archive_of_e(tmp_path)
    sites = _sites_dir(tmp_path, e=BROKEN_E)
    result = run_scrapy(["reprocess"], tmp_path, NEWSCRAWL_SITES_DIR=str(sites))
    assert result.returncode == 2, result.log
    assert "Traceback" not in result.log and "Reprocessed" not in result.stdout
    [line] = [line for line in result.log.splitlines() if "e.toml" in line]
    assert (
        line.startswith("scrapy: error: Not reprocessing: ")
        and "max_pages must be a whole number" in line
    )
    # Another site's broken profile does not concern this archive's pages.
    (sites / "e.toml").unlink()
    (sites / "f.toml").write_text(BROKEN_E.replace('"e"', '"f"'))
    result = run_scrapy(["reprocess"], tmp_path, NEWSCRAWL_SITES_DIR=str(sites))
    assert result.returncode == 0, result.log
    assert result.stdout.startswith("Reprocessed 1 articles")


def test_importwarc_refuses_while_a_profile_is_broken(tmp_path: Path) -> None:
    sites = _sites_dir(tmp_path, e=BROKEN_E)
    warc = tmp_path / "pages.warc.gz"
    warc.write_bytes(b"")
    result = run_scrapy(["importwarc", str(warc)], tmp_path, NEWSCRAWL_SITES_DIR=str(sites))
    assert result.returncode == 2, result.log
    assert "Traceback" not in result.log and "Imported" not in result.stdout
    assert "Not importing: " in result.log and "max_pages must be a whole number" in result.log
    assert not (tmp_path / "archive.sqlite").exists()  # refused before anything is written


def _sql(path: Path, *statements: str) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        for statement in statements:
            conn.execute(statement)


@pytest.mark.parametrize("command", [["runs"], ["export", "-o", "-"], ["crawl", "demo"]])
def test_an_archive_of_a_newer_newscrawl_is_one_line(tmp_path: Path, command: list[str]) -> None:
    _archive_of_e(tmp_path)
    _sql(tmp_path / "archive.sqlite", "UPDATE alembic_version SET version_num = '0099'")
    _refused_in_one_line(
        run_scrapy(command, tmp_path),
        f"the archive at {database_url(tmp_path)} was made by a newer newscrawl "
        f"(schema 0099; this one knows {SCHEMA_REVISION}): upgrade newscrawl",
    )


@pytest.mark.parametrize(
    "command", [["runs"], ["size"], ["fields"], ["export", "-o", "-"], ["crawl", "demo"]]
)
def test_another_applications_database_is_refused_and_left_alone(
    tmp_path: Path, command: list[str]
) -> None:
    database = tmp_path / "archive.sqlite"
    _sql(database, "CREATE TABLE foo (x)")
    _refused_in_one_line(
        run_scrapy(command, tmp_path),
        f"the database at {database_url(tmp_path)} is not a newscrawl archive: "
        "it holds other tables (foo)",
    )
    with closing(sqlite3.connect(database)) as conn:
        tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert tables == [("foo",)]


def test_another_applications_alembic_database_is_refused(tmp_path: Path) -> None:
    _sql(
        tmp_path / "archive.sqlite",
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
        "INSERT INTO alembic_version VALUES ('ae1027a6acf')",
        "CREATE TABLE users (id INTEGER)",
    )
    _refused_in_one_line(
        run_scrapy(["runs"], tmp_path),
        "is not a newscrawl archive: it holds other tables (users) "
        "and another application's schema version (ae1027a6acf)",
    )


@pytest.mark.parametrize("revision", ["0003", SCHEMA_REVISION, "0042"])
def test_another_applications_alembic_database_numbered_as_ours_is_refused(
    tmp_path: Path, revision: str
) -> None:
    """Another application's Alembic revisions may be four-digit numbers too: one of ours
    (0003) was migrated into (and failed on a table it lacks, after a traceback's worth of
    SQL), a later one (0042) was said to be a newer newscrawl's archive."""
    database = tmp_path / "archive.sqlite"
    _sql(
        database,
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
        f"INSERT INTO alembic_version VALUES ('{revision}')",
        "CREATE TABLE users (id INTEGER)",
    )
    for command in (["runs"], ["crawl", "demo"]):
        _refused_in_one_line(
            run_scrapy(command, tmp_path),
            "is not a newscrawl archive: it holds other tables (users) "
            f"and another application's schema version ({revision})",
        )
    with closing(sqlite3.connect(database)) as conn:
        tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert sorted(tables) == [("alembic_version",), ("users",)]


def _refused_in_one_line(result: CrawlResult, ending: str) -> None:
    """The archive refused (exit 73) in one line, the last, that ends with ``ending``."""
    assert result.returncode == 73, result.log
    assert "Traceback" not in result.log
    assert result.log.strip().splitlines()[-1].endswith(ending)


def test_an_empty_database_file_is_still_made_an_archive(tmp_path: Path) -> None:
    (tmp_path / "archive.sqlite").write_bytes(b"")
    Archive(database_url(tmp_path)).close()
    with closing(sqlite3.connect(tmp_path / "archive.sqlite")) as conn:
        [(revision,)] = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    assert revision == SCHEMA_REVISION
