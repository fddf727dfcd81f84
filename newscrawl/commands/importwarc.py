"""``scrapy importwarc FILE...``: the articles of WARC (or ARC) files, into the archive.

    scrapy importwarc CC-NEWS-20261101000000-00001.warc.gz
    scrapy importwarc crawls/*.warc.gz --site jpost

Web archives hold news pages too: another crawler's WARC files, Common Crawl's CC-NEWS,
newscrawl's own (``NEWSCRAWL_WARC_DIR``, ``scrapy export -o pages.warc.gz``), the Internet
Archive's older ARC files (read as warcio converts them). Each response
record of a page answered 200 whose URL may be an article's (the profile's
``article_pattern``; without one, any URL but one whose shape clearly is no article's: a
home, section, tag or author page; ``--any-url``: every page) goes the crawl's way,
without the network: extraction
(:func:`newscrawl.extract.extract_article`, with the site's profile where there is one;
the record's WARC-Date is when the page was fetched), validation
(:func:`newscrawl.extract.check_article`; the languages kept are the profile's
``keep_languages``, else ``NEWSCRAWL_KEEP_LANGUAGES``'s: ``-s NEWSCRAWL_KEEP_LANGUAGES=de``
takes CC-NEWS's German articles only), then the archive: new, changed (a new
revision), unchanged, a copy of another site's story. Its raw page is kept as the crawl
keeps it (``NEWSCRAWL_KEEP_RAW``). Records are read in the order of the files and within
them, so a later capture of a page is a later revision.
Pages are extracted in worker processes, as in a crawl (``NEWSCRAWL_EXTRACT_WORKERS``; 0:
in this process; the crawl's worker function, which imports no Scrapy), a chunk at a time,
and taken in the records' order; a page whose extraction takes longer than
``NEWSCRAWL_EXTRACT_TIMEOUT`` is given up (``not an article (extract-timeout)``).

The articles it stores as new or changed are also written, as a crawl's are to its run
feed, to ``{NEWSCRAWL_FEEDS_DIR}/importwarc/{start time}.jsonl`` (none if there are none).

An article is recorded under ``--site``, else under the name of the site profile whose
domains name its host or a domain above it (``m.jpost.com``: the profile of ``jpost.com``),
as a crawl of that profile, which follows its domains' subdomains, records it; else under
its host without ``www.``; it is extracted with that profile's selectors and timezone.
What became of every record is counted and printed at the end; a file that is not a WARC
file, breaks off (a record cut short is not taken) or holds corrupt gzip data (said as
where: :func:`~newscrawl.commands._warc_import.gzip_damage`) stops the import with one line
(exit status 1) after what was read before it is stored.

Ctrl-C (or SIGTERM) stops it with one line, ``Stopped after N records read (...)``, and
exit status 130: what it stored stays in the archive (the pages read but not yet stored
are not: importing the file again takes them, and finds the others unchanged), and its
run is recorded as ``shutdown``, as a crawl stopped so is, with its counts so far.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.commands._archive import open_archive
from newscrawl.commands._feeds_dir import make_feeds_dir
from newscrawl.commands._import_run import ImportRun
from newscrawl.commands._options import StrictOptions
from newscrawl.commands._output import INTERRUPTED_EXIT_CODE
from newscrawl.commands._profiles import usable_profiles
from newscrawl.commands._settings import check_settings
from newscrawl.commands._warc_import import Importer, ImportFeed, gzip_damage
from newscrawl.extract.validate import kept_languages
from newscrawl.pipelines._worker import init_worker
from newscrawl.pipelines.extract import extract_workers
from newscrawl.sites.profile import site_name_problem

if TYPE_CHECKING:
    import argparse
    from collections import Counter
    from concurrent.futures import Executor

    from scrapy.settings import BaseSettings


class Command(StrictOptions, ScrapyCommand):
    """Extract the articles of WARC files into the archive."""

    max_args = None  # any number of files

    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        """Usage line."""
        return "FILE [FILE ...] [--site NAME] [--any-url]"

    def short_desc(self) -> str:
        """One-line description for ``scrapy -h``."""
        return "Extract the articles of WARC files (CC-NEWS, other crawls) into the archive"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Add the command's options."""
        super().add_options(parser)
        parser.add_argument("--site", help="record the articles under this site name")
        parser.add_argument(
            "--any-url",
            action="store_true",
            help="extract every HTML page, also those whose URL the crawl would not take "
            "for an article (a home, section, tag or author page)",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Import every file, then say what came of the records."""
        if not args:
            raise UsageError("give the WARC files to import")
        paths = [Path(arg) for arg in args]
        folders = [str(path) for path in paths if path.is_dir()]
        if folders:
            raise UsageError(f"a folder, not a WARC file: {', '.join(folders)}", print_help=False)
        missing = [str(path) for path in paths if not path.is_file()]
        if missing:
            raise UsageError(f"no such file: {', '.join(missing)}", print_help=False)
        if opts.site and (problem := site_name_problem(opts.site)):
            raise UsageError(f"--site {opts.site!r}: {problem}", print_help=False)
        assert self.settings is not None
        settings = self.settings
        check_settings(settings)
        # With --site, only that profile is used; without, a page may be any profile's.
        sites = [opts.site] if opts.site else None
        profiles = usable_profiles(settings, "Not importing: ", sites)
        feed = _import_feed(settings)
        archive = open_archive(settings)
        make_feeds_dir(settings, refusal="Not importing: ")
        executor = _worker_pool(extract_workers(settings))
        run = ImportRun(archive, settings)
        importer = Importer(
            archive,
            profiles,
            site=opts.site,
            any_url=opts.any_url,
            min_words=settings.getint("NEWSCRAWL_MIN_WORDS"),
            languages=kept_languages(settings.getlist("NEWSCRAWL_KEEP_LANGUAGES")),
            max_size=settings.getint("DOWNLOAD_MAXSIZE"),
            keep_raw=settings.getbool("NEWSCRAWL_KEEP_RAW"),
            executor=executor,
            timeout=settings.getfloat("NEWSCRAWL_EXTRACT_TIMEOUT") or None,
            feed=feed,
            on_stored=run.beat,
        )
        # SIGTERM (systemd, kill) stops the import as Ctrl-C does.
        previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            try:
                failure = _read_files(importer, paths)
                importer.finish()
            except KeyboardInterrupt:
                # A second Ctrl-C must not cost the record of the run.
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                run.stopped(importer)
                said = f" ({details})" if (details := _details(importer.outcomes)) else ""
                print(
                    f"Stopped after {importer.read_count} records read{said}; what was stored "
                    "stays in the archive",
                    file=sys.stderr,
                )
                raise SystemExit(INTERRUPTED_EXIT_CODE) from None
            if failure:
                self.exitcode = 1
            run.finish(importer, failure)
        finally:
            signal.signal(signal.SIGTERM, previous)
            if executor is not None:
                executor.shutdown(cancel_futures=True)
            if feed is not None:
                feed.close()
            archive.close()
        outcomes = importer.outcomes
        details = _details(outcomes)
        total = sum(outcomes.values())
        print(f"Imported {total} records" + (f": {details}" if details else ""))
        if feed is not None and feed.count:
            print(f"New and changed articles: {feed.path}")


def _details(outcomes: Counter[str]) -> str:
    """What came of the records: "2 new, 1 not an article (short-body), 1 unchanged"."""
    return ", ".join(f"{n} {what}" for what, n in sorted(outcomes.items()))


def _read_files(importer: Importer, paths: list[Path]) -> str | None:
    """Read ``paths`` in turn; at one that is no archive, say why in one line and return it.

    What was read before it is stored (the caller finishes the import); the rest of that
    file, and the files after it, are not read.
    """
    from warcio.exceptions import ArchiveLoadFailed

    for path in paths:
        print(f"Reading {path}", file=sys.stderr)
        with path.open("rb") as stream:
            try:
                importer.read_file(stream)
            except (ArchiveLoadFailed, EOFError, OSError) as exc:
                said = gzip_damage(stream) or _warcio_said(exc)
                hint = " (`warcio recompress` mends it)" if "recompress" in str(exc) else ""
                failure = f"Cannot read {path} as WARC: {said}{hint}"
                print(failure, file=sys.stderr)
                return failure
    return None


def _warcio_said(error: BaseException) -> str:
    """What warcio's error says, in one short line.

    Its messages run to a dozen lines: the first says what is wrong. "Unknown archive
    format, first line: [...]" goes on with the bytes where a record's header should be:
    of a file that is no archive, that line says what it is instead (``<!DOCTYPE html>``),
    but not bytes that are no text, nor more than a line's worth.

    >>> _warcio_said(ValueError("Unknown archive format, first line: ['<!DOCTYPE html>']"))
    "Unknown archive format, first line: ['<!DOCTYPE html>']"
    >>> _warcio_said(ValueError("Unknown archive format, first line: ['\u00cdZ[s\u00db6~']"))
    'Unknown archive format: binary data'
    """
    text = str(error).strip()
    if not text:
        return type(error).__name__
    said = text.splitlines()[0]
    head, found, rest = said.partition(", first line: ")
    if found and not (rest.isascii() and rest.isprintable() and len(rest) <= _SHOWN):
        return f"{head}, first line: ..." if rest.isascii() else f"{head}: binary data"
    return said


#: Most characters of a line of the file shown in a message.
_SHOWN = 100


def _worker_pool(workers: int) -> Executor | None:
    """Extraction workers, as many as a crawl's (``NEWSCRAWL_EXTRACT_WORKERS``); 0: none.

    Started from a fork server, not forked from a process that holds a database connection.
    """
    if not workers:
        return None
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("forkserver"),
        # Ctrl-C is this process's to handle: the workers finish their pages.
        initializer=init_worker,
        initargs=(os.getpid(),),
    )


def _import_feed(settings: BaseSettings) -> ImportFeed | None:
    """The import's feed, named as Scrapy names a crawl's run feed (``%(time)s``)."""
    folder = settings.get("NEWSCRAWL_FEEDS_DIR")
    if not folder:
        return None
    started = datetime.now(UTC).replace(microsecond=0).isoformat().replace(":", "-")
    path = Path(folder) / "importwarc" / f"{started}.jsonl"
    return ImportFeed(path, settings.getlist("FEED_EXPORT_FIELDS"))
