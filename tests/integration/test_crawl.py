"""End to end: real ``scrapy crawl`` processes against the mock news site."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit
from urllib.request import urlopen

import pytest

from newscrawl.demo import DEMO_SECTIONS, load_demo_articles
from newscrawl.spiders._feeds import feed_links
from newscrawl.storage import Archive
from tests.integration.crawl import CrawlResult, crawl, database_url, run_scrapy
from tests.integration.faults import links_url
from tests.mockserver import MockServer
from tests.mockserver.edge import BROKEN_TITLE, edge_cases
from tests.mockserver.resources.fresh import STORIES

SECTIONS_PER_PAGE = 5


def section_urls(server: MockServer) -> str:
    paths = [f"/section/{slug}" for slug in DEMO_SECTIONS] + ["/section/edge-cases"]
    return ",".join(server.url(p) for p in paths)


def archived(workdir: Path) -> dict[str, dict]:
    archive = Archive(database_url(workdir))
    try:
        return {urlsplit(a["canonical_url"]).path: a for a in archive.iter_articles()}
    finally:
        archive.close()


@pytest.fixture(scope="module")
def first_crawl(mockserver: MockServer, tmp_path_factory: pytest.TempPathFactory):
    workdir = tmp_path_factory.mktemp("crawl")
    return crawl("news", workdir, f"start_urls={section_urls(mockserver)}", "max_pages=2")


def test_every_demo_article_is_archived_once(first_crawl) -> None:
    stored = archived(first_crawl.workdir)
    # One demo article is also served, identically, under an edge-case URL: whichever of
    # the two is crawled first is the one archived, and the other is skipped.
    [copy] = [c for c in edge_cases() if c.reason == "same-content"]
    assert (copy.path in stored) != (copy.duplicate_of in stored)
    paths = {copy.duplicate_of if p == copy.path else p for p in stored}
    expected = {a.path for a in load_demo_articles()}
    assert expected <= paths
    # Besides the 36 demo articles, the edge cases hold exactly one more real article.
    extra = paths - expected
    assert [stored[p]["title"] for p in extra] == [BROKEN_TITLE]


def test_archived_fields_match_the_source(first_crawl) -> None:
    stored = archived(first_crawl.workdir)
    [copy] = [c for c in edge_cases() if c.reason == "same-content"]
    stored.setdefault(str(copy.duplicate_of), stored.get(copy.path, {}))
    problems = []
    for article in load_demo_articles():
        row = stored[article.path]
        expected = {
            "title": article.title,
            "authors": list(article.authors),
            "published_at": article.published.isoformat(),
            "modified_at": article.modified.isoformat() if article.modified else None,
            "section": article.section.title(),
            "tags": list(article.tags),
            "language": "en",
            "image_caption": article.image_caption,
            "image_credit": article.image_credit,
            "site": "127.0.0.1",
        }
        problems += [
            (article.layout, article.path, name, row[name], value)
            for name, value in expected.items()
            if row[name] != value
        ]
        missing = [p for p in article.paragraphs if p not in row["body"]]
        leaked = [
            text
            for text in (article.image_caption, article.image_credit, "Advertisement", "READ MORE")
            if text in row["body"]
        ]
        if missing or leaked:
            problems.append((article.layout, article.path, "body", missing, leaked))
    assert problems == []


def test_duplicates_and_non_articles_are_counted_not_stored(first_crawl) -> None:
    stats = first_crawl.stats()
    cases = edge_cases()
    duplicates = [c for c in cases if c.expect == "duplicate"]
    dropped = [c for c in cases if c.expect == "not-article"]
    # URL variants with tracking parameters are never even requested twice: the spider
    # strips the parameters and Scrapy's duplicate filter does the rest.
    requested_twice = [c for c in duplicates if c.reason != "tracking-params"]
    skipped = sum(v for k, v in stats.items() if k.startswith("newscrawl/dropped/duplicate"))
    # A variant whose article was committed before its request went out is not even
    # downloaded: the incremental middleware finds it in the archive.
    not_fetched = stats.get("newscrawl/incremental/skipped", 0)
    assert skipped + not_fetched == len(requested_twice)
    not_articles = sum(
        v for k, v in stats.items() if k.startswith("newscrawl/dropped/") and "duplicate" not in k
    )
    assert not_articles == len(dropped)
    assert stats["newscrawl/articles/new"] == len(load_demo_articles()) + 1
    assert "newscrawl/unaccounted" not in stats
    assert stats.get("log_count/ERROR", 0) == 0
    # Each drop is one line, its reason and URL: not the item besides.
    drop_lines = [line for line in first_crawl.log.splitlines() if "INFO: Dropped: " in line]
    assert len(drop_lines) == skipped + not_articles
    assert "ArticlePage(" not in first_crawl.log


def test_summary_line_ends_the_log(first_crawl) -> None:
    last_line = first_crawl.log.strip().splitlines()[-1]
    assert "newscrawl summary:" in last_line
    summary = first_crawl.summary
    assert "37 articles stored (37 new, 0 changed)" in summary
    assert "0 errors; finished" in summary
    assert "duplicates skipped" in summary and "pages dropped (" in summary


def test_a_crawl_watches_its_articles_fields(first_crawl) -> None:
    # newscrawl's own extensions are on, the field watch among them; a first run (no
    # history to compare with) says nothing of lost fields.
    assert "'newscrawl.extensions.coverage.FieldWatch'" in first_crawl.log
    assert "'newscrawl.extensions.selectors.SelectorReport'" in first_crawl.log
    assert "newscrawl/fields_lost" not in first_crawl.log


def test_a_redesign_that_drops_the_byline_is_said(mockserver: MockServer, tmp_path: Path) -> None:
    """60 articles with their author's byline, then runs of a few new ones without, as a
    crawl from cron brings them: the loss is said once 10 articles lack the byline."""
    pattern = r"article_pattern=/fault/bylines/a-\d+"
    before = crawl("news", tmp_path, f"start_urls={mockserver.url('/fault/bylines/')}", pattern)
    assert "60 articles stored (60 new" in before.summary
    assert "fields lost" not in before.summary
    # 4 without a byline, and the 6 archived just before them with one: too soon to tell.
    first_url = mockserver.url("/fault/bylines/?first=61&count=4&byline=0")
    first = crawl("news", tmp_path, f"start_urls={first_url}", pattern)
    assert "4 articles stored (4 new" in first.summary
    assert "fields lost" not in first.summary
    second_url = mockserver.url("/fault/bylines/?first=65&count=8&byline=0")
    second = crawl("news", tmp_path, f"start_urls={second_url}", pattern)
    assert "8 articles stored (8 new" in second.summary
    assert "fields lost: authors, 0 errors; finished" in second.summary
    assert (
        "Site 127.0.0.1: 0 of its 10 newest articles (8 of the run's, 2 archived before it) "
        "have authors, where 60 of the 62 archived before those had it: has the site's "
        "markup changed?" in second.log
    )
    assert second.stats()["newscrawl/fields_lost/authors"] == 1
    fields = run_scrapy(["fields"], tmp_path)
    heading, row = (line.split() for line in fields.stdout.splitlines())
    assert dict(zip(heading, row, strict=True))["AUTHORS"] == "83%"  # 60 of 72


def test_a_crawl_listens_on_no_port(first_crawl) -> None:
    # Scrapy's debugging consoles (telnet; the remote control that runs Python code sent
    # to it) stay off in a scheduled crawl.
    assert "Telnet console listening" not in first_crawl.log
    assert "Remote control HTTP server listening" not in first_crawl.log
    assert "scrapy.extensions.remote_control" not in first_crawl.log


def test_a_first_crawl_logs_the_migrations_not_alembics_plugins(first_crawl) -> None:
    assert "Running upgrade  -> 0001" in first_crawl.log
    assert "alembic.runtime.plugins" not in first_crawl.log


def test_run_feed_holds_the_new_articles(first_crawl) -> None:
    items = first_crawl.feed_items("news")
    assert len(items) == 37
    assert {i["archive_status"] for i in items} == {"new"}
    assert all(i["body"] and i["title"] for i in items)
    # Every field of the article record (README), where each came from included.
    assert all(i["field_sources"]["title"] for i in items)
    assert {i["paywalled"] for i in items} <= {True, False}


def article_paths() -> set[str]:
    """Paths of every page of the mock site that looks like an article."""
    return {a.path for a in load_demo_articles()} | {urlsplit(c.path).path for c in edge_cases()}


def test_second_run_stores_nothing_new(first_crawl, mockserver: MockServer) -> None:
    before = max((r["n"] for r in mockserver.requests()), default=0)
    again = crawl(
        "news", first_crawl.workdir, f"start_urls={section_urls(mockserver)}", "max_pages=2"
    )
    assert "0 articles stored (0 new, 0 changed), 0 unchanged" in again.summary
    assert "0 pages dropped" in again.summary
    assert again.feed_items("news") == []
    # Nothing new, no file: the first run's is the only one.
    assert len(list((first_crawl.workdir / "feeds" / "news" / "127.0.0.1").glob("*.jsonl"))) == 1
    assert len(archived(first_crawl.workdir)) == 37
    # Not one article-looking page was downloaded: the archive answered for all of them,
    # the pages that turned out not to be articles included.
    requested = [r for r in mockserver.requests() if r["n"] > before]
    assert requested, "the second run fetched nothing at all"
    paths = {urlsplit(r["path"]).path.rstrip("/") for r in requested}
    assert not paths & {p.rstrip("/") for p in article_paths()}
    # Page 1 of each section held nothing new: page 2 (which the first run read) was not
    # asked for again.
    stats = again.stats()
    assert stats["newscrawl/incremental/pagination_stopped"] == len(DEMO_SECTIONS)
    assert stats["newscrawl/incremental/skipped"] >= len(DEMO_SECTIONS) * SECTIONS_PER_PAGE
    assert "?page=2" not in str(requested)


def test_max_pages_bounds_pagination(mockserver: MockServer, tmp_path: Path) -> None:
    world = mockserver.url("/section/world")
    result = crawl("news", tmp_path, f"start_urls={world}", "max_pages=1")
    assert result.stats()["newscrawl/articles/new"] == SECTIONS_PER_PAGE


def test_start_urls_from_a_file(mockserver: MockServer, tmp_path: Path) -> None:
    listed = tmp_path / "sections.txt"
    listed.write_text(f"# the desks\n{mockserver.url('/section/world')}\n", encoding="utf-8")
    result = crawl("news", tmp_path, f"start_urls=@{listed}", "max_pages=1")
    assert result.stats()["newscrawl/articles/new"] == SECTIONS_PER_PAGE
    missing = run_scrapy(["crawl", "news", "-a", f"start_urls=@{tmp_path / 'none.txt'}"], tmp_path)
    assert missing.returncode == 2 and "start_urls: cannot read" in missing.log
    assert "Traceback" not in missing.log


def test_article_pattern_overrides_heuristics(mockserver: MockServer, tmp_path: Path) -> None:
    result = crawl(
        "news",
        tmp_path,
        f"start_urls={section_urls(mockserver)}",
        "max_pages=2",
        r"article_pattern=/science/\d{4}/",
    )
    stored = archived(tmp_path)
    assert stored and all(path.startswith("/science/") for path in stored)
    assert result.stats()["newscrawl/articles/new"] == len(
        [a for a in load_demo_articles() if a.section == "science"]
    )


def test_output_option_works_as_in_scrapy(mockserver: MockServer, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run_scrapy(
        [
            "crawl",
            "news",
            "-a",
            f"start_urls={mockserver.url('/section/world')}",
            "-a",
            "max_pages=1",
            "-O",
            str(out),
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.log[-3000:]
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == SECTIONS_PER_PAGE
    assert list(lines[0])[:4] == ["url", "canonical_url", "site", "title"]
    assert {"field_sources", "paywalled", "archive_status"} <= set(lines[0])
    # The run feed is written too: -O adds a feed, it does not replace newscrawl's.
    assert len(result.feed_items("news")) == SECTIONS_PER_PAGE


def crawl_one_page(workdir: Path, start: str, exit_code: int = 0) -> CrawlResult:
    """The news spider from ``start``, one page a section, names resolved by tests.fakedns."""
    return crawl(
        "news",
        workdir,
        f"start_urls={start}",
        "max_pages=1",
        exit_code=exit_code,
        TWISTED_DNS_RESOLVER="tests.fakedns.FakeResolver",
    )


def test_a_start_url_under_www_may_redirect_to_the_bare_host(
    mockserver: MockServer, tmp_path: Path
) -> None:
    """www.hostb.test/... redirects to hostb.test/...: the same site, crawled."""
    bare = f"http://hostb.test:{mockserver.port}/section/world"
    start = f"http://www.hostb.test:{mockserver.port}/fault/redirect?to={quote(bare, safe='')}"
    result = crawl_one_page(tmp_path, start)
    assert result.stats()["newscrawl/articles/new"] == SECTIONS_PER_PAGE
    hosts = {urlsplit(a["url"]).hostname for a in archived(tmp_path).values()}
    assert hosts == {"hostb.test"}


def test_a_start_page_redirecting_off_the_site_is_said(
    mockserver: MockServer, tmp_path: Path
) -> None:
    """Scrapy's offsite filter says so at DEBUG level only; a crawl that found nothing must
    say why."""
    elsewhere = f"http://hostb.test:{mockserver.port}/section/world"
    start = mockserver.url(f"/fault/redirect?to={quote(elsewhere, safe='')}")
    result = crawl_one_page(tmp_path, start, exit_code=1)  # nothing crawled: a failed run
    assert result.stats().get("newscrawl/articles/new", 0) == 0
    assert f"Start page {start} redirects to {elsewhere}, outside the crawl's domains" in (
        result.log
    )
    # Said once: not again as a section page that links to no article.
    assert "links to no article" not in result.log
    assert "1 listing page gave no articles (no-article-links: 1)" in result.summary


def test_listing_pages_that_give_no_articles_are_said(
    mockserver: MockServer, tmp_path: Path
) -> None:
    """A section the site removed (404) or that now links to no article (a redesign, a
    consent page): the run says which, in warnings and in its summary line, and crawls the
    other sections."""
    world = mockserver.url("/section/world")
    removed = mockserver.url("/section/no-such-section")
    changed = mockserver.url("/fault/status?n=200")
    result = crawl("news", tmp_path, f"start_urls={world},{removed},{changed}", "max_pages=1")
    assert result.stats()["newscrawl/articles/new"] == SECTIONS_PER_PAGE
    assert f"WARNING: Section page {removed} answered HTTP 404" in result.log
    assert f"WARNING: Section page {changed} links to no article" in result.log
    assert "2 listing pages gave no articles (gone: 1, no-article-links: 1), 0 errors" in (
        result.summary
    )
    # And the run's record says so after the log is gone.
    header, row = run_scrapy(["runs"], tmp_path).stdout.splitlines()
    assert row.split()[header.split().index("EMPTY")] == "2"


def test_a_site_that_refuses_every_article_page_fails_the_run(
    mockserver: MockServer, tmp_path: Path
) -> None:
    """Section pages answered, article pages 403 (a bot block): not a quiet day. Said in
    the summary, the run failed (exit 1), recorded so; dead links (404) alone are no
    failure of the run."""
    refused = [f"/fault/status?n=403&a={n}" for n in range(3)]
    start = links_url(mockserver, *refused)
    args = (f"start_urls={start}", "article_pattern=/fault/status", "max_pages=1")
    failure = "no article page could be fetched (http-403: 3): is the site blocking the crawler?"
    result = crawl("news", tmp_path / "refused", *args, exit_code=1, failure=failure)
    assert f"Ignoring response <403 {mockserver.url(refused[0])}>" in result.log
    assert "3 article pages not fetched (http-403: 3)" in result.summary
    # Recorded, with why, for who reads `scrapy runs` after the log is gone.
    header, row, blank, why = run_scrapy(["runs"], tmp_path / "refused").stdout.splitlines()
    assert row.split()[header.split().index("RESULT")] == "failed"
    assert row.split()[header.split().index("UNFETCHED")] == "3"
    assert (blank, why) == ("", f"Run {row.split()[0]} failed: {failure}")
    gone = links_url(mockserver, "/fault/status?n=404&a=1", "/fault/status?n=410&a=2")
    result = crawl("news", tmp_path / "gone", f"start_urls={gone}", *args[1:])
    assert "2 article pages not fetched (http-404: 1, http-410: 1)" in result.summary
    # The archive remembers them: the next run does not ask for them again.
    mockserver.clear_log()
    result = crawl("news", tmp_path / "gone", f"start_urls={gone}", *args[1:])
    assert not mockserver.requests("/fault/status")
    assert "2 archived not fetched" in result.summary


def test_a_site_that_walls_every_article_page_fails_the_run(
    mockserver: MockServer, tmp_path: Path
) -> None:
    """A bot check or a consent page served with 200 in front of every article."""
    walls = links_url(mockserver, "/fault/wall?kind=captcha&a=1", "/fault/wall?kind=consent")
    failure = (
        "every article page it fetched was a wall (bot-check: 1, consent-wall: 1): the site "
        "takes the crawler for a bot and blocks it"
    )
    args = (f"start_urls={walls}", "article_pattern=/fault/wall", "max_pages=1")
    result = crawl("news", tmp_path, *args, exit_code=1, failure=failure)
    assert "2 pages dropped (bot-check: 1, consent-wall: 1)" in result.summary


def test_the_feeds_a_start_page_announces_are_read(mockserver: MockServer, tmp_path: Path) -> None:
    """The demo site's pages announce its site-wide /rss.xml: read from the home page (one
    request, though every page announces it), not from a section page, not when told no."""
    with urlopen(mockserver.url("/rss.xml")) as feed:
        in_feed = {urlsplit(url).path for url in feed_links(feed.read(), mockserver.url("/"))}
    home = mockserver.url("/")
    mockserver.clear_log()
    crawl("news", tmp_path / "home", f"start_urls={home}", "max_pages=1")
    assert len(mockserver.requests("/rss.xml")) == 1
    with_feed = set(archived(tmp_path / "home"))
    assert in_feed <= with_feed
    mockserver.clear_log()
    crawl("news", tmp_path / "no", f"start_urls={home}", "max_pages=1", "discover_feeds=no")
    assert not mockserver.requests("/rss.xml")
    assert set(archived(tmp_path / "no")) < with_feed
    crawl("news", tmp_path / "section", f"start_urls={mockserver.url('/section/world')}")
    assert not mockserver.requests("/rss.xml")


def test_a_page_that_says_less_than_its_feed_has_the_feed_s_word(
    mockserver: MockServer, tmp_path: Path
) -> None:
    """The feed's pubDate, dc:creator and category go with the page to extraction, and are
    kept for reprocess."""
    # No date, author or tag on these pages nor in their URLs; the feed gives the first's.
    listed = "/fault/encoding/windows-1255?byline=no"
    unlisted = "/fault/encoding/shift_jis?byline=no"
    query = "&".join(
        f"u={quote(mockserver.url(path), safe='')}&d={quote(when)}&a={quote(author)}&c={tag}"
        for path, when, author, tag in [
            (listed, "Fri, 14 Mar 2025 09:30:00 +0200", "Ruth Calloway", "Ferries"),
            (unlisted, "", "", ""),
        ]
    )
    crawl("news", tmp_path, f"start_urls={mockserver.url('/fault/feed')}?{query}")
    for _ in ("crawl", "reprocess"):
        stored = archived(tmp_path)
        first, second = stored[urlsplit(listed).path], stored[urlsplit(unlisted).path]
        assert first["published_at"] == "2025-03-14T09:30:00+02:00"
        assert first["authors"] == ["Ruth Calloway"]
        assert first["tags"] == ["Ferries"]
        assert {first["field_sources"][name] for name in ("published_at", "authors", "tags")} == {
            "listing"
        }
        assert (second["published_at"], second["authors"], second["tags"]) == (None, [], [])
        result = run_scrapy(["reprocess"], tmp_path)
        assert result.returncode == 0, result.log[-3000:]


def test_a_story_published_a_minute_before_the_crawl_keeps_its_time(
    mockserver: MockServer, tmp_path: Path
) -> None:
    """A page's date within seconds of the server's Date (less Age) is the server's "now",
    dropped; one 30-40 s before it is the story's, kept; through reprocess and a WARC file
    exported and imported again too. (On our clock alone, with its minute's allowance for a
    server's clock, the fresh times were dropped and a skewed server's "now" kept.)"""
    cases = {  # headline: (query, seconds before the crawl the story was published)
        STORIES[0][0]: ("story=0&ago=30", 30),
        STORIES[1][0]: ("story=1&ago=30&skew=180", 30 - 180),  # the server's clock is ahead
        STORIES[2][0]: ("story=2&ago=40&age=600", 640),  # a cache made the page 10 min ago
    }
    pages = [f"/fault/fresh?{query}" for query, _ in cases.values()]
    started = datetime.now(UTC)
    crawl("news", tmp_path, f"start_urls={links_url(mockserver, *pages)}", "max_pages=1",
          "article_pattern=/fault/fresh")  # fmt: skip

    def check(workdir: Path) -> None:
        archive = Archive(database_url(workdir))
        try:
            stored = {a["title"]: a for a in archive.iter_articles()}
            assert {a["revision"] for a in stored.values()} == {1}
        finally:
            archive.close()
        assert stored.keys() == cases.keys()
        for title, (_, before) in cases.items():
            published = datetime.fromisoformat(stored[title]["published_at"])
            assert abs(published - (started - timedelta(seconds=before))) < timedelta(seconds=30)
            assert stored[title]["field_sources"]["published_at"] == "opengraph"
            assert stored[title]["modified_at"] is None  # the server's "now"

    check(tmp_path)
    reprocessed = run_scrapy(["reprocess"], tmp_path)
    assert reprocessed.returncode == 0, reprocessed.log[-3000:]
    check(tmp_path)
    warc = tmp_path / "pages.warc.gz"
    assert run_scrapy(["export", "-o", str(warc)], tmp_path).returncode == 0
    imported = run_scrapy(["importwarc", "--any-url", str(warc)], tmp_path / "imported")
    assert imported.returncode == 0, imported.log[-3000:]
    check(tmp_path / "imported")


def test_a_section_page_taken_for_an_article_is_dropped(
    mockserver: MockServer, tmp_path: Path
) -> None:
    """A listing whose URL the pattern takes for an article's is counted as a listing page,
    not archived as an article of its teasers' standfirsts."""
    article = load_demo_articles()[0]
    start = links_url(mockserver, "/section/world", article.path)
    result = crawl("news", tmp_path, f"start_urls={start}", "max_pages=1",
                   r"article_pattern=/section/world$|/\d{4}/\d{2}/\d{2}/")  # fmt: skip
    assert result.stats()["newscrawl/dropped/listing-page"] == 1
    assert "listing-page: 1" in result.summary
    assert [a["title"] for a in archived(tmp_path).values()] == [article.title]


