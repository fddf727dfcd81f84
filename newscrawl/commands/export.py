"""``scrapy export``: write the archive (not just one run) as JSON Lines or CSV.

    scrapy export -o articles.jsonl [--site NAME] [--since DATE] [--no-copies]
        [--published-since DATE] [--published-until DATE] [--language CODE]
    scrapy export -o - --site jpost | jq .title
    scrapy export -o articles.csv
    scrapy export -o november.jsonl --published-since 2026-11-01 --published-until 2026-11-30
    scrapy export -o edits.jsonl --revisions --site jpost

The fields and their order are the feeds' (``FEED_EXPORT_FIELDS``), without the per-run
``archive_status``, plus, in JSON Lines, what the extractor recorded beyond the contract.
CSV (by the file's suffix, or ``--format csv``), for spreadsheets: one row an article with
the contract's fields as columns, lists joined with "; ", ``field_sources`` as JSON.
``--no-copies`` leaves out articles marked as syndicated or near copies of another
(``duplicate_of``). ``--since`` selects by when the archive first had an article (for "what
is new since my last export"), ``--published-since`` and ``--published-until`` by when it
was published (the instant, compared in UTC; articles without a publication date are left
out then), ``--language`` by its language. A file is written under a temporary name and
renamed when complete, so a reader never sees half an export, and one that fails or is
stopped leaves the previous file as it was (:mod:`newscrawl.commands._output`).

``--revisions`` exports, instead of the articles, every revision of the articles that were
revised (two or more), one record each (``REVISION_FIELDS``: the article's URL and site,
the URL the revision's page was fetched at,
the revision's number, when it was first seen and what made it, its title, authors, dates,
standfirst and body): what a study of how articles are edited starts from. ``--since``
then keeps the revisions first seen since that date; the other options select articles.

WARC (a ``.warc.gz`` or ``.warc`` file, or ``--format warc``): instead of the articles, the
raw pages the archive kept of them, every version's, as response records
(:func:`newscrawl.storage.warc.write_warc`), for web-archive tools; ``--since`` then keeps
the pages fetched since that date, the other options select articles.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.exporters import CsvItemExporter, JsonLinesItemExporter

from newscrawl.commands._archive import check_site, open_archive
from newscrawl.commands._options import StrictOptions
from newscrawl.commands._output import write_file, write_stdout
from newscrawl.extract.language import normalize_code
from newscrawl.storage.reading import REVISION_FIELDS
from newscrawl.storage.warc import write_warc

if TYPE_CHECKING:
    import argparse

    from newscrawl.storage.models import RawPage

#: Fields of a feed item that describe the run, not the article.
RUN_FIELDS = frozenset({"archive_status"})


def parse_since(value: str, option: str = "--since") -> datetime:
    """Parse ``--since`` (or another ``option``): an ISO 8601 date or date-time (UTC if naive).

    >>> parse_since("2026-11-01")
    datetime.datetime(2026, 11, 1, 0, 0, tzinfo=datetime.timezone.utc)
    """
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} {value!r}: expected a date like 2026-11-01") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def parse_until(value: str) -> datetime:
    """Parse ``--published-until`` into the first instant after it.

    A date means its whole day (UTC), a date-time that instant.

    >>> parse_until("2026-11-30")
    datetime.datetime(2026, 12, 1, 0, 0, tzinfo=datetime.timezone.utc)
    """
    when = parse_since(value, "--published-until")
    return when + (timedelta(days=1) if len(value.strip()) == 10 else timedelta(microseconds=1))


def write_jsonl(articles: Iterable[dict[str, Any]], stream: IO[bytes], fields: list[str]) -> int:
    """Write articles as JSON Lines with Scrapy's exporter; return how many were written."""
    exporter = JsonLinesItemExporter(stream, encoding="utf-8", ensure_ascii=False)  # type: ignore[arg-type]
    exporter.start_exporting()
    count = 0
    for article in articles:
        extra = [name for name in article if name not in fields]
        exporter.fields_to_export = fields + extra
        exporter.export_item(article)
        count += 1
    exporter.finish_exporting()
    return count


class _CsvExporter(CsvItemExporter):
    """Scrapy's CSV exporter, with mappings (``field_sources``) written as JSON."""

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False, sort_keys=True)
        return super().serialize_field(field, name, value)


def write_csv(articles: Iterable[dict[str, Any]], stream: IO[bytes], fields: list[str]) -> int:
    """Write articles as CSV with Scrapy's exporter; return how many were written.

    The columns are ``fields``: a CSV file has one header, so what the extractor recorded
    beyond the contract is left out. Lists are joined with "; " (names hold commas:
    "Smith, Jr.").
    """
    exporter = _CsvExporter(
        stream,  # type: ignore[arg-type]
        encoding="utf-8",
        fields_to_export=fields,
        join_multivalued="; ",
        errors="replace",
    )
    exporter.start_exporting()
    count = 0
    for article in articles:
        exporter.export_item(article)
        count += 1
    if not count:
        # Scrapy writes the header with the first row: an empty export still has columns.
        exporter.csv_writer.writerow(fields)
    exporter.finish_exporting()
    return count


def write_warc_pages(
    pages: Iterable[RawPage], stream: IO[bytes], fields: list[str], *, gzip: bool = True
) -> int:
    """Write raw pages as a WARC file (gzipped unless ``gzip`` is false); return how many."""
    return write_warc(pages, stream, gzip=gzip)


#: Writes records (articles, revisions, raw pages) with these fields; returns how many.
Writer = Callable[[Iterable[Any], IO[bytes], list[str]], int]

