"""Reading WARC records into the archive: what ``scrapy importwarc`` runs.

:class:`Importer` takes each response record the crawl's way (see
:mod:`newscrawl.commands.importwarc`): the page read as a crawl reads a response
(:mod:`newscrawl.commands._warc_pages`), its extraction by the crawl's worker function (in
worker processes, or here), validation, then the archive, in batches, its new and changed
articles also to an :class:`ImportFeed`.
"""

from __future__ import annotations

import io
import logging
import os
import sys
import zlib
from collections import Counter
from typing import IO, TYPE_CHECKING, Any

from scrapy.exporters import JsonLinesItemExporter

import newscrawl.extract
from newscrawl.commands._signals import stop_signals_held
from newscrawl.commands._warc_pages import CUT_SHORT, PageReader
from newscrawl.items import ArticlePage
from newscrawl.pipelines._worker import FAILED, OK, extract_in_worker
from newscrawl.storage.decisions import IMPORT, OLDER
from newscrawl.storage.warc import ARTICLE_FIELD
from newscrawl.urls import url_key

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from concurrent.futures import Executor
    from pathlib import Path

    from warcio.recordloader import ArcWarcRecord

    from newscrawl.sites import SiteProfile
    from newscrawl.storage import Archive

logger = logging.getLogger(__name__)
# warcio logs the WARC-Target-URI it mends: the bytes of a header read from corrupt data.
logging.getLogger("warcio.recordloader").addFilter(lambda record: record.getMessage().isprintable())

#: Articles written per transaction.
BATCH = 100
#: A line on standard error every this many response records.
PROGRESS_EVERY = 5000
#: Pages extracted together, and the most bytes of their bodies held meanwhile, there and
#: in a batch to store (a page may be 16 MB: 64 of those would be a gigabyte).
CHUNK = 64
CHUNK_BYTES = 64 * 1024 * 1024
#: warcio's warning of a record not followed by its blank lines, without the bytes found.
_INCOMPLETE_RECORD = "WARNING: a WARC record does not end where its length says, at byte {0}\n"


#: Archive outcomes an import's feed holds, as a crawl's run feed does.
FEED_STATUSES = frozenset({"new", "changed"})


#: How the import's summary names a capture older than the archive's version.
OLDER_OUTCOME = "older than the archived version (not stored)"
#: How the import's summary names a store outcome, where it says more than its status.
_OUTCOMES = {OLDER: OLDER_OUTCOME}


class ImportFeed:
    """The import's JSON Lines feed of the articles it stored as new or changed.

    As a crawl's run feed (:mod:`newscrawl.feeds`), with the same fields: a file
    ``{NEWSCRAWL_FEEDS_DIR}/importwarc/{start time}.jsonl``, made with the first article
    (an import that stores nothing new leaves none).
    """

    def __init__(self, path: Path, fields: list[str]) -> None:
        self.path = path
        self.fields = fields
        self.count = 0
        self._stream: IO[bytes] | None = None
        self._exporter: JsonLinesItemExporter | None = None

    def write(self, article: dict[str, Any]) -> None:
        """Append one article."""
        if self._exporter is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Unbuffered, as a crawl's run feed (newscrawl.feeds.UnbufferedFileFeedStorage).
            self._stream = self.path.open("ab", buffering=0)
            self._exporter = JsonLinesItemExporter(
                self._stream,  # type: ignore[arg-type]  # typed as BytesIO, takes any
                encoding="utf-8",
                ensure_ascii=False,
                fields_to_export=self.fields,
            )
        self._exporter.export_item(article)
        self.count += 1

    def close(self) -> None:
        """Close the file, if there is one."""
        if self._stream is not None:
            self._stream.close()
            self._stream = self._exporter = None


