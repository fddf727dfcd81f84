"""Archive scale: insert, lookup and export rates as the archive grows.

Usage::

    python benchmarks/archive_scale.py                               # 10k and 100k articles
    python benchmarks/archive_scale.py --sizes 10000,100000,1000000  # up to a million
    python benchmarks/archive_scale.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench
    python benchmarks/archive_scale.py --raw                         # with ~90 KB raw pages
    python benchmarks/archive_scale.py --prepared                    # as in a crawl, see below

Grows one archive (a fresh SQLite file unless ``--database-url`` is given; its tables are
emptied first) with generated articles of realistic size (~600-word bodies of words drawn
at random, as often as English text uses them, so that two bodies share shingles as rarely
as two real stories do: ``_newssite.body_paragraphs``; one in :data:`COPY_EVERY` is a
near-copy of an earlier one, a story carried again). Between the sizes
the archive is filled in bulk (:func:`newscrawl.storage.bulk.insert_new_articles`: the
rows ``store_articles`` writes for new articles, MinHash bands of the same bodies
included, in Core ``executemany`` statements; the signatures computed in worker
processes), or with ``--fill store`` through ``Archive.store_articles`` itself (about 100
articles/s: hours for a million). The bulk fill skips the near-duplicate lookup (most of
what a bulk insert costs) unless ``--fill-copies`` is given: its articles are all
stored as originals, where a crawl marks the near-copies as copies.
What is measured at each size always goes through :class:`newscrawl.storage.Archive`, the
crawl's own code path, on articles that are not part of the growth:

* insert: ``store_articles`` of new articles, in batches of 200 (the pipeline's default),
  as a rate (wall clock) and in milliseconds of CPU (``time.process_time``) per article;
* store known: ``store_articles`` of articles already archived (the dedupe decision on a
  re-crawl: URL-key and content-hash lookups, "unchanged");
* is_archived: the incremental check "is this URL archived?", for known and unknown URLs;
* export: ``iter_articles`` (what ``scrapy export`` streams): the whole archive, in
  articles/s over its first 10,000; and ``--since`` for just the newest articles, in µs per
  article exported;

and the database size. Without ``--prepared`` the archive computes each body's MinHash signature
(and with ``--raw`` compresses the page) itself, as with inline extraction; with it, the pages
carry what the extraction workers compute in a crawl (:mod:`newscrawl.storage.prepared`,
computed outside the timings), so that the insert figures are the writer thread's own cost in
the crawler process. Per-article costs that stay flat as the archive grows show that the
hot queries use indexes, not scans; their query plans are printed at the end.

The measurements double as a check that bulk-filled articles are what a crawl stores: the
run stops with an error unless every probe of new articles is stored "new", every archived
article stored again is "unchanged", and ``is_archived`` finds every archived URL and none
of the unknown ones. The near-copies among the probes of new articles are stored "new"
with the article they copy as ``duplicate_of`` (a crawl marks them, the bulk fill without
``--fill-copies`` does not); the share of the archive marked as copies is printed with
each size.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from _newssite import body_paragraphs  # noqa: E402
from sqlalchemy import event, func, make_url, select, text  # noqa: E402

from newscrawl.demo import load_demo_articles  # noqa: E402
from newscrawl.items import ArticlePage  # noqa: E402
from newscrawl.storage import Archive, StoreResult, neardup  # noqa: E402
from newscrawl.storage.bulk import insert_new_articles  # noqa: E402
from newscrawl.storage.engine import create_archive_engine, write_engine  # noqa: E402
from newscrawl.storage.models import Article  # noqa: E402
from newscrawl.storage.prepared import Prepared, PrepareOptions, compress, prepare  # noqa: E402
from newscrawl.storage.reading import revisit_query  # noqa: E402
from newscrawl.storage.signatures import Signature  # noqa: E402
from newscrawl.urls import url_key  # noqa: E402

BATCH = 200
PROBE = 2000
EXPORTED = 10_000
#: Articles a fill worker generates (and signs) per task.
FILL_CHUNK = 2_000
#: Articles per transaction of the bulk fill. SQLite writes every page a transaction
#: dirtied once per transaction; the band index takes keys all over its pages, so few
#: large transactions (with a page cache to hold them, FILL_CACHE_KIB) write it far less.
FILL_TRANSACTION = 50_000
FILL_CACHE_KIB = 4_000_000
#: One article in COPY_EVERY (from the COPIED-th on) is a near-copy of one of the first
#: COPIED, archived at every size: the near-duplicate lookup finds something to compare.
COPY_EVERY = 100
COPIED = 10_000


class Generator:
    """Articles numbered from 0, each unique (URL, title, first paragraph, content hash)."""

    def __init__(self, raw: bool, prepared: bool = False) -> None:
        demo = load_demo_articles()
        self.demo = demo
        self.raw = None
        if raw:
            from _newssite import templates

            self.raw = templates()[0][1]
        self.prepared = prepared
        self.start = datetime(2024, 1, 1, tzinfo=UTC)

    @staticmethod
    def body(number: int) -> str:
        """The body of article ``number``: the crawl benchmark site's (~630 words)."""
        return f"Dispatch {number}.\n\n" + "\n\n".join(body_paragraphs(number))

    def article(self, number: int) -> dict[str, Any]:
        template = self.demo[number % len(self.demo)]
        url = f"https://news.example/{template.section}/{number // 1000}/{template.slug}-{number}"
        if number >= COPIED and number % COPY_EVERY == 0:
            # A story carried again (a wire story, a follow-up): an earlier one's body with
            # its dateline and last paragraph changed, a near-duplicate to find.
            source = body_paragraphs(number // COPY_EVERY % COPIED)
            body = "\n\n".join([f"Dispatch {number}.", *source[:-1], self.body(number)[-400:]])
        else:
            body = self.body(number)
        return {
            "url": url,
            "canonical_url": url,
            "site": "example",
            "title": f"{template.title}, dispatch {number}",
            "authors": list(template.authors),
            "published_at": (self.start + timedelta(minutes=number)).isoformat(),
            "modified_at": None,
            "section": template.section_title,
            "tags": list(template.tags),
            "language": "en",
            "description": template.description,
            "body": body,
            "image_url": None,
            "image_caption": template.image_caption,
            "image_credit": template.image_credit,
            "word_count": len(body.split()),
            "content_hash": f"{number:064x}",
            "crawled_at": datetime.now(UTC).isoformat(),
            "field_sources": {"title": "json-ld", "body": "trafilatura"},
        }

    def batch(self, numbers: range | list[int]) -> tuple[list[Any], list[Any]]:
        articles = [self.article(n) for n in numbers]
        if not self.prepared:
            pages = [
                ArticlePage(url=a["url"], body=self.raw, site="example") if self.raw else None
                for a in articles
            ]
            return articles, pages
        # What an extraction worker hands the archive with each page.
        body = self.raw or b"<html></html>"
        options = PrepareOptions(raw=self.raw is not None)
        pages = [
            ArticlePage(url=a["url"], body=body, site="example", prepared=prepare(a, body, options))
            for a in articles
        ]
        return articles, pages


def store(
    archive: Archive, generator: Generator, numbers: list[int] | range, expect: str | None = None
) -> float:
    """Seconds to store ``numbers`` in batches (article generation not counted).

    With ``expect``, every article must come out with that status.
    """
    return timed_store(archive, generator, numbers, expect)[0]


def timed_store(
    archive: Archive, generator: Generator, numbers: list[int] | range, expect: str | None = None
) -> tuple[float, float]:
    """Wall-clock and CPU seconds to store ``numbers`` in batches (generation not counted).

    With ``expect``, every article must come out with that status.
    """
    numbers = list(numbers)
    elapsed = cpu = 0.0
    for start in range(0, len(numbers), BATCH):
        articles, pages = generator.batch(numbers[start : start + BATCH])
        began, began_cpu = time.perf_counter(), time.process_time()
        results = archive.store_articles(articles, pages)
        elapsed += time.perf_counter() - began
        cpu += time.process_time() - began_cpu
        if expect is not None:
            check(results, expect)
    return elapsed, cpu


def check(results: list[StoreResult], expect: str) -> None:
    """Stop the run unless every result is ``expect``."""
    wrong = [r for r in results if r.status != expect]
    if wrong:
        raise SystemExit(
            f"archive_scale: {len(wrong)} of {len(results)} articles stored as "
            f"{wrong[0].status!r}, expected {expect!r}: "
            "the archive is not what a crawl would have built"
        )


# --- bulk fill --------------------------------------------------------------------------

_worker: Generator | None = None


def _start_worker(raw: bool) -> None:
    global _worker
    _worker = Generator(raw)


def _generate(numbers: range) -> tuple[list[dict[str, Any]], list[Any], list[bytes | None]]:
    """Articles, pages and body signatures for ``numbers`` (in a fill worker)."""
    assert _worker is not None
    articles, pages = _worker.batch(numbers)
    sigs = [neardup.signature(a["body"]) for a in articles]
    data = [s.to_bytes() if s is not None else None for s in sigs]
    if _worker.raw is not None:
        # The raw page is the same for every article: compressed once, as an extraction
        # worker would have prepared it (the archive stores prepared.raw as it is).
        raw = compress(_worker.raw)
        for article, page, sig in zip(articles, pages, data, strict=True):
            page.prepared = Prepared(article["content_hash"], sig, raw=raw)
    return articles, pages, data


def bulk_fill(url: str, raw: bool, numbers: range, workers: int, copies: bool) -> None:
    """Insert the articles ``numbers`` as new ones, in bulk (see the module docstring)."""
    chunks = [numbers[i : i + FILL_CHUNK] for i in range(0, len(numbers), FILL_CHUNK)]
    engine = create_archive_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _large_cache)
    with (
        ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(raw,)) as pool,
        write_engine(engine).connect() as conn,
    ):
        # A few chunks ahead, not all: a million articles would not fit in memory.
        pending: deque[Future[Any]] = deque()
        queued = 0
        in_transaction = 0
        transaction = conn.begin()
        while queued < len(chunks) or pending:
            while queued < len(chunks) and len(pending) <= workers:
                pending.append(pool.submit(_generate, chunks[queued]))
                queued += 1
            articles, pages, data = pending.popleft().result()
            sigs = [Signature.from_bytes(d) if d is not None else None for d in data]
            # In the crawl's batches: near-duplicates are looked up per batch.
            for start in range(0, len(articles), BATCH):
                part = slice(start, start + BATCH)
                insert_new_articles(
                    conn,
                    articles[part],
                    pages[part],
                    keep_raw=raw,
                    signatures=sigs[part],
                    near_duplicates=copies,
                )
            in_transaction += len(articles)
            if in_transaction >= FILL_TRANSACTION:
                transaction.commit()
                transaction = conn.begin()
                in_transaction = 0
        transaction.commit()
    if engine.dialect.name == "sqlite":
        # The large transactions grew the WAL file; the database size should not count it
        # (store_articles' small ones keep it small). Outside any transaction.
        raw_connection = engine.raw_connection()
        raw_connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw_connection.close()
    engine.dispose()


