"""Revisits end to end: conditional requests, 304s, noise, real edits and their history."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newscrawl.demo import load_demo_articles
from newscrawl.demo.feeds import FEED_SIZE
from newscrawl.storage import Archive
from tests.integration.crawl import CrawlResult, crawl, database_url, run_scrapy
from tests.mockserver import MockServer

#: Revisit every archived article on every run (the demo articles are a year old, which the
#: default schedule would never revisit).
ALWAYS = {"NEWSCRAWL_REVISIT_SCHEDULE": "3650d:0s"}


@pytest.fixture
def edits(mockserver: MockServer):
    yield mockserver
    mockserver.clear_edits()


def world_articles() -> list[str]:
    return [a.path for a in load_demo_articles() if a.section == "world"][:5]


def requests_since(server: MockServer, n: int, paths: list[str]) -> list[dict]:
    wanted = set(paths)
    return [r for r in server.requests() if r["n"] > n and urlsplit(r["path"]).path in wanted]


def last_n(server: MockServer) -> int:
    return max((r["n"] for r in server.requests()), default=0)


def test_revisits_are_conditional_and_only_real_edits_make_revisions(
    edits: MockServer, tmp_path: Path
) -> None:
    world = edits.url("/section/world")
    paths = world_articles()
    first = crawl("news", tmp_path, f"start_urls={world}", "max_pages=1", **ALWAYS)
    assert "5 articles stored (5 new, 0 changed)" in first.summary
    assert {i["revision"] for i in first.feed_items("news")} == {1}

    # Nothing changed: every revisit is conditional and answered 304.
    mark = last_n(edits)
    second = crawl("news", tmp_path, f"start_urls={world}", "max_pages=1", **ALWAYS)
    revisits = requests_since(edits, mark, paths)
    assert len(revisits) == 5
    assert all("if-none-match" in r["headers"] for r in revisits)
    assert {r["status"] for r in revisits} == {304}
    assert "0 articles stored (0 new, 0 changed), 5 unchanged" in second.summary
    assert second.feed_items("news") == []

    # Noise on one article (a new ETag, counters, "updated N minutes ago"); a real edit on
    # another.
    noisy, changed = paths[0], paths[1]
    edits.edit(noisy, "noise", n=7)
    edits.edit(changed, "edit", n=1)
    third = crawl("news", tmp_path, f"start_urls={world}", "max_pages=1", **ALWAYS)
    assert "1 article stored (0 new, 1 changed), 4 unchanged" in third.summary
    [item] = third.feed_items("news")
    assert urlsplit(item["url"]).path == changed
    assert (item["archive_status"], item["revision"]) == ("changed", 2)
    assert item["title"].endswith("(correction 1)")

    archive = Archive(database_url(tmp_path))
    try:
        assert len(archive.revisions(edits.url(noisy))) == 1
        history = archive.revisions(edits.url(changed))
        assert [r["revision"] for r in history] == [1, 2]
        assert "correction 1" not in history[0]["title"]
        assert archive.count_articles() == 5
        latest = {a["canonical_url"]: a for a in archive.iter_articles()}
        assert latest[edits.url(changed)]["revision"] == 2
        assert latest[edits.url(changed)]["title"] == item["title"]
    finally:
        archive.close()

    shown = run_scrapy(["history", edits.url(changed)], tmp_path)
    assert shown.returncode == 0, shown.log
    assert "2 revision(s)" in shown.stdout
    assert "{+(correction 1)+}" in shown.stdout
    assert "+ The regional authority said on Friday that revised figures" in shown.stdout
    assert "- Line 4 runs for" in shown.stdout  # a rewritten paragraph: old and new in full

    # The same extraction code over the stored raw pages changes nothing, offline.
    reprocessed = run_scrapy(["reprocess"], tmp_path)
    assert reprocessed.returncode == 0, reprocessed.log
    assert reprocessed.stdout.strip() == "Reprocessed 5 articles: 5 unchanged"
    # Every version of the revised article, for a study of edits.
    exported = run_scrapy(["export", "-o", "-", "--revisions"], tmp_path)
    assert exported.returncode == 0, exported.log
    revisions = [json.loads(line) for line in exported.stdout.splitlines()]
    assert [(urlsplit(r["url"]).path, r["revision"]) for r in revisions] == [
        (changed, 1),
        (changed, 2),
    ]
    assert "(correction 1)" in revisions[1]["title"]
    assert "(correction 1)" not in revisions[0]["title"]
    size = run_scrapy(["size"], tmp_path)
    assert size.returncode == 0, size.log
    [row] = [line.split() for line in size.stdout.splitlines() if line.startswith("127.0.0.1")]
    assert row[1:5] == ["5", "0", "6", "6"]  # articles, copies, revisions, raw pages
    fields = run_scrapy(["fields", "--site", "127.0.0.1"], tmp_path)
    assert fields.returncode == 0, fields.log
    heading, row = (line.split() for line in fields.stdout.splitlines())
    shares = dict(zip(heading[1:], row[1:], strict=True))
    assert shares["ARTICLES"] == "5" and shares["PUBLISHED"] == shares["SECTION"] == "100%"


def test_history_of_an_unknown_url_fails_clearly(tmp_path: Path) -> None:
    result = run_scrapy(["history", "https://example.com/nowhere-1"], tmp_path)
    assert result.returncode == 2
    assert "no archive at " in result.log  # and none made by asking
    Archive(database_url(tmp_path)).close()
    result = run_scrapy(["history", "https://example.com/nowhere-1"], tmp_path)
    assert result.returncode == 2
    assert "Not in the archive" in result.log


def test_an_article_taken_down_is_kept_and_marked(edits: MockServer, tmp_path: Path) -> None:
    """A revisit answered 404: the article stays in the archive, marked removed (export,
    history, the summary line); once it is online again, the mark goes."""
    world = edits.url("/section/world")
    taken = world_articles()[2]
    crawl("news", tmp_path, f"start_urls={world}", "max_pages=1", **ALWAYS)
    edits.edit(taken, "gone")
    second = crawl("news", tmp_path, f"start_urls={world}", "max_pages=1", **ALWAYS)
    assert "4 unchanged, 1 taken down, " in second.summary
    # Counted once, as taken down: not also as a page not fetched.
    assert "article page not fetched" not in second.summary
    # The run feed reports the takedown: the archived article, archive_status "removed".
    [item] = second.feed_items("news")
    assert urlsplit(item["url"]).path == taken
    assert item["archive_status"] == "removed" and item["removed_at"] and item["title"]
    # Still gone at the next revisit: reported once.
    third = crawl("news", tmp_path, f"start_urls={world}", "max_pages=1", **ALWAYS)
    assert third.feed_items("news") == [] and "still-gone: 1" in third.summary

    def removed_at() -> dict[str, str | None]:
        exported = run_scrapy(["export", "-o", "-"], tmp_path).stdout.splitlines()
        articles = [json.loads(line) for line in exported]
        return {urlsplit(a["canonical_url"]).path: a["removed_at"] for a in articles}

    marks = removed_at()
    assert len(marks) == 5 and [p for p, when in marks.items() if when] == [taken]
    assert marks[taken].endswith("+00:00")  # type: ignore[union-attr]
    shown = run_scrapy(["history", edits.url(taken)], tmp_path)
    assert ": 1 revision(s), taken down 1 time(s)\n" in shown.stdout
    assert "Taken down " in shown.stdout and "\n\nDown since " in shown.stdout

    edits.clear_edits()
    fourth = crawl("news", tmp_path, f"start_urls={world}", "max_pages=1", **ALWAYS)
    # Online again: the run's feed says so, as it said it was taken down.
    assert "4 unchanged, 1 back online, 0 archived not fetched" in fourth.summary
    assert not any(removed_at().values())
    [back] = fourth.feed_items("news")
    assert (urlsplit(back["url"]).path, back["archive_status"]) == (taken, "restored")
    # The runs table counts them as the summary lines did (newest run first).
    header, *rows = run_scrapy(["runs"], tmp_path).stdout.splitlines()
    names = header.split()  # "STARTED (UTC)" and a start time are two words each
    gone_back = [
        (row.split()[names.index("GONE")], row.split()[names.index("BACK")]) for row in rows[:4]
    ]
    assert gone_back == [("0", "1"), ("0", "0"), ("1", "0"), ("0", "0")]
    # The history keeps the time it was down.
    shown = run_scrapy(["history", edits.url(taken)], tmp_path).stdout
    assert "Taken down " in shown and "Back online " in shown and "Down since" not in shown
    assert shown.index("Revision 1") < shown.index("Taken down") < shown.index("Back online")


def test_an_article_taken_down_after_it_left_the_listings_is_seen_back(
    edits: MockServer, tmp_path: Path
) -> None:
    """Revisits come from the archive: a story pulled (for a legal review, say) once no
    section lists it is seen gone, and, put back, seen back (it was never asked for again)."""
    world, politics = edits.url("/section/world"), edits.url("/section/politics")
    crawl("news", tmp_path, f"start_urls={world}", "max_pages=1", **ALWAYS)
    pulled = world_articles()[3]
    edits.edit(pulled, "gone")
    # Runs that read another section only: the world story is revisited from the archive.
    elsewhere = (f"start_urls={politics}", "max_pages=1")
    gone = crawl("news", tmp_path, *elsewhere, **ALWAYS)
    assert "1 taken down" in gone.summary
    edits.clear_edits()
    back = crawl("news", tmp_path, *elsewhere, **ALWAYS)
    assert "1 back online" in back.summary
    [item] = [i for i in back.feed_items("news") if i["archive_status"] == "restored"]
    assert urlsplit(item["url"]).path == pulled


def test_a_sitemap_lastmod_later_than_the_last_look_makes_an_old_article_due(
    edits: MockServer, tmp_path: Path
) -> None:
    """The demo articles are a year old, which the default schedule never revisits; an edit
    the site's sitemap dates after the crawl's last look is fetched, once."""
    sitemap = f"sitemaps={edits.url('/sitemap-articles.xml')}"
    articles = [a.path for a in load_demo_articles()]
    first = crawl("news", tmp_path, sitemap)
    assert f"{len(articles)} new" in first.summary

    changed, noisy = world_articles()[:2]
    edits.edit(changed, "edit", n=2)
    edits.edit(noisy, "noise", n=3)
    mark = last_n(edits)
    ignored = crawl("news", tmp_path, sitemap, NEWSCRAWL_REVISIT_ON_LASTMOD="False")
    assert requests_since(edits, mark, articles) == []
    assert f"0 unchanged, {len(articles)} archived not fetched" in ignored.summary

    mark = last_n(edits)
    second = crawl("news", tmp_path, sitemap)
    revisits = requests_since(edits, mark, articles)
    assert sorted(r["path"] for r in revisits) == sorted([changed, noisy])
    assert all("if-none-match" in r["headers"] for r in revisits)  # conditional, as any revisit
    assert "1 article stored (0 new, 1 changed), 1 unchanged" in second.summary
    assert second.stats()["newscrawl/incremental/revisit_lastmod"] == 2
    [item] = second.feed_items("news")
    assert (urlsplit(item["url"]).path, item["revision"]) == (changed, 2)

    # Seen since the lastmod: not due again.
    mark = last_n(edits)
    third = crawl("news", tmp_path, sitemap)
    assert requests_since(edits, mark, articles) == []
    assert f"0 unchanged, {len(articles)} archived not fetched" in third.summary


def test_an_atom_entry_updated_after_the_last_look_makes_an_old_article_due(
    edits: MockServer, tmp_path: Path
) -> None:
    """As a sitemap's lastmod: the feed dates the edit (its entry's ``<updated>``)."""
    feed = f"feeds={edits.url('/atom.xml')}"
    listed = [a.path for a in load_demo_articles()[:FEED_SIZE]]
    first = crawl("news", tmp_path, feed)
    assert f"{len(listed)} new" in first.summary

    changed = listed[3]
    edits.edit(changed, "edit", n=4)
    mark = last_n(edits)
    second = crawl("news", tmp_path, feed)
    assert [r["path"] for r in requests_since(edits, mark, listed)] == [changed]
    assert "1 article stored (0 new, 1 changed)" in second.summary
    assert second.stats()["newscrawl/incremental/revisit_lastmod"] == 1
    mark = last_n(edits)
    crawl("news", tmp_path, feed)
    assert requests_since(edits, mark, listed) == []  # seen since


def test_due_articles_no_listing_shows_any_more_are_revisited(
    edits: MockServer, tmp_path: Path
) -> None:
    """On the archive's word: a later run that reads one section still checks every due
    article (conditionally), and takes in the edit, and the takedown, of ones that section
    does not list."""
    articles = [a.path for a in load_demo_articles()]
    crawl("news", tmp_path, f"sitemaps={edits.url('/sitemap-articles.xml')}")
    world = (f"start_urls={edits.url('/section/world')}", "max_pages=1")
    unlisted, gone = [a.path for a in load_demo_articles() if a.section != "world"][:2]
    edits.edit(unlisted, "edit", n=5)
    edits.edit(gone, "gone")

    mark = last_n(edits)
    crawl("news", tmp_path, *world, NEWSCRAWL_REVISITS_FROM_ARCHIVE="0", **ALWAYS)
    assert len(requests_since(edits, mark, articles)) == len(world_articles())  # listed ones

    mark = last_n(edits)
    second = crawl("news", tmp_path, *world, **ALWAYS)
    revisits = requests_since(edits, mark, articles)
    assert sorted(r["path"] for r in revisits) == sorted(articles)  # each once
    assert all("if-none-match" in r["headers"] for r in revisits)
    assert second.stats()["newscrawl/incremental/revisit_archive"] == len(articles)
    assert (
        f"1 article stored (0 new, 1 changed), {len(articles) - 2} unchanged, 1 taken down"
        in second.summary
    )
    items = {urlsplit(i["url"]).path: i for i in second.feed_items("news")}
    assert (items[unlisted]["archive_status"], items[unlisted]["revision"]) == ("changed", 2)
    assert items[gone]["archive_status"] == "removed"


def test_a_scheduled_run_stops_paginating_where_nothing_is_new(
    edits: MockServer, tmp_path: Path
) -> None:
    """Page 2 of a section is read while page 1 links to an article new to the archive (the
    first run), not once everything on page 1 is archived; the due articles are revisited
    on the archive's word (or, with that off, page 2 is read for them)."""
    world = f"start_urls={edits.url('/section/world')}"

    def section_pages(**settings: str) -> tuple[list[str], CrawlResult]:
        mark = last_n(edits)
        result = crawl("news", tmp_path, world, "max_pages=2", **settings)
        requests = [r for r in edits.requests("/section/world") if r["n"] > mark]
        return [r["path"] for r in requests], result

    first, _ = section_pages()
    assert first == ["/section/world", "/section/world?page=2"]
    second, result = section_pages()
    assert second == ["/section/world"]
    assert result.stats()["newscrawl/incremental/pagination_stopped"] == 1
    assert "listing pages gave no articles" not in result.summary  # no problem of the site
    # Every article due: revisited on the archive's word, page 2's too, without page 2.
    mark = last_n(edits)
    pages, result = section_pages(**ALWAYS)
    assert pages == ["/section/world"]
    page_two = {a.path for a in load_demo_articles() if a.section == "world"} - set(
        world_articles()
    )
    revisited = {r["path"] for r in edits.requests() if r["n"] > mark} & page_two
    assert revisited and result.stats()["newscrawl/incremental/revisit_archive"] > 0
    # Without those revisits, a due article is a reason to read on.
    assert section_pages(NEWSCRAWL_REVISITS_FROM_ARCHIVE="0", **ALWAYS)[0] == first
    assert section_pages(NEWSCRAWL_PAGINATE_WHILE_NEW="False")[0] == first


