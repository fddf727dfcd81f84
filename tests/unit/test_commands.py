import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.commands import ScrapyCommand, ScrapyHelpFormatter
from scrapy.settings import Settings

from newscrawl.commands import reprocess
from newscrawl.commands.history import render_history, revision_diff
from newscrawl.commands.reprocess import reprocess_archive
from newscrawl.commands.size import render_sizes
from newscrawl.demo import load_demo_articles
from newscrawl.demo.layouts import render_article
from newscrawl.extract.listing import Listing
from newscrawl.items import ArticlePage
from newscrawl.sites import load_profiles
from newscrawl.storage import Archive
from tests.unit.test_archive import article
from tests.utils import another_thread, ctrl_c_arriving


def revision(n: int, title: str, body: str, authors: list[str]) -> dict:
    return {
        "url": "https://e.com/a-1", "revision": n, "title": title, "body": body,
        "authors": authors, "description": None, "word_count": len(body.split()),
        "seen_at": datetime(2026, 11, 28, 9, n), "source": "crawl",
    }  # fmt: skip


def test_history_shows_what_changed() -> None:
    old = revision(1, "Mayor resigns", "First paragraph.\n\nThe vote was 31 to 12.", ["A B"])
    new = revision(
        2, "Mayor resigns after vote", "First paragraph.\n\nThe vote was 30 to 13.\n\nMore.",
        ["A B", "C D"],
    )  # fmt: skip
    assert revision_diff(old, new) == [
        "~ Title: Mayor resigns {+after vote+}",
        "~ Authors: A [-B-]{+B, C D+}",
        "~ The vote was [-31-]{+30+} to [-12.-]{+13.+}",
        "+ More.",
    ]
    text = render_history([old, new])
    assert text.splitlines()[0] == "https://e.com/a-1: 2 revision(s)"
    assert "Revision 2, seen 2026-11-28 09:02:00 UTC (crawl)" in text
    unchanged = render_history([old, {**old, "revision": 2}])
    assert "(no change in title, authors, standfirst or body)" in unchanged


def test_history_says_where_each_revision_was_read_when_the_story_moved() -> None:
    old = {**revision(1, "Mayor resigns", "The vote.", ["A B"]), "page_url": "https://e.com/a-0"}
    same = {**revision(2, "Mayor quits", "The vote.", ["A B"]), "page_url": "https://e.com/a-0"}
    moved = {**revision(3, "Mayor quits", "The vote!", ["A B"]), "page_url": "https://e.com/a-1"}
    kept = {**revision(4, "Mayor quits", "The vote.", ["A B"]), "page_url": None}
    lines = render_history([old, same, moved, kept]).splitlines()
    # The first revision was read where the story was then; the third where it is now.
    assert [line for line in lines if line.startswith("  At: ")] == [
        "  At: https://e.com/a-0",
        "  At: https://e.com/a-1",
    ]
    assert lines.index("  At: https://e.com/a-1") > lines.index(
        "Revision 3, seen 2026-11-28 09:03:00 UTC (crawl), 2 words"
    )


def test_history_shows_when_the_article_was_down_among_its_revisions() -> None:
    """Taken down, back online edited (the revision seen as it came back), down again."""
    old = revision(1, "Mayor resigns", "The vote was 31 to 12.", ["A B"])
    new = revision(2, "Mayor resigns", "The vote was 30 to 13.", ["A B"])
    down = [
        (datetime(2026, 11, 28, 9, 1, 30), new["seen_at"]),
        (datetime(2026, 11, 28, 9, 5), None),
    ]
    text = render_history([old, new], down)
    assert text.splitlines()[0] == "https://e.com/a-1: 2 revision(s), taken down 2 time(s)"
    events = [line for line in text.splitlines() if line and not line.startswith("  ")]
    assert events[1:] == [
        "Revision 1, seen 2026-11-28 09:01:00 UTC (crawl), 6 words",
        "Taken down 2026-11-28 09:01:30 UTC: answering 404 or 410",
        "Back online 2026-11-28 09:02:00 UTC",
        "Revision 2, seen 2026-11-28 09:02:00 UTC (crawl), 6 words",
        "Taken down 2026-11-28 09:05:00 UTC: answering 404 or 410",
        "Down since 2026-11-28 09:05:00 UTC",
    ]
    assert "  ~ The vote was [-31-]{+30+} to [-12.-]{+13.+}" in text