def _large_cache(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA cache_size=-{FILL_CACHE_KIB}")
    cursor.close()


def database_bytes(archive: Archive, path: Path | None) -> int:
    if path is not None:
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    with archive.engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar())


def measure(archive: Archive, generator: Generator, size: int, path: Path | None) -> dict[str, Any]:
    rnd = random.Random(size)
    # New articles, numbered past every size so they never collide with the growth.
    fresh = range(10**8 + size, 10**8 + size + PROBE)
    since = datetime.now(UTC)
    insert, insert_cpu = timed_store(archive, generator, fresh, expect="new")
    known = rnd.sample(range(size), PROBE)
    store_known = store(archive, generator, known, expect="unchanged")
    urls = [generator.article(n)["url"] for n in known]
    began = time.perf_counter()
    found = [archive.is_archived(u) for u in urls]
    hit = time.perf_counter() - began
    missing = [u + "-missing" for u in urls]
    began = time.perf_counter()
    found_missing = [archive.is_archived(u) for u in missing]
    miss = time.perf_counter() - began
    if not all(found) or any(found_missing):
        raise SystemExit(
            f"archive_scale: is_archived missed {found.count(False)} archived URLs and "
            f"found {found_missing.count(True)} unknown ones"
        )
    # scrapy export --since: just the probe's articles, the newest.
    began = time.perf_counter()
    exported = sum(1 for _ in archive.iter_articles(since=since))
    export_since = time.perf_counter() - began
    # scrapy export: the whole archive streamed (timed over its first EXPORTED articles).
    began = time.perf_counter()
    streamed = 0
    for _ in archive.iter_articles():
        streamed += 1
        if streamed == EXPORTED:
            break
    export = time.perf_counter() - began
    return {
        "size": size,
        "insert": PROBE / insert,
        "insert_cpu_ms": 1e3 * insert_cpu / PROBE,
        "store_known_us": 1e6 * store_known / PROBE,
        "hit_us": 1e6 * hit / PROBE,
        "miss_us": 1e6 * miss / PROBE,
        "export": streamed / export,
        "since_us": 1e6 * export_since / max(1, exported),
        "bytes": database_bytes(archive, path),
        "count": archive.count_articles(),
        "copies": copies(archive),
    }


