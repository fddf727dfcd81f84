"""``scrapy size``: what the archive holds, per site, and what it costs on disk.

    scrapy size

Per site: articles (and how many are marked copies of another), revisions, raw pages with
their size before and after compression; then the listing pages kept for conditional
requests (:mod:`newscrawl.middlewares.revalidate`), the database file (SQLite) and the WARC
files (``NEWSCRAWL_WARC_DIR``), if any.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy.commands import ScrapyCommand
from sqlalchemy import make_url

from newscrawl.commands._archive import open_archive
from newscrawl.commands._options import StrictOptions
from newscrawl.commands._table import aligned
from newscrawl.stdout import reader_may_stop
from newscrawl.storage import SiteSize
from newscrawl.storage.listings import ListingCopies

if TYPE_CHECKING:
    import argparse


def human_bytes(size: float) -> str:
    """Bytes in a unit a person reads at once.

    >>> human_bytes(512), human_bytes(2_500_000)
    ('512 B', '2.4 MB')
    """
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def render_sizes(sizes: list[SiteSize]) -> str:
    """The per-site table, with a total line."""
    header = ["SITE", "ARTICLES", "COPIES", "REVISIONS", "RAW PAGES", "RAW", "STORED", "RATIO"]
    rows = [header]
    total = SiteSize("total", *(sum(getattr(s, f) for s in sizes) for f in _COUNTS))
    for size in [*sizes, total] if len(sizes) > 1 else sizes:
        ratio = f"{size.raw_bytes / size.stored_bytes:.1f}x" if size.stored_bytes else "-"
        rows.append(
            [
                size.site,
                str(size.articles),
                str(size.duplicates),
                str(size.revisions),
                str(size.raw_pages),
                human_bytes(size.raw_bytes),
                human_bytes(size.stored_bytes),
                ratio,
            ]
        )
    return aligned(rows)


_COUNTS = ("articles", "duplicates", "revisions", "raw_pages", "raw_bytes", "stored_bytes")


def _files_size(directory: Path, pattern: str) -> tuple[int, int]:
    files = [p for p in directory.rglob(pattern) if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


class Command(StrictOptions, ScrapyCommand):
    """Report what the archive holds and its size."""

    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def short_desc(self) -> str:
        """One-line description for ``scrapy -h``."""
        return "Show what the archive holds per site, and its size on disk"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Print the report."""
        assert self.settings is not None
        url = self.settings.get("NEWSCRAWL_DATABASE_URL")
        archive = open_archive(self.settings, create=False, read_only=True)
        try:
            sizes = archive.size_report()
            listings, listing_bytes = ListingCopies(archive).size()
        finally:
            archive.close()
        with reader_may_stop():
            self._print(url, sizes, listings, listing_bytes)

    def _print(self, url: str, sizes: Any, listings: int, listing_bytes: int) -> None:
        assert self.settings is not None
        print(render_sizes(sizes) if sizes else "The archive is empty.")
        if listings:
            kept = f"{listings}, {human_bytes(listing_bytes)}"
            print(f"Listing pages kept for conditional requests: {kept}")
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            files = [Path(parsed.database + suffix) for suffix in ("", "-wal")]
            on_disk = sum(p.stat().st_size for p in files if p.exists())
            print(f"Database: {parsed.database}, {human_bytes(on_disk)} on disk")
        warc_dir = self.settings.get("NEWSCRAWL_WARC_DIR")
        if warc_dir and Path(warc_dir).is_dir():
            count, size = _files_size(Path(warc_dir), "*.warc.gz")
            print(f"WARC files: {warc_dir}, {count} file(s), {human_bytes(size)}")