def test_reprocess_reextracts_raw_pages_without_network(tmp_path: Path) -> None:
    demo = load_demo_articles()[0]
    url = demo.url("http://127.0.0.1:8047")
    html = render_article(demo, "http://127.0.0.1:8047", canonical=url)
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        # As an older, buggier extractor stored it: a wrong title and a cut body.
        stale = article(url, "stale", title="Wrong title", body=demo.paragraphs[0], site="demo")
        archive.store_articles([stale], [ArticlePage(url=url, body=html, site="demo")])
        assert reprocess_archive(archive, site="other") == {}
        outcomes = reprocess_archive(archive, site="demo")
        assert outcomes == {"changed": 1}
        [current] = archive.iter_articles()
        assert current["title"] == demo.title and current["revision"] == 2
        assert demo.paragraphs[-1] in current["body"]
        revisions = archive.revisions(url)
        assert [r["source"] for r in revisions] == ["crawl", "reprocess"]
        assert revisions[1]["raw_page_id"] == revisions[0]["raw_page_id"]
        # The same code again: nothing changes.
        assert reprocess_archive(archive) == {"unchanged": 1}
        [size] = archive.size_report()
        assert (size.site, size.articles, size.revisions, size.raw_pages) == ("demo", 1, 2, 1)
        assert size.raw_bytes == len(html) > size.stored_bytes
        assert "demo" in render_sizes([size])
    finally:
        archive.close()


def test_reprocess_reads_a_page_with_its_listing_as_the_crawl_did(tmp_path: Path) -> None:
    """What the feed said of the page is kept with the raw page, an input of its extraction."""
    url = "https://e.com/blog/why"
    words = " ".join(f"word{n}" for n in range(120))
    html = f"<html><head><title>Why</title></head><body><h1>Why</h1><p>{words}</p></body></html>"
    listed = "2026-11-20T08:15:00+01:00"
    listing = Listing(listed, ("A B",), ("Ferries",))
    page = ArticlePage(url=url, body=html.encode(), site="e", listing=listing)
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        # As the crawl stored it, but for a date an older extractor did not take.
        stale = article(url, "stale", title="Why", body=words, site="e", published_at=None)
        archive.store_articles([stale], [page])
        reprocess_archive(archive)
        [current] = archive.iter_articles()
        assert current["published_at"] == listed
        assert current["field_sources"]["published_at"] == "listing"
        assert current["authors"] == ["A B"]  # a new revision: the stale one had Jane Doe
        assert current["tags"] == ["Ferries"]
    finally:
        archive.close()


def test_reprocess_reads_a_page_with_the_layout_of_its_fetch(tmp_path: Path) -> None:
    """A redesign gave a class another meaning: the old pages keep their old selectors."""
    sites_dir = tmp_path / "sites"
    sites_dir.mkdir()
    (sites_dir / "e.toml").write_text(
        'name = "e"\ndomains = ["e.com"]\nsections = ["https://e.com/news"]\n'
        '[selectors]\nsection = ".label"\n'
        '[[earlier_selectors]]\nuntil = 2024-06-01\nsection = ".rubric"\n'
    )
    words = " ".join(f"word{n}" for n in range(120))

    def page(slug: str, markup: str, fetched: datetime) -> tuple[dict, ArticlePage]:
        url = f"https://e.com/news/{slug}"
        html = f"<html><body><h1>{slug}</h1>{markup}<p>{words}</p></body></html>"
        stale = article(url, slug, title=slug, body=words, site="e", section=None)
        return stale, ArticlePage(url=url, body=html.encode(), site="e", fetched_at=fetched)

    # In the old layout ".label" was a photo's credit; in the new one, the section's name.
    old = page(
        "old",
        '<div class="rubric">Politics</div><figure><img src="/a.jpg">'
        '<span class="label">Photo: Agency</span></figure>',
        datetime(2023, 3, 1, 9, 0),
    )
    new = page("new", '<div class="label">Sport</div>', datetime(2025, 3, 1, 9, 0))
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        archive.store_articles([old[0], new[0]], [old[1], new[1]])
        assert reprocess_archive(archive, profiles=load_profiles(sites_dir)) == {"changed": 2}
        sections = {a["title"]: (a["section"], a["field_sources"]["section"]) for a in
                    archive.iter_articles()}  # fmt: skip
        assert sections == {"old": ("Politics", "selector"), "new": ("Sport", "selector")}
    finally:
        archive.close()


