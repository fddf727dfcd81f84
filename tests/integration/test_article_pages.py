"""An article split over pages is fetched whole and stored as one article, end to end."""

from __future__ import annotations

from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from newscrawl.storage import Archive
from tests.integration.crawl import crawl, database_url, run_scrapy
from tests.mockserver import MockServer
from tests.mockserver.resources.pages import STANDFIRST, paragraph

PATTERN = "article_pattern=/fault/pages/wahl-analyse"


def _articles(workdir: Path) -> list[dict]:
    archive = Archive(database_url(workdir))
    try:
        return list(archive.iter_articles())
    finally:
        archive.close()


def test_the_pages_of_an_article_are_one_article(mockserver: MockServer, tmp_path: Path) -> None:
    start = f"start_urls={mockserver.url('/fault/pages/?pages=3')}"
    result = crawl("news", tmp_path, start, PATTERN)
    assert "1 article stored (1 new" in result.summary
    [article] = _articles(tmp_path)
    body = article["body"].split("\n\n")
    # Every page's paragraphs, in order; the standfirst every page repeats, once.
    assert [p for p in body if p.startswith("Teil")] == [
        paragraph(page, n) for page in (1, 2, 3) for n in range(1, 5)
    ]
    assert body.count(STANDFIRST) == 1
    stats = result.stats()
    assert stats["newscrawl/pages/article_part"] == 2
    assert stats["newscrawl/articles/multipage"] == 1
    assert stats["newscrawl/pages/article"] == 1  # the article's first page
    # The pages are kept with the raw page: re-extraction reads all of them again.
    reprocessed = run_scrapy(["reprocess"], tmp_path)
    assert reprocessed.returncode == 0, reprocessed.log
    [again] = _articles(tmp_path)
    assert again["body"] == article["body"] and again["revision"] == 1
    # The next run fetches neither the archived article nor its pages.
    second = crawl("news", tmp_path, start, PATTERN)
    assert second.stats().get("newscrawl/pages/article_part", 0) == 0


def test_a_page_that_cannot_be_fetched_ends_the_article(
    mockserver: MockServer, tmp_path: Path
) -> None:
    start = f"start_urls={mockserver.url('/fault/pages/?pages=4&broken=3')}"
    result = crawl("news", tmp_path, start, PATTERN, RETRY_TIMES="0")
    [article] = _articles(tmp_path)
    assert [p for p in article["body"].split("\n\n") if p.startswith("Teil")] == [
        paragraph(page, n) for page in (1, 2) for n in range(1, 5)
    ]
    assert "Page 3 of article" in result.log and "the 2 pages before it" in result.log
    assert result.stats()["newscrawl/pages/article_part_failed"] == 1


def test_an_articles_pages_go_through_warc_files(mockserver: MockServer, tmp_path: Path) -> None:
    """The crawl's WARC file and the archive's export hold the pages, marked as the
    article's; an import of either stores the article as the crawl did."""
    crawled, imported = tmp_path / "crawled", tmp_path / "imported"
    start = f"start_urls={mockserver.url('/fault/pages/?pages=3')}"
    crawl("news", crawled, start, PATTERN, NEWSCRAWL_WARC_DIR=str(crawled / "warc"))
    [article] = _articles(crawled)
    exported = crawled / "pages.warc.gz"
    assert run_scrapy(["export", "-o", str(exported)], crawled).returncode == 0
    [written] = (crawled / "warc").rglob("*.warc.gz")
    for number, warc in enumerate((written, exported)):
        with warc.open("rb") as stream:
            records = [r for r in ArchiveIterator(stream) if r.rec_type == "response"]
        assert [r.rec_headers.get_header("Newscrawl-Article-Page") for r in records] == [
            None, "2", "3",
        ]  # fmt: skip
        assert {r.rec_headers.get_header("Newscrawl-Article") for r in records[1:]} == {
            article["url"]
        }
        workdir = imported / str(number)
        result = run_scrapy(["importwarc", str(warc)], workdir)
        assert result.returncode == 0, result.log
        [again] = _articles(workdir)
        assert again["body"] == article["body"]