def assert_claimed_story_untouched(workdir: Path, claimed_url: str) -> None:
    """The claimed story has its one revision, and the archive its five world articles."""
    archive = Archive(database_url(workdir))
    try:
        assert [r["revision"] for r in archive.revisions(claimed_url)] == [1]
        assert archive.count_articles() == 5
    finally:
        archive.close()


def test_a_canonical_link_naming_another_story_loses_neither(
    edits: MockServer, tmp_path: Path
) -> None:
    """A CMS puts one article's URL in another's rel=canonical: both stories are archived,
    each under its own URL, on a first crawl and on a revisit; neither becomes a revision
    of the other."""
    world = edits.url("/section/world")
    claimant, claimed = world_articles()[1], world_articles()[3]
    edits.edit(claimant, "canonical", to=claimed)
    first = crawl("news", tmp_path, f"start_urls={world}", "max_pages=1", **ALWAYS)
    assert "5 articles stored (5 new, 0 changed)" in first.summary
    archive = Archive(database_url(tmp_path))
    try:
        stored = {urlsplit(a["url"]).path: a for a in archive.iter_articles()}
        assert sorted(stored) == sorted(world_articles())
        for path in (claimant, claimed):
            assert urlsplit(stored[path]["canonical_url"]).path == path
        titles = {stored[claimant]["title"], stored[claimed]["title"]}
        assert len(titles) == 2
    finally:
        archive.close()
    # A revisit of the claimant: refused again, no revision of the claimed story.
    second = crawl("news", tmp_path, f"start_urls={world}", "max_pages=1", **ALWAYS)
    assert "0 changed" in second.summary
    assert_claimed_story_untouched(tmp_path, edits.url(claimed))