def test_the_sections_a_home_page_menu_links_to_are_crawled(
    mockserver: MockServer, tmp_path: Path
) -> None:
    """``discover_sections=yes``: the demo site's menu lists its sections; each is read once
    (every page has the menu), with its pagination, and the articles they list are
    archived; the menu's About page is no section. Without it, the home page alone."""
    home = mockserver.url("/")
    args = ("news", f"start_urls={home}", "max_pages=2", "discover_feeds=no")
    mockserver.clear_log()
    result = crawl(args[0], tmp_path / "sections", *args[1:], "discover_sections=yes")
    paths = [r["path"] for r in mockserver.requests()]
    for slug in DEMO_SECTIONS:
        assert paths.count(f"/section/{slug}") == 1
        assert paths.count(f"/section/{slug}?page=2") == 1
    assert "/about" not in paths
    assert result.stats()["newscrawl/section/discovered"] == len(DEMO_SECTIONS)
    assert {a.path for a in load_demo_articles()} <= set(archived(tmp_path / "sections"))
    mockserver.clear_log()
    crawl(args[0], tmp_path / "home", *args[1:])
    assert not mockserver.requests("/section/")
    assert len(archived(tmp_path / "home")) < len(load_demo_articles())


def test_articles_the_archive_refused_fail_the_run_and_come_next_time(
    mockserver: MockServer, tmp_path: Path
) -> None:
    """A database that refuses the writes (a full disk, here a trigger): the run says so and
    exits with 1, nothing is marked archived, and the next run stores every article."""
    archive = Archive(database_url(tmp_path))
    with archive.engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE INSERT ON articles "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full (test)'); END"
        )
    archive.close()
    world = mockserver.url("/section/world")
    failed = crawl("news", tmp_path, f"start_urls={world}", "max_pages=1", exit_code=None)
    assert failed.returncode == 1
    assert "database or disk is full (test)" in failed.log
    assert "NoResultFound" not in failed.log  # the database's error, not a consequence of it
    assert f"ERROR: Run failed: {SECTIONS_PER_PAGE} article pages were not stored" in failed.log
    assert not archived(tmp_path)
    archive = Archive(database_url(tmp_path))
    with archive.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER refuse")
    archive.close()
    again = crawl("news", tmp_path, f"start_urls={world}", "max_pages=1")
    assert again.stats()["newscrawl/articles/new"] == SECTIONS_PER_PAGE == len(archived(tmp_path))