class Importer:
    """Extracts the pages of WARC records and stores their articles, in batches."""

    def __init__(
        self,
        archive: Archive,
        profiles: dict[str, SiteProfile],
        *,
        site: str | None = None,
        min_words: int = 50,
        languages: frozenset[str] = frozenset(),
        max_size: int = 16 * 1024 * 1024,
        keep_raw: bool = True,
        executor: Executor | None = None,
        timeout: float | None = None,
        feed: ImportFeed | None = None,
        any_url: bool = False,
        on_stored: Callable[[Importer], None] | None = None,
    ) -> None:
        self.archive = archive
        #: Called after each transaction (the import's run record keeps its counts so).
        self.on_stored = on_stored
        #: Where the articles stored as new or changed are written too, if anywhere.
        self.feed = feed
        #: Where pages are extracted: worker processes, or (None) this process.
        self.executor = executor
        #: Seconds a page's extraction may take (NEWSCRAWL_EXTRACT_TIMEOUT).
        self.timeout = timeout
        #: The page of each record, with the profile it is extracted with.
        self.page_reader = PageReader(profiles, site=site, max_size=max_size, any_url=any_url)
        self.min_words = min_words
        #: The languages kept (NEWSCRAWL_KEEP_LANGUAGES) where a page's profile names none.
        self.languages = languages
        self.keep_raw = keep_raw
        self.outcomes: Counter[str] = Counter()
        self._articles: list[dict[str, Any]] = []
        self._pages: list[ArticlePage] = []
        self._keys: set[str] = set()
        #: Pages read and not yet extracted, each with the profile it is extracted with.
        self._pending: list[tuple[ArticlePage, SiteProfile | None]] = []
        self._pending_bytes = 0
        self._batch_bytes = 0
        #: Response records read so far, over all files.
        self.read_count = 0
        #: Whether the file read last ended inside a record.
        self._cut_short = False

    def read_file(self, stream: IO[bytes]) -> None:
        """Read a WARC or an ARC file (the Internet Archive's older format); see :meth:`read`.

        Plain, or gzipped record by record as archives are; warcio refuses a file gzipped
        as a whole, with a message that says how to mend it (``warcio recompress``). Raises
        what warcio raises for a file that is neither.
        """
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed

        self._cut_short = False
        records = ArchiveIterator(stream, arc2warc=True)
        # Its warning of a record that does not end where its length says goes on with the
        # bytes found there instead: binary, in a file whose gzip data is corrupt.
        records.INC_RECORD = _INCOMPLETE_RECORD
        self.read(records)
        # warcio ends quietly at a file cut short: a gzipped record cut off is not read at
        # all (the bytes after the last whole one are left), a plain one is read short.
        size = os.fstat(stream.fileno()).st_size if _is_file(stream) else None
        if self._cut_short or (size is not None and records.offset < size):
            raise ArchiveLoadFailed("the file ends in the middle of a record (cut short?)")

    def read(self, records: Iterator[ArcWarcRecord]) -> None:
        """Extract and store the article of every record that holds one (see finish)."""
        for record in records:
            if record.rec_type != "response":
                continue  # requests, metadata, warcinfo: no page
            self.read_count += 1
            if self.read_count % PROGRESS_EVERY == 0:
                # A CC-NEWS file holds tens of thousands of records: minutes of work.
                print(f"{self.read_count} records read", file=sys.stderr)
            article_url = record.rec_headers.get_header(ARTICLE_FIELD)
            if article_url:
                self._read_next_page(record, article_url)
                continue
            read = self._page(record)
            if isinstance(read, str):
                self.outcomes[f"skipped: {read}"] += 1
                continue
            # Extracted a chunk at a time; a chunk is let go once the next page comes, not
            # before: the records after a page may be its article's next pages.
            if len(self._pending) >= CHUNK or self._pending_bytes >= CHUNK_BYTES:
                self._extract_pending()
            self._pending.append(read)
            self._pending_bytes += len(read[0].body)

    def _read_next_page(self, record: ArcWarcRecord, article_url: str) -> None:
        """Add a record of a next page of an article (newscrawl's WARC files) to its page.

        The article's page is the record before it, or before its other next pages.
        """
        if not self._pending or self._pending[-1][0].url != article_url:
            self.outcomes["skipped: a next page of an article not read"] += 1
            return
        read = self._page(record, any_url=True)
        if isinstance(read, str):
            self.outcomes[f"skipped: {read}"] += 1
            return
        page, profile = self._pending[-1]
        self._pending[-1] = (page.with_page(read[0]), profile)
        self._pending_bytes += len(read[0].body)

    def finish(self) -> None:
        """Extract the pages still waiting, and store every article not stored yet."""
        self._extract_pending()
        self.flush()

    def _extract_pending(self) -> None:
        """Extract the pages read (in the workers, a chunk at a time), take them in order."""
        pending, self._pending, self._pending_bytes = self._pending, [], 0
        if not pending:
            return
        pages = [page for page, _ in pending]
        columns = (
            [page.body for page in pages],
            [page.url for page in pages],
            [profile for _, profile in pending],
            [page.encoding for page in pages],
            [page.fetched_at for page in pages],
            [None] * len(pages),  # no listing: nothing but the page says what it is
            [page.served_at for page in pages],
            [None] * len(pages),  # nothing prepared: the archive computes it as it stores
            [self.timeout] * len(pages),
            [[(more.body, more.url, more.encoding) for more in page.more_pages] for page in pages],
        )
        outcomes = (
            self.executor.map(extract_in_worker, *columns)
            if self.executor
            else map(extract_in_worker, *columns)
        )
        for (page, profile), (status, value, detail) in zip(pending, outcomes, strict=True):
            if status == FAILED:
                # A bug in extraction costs one page, loudly, never the import.
                logger.error("Extraction failed on %s:\n%s", page.url, detail)
                self.outcomes["extraction error"] += 1
                continue
            if status != OK:
                self.outcomes[f"not an article ({value})"] += 1
                continue
            article, _ = value
            languages = (profile.languages_kept if profile else frozenset()) or self.languages
            reason = newscrawl.extract.check_article(article, self.min_words, languages)
            if reason is not None:
                self.outcomes[f"not an article ({reason})"] += 1
                continue
            article["site"] = page.site
            self._take(article, page)

    def _take(self, article: dict[str, Any], page: ArticlePage) -> None:
        """Add an article to the batch to store; store the batch when it is full."""
        key = url_key(article["canonical_url"])
        if key in self._keys:
            # Another capture of a page of this batch: it is compared with the stored one,
            # so a batch of its own, after this one.
            self.flush()
        self._keys.add(key)
        self._articles.append(article)
        self._pages.append(page)
        self._batch_bytes += len(page.body)
        if len(self._articles) >= BATCH or self._batch_bytes >= CHUNK_BYTES:
            self.flush()

    def flush(self) -> None:
        """Store the articles read since the last flush, in one transaction."""
        if not self._articles:
            return
        pages = self._pages if self.keep_raw else [None] * len(self._pages)
        with stop_signals_held():
            # A Ctrl-C between the commit and its counting would record a run that stored
            # more than it says: the two are one step.
            results = self.archive.store_articles(self._articles, pages, source=IMPORT)
            for article, result in zip(self._articles, results, strict=True):
                self.outcomes[_OUTCOMES.get(result.status, result.status)] += 1
                if self.feed is not None and result.status in FEED_STATUSES:
                    # What the archive did, as the crawl's archive step records it.
                    article["archive_status"] = result.status
                    article["revision"] = result.revision
                    article["duplicate_of"] = result.duplicate_of
                    self.feed.write(article)
        self._articles, self._pages, self._keys, self._batch_bytes = [], [], set(), 0
        if self.on_stored is not None:
            self.on_stored(self)

    def _page(
        self, record: ArcWarcRecord, any_url: bool = False
    ) -> tuple[ArticlePage, SiteProfile | None] | str:
        """The page a response record holds and its profile, or why it holds none."""
        read = self.page_reader.read(record, any_url)
        if read == CUT_SHORT:
            self._cut_short = True  # read_file says so once the file is read
        return read


