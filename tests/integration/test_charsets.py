"""Legacy encodings end to end: the title in the archive is the page's, whatever it declares."""

from __future__ import annotations

from pathlib import Path

from newscrawl.storage import Archive
from tests.integration.crawl import crawl, database_url
from tests.integration.faults import links_url
from tests.mockserver import MockServer
from tests.mockserver.resources.encoding import TITLES

#: Encoding endpoint (charset and query) -> language of its text.
CASES = {
    "windows-1255": "he",
    "windows-1256": "ar",
    "iso-8859-8": "he",
    "shift_jis": "ja",
    "euc-jp": "ja",
    # Only <meta> names the charset.
    "windows-1255?header=none": "he",
    "shift_jis?header=none": "ja",
    # Nothing does (or a server's utf-8 no byte bears out): the page's language's default.
    "windows-1256?header=none&meta=none": "ar",
    "windows-1255?header=none&meta=none": "he",
    "windows-1255?header=utf-8&meta=none": "he",
    # Header and <meta> disagree: a server default or a wrong UTF-8 header ...
    "windows-1255?header=iso-8859-1": "he",
    "windows-1256?header=utf-8": "ar",
    "shift_jis?header=iso-8859-1": "ja",
    # ... or a stale <meta>.
    "windows-1255?meta=iso-8859-1": "he",
    "shift_jis?meta=utf-8": "ja",
    # A BOM beats both.
    "utf-8?bom=1&header=iso-8859-1&meta=windows-1255&lang=he": "he",
    "utf-8?bom=1&header=none&meta=none&lang=ja": "ja",
}


def test_titles_come_out_right_in_the_archive(mockserver: MockServer, tmp_path: Path) -> None:
    paths = [f"/fault/encoding/{case}" for case in CASES]
    result = crawl(
        "news",
        tmp_path,
        f"start_urls={links_url(mockserver, *paths)}",
        "article_pattern=/fault/encoding/",
        "max_pages=1",
        NEWSCRAWL_MIN_WORDS="3",
    )
    archive = Archive(database_url(tmp_path))
    try:
        titles = sorted(a["title"] for a in archive.iter_articles())
    finally:
        archive.close()
    # Every variant of a language decodes to the same text: one article per language is
    # stored, and every other variant is dropped as a copy of it. A page decoded wrongly
    # would have been stored as an article of its own, with a garbled title.
    assert titles == sorted(TITLES.values())
    stats = result.stats()
    assert stats["newscrawl/dropped/duplicate-content"] == len(CASES) - len(TITLES)
    assert stats["newscrawl/pages/article"] == len(CASES)


def test_a_crawl_keeps_only_the_languages_it_asks_for(
    mockserver: MockServer, tmp_path: Path
) -> None:
    """Hebrew and Japanese asked for: the Arabic page is dropped, and not fetched again."""
    paths = [
        "/fault/encoding/windows-1255",
        "/fault/encoding/windows-1256",
        "/fault/encoding/shift_jis",
    ]
    arguments = (
        f"start_urls={links_url(mockserver, *paths)}",
        "article_pattern=/fault/encoding/",
        "keep_languages=he,ja",
    )
    first = crawl("news", tmp_path, *arguments, NEWSCRAWL_MIN_WORDS="3")
    archive = Archive(database_url(tmp_path))
    try:
        assert sorted(a["language"] for a in archive.iter_articles()) == ["he", "ja"]
    finally:
        archive.close()
    assert first.stats()["newscrawl/dropped/other-language"] == 1
    assert "1 page dropped (other-language: 1)" in first.summary
    again = crawl("news", tmp_path, *arguments, NEWSCRAWL_MIN_WORDS="3")
    assert again.stats().get("newscrawl/pages/article", 0) == 0