def test_crawl_stays_on_the_site(mockserver: MockServer, tmp_path: Path) -> None:
    crawl("news", tmp_path, f"start_urls={mockserver.url('/')}", "max_pages=1")
    hosts = {urlsplit(a["url"]).hostname for a in archived(tmp_path).values()}
    assert hosts == {"127.0.0.1"}


def test_bad_spider_arguments_fail_clearly(tmp_path: Path) -> None:
    result = run_scrapy(
        ["crawl", "news", "-a", "start_urls=http://example.com/", "-a", "max_pages=many"], tmp_path
    )
    assert result.returncode == 2
    assert "max_pages='many': expected a whole number" in result.log
    assert "Traceback" not in result.log


def test_a_mistyped_spider_or_argument_names_the_likely_one(tmp_path: Path) -> None:
    result = run_scrapy(["crawl", "jpots"], tmp_path)
    assert result.returncode == 2
    assert "no spider 'jpots'; did you mean 'jpost'?" in result.log
    assert "demo, jpost, news" in result.log and "Traceback" not in result.log
    result = run_scrapy(["crawl", "news", "-a", "start_url=http://example.com/"], tmp_path)
    assert result.returncode == 2
    assert "unknown argument 'start_url' (did you mean 'start_urls'?)" in result.log
    assert "max_pages, site" in result.log  # every argument the spider takes
    # A spider argument given as an option, or without -a: said, nothing made.
    start = "start_urls=http://example.com/"
    for mistake, said in (
        (["-a", start, "--maxpages=3"], "unknown option --maxpages (spider arguments are"),
        ([start], f"unexpected argument {start!r} (spider arguments are given as -a"),
        (["-a", start, "--outptu", "x.jsonl"], "unknown option --outptu (did you mean --output?)"),
    ):
        result = run_scrapy(["crawl", "news", *mistake], tmp_path / "m")
        assert result.returncode == 2 and said in result.log, mistake
    assert not (tmp_path / "m").exists()  # no archive made before the mistake was said


