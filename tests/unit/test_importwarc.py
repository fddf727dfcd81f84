"""``scrapy importwarc``: WARC records through the crawl's steps into the archive."""

from __future__ import annotations

import dataclasses
import gzip
import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from io import BytesIO
from typing import TYPE_CHECKING

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.commands._warc_import import Importer, ImportFeed, gzip_damage
from newscrawl.sites import load_profiles
from newscrawl.storage import Archive
from newscrawl.storage.warc import write_response
from tests.extract.goldens import CASES, FIXTURES, golden
from tests.utils import another_thread, ctrl_c_arriving

if TYPE_CHECKING:
    from pathlib import Path

JPOST = CASES["jpost_article"]["url"]
HEBREW = CASES["hebrew_windows1255"]["url"]
FETCHED = datetime(2020, 6, 14, 6, 0, tzinfo=UTC)


def _response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    *,
    status: int = 200,
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html"),),
    date: datetime = FETCHED,
) -> None:
    write_response(writer, url, status, list(headers), body, date)


def _warc() -> bytes:
    stream = BytesIO()
    writer = WARCWriter(stream, gzip=True)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
    jpost = (FIXTURES / "jpost_article.html").read_bytes()
    request = writer.create_warc_record(
        JPOST, "request", http_headers=StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True)
    )
    writer.write_record(request)
    _response(writer, JPOST, jpost)
    _response(writer, "https://www.jpost.com/gone-123456", b"<html>gone</html>", status=404)
    image = (("Content-Type", "image/jpeg"),)
    _response(writer, "https://www.jpost.com/photo.jpg", b"\xff\xd8\xff", headers=image)
    short = b"<html><h1>Hi</h1><p>Short.</p></html>"
    _response(writer, "https://www.jpost.com/middle-east/short-123456", short)
    # Pages a crawl never asks for (jpost's article_pattern; the home page, a section, a
    # tag page elsewhere): teasers with words enough would pass for articles.
    teasers = (FIXTURES / "jpost_article.html").read_bytes()
    _response(writer, "https://www.jpost.com/israel-news", teasers)
    _response(writer, "https://www.haemek.example.co.il/tag/elections", teasers)
    # A page whose charset only its <meta> gives, sent gzipped: decoded, then detected.
    hebrew = gzip.compress((FIXTURES / "hebrew_windows1255.html").read_bytes())
    encoded = (("Content-Type", "text/html"), ("Content-Encoding", "gzip"))
    _response(writer, HEBREW, hebrew, headers=encoded)
    # The same page captured again later, unchanged.
    _response(writer, JPOST, jpost, date=FETCHED + timedelta(days=1))
    return stream.getvalue()


@pytest.mark.parametrize("workers", [0, 2])
def test_records_go_the_crawls_way_into_the_archive(database_url: str, workers: int) -> None:
    """In this process, or in worker processes: the same articles, in the records' order."""
    archive = Archive(database_url)
    context = multiprocessing.get_context("forkserver")
    executor = ProcessPoolExecutor(workers, mp_context=context) if workers else None
    try:
        importer = Importer(archive, load_profiles(), executor=executor)
        importer.read(ArchiveIterator(BytesIO(_warc())))
        importer.finish()
        assert importer.outcomes == {
            "new": 2,
            "unchanged": 1,
            "skipped: not answered 200": 1,
            "skipped: not HTML": 1,
            "skipped: not an article URL": 2,
            "not an article (short-body)": 1,
        }
        articles = {a["url"]: a for a in archive.iter_articles()}
        jpost, hebrew = articles[JPOST], articles[HEBREW]
        # Recorded under the profile whose domains hold the host, extracted with it.
        assert jpost["site"] == "jpost"
        assert jpost["authors"] == ["Seth J. Frantzman"]
        assert jpost["published_at"] == "2020-06-14T08:35:00+03:00"
        assert jpost["crawled_at"].startswith("2020-06-14T06:00:00")
        assert hebrew["site"] == "haemek.example.co.il"
        assert hebrew["title"] == golden("hebrew_windows1255")["title"]  # not mojibake
        pages = list(archive.iter_raw_pages())
        assert [p.url for p in pages] == [JPOST, HEBREW]
        # Its revisions say they were imported, not crawled (scrapy history, --revisions).
        assert [r["source"] for r in archive.revisions(JPOST)] == ["import"]
    finally:
        if executor is not None:
            executor.shutdown()
        archive.close()