#: Export formats, by name, and the file name endings that choose them.
WRITERS: dict[str, Writer] = {"jsonl": write_jsonl, "csv": write_csv, "warc": write_warc_pages}
_ENDINGS = {
    ".csv": "csv",
    ".warc.gz": "warc",
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".jl": "jsonl",
    ".ndjson": "jsonl",
}


def export_format(output: str, given: str | None) -> str:
    """The format of an export: the one given, else the output file name's.

    A name without an ending, or ``-``, is JSON Lines; an ending that names no format this
    command writes (``.xml``, ``.json``: Scrapy's ``-o out.json`` is one JSON array), or
    another format than the one given (``-o a.csv --format jsonl``), is a usage error, not
    a file whose name says otherwise.

    >>> export_format("articles.csv", None), export_format("-", None), export_format("-", "csv")
    ('csv', 'jsonl', 'csv')
    >>> export_format("pages.warc.gz", None), export_format("PAGES.WARC", None)
    ('warc', 'warc')
    >>> export_format("articles", None), export_format("articles.jsonl", None)
    ('jsonl', 'jsonl')
    """
    name = output.lower()
    found = next((fmt for ending, fmt in _ENDINGS.items() if name.endswith(ending)), None)
    if given and found and given != found:
        raise UsageError(
            f"-o {output} --format {given}: the file's name says {found}; name it for what"
            " it holds, or leave --format out",
            print_help=False,
        )
    if given or found:
        return str(given or found)
    if output == "-" or not Path(name).suffix:
        return "jsonl"
    raise UsageError(
        f"-o {output}: no format this command writes ends in {Path(name).suffix} "
        "(.jsonl, .csv, .warc.gz, .warc; or --format jsonl|csv|warc)",
        print_help=False,
    )


class Command(StrictOptions, ScrapyCommand):
    """Export archived articles as JSON Lines or CSV."""

    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        """Usage line."""
        return (
            "-o FILE|- [--format jsonl|csv|warc] [--revisions] [--site NAME] [--since DATE]"
            " [--published-since DATE] [--published-until DATE] [--language CODE] [--no-copies]"
        )

    def short_desc(self) -> str:
        """One-line description for ``scrapy -h``."""
        return "Export archived articles as JSON Lines or CSV, or their pages as WARC"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Add the command's options."""
        super().add_options(parser)
        parser.add_argument("-o", "--output", required=True, help="file to write, - for stdout")
        parser.add_argument(
            "--format",
            choices=sorted(WRITERS),
            help="jsonl, csv or warc (by default csv for a .csv file, warc for a .warc.gz or"
            " .warc file, else jsonl)",
        )
        parser.add_argument("--site", help="only articles of this site (profile name)")
        parser.add_argument(
            "--since",
            help="only articles first archived on or after this date (UTC; WARC: pages"
            " fetched since)",
        )
        parser.add_argument(
            "--published-since", help="only articles published on or after this date (UTC)"
        )
        parser.add_argument(
            "--published-until",
            help="only articles published on or before this date (UTC; a date alone counts whole)",
        )
        parser.add_argument(
            "--language",
            help="only articles in this language (an ISO 639-1 code like de, or a tag like de-CH)",
        )
        parser.add_argument(
            "--revisions",
            action="store_true",
            help="every revision of the articles that were revised, not the articles"
            " (with --since, the revisions first seen since)",
        )
        parser.add_argument(
            "--no-copies",
            action="store_true",
            help="leave out articles marked as copies of another (duplicate_of)",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Export."""
        assert self.settings is not None
        since = parse_since(opts.since) if opts.since else None
        language = normalize_code(opts.language) if opts.language else None
        if opts.language and language is None:
            raise UsageError(
                f"--language {opts.language!r}: expected a language code like de or en-GB",
                print_help=False,
            )
        published = (
            parse_since(opts.published_since, "--published-since")
            if opts.published_since
            else None,
            parse_until(opts.published_until) if opts.published_until else None,
        )
        if published[0] and published[1] and published[0] >= published[1]:
            raise UsageError(
                f"--published-since {opts.published_since} is not before --published-until "
                f"{opts.published_until}: no article could be selected",
                print_help=False,
            )
        if not opts.output.strip():
            # An unset variable in a cron line (-o "$OUT"): "cannot write : Is a directory".
            raise UsageError("-o is empty: give a file name, or - for stdout", print_help=False)
        export = export_format(opts.output, opts.format)
        write = WRITERS[export]
        if export == "warc":
            if opts.revisions:
                raise UsageError(
                    "--revisions with WARC: a WARC export holds the page of every revision",
                    print_help=False,
                )
            if opts.output.lower().endswith(".warc"):
                write = functools.partial(write_warc_pages, gzip=False)
            fields, what = [], "pages"
        elif opts.revisions:
            fields, what = list(REVISION_FIELDS), "revisions"
        else:
            feed_fields = self.settings.getlist("FEED_EXPORT_FIELDS")
            fields, what = [f for f in feed_fields if f not in RUN_FIELDS], "articles"
        archive = open_archive(self.settings, create=False, read_only=True)
        try:
            check_site(archive, opts.site)
            records: Callable[..., Iterable[Any]] = (
                archive.iter_raw_pages
                if export == "warc"
                else archive.iter_revisions
                if opts.revisions
                else archive.iter_articles
            )
            articles = records(
                site=opts.site,
                since=since,
                copies=not opts.no_copies,
                published=published,
                language=language,
            )

            def write_records(stream: IO[bytes]) -> int:
                return write(articles, stream, fields)

            if opts.output == "-":
                write_stdout(write_records)
                return
            count = write_file(opts.output, write_records)
            print(f"Exported {count} {what if count != 1 else what[:-1]} to {opts.output}",
                  file=sys.stderr)  # fmt: skip
        finally:
            archive.close()