@pytest.mark.parametrize(
    ("given", "said"),
    [
        # A traceback for every article stored, a run "finished" with exit code 0, and
        # the articles in no feed.
        ({"NEWSCRAWL_FEEDS_DIR": "{blocked}"}, "run feeds to {blocked} (NEWSCRAWL_FEEDS_DIR)"),
        # A traceback for every article stored and a failed run, though the archive had
        # them all: the next run skipped them, so they reached no feed.
        ({"NEWSCRAWL_WARC_DIR": "{blocked}"}, "WARC files to {blocked} (NEWSCRAWL_WARC_DIR)"),
        # Scrapy's own feed export: an error for every item, no file, exit code 0.
        ({"-O": "{blocked}/out.jsonl"}, "the feed {blocked}/out.jsonl (its folder {blocked})"),
    ],
)
def test_an_output_folder_that_cannot_be_made_stops_the_crawl_in_one_line(
    mockserver: MockServer, tmp_path: Path, given: dict[str, str], said: str
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("")  # a file where the folder would be
    given = {name: value.format(blocked=blocked) for name, value in given.items()}
    options = [item for name, value in given.items() if name == "-O" for item in (name, value)]
    settings = {name: value for name, value in given.items() if name != "-O"}
    start = f"start_urls={mockserver.url('/section/world')}"
    mockserver.clear_log()
    result = run_scrapy(["crawl", "news", "-a", start, *options], tmp_path, **settings)
    assert result.returncode == 73, result.log[-3000:]
    message = f"Not crawling: cannot write {said.format(blocked=blocked)}: a file is in the way"
    assert message in result.log
    assert "Traceback" not in result.log and not mockserver.requests("/section/world")


def test_the_log_files_folder_is_made_and_a_log_that_cannot_be_written_is_one_line(
    mockserver: MockServer, tmp_path: Path
) -> None:
    """Scrapy opens LOG_FILE before our code runs: a missing folder was a traceback, exit 1."""
    start = f"start_urls={mockserver.url('/section/world')}"
    log = tmp_path / "logs" / "nightly" / "news.log"
    result = run_scrapy(["crawl", "news", "-a", start], tmp_path, LOG_FILE=str(log))
    assert result.returncode == 0, result.log[-3000:]
    assert "newscrawl summary: " in log.read_text(encoding="utf-8")
    assert "Traceback" not in result.log
    in_the_way = tmp_path / "taken.log"
    in_the_way.mkdir()
    mockserver.clear_log()
    result = run_scrapy(["crawl", "news", "-a", start, "--logfile", str(in_the_way)], tmp_path)
    assert result.returncode == 73, result.log[-3000:]
    assert f"Not crawling: cannot write the log to {in_the_way} (LOG_FILE): a folder is in" in (
        result.log
    )
    assert "Traceback" not in result.log and not mockserver.requests("/section/world")


def test_an_archive_that_cannot_be_opened_stops_the_crawl_in_one_line(tmp_path: Path) -> None:
    """A URL that is none: usage error (2); a database down: EX_TEMPFAIL (75), no tracebacks."""
    result = run_scrapy(["crawl", "demo"], tmp_path, NEWSCRAWL_DATABASE_URL="archive.db")
    assert result.returncode == 2
    assert "NEWSCRAWL_DATABASE_URL 'archive.db' is not a database URL" in result.log
    down = "postgresql+psycopg://newscrawl:secret@127.0.0.1:1/news"  # nothing listens on 1
    result = run_scrapy(["crawl", "demo"], tmp_path, NEWSCRAWL_DATABASE_URL=down)
    assert result.returncode == 75
    assert "Not crawling: cannot open the archive at postgresql+psycopg://newscrawl:***@" in (
        result.log
    )
    assert "secret" not in result.log and "Traceback" not in result.log


def test_scrapy_list_shows_profile_spiders(tmp_path: Path) -> None:
    result = run_scrapy(["list"], tmp_path)
    assert result.returncode == 0
    assert {"demo", "jpost", "news"} <= set(result.stdout.split())


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ({"DOWNLOAD_DELAY": "abc"}, "setting DOWNLOAD_DELAY='abc': could not convert"),
        ({"NEWSCRAWL_MAXPAGES": "3"}, "-s NEWSCRAWL_MAXPAGES: no such setting (did you mean"),
    ],
)
def test_scrapy_list_says_a_setting_the_crawl_cannot_read(
    tmp_path: Path, setting: dict[str, str], said: str
) -> None:
    """A cron line's settings tried with scrapy list: it listed the spiders, exit code 0, and
    the crawl then stopped on them."""
    result = run_scrapy(["list"], tmp_path, **setting)
    assert result.returncode == 2, result.log
    assert result.stdout == ""
    assert result.log.strip().splitlines()[-1].startswith(f"scrapy: error: {said}")


