import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import update

from newscrawl.commands.runs import render_runs
from newscrawl.storage import Archive
from newscrawl.storage.models import CrawlLock, CrawlRun
from newscrawl.storage.runs import DIED, RunBook, RunLocked

STALE = timedelta(minutes=10)


@pytest.fixture
def archive(database_url: str):
    opened = Archive(database_url)
    yield opened
    opened.close()


def counts(new: int) -> dict:
    return {"requests": 10, "articles_new": new, "dropped": {"short-body": 2}}


def test_a_run_holds_its_site_until_it_finishes(archive: Archive) -> None:
    book = RunBook(archive)
    run_id, stale = book.start("news", "news:example.com", STALE)
    assert stale is None
    with pytest.raises(RunLocked, match=r"another run of 'news:example.com' is in progress"):
        RunBook(archive).start("news", "news:example.com", STALE)
    other, _ = RunBook(archive).start("jpost", "jpost", STALE)  # another site: fine
    book.heartbeat(run_id, "news:example.com", counts(3))
    book.finish(run_id, "news:example.com", "finished", counts(5))
    book.heartbeat(run_id, "news:example.com", counts(4))  # late: ignored
    assert book.holder("news:example.com") is None
    again, _ = RunBook(archive).start("news", "news:example.com", STALE)
    runs = {r["id"]: r for r in book.runs()}
    assert (runs[run_id]["finish_reason"], runs[run_id]["articles_new"]) == ("finished", 5)
    assert runs[run_id]["dropped"] == {"short-body": 2}
    assert runs[again]["finish_reason"] is None and runs[other]["spider"] == "jpost"


def test_processes_sharing_a_run_each_record_theirs_under_the_sites_key(
    archive: Archive,
) -> None:
    """Scale-out mode (no lock): runs of one site side by side, recorded under its key; a
    run whose process died is recorded as died when the next one starts."""
    book = RunBook(archive)
    first, _ = book.start("news", "news:example.com", STALE, lock=False)
    second, _ = RunBook(archive).start("news", "news:example.com", STALE, lock=False)
    assert book.holder("news:example.com") is None  # no lock taken
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    with archive._write_sessions.begin() as session:  # the first one's process is gone
        session.execute(
            update(CrawlRun).where(CrawlRun.id == first).values(pid=int(finished.stdout))
        )
    book.finish(second, "news:example.com", "finished", counts(5))
    third, _ = RunBook(archive).start("news", "news:example.com", STALE, lock=False)
    runs = {r["id"]: r for r in book.runs()}
    assert {r["run_key"] for r in runs.values()} == {"news:example.com"}
    assert [runs[n]["finish_reason"] for n in (first, second, third)] == [DIED, "finished", None]


def test_a_process_of_a_shared_run_records_a_dead_ones_death_at_its_heartbeat(
    archive: Archive,
) -> None:
    """Not only when a later process starts: the survivors crawl on for a while."""
    book = RunBook(archive)
    alive, _ = book.start("news", "news:example.com", STALE, lock=False)
    killed, _ = book.start("news", "news:example.com", STALE, lock=False)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    with archive._write_sessions.begin() as session:
        session.execute(update(CrawlRun).where(CrawlRun.id == killed).values(pid=int(gone.stdout)))
    book.heartbeat(alive, "news:example.com", counts(3))
    assert book.runs()[0]["finish_reason"] is None  # with the lock, a heartbeat only beats
    book.heartbeat(alive, "news:example.com", counts(3), dead_after=STALE)
    runs = {r["id"]: r for r in book.runs()}
    assert (runs[killed]["finish_reason"], runs[alive]["finish_reason"]) == (DIED, None)


def _set_holder(archive: Archive, **values: object) -> None:
    with archive._write_sessions.begin() as session:
        session.execute(update(CrawlLock).values(**values))


def test_lock_of_a_dead_process_is_taken_over(archive: Archive) -> None:
    book = RunBook(archive)
    dead_id, _ = book.start("news", "site", STALE)
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    _set_holder(archive, pid=int(finished.stdout))  # a pid that no longer runs
    run_id, stale = RunBook(archive).start("news", "site", STALE)
    assert stale is not None and stale.run_id == dead_id
    runs = {r["id"]: r for r in book.runs()}
    assert runs[dead_id]["finish_reason"] == DIED
    assert book.holder("site").run_id == run_id  # type: ignore[union-attr]


def test_lock_without_heartbeat_is_stale_on_any_host(archive: Archive) -> None:
    book = RunBook(archive)
    book.start("news", "site", STALE)
    _set_holder(archive, host="elsewhere")  # its pid cannot be checked from here
    with pytest.raises(RunLocked):
        RunBook(archive).start("news", "site", STALE)
    holder = book.holder("site")
    assert holder is not None
    _set_holder(archive, heartbeat_at=holder.heartbeat_at - timedelta(minutes=11))
    _, stale = RunBook(archive).start("news", "site", STALE)
    assert stale is not None and stale.host == "elsewhere"


def test_refused_runs_are_recorded_and_listed(archive: Archive) -> None:
    book = RunBook(archive)
    run_id, _ = book.start("news", "site", STALE)
    book.refused("news", "site")
    book.finish(run_id, "site", "finished", counts(7))
    table = render_runs(book.runs()).splitlines()
    assert table[0].split()[:3] == ["ID", "SITE", "STARTED"]
    assert [line.split()[-1] for line in table[1:]] == ["locked", "finished"]
    assert table[2].split()[6] == "7"  # NEW (after a two-word start time)