def copies(archive: Archive) -> int:
    """Articles marked as (near-)copies of another one."""
    with archive.engine.connect() as conn:
        return int(conn.scalar(select(func.count(Article.duplicate_of))) or 0)


def plans(archive: Archive) -> None:
    key = url_key("https://news.example/world/0/a-0")
    queries = {
        "dedupe by URL key (store_articles)": select(Article).where(Article.url_key.in_([key])),
        "dedupe by content hash (store_articles)": select(Article).where(
            Article.content_hash.in_(["0" * 64])
        ),
        "incremental check (is_archived)": select(Article.id).where(Article.url_key == key),
        "near-duplicate candidates (store_articles)": neardup.band_query([1, 2]),
        "revisits from the archive (revisit_candidates)": revisit_query(
            ["example"], [(timedelta(hours=3), timedelta(minutes=15))], datetime(2026, 1, 1)
        ).limit(200),
        "export --since (iter_articles)": select(Article)
        .where(Article.first_seen_at >= datetime(2026, 1, 1))
        .order_by(Article.first_seen_at, Article.id),
    }
    dialect = archive.engine.dialect
    explain = "EXPLAIN QUERY PLAN" if dialect.name == "sqlite" else "EXPLAIN"
    print("query plans:")
    with archive.engine.connect() as conn:
        for name, query in queries.items():
            sql = str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
            rows = conn.execute(text(f"{explain} {sql}")).fetchall()
            detail = "; ".join(str(row[-1]) for row in rows)
            print(f"  {name}: {detail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated sizes")
    parser.add_argument("--database-url", help="archive to use (default: a fresh SQLite file)")
    parser.add_argument("--raw", action="store_true", help="store a ~90 KB raw page each")
    parser.add_argument(
        "--prepared", action="store_true", help="pages carry what extraction workers compute"
    )
    parser.add_argument(
        "--fill",
        choices=("bulk", "store"),
        default="bulk",
        help="grow the archive in bulk (default) or through Archive.store_articles",
    )
    parser.add_argument(
        "--fill-workers",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="processes generating and signing the bulk fill's articles (default 2)",
    )
    parser.add_argument(
        "--fill-copies",
        action="store_true",
        help="look near-duplicates up in the bulk fill too, as a crawl does (slow)",
    )
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if sizes[0] < PROBE:
        parser.error(f"--sizes: each at least {PROBE:,} (the articles each size is probed with)")
    generator = Generator(args.raw, args.prepared)
    with tempfile.TemporaryDirectory(prefix="archive-scale-") as tmp:
        path = None
        url = args.database_url
        if not url:
            path = Path(tmp) / "archive.sqlite"
            url = f"sqlite:///{path}"
        elif (given := make_url(url)).get_backend_name() == "sqlite" and given.database:
            path = Path(given.database)  # its size is the file's (and its -wal's)
        archive = Archive(url, keep_raw=args.raw)
        with archive.engine.begin() as conn:
            for table in ("raw_pages", "articles"):
                conn.execute(text(f"DELETE FROM {table}"))
        filled = {"bulk": "in bulk", "store": "through store_articles"}[args.fill]
        if args.fill == "bulk":
            filled += ", copies marked" if args.fill_copies else ", no copies marked"
        print(
            f"archive: {archive.engine.url.render_as_string(hide_password=True)}; "
            f"raw pages {'on' if args.raw else 'off'}; "
            f"{'prepared' if args.prepared else 'unprepared'}; filled {filled}; "
            f"probes of {PROBE} articles"
        )
        header = (
            f"{'articles':>10} {'insert/s':>9} {'CPU/new':>8} {'store known':>12} "
            f"{'is_archived':>12} {'miss':>8} {'export/s':>9} {'--since':>9} {'db size':>9} "
            f"{'per article':>12}"
        )
        print(header)
        grown = 0
        rows = []
        for size in sizes:
            began = time.perf_counter()
            if args.fill == "bulk":
                bulk_fill(url, args.raw, range(grown, size), args.fill_workers, args.fill_copies)
            else:
                store(archive, generator, range(grown, size))
            grown = size
            fill = time.perf_counter() - began
            row = measure(archive, generator, size, path)
            rows.append(row)
            print(
                f"{size:>10,} {row['insert']:>9.0f} {row['insert_cpu_ms']:>5.2f} ms "
                f"{row['store_known_us']:>9.0f} µs "
                f"{row['hit_us']:>9.0f} µs {row['miss_us']:>5.0f} µs {row['export']:>9.0f} "
                f"{row['since_us']:>6.0f} µs "
                f"{row['bytes'] / 2**20:>6.0f} MB {row['bytes'] / row['count'] / 1024:>8.1f} KB"
                f"   (filled in {fill:.0f} s; {100 * row['copies'] / row['count']:.1f}% copies)",
                flush=True,
            )
        plans(archive)
        first, last = rows[0], rows[-1]
        print(
            f"growth {first['size']:,} -> {last['size']:,}: per-article cost x"
            f"{last['store_known_us'] / first['store_known_us']:.2f} (store known), x"
            f"{last['hit_us'] / first['hit_us']:.2f} (is_archived), insert rate x"
            f"{last['insert'] / first['insert']:.2f}"
        )
        archive.close()


if __name__ == "__main__":
    main()