def test_demo_crawl_serves_itself(tmp_path: Path) -> None:
    # A user's own SSRF allow list adds to the demo's loopback address, not replaces it.
    result = crawl("demo", tmp_path, NEWSCRAWL_DEMO_PORT="0", NEWSCRAWL_SSRF_ALLOW="10.1.0.0/16")
    assert "36 articles stored (36 new, 0 changed)" in result.summary
    assert len(result.feed_items("demo")) == 36


def test_a_setting_that_cannot_be_read_stops_the_crawl_in_one_line(tmp_path: Path) -> None:
    """Before the crawl starts: not a traceback from inside the reactor."""
    for setting, said in (
        ("NEWSCRAWL_REVISIT_SCHEDULE=bogus", "expected AGE:INTERVAL, e.g. 3h:15m"),
        ("NEWSCRAWL_EXTRACT_WORKERS=abc", "NEWSCRAWL_EXTRACT_WORKERS='abc'"),
        ("NEWSCRAWL_SSRF_ALLOW=10.0.0.0/99", "'10.0.0.0/99' is not an address or network"),
        ("NEWSCRAWL_MAXPAGES=1", "no such setting (did you mean NEWSCRAWL_MAX_PAGES?)"),
    ):
        name, value = setting.split("=")
        result = run_scrapy(["crawl", "demo"], tmp_path, **{name: value})
        assert result.returncode == 2, setting
        assert said in result.log and "Traceback" not in result.log, result.log


def test_crawl_without_archive_accounts_for_every_page(
    mockserver: MockServer, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    result = run_scrapy(
        [
            "crawl",
            "news",
            "-a",
            f"start_urls={mockserver.url('/section/world')}",
            "-a",
            "max_pages=1",
            "-O",
            str(out),
        ],
        tmp_path,
        NEWSCRAWL_DATABASE_URL="",
    )
    assert result.returncode == 0, result.log[-3000:]
    assert len(out.read_text().splitlines()) == SECTIONS_PER_PAGE
    assert "unaccounted" not in result.log and "0 errors" in result.summary