def test_only_the_languages_asked_for_are_imported(tmp_path: Path) -> None:
    """NEWSCRAWL_KEEP_LANGUAGES=he takes the Hebrew page only; a profile's own languages
    take the setting's place for its site."""
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        importer = Importer(archive, load_profiles(), languages=frozenset({"he"}))
        importer.read(ArchiveIterator(BytesIO(_warc())))
        importer.finish()
        assert importer.outcomes["not an article (other-language)"] == 2  # jpost, twice
        assert [a["url"] for a in archive.iter_articles()] == [HEBREW]
        profiles = load_profiles()
        profiles["jpost"] = dataclasses.replace(profiles["jpost"], keep_languages=("en",))
        importer = Importer(archive, profiles, languages=frozenset({"he"}))
        importer.read(ArchiveIterator(BytesIO(_warc())))
        importer.finish()
        assert importer.outcomes["new"] == 1
        assert "not an article (other-language)" not in importer.outcomes
    finally:
        archive.close()


def test_what_was_read_before_a_file_breaks_off_is_stored(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        importer = Importer(archive, load_profiles())
        with pytest.raises(ArchiveLoadFailed):
            importer.read(ArchiveIterator(BytesIO(_warc() + b"not a record\r\n" * 10)))
        importer.finish()
        assert importer.outcomes["new"] == 2
        assert len(list(archive.iter_articles())) == 2
    finally:
        archive.close()


def test_site_names_every_article_and_its_profile(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        importer = Importer(archive, load_profiles(), site="archive_2020", keep_raw=False)
        importer.read(ArchiveIterator(BytesIO(_warc())))
        importer.finish()
        assert {a["site"] for a in archive.iter_articles()} == {"archive_2020"}
        assert not list(archive.iter_raw_pages())
    finally:
        archive.close()


def test_a_page_whose_extraction_takes_too_long_is_given_up(tmp_path: Path) -> None:
    """NEWSCRAWL_EXTRACT_TIMEOUT, as in a crawl: a hostile page costs itself, not the import."""
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        importer = Importer(archive, load_profiles(), timeout=1e-6)
        importer.read(ArchiveIterator(BytesIO(_warc())))
        importer.finish()
        assert importer.outcomes["not an article (extract-timeout)"] >= 3
        assert "new" not in importer.outcomes
    finally:
        archive.close()


def test_large_pages_are_extracted_and_stored_a_few_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory is bounded by the bytes held, not only by the count of pages: same outcomes."""
    from newscrawl.commands import _warc_import

    monkeypatch.setattr(_warc_import, "CHUNK_BYTES", 1)
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        importer = Importer(archive, load_profiles())
        importer.read(ArchiveIterator(BytesIO(_warc())))
        assert importer.outcomes["new"] == 2  # stored as read, before finish()
        importer.finish()
        assert importer.outcomes["unchanged"] == 1
    finally:
        archive.close()


def test_an_arc_file_is_read_as_warcio_converts_it(tmp_path: Path) -> None:
    """The Internet Archive's older format: a version block, then a header line a record."""
    page = (FIXTURES / "jpost_article.html").read_bytes()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
    version = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    # Gzipped record by record, as archives are.
    arc = gzip.compress(
        b"filedesc://test.arc 0.0.0.0 20200614060000 text/plain %d\n" % len(version)
        + version
        + b"\n"
    ) + gzip.compress(
        f"{JPOST} 93.184.216.34 20200614060000 text/html {len(http)}\n".encode() + http + b"\n"
    )
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        importer = Importer(archive, load_profiles())
        importer.read_file(BytesIO(arc))
        importer.finish()
        assert importer.outcomes == {"new": 1}
        [article] = archive.iter_articles()
        assert (article["site"], article["crawled_at"][:19]) == ("jpost", "2020-06-14T06:00:00")
    finally:
        archive.close()


def test_a_page_on_a_subdomain_is_the_profile_of_the_domain_above_it(tmp_path: Path) -> None:
    """As the crawl of that profile follows it; a host that only ends in its letters is not."""
    stream = BytesIO()
    writer = WARCWriter(stream, gzip=True)
    mobile = JPOST.replace("www.jpost.com", "m.jpost.com")
    _response(writer, mobile, (FIXTURES / "jpost_article.html").read_bytes())
    lookalike = "https://notjpost.com/news/2020/06/14/hebrew-story-1"
    _response(writer, lookalike, (FIXTURES / "hebrew_windows1255.html").read_bytes())
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        # jpost's article_pattern names www.jpost.com: --any-url takes the page all the same.
        importer = Importer(archive, load_profiles(), any_url=True)
        importer.read(ArchiveIterator(BytesIO(stream.getvalue())))
        importer.finish()
        assert importer.outcomes == {"new": 2}
        sites = {a["url"]: a["site"] for a in archive.iter_articles()}
        assert sites == {mobile: "jpost", lookalike: "notjpost.com"}
    finally:
        archive.close()


@pytest.mark.parametrize("gzipped", [False, True])
def test_a_file_cut_short_is_said_after_its_whole_records_are_stored(
    tmp_path: Path, gzipped: bool
) -> None:
    """warcio ends quietly at a file cut short: the record cut off is not taken as a page."""
    stream = BytesIO()
    writer = WARCWriter(stream, gzip=gzipped)
    _response(writer, JPOST, (FIXTURES / "jpost_article.html").read_bytes())
    first = stream.tell()
    _response(writer, HEBREW, (FIXTURES / "hebrew_windows1255.html").read_bytes())
    path = tmp_path / "cut.warc"
    path.write_bytes(stream.getvalue()[: (first + stream.tell()) // 2])  # the second cut
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        importer = Importer(archive, load_profiles())
        with path.open("rb") as file, pytest.raises(ArchiveLoadFailed, match="cut short"):
            importer.read_file(file)
        importer.finish()
        assert importer.outcomes["new"] == 1
        assert [a["url"] for a in archive.iter_articles()] == [JPOST]
    finally:
        archive.close()


def test_a_file_gzipped_as_a_whole_is_refused_with_how_to_mend_it(tmp_path: Path) -> None:
    stream = BytesIO()
    writer = WARCWriter(stream, gzip=False)
    for url in (JPOST, HEBREW):
        _response(writer, url, (FIXTURES / "jpost_article.html").read_bytes())
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        importer = Importer(archive, load_profiles())
        with pytest.raises(ArchiveLoadFailed, match="warcio recompress"):
            importer.read_file(BytesIO(gzip.compress(stream.getvalue())))
    finally:
        archive.close()


def test_the_articles_stored_as_new_or_changed_go_to_the_imports_feed(tmp_path: Path) -> None:
    """As a crawl's run feed: the feed fields, what the archive did; none if nothing new."""
    fields = ["url", "site", "title", "archive_status", "revision", "duplicate_of"]
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        feed = ImportFeed(tmp_path / "feeds" / "importwarc" / "first.jsonl", fields)
        importer = Importer(archive, load_profiles(), feed=feed)
        importer.read_file(BytesIO(_warc()))
        importer.finish()
        feed.close()
        rows = [json.loads(line) for line in feed.path.read_text().splitlines()]
        assert [(r["url"], r["site"], r["archive_status"]) for r in rows] == [
            (JPOST, "jpost", "new"),
            (HEBREW, "haemek.example.co.il", "new"),
        ]
        assert list(rows[0]) == fields and rows[0]["revision"] == 1

        again = ImportFeed(tmp_path / "feeds" / "importwarc" / "again.jsonl", fields)
        importer = Importer(archive, load_profiles(), feed=again)
        importer.read_file(BytesIO(_warc()))
        importer.finish()
        again.close()
        assert importer.outcomes["unchanged"] == 3 and not again.path.exists()
    finally:
        archive.close()


def _captures(*versions: tuple[datetime, str]) -> bytes:
    """A WARC file of the jpost page captured at each time, with each headline."""
    stream = BytesIO()
    writer = WARCWriter(stream, gzip=True)
    page = (FIXTURES / "jpost_article.html").read_text(encoding="utf-8")
    title = golden("jpost_article")["title"]
    for when, headline in versions:
        _response(writer, JPOST, page.replace(title, headline).encode("utf-8"), date=when)
    return stream.getvalue()


def _import(archive: Archive, warc: bytes) -> dict[str, int]:
    importer = Importer(archive, load_profiles())
    importer.read_file(BytesIO(warc))
    importer.finish()
    return dict(importer.outcomes)


def test_a_capture_older_than_the_archived_version_does_not_replace_it(tmp_path: Path) -> None:
    """A WARC file holds captures of any age, and may be imported again: an earlier capture
    is a version the archive has, or an older one it lacks; neither becomes the current
    version (a file of both versions, imported twice, made the first one revision 3)."""
    first, second = FETCHED, FETCHED + timedelta(hours=5)
    old, new = "Syria's army regroups in the north", "Syria's army pushes north after talks"
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        assert _import(archive, _captures((first, old), (second, new))) == {
            "new": 1,
            "changed": 1,
        }
        assert _import(archive, _captures((first, old), (second, new))) == {"unchanged": 2}
        assert [r["title"] for r in archive.revisions(JPOST)] == [old, new]
        # An older version the archive never had: counted, not made the current one.
        older = _captures((first - timedelta(hours=2), "Syria's army waits"))
        assert _import(archive, older) == {"older than the archived version (not stored)": 1}
        [article] = archive.iter_articles()
        assert (article["title"], article["revision"]) == (new, 2)
        # A later capture is compared as a crawl's page is.
        later = _captures((second + timedelta(days=1), "Syria's army holds the north"))
        assert _import(archive, later) == {"changed": 1}
        assert len(archive.revisions(JPOST)) == 3
    finally:
        archive.close()


def _gzipped_records(count: int) -> tuple[bytes, list[int]]:
    """A WARC file of ``count`` records gzipped one by one, and where each record starts."""
    stream = BytesIO()
    writer = WARCWriter(stream, gzip=True)
    starts = []
    for n in range(count):
        starts.append(stream.tell())
        body = f"<html><body><p>{'page words ' * 200}{n}</p></body></html>".encode()
        write_response(writer, f"https://example.com/a-{n}", 200, [], body, FETCHED)
    return stream.getvalue(), starts


@pytest.mark.parametrize(("where", "said"), [(0, 1), (40, 2), (200, 1), (300, 0)])
def test_gzip_damage_says_where_the_data_is_corrupt(where: int, said: int) -> None:
    """Bytes flipped in the header of a record's gzip member, or in its data: where that
    member starts, and how many whole records come before it."""
    data, starts = _gzipped_records(3)
    damaged = bytearray(data)
    at = starts[said] + where
    damaged[at : at + 8] = bytes(b ^ 0xFF for b in damaged[at : at + 8])
    records = "record" if said == 1 else "records"
    assert gzip_damage(BytesIO(bytes(damaged))) == (
        f"gzip data corrupt at byte {starts[said]:,}, after {said} whole {records}"
    )
    assert gzip_damage(BytesIO(data)) is None
    assert gzip_damage(BytesIO(data[:-10])) is None  # cut short: said otherwise
    assert gzip_damage(BytesIO(b"WARC/1.0\r\n")) is None  # not gzipped


def test_ctrl_c_during_a_commit_arrives_after_its_counting() -> None:
    """A run record that says 1 article stored where its last batch had stored 100 more:
    Ctrl-C came between the commit and the counting of its outcomes. It may arrive in
    another thread (the worker pool's manager), whatever the main thread's signal mask."""
    from types import SimpleNamespace

    class Interrupted:
        def store_articles(self, articles: list, pages: list, source: str) -> list:
            ctrl_c_arriving()  # while the batch commits
            return [SimpleNamespace(status="new", revision=1, duplicate_of=None)] * len(articles)

    importer = Importer(Interrupted(), {})  # type: ignore[arg-type]
    importer._articles = [{"canonical_url": f"https://x.example/{n}"} for n in range(3)]
    importer._pages = [None] * 3  # type: ignore[list-item]
    with another_thread(), pytest.raises(KeyboardInterrupt):
        importer.flush()
    assert importer.outcomes["new"] == 3