def test_a_canonical_url_no_listing_links_is_asked_for_by_the_revisits(
    edits: MockServer, tmp_path: Path
) -> None:
    """A page names as canonical a URL no page the crawl reads links to: the record is held
    under that URL, which was never fetched. Revisits ask for it (they asked for the page
    again, for ever): it is another story, so the record moves to its own URL."""
    world = edits.url("/section/world")
    claimant = world_articles()[1]
    unlisted = next(a.path for a in load_demo_articles() if a.section == "politics")
    edits.edit(claimant, "canonical", to=unlisted)
    crawl("news", tmp_path, f"start_urls={world}", "max_pages=1", **ALWAYS)
    edits.clear_log()
    crawl("news", tmp_path, f"start_urls={world}", "max_pages=1", **ALWAYS)
    assert unlisted in {r["path"] for r in edits.requests()}
    archive = Archive(database_url(tmp_path))
    try:
        stored = {urlsplit(a["url"]).path: a for a in archive.iter_articles()}
        assert {claimant, unlisted} <= set(stored)
        for path in (claimant, unlisted):
            assert urlsplit(stored[path]["canonical_url"]).path == path
    finally:
        archive.close()


def test_a_revisit_that_names_another_story_canonical_is_refused_and_said(
    edits: MockServer, tmp_path: Path
) -> None:
    """Both stories archived; then the CMS puts one's URL in the other's rel=canonical."""
    world = edits.url("/section/world")
    claimant, claimed = world_articles()[1], world_articles()[3]
    crawl("news", tmp_path, f"start_urls={world}", "max_pages=1", **ALWAYS)
    edits.edit(claimant, "canonical", to=claimed)
    second = crawl("news", tmp_path, f"start_urls={world}", "max_pages=1", **ALWAYS)
    assert second.stats()["newscrawl/archive/canonical_refused"] == 1
    # Said with the URL the page named, not its own (the item has its own by then).
    said = f"{edits.url(claimant)} names {edits.url(claimed)} as its canonical URL"
    assert said in second.log
    assert_claimed_story_untouched(tmp_path, edits.url(claimed))
    # Still named at the next revisit (the page fetched again, its noise changed):
    # counted, not said again.
    edits.edit(claimant, "canonical", to=claimed, n=2)
    third = crawl("news", tmp_path, f"start_urls={world}", "max_pages=1", **ALWAYS)
    assert third.stats()["newscrawl/archive/canonical_refused"] == 1
    assert said not in third.log
    assert_claimed_story_untouched(tmp_path, edits.url(claimed))