def test_pages_that_gave_nothing_are_kept_with_the_run(archive: Archive) -> None:
    """Listing pages that gave no articles, article pages that could not be fetched."""
    book = RunBook(archive)
    run_id, _ = book.start("news", "site", STALE)
    problems = {"no-article-links": 1, "not-fetched": 2}
    not_fetched = {"http-403": 4, "DownloadTimeoutError": 1}
    book.finish(
        run_id,
        "site",
        "failed",
        {**counts(0), "listing_problems": problems, "articles_not_fetched": not_fetched},
    )
    (run,) = book.runs()
    assert run["listing_problems"] == problems and run["articles_not_fetched"] == not_fetched
    header, row = render_runs([run]).splitlines()
    # "STARTED (UTC)" and the start time are two words each.
    assert row.split()[header.split().index("EMPTY")] == "3"
    assert row.split()[header.split().index("UNFETCHED")] == "5"
    assert row.split()[-1] == "failed"
    # A run recorded before the archive kept them shows none.
    old = {**run, "listing_problems": None, "articles_not_fetched": None}
    old_row = render_runs([old]).splitlines()[1]
    assert old_row.split()[header.split().index("EMPTY")] == "-"
    assert old_row.split()[header.split().index("UNFETCHED")] == "-"


def test_the_table_counts_as_the_summary_line_does(archive: Archive) -> None:
    """Duplicates skipped apart from pages dropped; skipped, every archived article not
    fetched (due-for-nothing and recently rejected alike)."""
    from newscrawl.extensions.runs import run_counts
    from newscrawl.extensions.summary import summarize
    from tests.utils import project_crawler

    stats = project_crawler().stats
    for key, value in {
        "newscrawl/incremental/skipped": 40,
        "newscrawl/incremental/skipped_rejected": 7,
        "newscrawl/dropped/duplicate-content": 2,
        "newscrawl/dropped/duplicate-url": 1,
        "newscrawl/dropped/short-body": 4,
        "newscrawl/articles/removed": 5,
        "newscrawl/articles/restored": 6,
    }.items():
        stats.set_value(key, value)
    assert "47 archived not fetched, 3 duplicates skipped, 4 pages dropped" in summarize(stats)
    book = RunBook(archive)
    run_id, _ = book.start("news", "site", STALE)
    book.finish(run_id, "site", "finished", run_counts(stats))
    header, row = render_runs(book.runs()).splitlines()
    # "STARTED (UTC)" and the start time are two words each.
    names, cells = header.split(), row.split()
    assert [cells[names.index(name)] for name in ("SKIPPED", "DUPS", "DROPPED")] == ["47", "3", "4"]
    assert "5 taken down, 6 back online" in summarize(stats)
    assert [cells[names.index(name)] for name in ("GONE", "BACK")] == ["5", "6"]


@pytest.mark.parametrize(
    ("problems", "complete"),
    [
        ({}, True),
        ({"no-article-links": 1}, True),
        # A section removed for good: nothing there to read, no reason to read every
        # section to max_pages at every later run.
        ({"gone": 1}, True),
        ({"forbidden": 1}, True),  # by robots.txt: no run will read it
        ({"not-fetched": 1}, False),
    ],
)
def test_a_run_is_complete_unless_a_listing_page_went_unread(
    archive: Archive, problems: dict[str, int], complete: bool
) -> None:
    book = RunBook(archive)
    run_id, _ = book.start("demo", "demo", STALE)
    book.finish(run_id, "demo", "finished", {**counts(1), "listing_problems": problems})
    assert book.last_run_was_complete("demo") is complete


def _killed(archive: Archive) -> None:
    """The holder of the lock is a process that no longer runs (kill -9)."""
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    _set_holder(archive, pid=int(gone.stdout))


def test_a_run_that_died_shows_its_last_heartbeat_or_that_it_left_none(archive: Archive) -> None:
    """Killed after a heartbeat: its counts then, and the time to it. Killed before its
    first: "?" (it was listed as "0s" and zeros, a run that did nothing)."""
    book = RunBook(archive)
    beaten, _ = book.start("news", "site", STALE)
    book.heartbeat(beaten, "site", counts(4))
    _killed(archive)
    unbeaten, _ = book.start("news", "site", STALE)
    _killed(archive)
    book.start("news", "site", STALE)
    runs = {r["id"]: r for r in book.runs()}
    assert runs[beaten]["finished_at"] == runs[beaten]["heartbeat_at"] > runs[beaten]["started_at"]
    lines = render_runs([runs[beaten], runs[unbeaten]]).splitlines()
    names = lines[0].replace("STARTED (UTC)", "STARTED").split()
    rows = [
        dict(zip(names, line.split()[:2] + line.split()[3:], strict=True)) for line in lines[1:3]
    ]
    assert [(r["REQS"], r["NEW"], r["RESULT"]) for r in rows] == [
        ("10", "4", "died"),
        ("?", "?", "died"),
    ]
    assert rows[0]["TOOK"] == "0s" and set(list(rows[1].values())[3:-1]) == {"?"}
    assert lines[3:] == [
        "",
        f"Run {unbeaten} died before its first heartbeat: what it did is not known (the archive "
        "has what it stored)",
    ]
