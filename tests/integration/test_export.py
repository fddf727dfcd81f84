"""``scrapy export`` over an archive, as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newscrawl.storage import Archive
from newscrawl.storage.runs import RunBook
from tests.integration.crawl import database_url, run_scrapy
from tests.mockserver.server import REPO_ROOT
from tests.unit.test_archive import article


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    archive = Archive(database_url(tmp_path))
    archive.store_articles(
        [
            article("https://one.example/a-1", "h1", site="one", title="Première"),
            article("https://two.example/b-2", "h2", site="two"),
            article("https://two.example/c-3", "h3", site="two"),
        ],
        [None, None, None],
    )
    archive.close()
    return tmp_path


def test_export_to_stdout(workdir: Path) -> None:
    result = run_scrapy(["export", "-o", "-"], workdir)
    assert result.returncode == 0, result.log
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["url"] for r in rows] == [
        "https://one.example/a-1",
        "https://two.example/b-2",
        "https://two.example/c-3",
    ]
    assert rows[0]["title"] == "Première"  # UTF-8, not \u escapes
    assert "Première" in result.stdout
    assert list(rows[0])[:4] == ["url", "canonical_url", "site", "title"]
    assert "archive_status" not in rows[0]
    assert rows[0]["field_sources"] == {"title": "json-ld"}


def test_export_to_file_by_site(workdir: Path) -> None:
    out = workdir / "two.jsonl"
    result = run_scrapy(["export", "-o", str(out), "--site", "two"], workdir)
    assert result.returncode == 0, result.log
    assert [json.loads(line)["site"] for line in out.read_text().splitlines()] == ["two", "two"]
    assert not list(workdir.glob(".*.partial"))
    assert "Exported 2 articles" in result.log


def test_export_of_a_site_the_archive_does_not_have_names_the_ones_it_has(
    workdir: Path,
) -> None:
    """A usage error, before anything is written: a cron job's typo keeps the last file."""
    out = workdir / "kept.jsonl"
    out.write_text("the last good export\n")
    result = run_scrapy(["export", "-o", str(out), "--site", "tow"], workdir)
    assert result.returncode == 2, result.log
    assert "no site 'tow' in the archive; its sites: one, two" in result.log
    assert out.read_text() == "the last good export\n"
    assert "Exported" not in result.log and not list(workdir.glob(".*.partial"))
    reprocessed = run_scrapy(["reprocess", "--site", "tow"], workdir)
    assert reprocessed.returncode == 2, reprocessed.log
    assert "Reprocessed" not in reprocessed.stdout
    assert "no site 'tow' in the archive; its sites: one, two" in reprocessed.log
    watched = run_scrapy(["fields", "--site", "tow"], workdir)  # it said "no articles", exit 0
    assert watched.returncode == 2, watched.log
    assert "no site 'tow' in the archive; its sites: one, two" in watched.log
    # A site that has articles, none of them selected: an empty export, no error.
    result = run_scrapy(
        ["export", "-o", str(out), "--site", "two", "--since", "2999-01-01"], workdir
    )
    assert result.returncode == 0, result.log
    assert "Exported 0 articles" in result.log and "no site" not in result.log


def test_runs_of_a_spider_that_never_ran_names_the_ones_that_did(workdir: Path) -> None:
    archive = Archive(database_url(workdir))
    book = RunBook(archive)
    book.start("jpost", "jpost", timedelta(minutes=10))
    book.start("news", "news:local", timedelta(minutes=10))
    archive.close()
    assert run_scrapy(["runs", "--spider", "jpots"], workdir).stdout.strip() == (
        "No runs of 'jpots' recorded; spiders and sites with runs: jpost, news, news:local"
    )
    assert "jpost" in run_scrapy(["runs", "--spider", "jpost"], workdir).stdout
    # A site of the news spider, as the SITE column shows it or by its name alone.
    for name in ("news:local", "local", "news"):
        _, *rows = run_scrapy(["runs", "--spider", name], workdir).stdout.splitlines()
        assert [row.split()[1] for row in rows] == ["news:local"], name
    empty = workdir / "empty"
    empty.mkdir()
    assert run_scrapy(["runs", "--spider", "jpost"], empty).stdout.startswith(
        "No runs recorded yet (no archive at "
    )
    # Asking made no archive (nor its folders).
    assert not list(empty.rglob("*.sqlite"))
    refused = run_scrapy(["runs", "--limit", "0"], workdir)
    assert refused.returncode == 2 and "--limit 0: give 1 or more runs" in refused.log