def gzip_damage(stream: IO[bytes]) -> str | None:
    """Where the gzip data of ``stream`` is corrupt, if it is gzipped and is; else None.

    warcio reads a gzip member it cannot decompress as a record that is not gzipped, and
    says so with the bytes it found ("Unknown archive format, first line: ..."), or reads
    a record short: this says where the damage is. The gzip members are
    decompressed in turn from the start of the file (a record each, in a WARC file gzipped
    record by record); the data of the first that fails is corrupt. A file that merely
    ends inside a member is not: it is cut short, which the import says otherwise.
    """
    stream.seek(0)
    if stream.read(2) != b"\x1f\x8b":
        return None
    stream.seek(0)
    fed = start = members = 0  # bytes read; where the member decompressed now starts
    decompressor = zlib.decompressobj(wbits=31)  # gzip
    while chunk := stream.read(1 << 20):
        fed += len(chunk)
        data = chunk
        while data:
            try:
                decompressor.decompress(data, 1 << 20)  # its output is not kept
                while decompressor.unconsumed_tail:
                    decompressor.decompress(decompressor.unconsumed_tail, 1 << 20)
            except zlib.error:
                whole = f"{members} whole record{'' if members == 1 else 's'}"
                return f"gzip data corrupt at byte {start:,}, after {whole}"
            if not decompressor.eof:
                break
            data = decompressor.unused_data
            start = fed - len(data)
            members += 1
            decompressor = zlib.decompressobj(wbits=31)
    return None


def _is_file(stream: IO[bytes]) -> bool:
    """Whether ``stream`` is a file on disk (a stream in memory has no size to check)."""
    try:
        stream.fileno()
    except (OSError, AttributeError, io.UnsupportedOperation):
        return False
    return True
