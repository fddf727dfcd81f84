"""Listing pages asked for conditionally on the next run, read from the archive on a 304."""

from __future__ import annotations

from pathlib import Path

from newscrawl.demo import load_demo_articles
from tests.integration.crawl import crawl, run_scrapy
from tests.mockserver import MockServer


def test_unchanged_listings_are_not_downloaded_again(
    mockserver: MockServer, tmp_path: Path
) -> None:
    """The mock site's sections, feeds and sitemaps send an ETag. The second run asks with
    it, gets 304s, and still reads every article link from the kept copies (each one is
    looked up in the archive: "archived not fetched")."""
    listings = ["/section/world", "/rss.xml", "/sitemap-news.xml"]
    section, feed, sitemap = (mockserver.url(path) for path in listings[:3])
    arguments = (f"start_urls={section}", f"feeds={feed}", f"sitemaps={sitemap}", "max_pages=1")
    first = crawl("news", tmp_path, *arguments)
    stored = int(first.summary.split(" articles stored")[0].rsplit(" ", 1)[1])
    assert stored > 0
    assert first.stats()["newscrawl/revalidate/kept"] >= len(listings)

    mockserver.clear_log()
    second = crawl("news", tmp_path, *arguments)
    answers = {r["path"]: r for r in mockserver.requests() if r["path"] in listings}
    assert sorted(answers) == sorted(listings)
    assert {r["status"] for r in answers.values()} == {304}
    assert all("if-none-match" in r["headers"] for r in answers.values())
    assert f"({len(listings)} listing pages not modified)" in second.summary
    # robots.txt, a few hundred bytes read once a run, is asked for whole.
    [robots] = [r for r in mockserver.requests() if r["path"] == "/robots.txt"]
    assert robots["status"] == 200 and "if-none-match" not in robots["headers"]
    assert f"0 unchanged, {stored} archived not fetched" in second.summary
    articles = {a.path for a in load_demo_articles()}
    assert not [r for r in mockserver.requests() if r["path"] in articles]

    size = run_scrapy(["size"], tmp_path)
    assert f"Listing pages kept for conditional requests: {len(listings)}," in size.stdout

    # Without the setting, every listing is downloaded whole, as before.
    mockserver.clear_log()
    crawl("news", tmp_path, *arguments, NEWSCRAWL_REVALIDATE_LISTINGS="False")
    assert {r["status"] for r in mockserver.requests() if r["path"] in listings} == {200}