@pytest.mark.parametrize("width", [50, 80, 120])
def test_every_command_s_help_reads_at_any_terminal_width(width: int) -> None:
    """Scrapy's help formatter makes any help line that ends with a colon a heading
    ("Only Articles In This Language (Iso 639-1: De; A Tag" over a line of "="): no help
    text may break there, at whatever width the terminal wraps it."""
    for name, command in sorted(_newscrawl_commands().items()):
        parser = argparse.ArgumentParser(
            formatter_class=lambda prog: ScrapyHelpFormatter(prog, width=width),
            conflict_handler="resolve",
        )
        command.settings = Settings()
        command.add_options(parser)
        lines = parser.format_help().splitlines()
        headings = [lines[n - 1] for n in range(1, len(lines)) if set(lines[n]) in ({"="}, {"-"})]
        assert headings == ["Usage", "Options", "Global Options"], (name, headings)


def _newscrawl_commands() -> dict[str, ScrapyCommand]:
    from scrapy.cmdline import _get_commands_from_module

    return _get_commands_from_module("newscrawl.commands", inproject=True)


def test_ctrl_c_stops_reprocess_in_one_line_keeping_what_it_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It was a KeyboardInterrupt traceback."""
    demos = load_demo_articles()[:3]
    url = f"sqlite:///{tmp_path}/a.sqlite"
    archive = Archive(url)
    for demo in demos:
        link = demo.url("http://127.0.0.1:8047")
        html = render_article(demo, "http://127.0.0.1:8047", canonical=link)
        stale = article(link, demo.path, title="Wrong title", body=demo.paragraphs[0], site="demo")
        archive.store_articles([stale], [ArticlePage(url=link, body=html, site="demo")])
    archive.close()
    extracted = reprocess.reextract
    calls = iter(range(3))

    def reextract(*args: Any) -> dict[str, Any]:
        if next(calls) == 2:
            raise KeyboardInterrupt
        return extracted(*args)

    monkeypatch.setattr(reprocess, "reextract", reextract)
    monkeypatch.setattr(reprocess, "BATCH", 1)
    command = reprocess.Command()
    command.settings = Settings()
    command.settings.setmodule("newscrawl.settings")
    command.settings.set("NEWSCRAWL_DATABASE_URL", url)
    with pytest.raises(SystemExit) as stopped:
        command.run([], argparse.Namespace(site=None))
    assert stopped.value.code == 130
    said = capsys.readouterr().err
    assert said == "Stopped after 2 articles (2 changed); what was stored stays in the archive\n"
    archive = Archive(url)
    try:
        assert sorted(a["revision"] for a in archive.iter_articles()) == [1, 2, 2]
    finally:
        archive.close()


def test_ctrl_c_during_a_reprocess_commit_arrives_after_its_counting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "Stopped after 0 articles" where a batch of 3 had been stored: Ctrl-C came between
    the batch's commit and the counting of its outcomes (in another thread: the
    extractor's libraries start some)."""
    from collections import Counter
    from types import SimpleNamespace

    class Interrupted:
        def iter_raw_sources(self, site: str | None) -> Any:
            for n in range(3):
                yield n, "e", SimpleNamespace(id=n, fetched_at=datetime(2026, 11, 1))

        def reprocess(self, batch: list) -> Counter[str]:
            ctrl_c_arriving()  # while the batch commits
            return Counter(changed=len(batch))

    monkeypatch.setattr(reprocess, "reextract", lambda raw, site, profiles: {"site": site})
    outcomes: Counter[str] = Counter()
    with another_thread(), pytest.raises(KeyboardInterrupt):
        reprocess_archive(Interrupted(), profiles={}, outcomes=outcomes)  # type: ignore[arg-type]
    assert outcomes == {"changed": 3}