def test_export_as_csv(workdir: Path) -> None:
    """By the file's suffix, or --format: the contract's fields as columns, lists joined
    with "; " (a name may hold a comma), field_sources as JSON, a body's lines kept."""
    archive = Archive(database_url(workdir))
    archive.store_articles(
        [
            article(
                "https://one.example/d-4",
                "h4",
                site="one",
                authors=["Jane Doe", "John Smith, Jr."],
                body='First paragraph, with a comma.\n\nSecond "quoted" one.',
            )
        ],
        [None],
    )
    archive.close()
    out = workdir / "articles.csv"
    result = run_scrapy(["export", "-o", str(out), "--site", "one"], workdir)
    assert result.returncode == 0, result.log
    with out.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [r["url"] for r in rows] == ["https://one.example/a-1", "https://one.example/d-4"]
    assert list(rows[0])[:4] == ["url", "canonical_url", "site", "title"]
    assert "archive_status" not in rows[0] and rows[0]["title"] == "Première"
    assert rows[1]["authors"] == "Jane Doe; John Smith, Jr." and rows[1]["tags"] == "a; b"
    assert rows[1]["body"] == 'First paragraph, with a comma.\n\nSecond "quoted" one.'
    assert json.loads(rows[1]["field_sources"]) == {"title": "json-ld"}
    assert rows[1]["modified_at"] == ""  # null
    result = run_scrapy(["export", "-o", "-", "--format", "csv", "--site", "two"], workdir)
    assert result.returncode == 0, result.log
    assert [r["site"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["two", "two"]
    # Nothing to export: the columns all the same.
    result = run_scrapy(
        ["export", "-o", "-", "--format", "csv", "--site", "two", "--since", "2999-01-01"],
        workdir,
    )
    assert result.stdout.splitlines() == [",".join(rows[0])]


def test_export_since(workdir: Path) -> None:
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    result = run_scrapy(["export", "-o", "-", "--since", tomorrow], workdir)
    assert result.returncode == 0 and result.stdout == ""
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    result = run_scrapy(["export", "-o", "-", "--since", yesterday], workdir)
    assert len(result.stdout.splitlines()) == 3


def test_export_by_publication_date_and_language(tmp_path: Path) -> None:
    archive = Archive(database_url(tmp_path))
    archive.store_articles(
        [
            article("https://e.example/a-1", "h1", published_at="2026-11-30T23:30:00-03:00"),
            article("https://e.example/b-2", "h2", published_at="2026-11-30T12:00:00+01:00"),
            article("https://e.example/c-3", "h3", published_at="2026-11-02T08:00:00+01:00"),
            article("https://e.example/d-4", "h4", published_at=None, language="de"),
        ],
        [None] * 4,
    )
    archive.close()

    def exported(*args: str) -> list[str]:
        result = run_scrapy(["export", "-o", "-", *args], tmp_path)
        assert result.returncode == 0, result.log
        return [json.loads(line)["url"][-3:] for line in result.stdout.splitlines()]

    # a-1 is 1 December in UTC; the last day of November counts whole.
    assert exported("--published-since", "2026-11-30", "--published-until", "2026-11-30") == ["b-2"]
    assert exported("--published-until", "2026-11-30T11:00:00Z") == ["b-2", "c-3"]
    assert exported("--language", "de") == ["d-4"]
    assert exported("--language", "DE-ch") == ["d-4"]  # a tag: its language
    refused = run_scrapy(["export", "-o", "-", "--language", "German"], tmp_path)
    assert refused.returncode == 2
    assert "--language 'German': expected a language code like de" in refused.log
    # A window that closes before it opens selects nothing: said, not an empty export.
    window = ["--published-since", "2026-12-01", "--published-until", "2026-11-01"]
    refused = run_scrapy(["export", "-o", "-", *window], tmp_path)
    assert refused.returncode == 2 and "is not before --published-until" in refused.log


@pytest.mark.parametrize("option", ["--since", "--published-since", "--published-until"])
def test_export_bad_date_is_a_usage_error(workdir: Path, option: str) -> None:
    result = run_scrapy(["export", "-o", "-", option, "last tuesday"], workdir)
    assert result.returncode == 2
    assert f"{option} 'last tuesday': expected a date like" in result.log


def test_export_to_a_file_named_for_another_format_is_a_usage_error(workdir: Path) -> None:
    """Not JSON Lines under a name that says XML (or a JSON array, as Scrapy's -o .json)."""
    for name in ("articles.xml", "articles.json"):
        result = run_scrapy(["export", "-o", str(workdir / name)], workdir)
        assert result.returncode == 2 and "no format this command writes ends in" in result.log
        assert not (workdir / name).exists()


def test_export_to_a_file_named_for_another_format_than_the_one_given(workdir: Path) -> None:
    result = run_scrapy(["export", "-o", str(workdir / "a.csv"), "--format", "jsonl"], workdir)
    assert result.returncode == 2, result.log
    assert "-o " in result.log and "a.csv --format jsonl: the file's name says csv" in result.log
    assert not (workdir / "a.csv").exists()
    # A name that says no format may hold the one given.
    result = run_scrapy(["export", "-o", str(workdir / "a.txt"), "--format", "csv"], workdir)
    assert result.returncode == 0, result.log
    assert (workdir / "a.txt").read_text().startswith("url,")


def test_export_to_a_file_that_cannot_be_written_says_so_in_one_line(workdir: Path) -> None:
    """Not a usage error: the command was right, the file system said no (EX_CANTCREAT)."""
    out = workdir / "no-such-dir" / "out.jsonl"
    result = run_scrapy(["export", "-o", str(out)], workdir)
    assert result.returncode == 73
    assert result.log.strip().endswith(f"cannot write {out}: No such file or directory")
    assert "Traceback" not in result.log and "usage:" not in result.log.lower()


def test_history_of_a_malformed_url_is_a_usage_error(workdir: Path) -> None:
    result = run_scrapy(["history", "http://[x]/a"], workdir)
    assert result.returncode == 2
    assert "is not an http(s) URL" in result.log and "Traceback" not in result.log


def test_commands_say_in_one_line_that_the_archive_cannot_be_opened(workdir: Path) -> None:
    down = "postgresql+psycopg://newscrawl:secret@127.0.0.1:1/news"  # nothing listens on 1
    for command in (["export", "-o", "-"], ["runs"], ["size"], ["fields"], ["reprocess"]):
        result = run_scrapy(command, workdir, NEWSCRAWL_DATABASE_URL=down)
        assert result.returncode == 75, command
        assert "cannot open the archive at postgresql+psycopg://newscrawl:***@" in result.log
        assert "secret" not in result.log and "Traceback" not in result.log
    result = run_scrapy(["runs"], workdir, NEWSCRAWL_DATABASE_URL="archive.db")
    assert result.returncode == 2 and "is not a database URL" in result.log
    # A driver that is not installed (SQLAlchemy's default for postgresql+psycopg2, mysql).
    for url in ("postgresql+psycopg2://u:secret@127.0.0.1/news", "mysql://u@127.0.0.1/news"):
        result = run_scrapy(["runs"], workdir, NEWSCRAWL_DATABASE_URL=url)
        assert result.returncode == 2, url
        assert "which is not installed; the one installed with newscrawl" in result.log
        assert "secret" not in result.log and "Traceback" not in result.log
    # PostgreSQL URLs that name no driver get psycopg: the server is reached (down here).
    for scheme in ("postgres", "postgresql"):
        url = f"{scheme}://newscrawl:secret@127.0.0.1:1/news"
        result = run_scrapy(["runs"], workdir, NEWSCRAWL_DATABASE_URL=url)
        assert result.returncode == 75, scheme
        assert "cannot open the archive at postgresql+psycopg://newscrawl:***@" in result.log
    # A server that answers that the database is not there: no "try again later" either.
    from sqlalchemy import make_url

    from tests.services import POSTGRES_ADMIN_URL

    absent = make_url(POSTGRES_ADMIN_URL).set(database="newscrawl_no_such_database")
    result = run_scrapy(["runs"], workdir, NEWSCRAWL_DATABASE_URL=absent.render_as_string(False))
    assert result.returncode == 73, result.log
    assert 'database "newscrawl_no_such_database" does not exist' in result.log
    # A file that cannot be created: no "try again later" (EX_CANTCREAT).
    (workdir / "a-file").write_text("")
    unwritable = f"sqlite:///{workdir}/a-file/archive.sqlite"
    (workdir / "empty.warc").write_bytes(b"")
    command = ["importwarc", str(workdir / "empty.warc")]  # a command that makes its archive
    result = run_scrapy(command, workdir, NEWSCRAWL_DATABASE_URL=unwritable)
    assert result.returncode == 73, result.log
    assert f"cannot open the archive at {unwritable}: " in result.log
    assert "Traceback" not in result.log


def _bash(line: str) -> subprocess.CompletedProcess[str]:
    """Run a shell pipeline from the repository root, the project importable."""
    return subprocess.run(
        line,
        shell=True,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        executable="/bin/bash",
    )


def test_export_into_a_pipe_closed_early(workdir: Path) -> None:
    archive = Archive(database_url(workdir))
    archive.store_articles(
        [
            article(f"https://three.example/story-{n}", f"x{n}", body="word " * 2000)
            for n in range(300)
        ],
        [None] * 300,
    )
    archive.close()
    command = " ".join(
        [
            sys.executable,
            "-m",
            "scrapy",
            "export",
            "-o",
            "-",
            "-s",
            f"NEWSCRAWL_DATABASE_URL={database_url(workdir)}",
        ]
    )
    proc = _bash(f"{command} | head -n 1")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["url"] == "https://one.example/a-1"
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_reports_into_a_pipe_closed_early(workdir: Path) -> None:
    """``scrapy runs | true``: no BrokenPipeError traceback, exit code 0 (as for export).

    ``scrapy list`` too: Scrapy's command, in newscrawl's clothes.
    """
    RunBook(archive := Archive(database_url(workdir))).start("jpost", "jpost", timedelta(0))
    archive.close()
    setting = f"NEWSCRAWL_DATABASE_URL={database_url(workdir)}"
    for command in ("runs", "size", "fields", "history https://one.example/a-1", "list"):
        proc = _bash(
            f"{sys.executable} -m scrapy {command} -s {setting} | true; exit ${{PIPESTATUS[0]}}"
        )
        assert proc.returncode == 0, (command, proc.stderr)
        assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr, command


def test_export_of_the_kept_pages_as_warc(tmp_path: Path) -> None:
    """The raw pages of the articles selected, as a WARC file a replay tool reads."""
    from warcio.archiveiterator import ArchiveIterator

    from tests.unit.test_archive import page

    archive = Archive(database_url(tmp_path))
    urls = ["https://one.example/a-1", "https://two.example/b-2", "https://two.example/c-3"]
    archive.store_articles(
        [article(url, f"h{i}", site=url.split("/")[2].split(".")[0]) for i, url in enumerate(urls)],
        [page(url, f"<html>page {i}</html>".encode()) for i, url in enumerate(urls)],
    )
    archive.close()

    out = tmp_path / "two.warc.gz"
    result = run_scrapy(["export", "-o", str(out), "--site", "two"], tmp_path)
    assert result.returncode == 0, result.log
    assert "Exported 2 pages" in result.log
    with out.open("rb") as stream:
        records = [
            (r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        ]
    assert records == [(urls[1], b"<html>page 1</html>"), (urls[2], b"<html>page 2</html>")]
    assert out.read_bytes()[:2] == b"\x1f\x8b"  # gzipped, record by record

    plain = tmp_path / "all.warc"
    assert run_scrapy(["export", "-o", str(plain)], tmp_path).returncode == 0
    assert plain.read_bytes().startswith(b"WARC/1.0\r\n")
    refused = run_scrapy(["export", "-o", str(plain), "--revisions"], tmp_path)
    assert refused.returncode == 2
    assert "--revisions with WARC: a WARC export holds the page of every revision" in refused.log


def test_reading_an_archive_that_is_not_there_makes_none(tmp_path: Path) -> None:
    """A mistyped archive path: one line and exit 2, no empty archive made in its place."""
    nowhere = tmp_path / "typo" / "archive.sqlite"
    for command in (
        ["export", "-o", str(tmp_path / "out.jsonl")],
        ["size"],
        ["fields"],
        ["reprocess"],
    ):
        result = run_scrapy(command, tmp_path, NEWSCRAWL_DATABASE_URL=f"sqlite:///{nowhere}")
        assert result.returncode == 2, command
        assert f"no archive at {nowhere}" in result.log and "Traceback" not in result.log
    assert not (tmp_path / "typo").exists() and not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["export", "-o", "out.jsonl", "--sites", "tow"], "unknown option --sites (did you mean --site?)"),
        (["export", "-o", "out.jsonl", "--sinse=2026-12-01"], "unknown option --sinse (did you mean --since?)"),
        (["export", "-o", "out.jsonl", "tow"], "unexpected argument 'tow'"),
        (["export", "-o", ""], "-o is empty: give a file name, or - for stdout"),
        (["size", "--site", "tow"], "unknown option --site"),
        (["fields", "--sites", "tow"], "unknown option --sites (did you mean --site?)"),
        (["fields", "--last", "0"], "--last must be at least 1"),
        (["history", "https://example.com/a", "--format", "json"], "unknown option --format"),
        (["runs", "--spiders", "news"], "unknown option --spiders (did you mean --spider?)"),
        (["reprocess", "--sites", "tow"], "unknown option --sites (did you mean --site?)"),
        (["reprocess", "-s", "NEWSCRAWL_MIN_WORD=3"], "-s NEWSCRAWL_MIN_WORD: no such setting (did you mean NEWSCRAWL_MIN_WORDS?)"),
        (["copyarchive"], "give the database URL to copy the archive into"),
        (["list", "--sites-dir", "sites"], "unknown option --sites-dir (it takes none; a profiles folder is"),
        (["list", "jpost"], "unexpected argument 'jpost'"),
    ],
)  # fmt: skip
def test_a_mistyped_option_is_a_usage_error(
    workdir: Path, command: list[str], message: str
) -> None:
    """Scrapy hands a command the options it does not know as arguments: a mistyped filter
    in a cron job exported the whole archive, exit code 0."""
    result = run_scrapy(command, workdir)
    assert result.returncode == 2, result.log[-2000:]
    assert message in result.log
    assert not (workdir / "out.jsonl").exists()
