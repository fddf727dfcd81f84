"""``scrapy fields``: what share of each site's latest articles have each field.

    scrapy fields [--site NAME] [--last N]

Per site, of its ``N`` (200) articles archived last: how many have authors, a publication
and a modification time, a section, tags, a description, a lead image with its caption
and credit (:data:`newscrawl.storage.coverage.WATCHED_FIELDS`). A new site's profile is
checked by it after a first crawl; a column that drops to nothing after a redesign is what
the crawl's field watch (:mod:`newscrawl.extensions.coverage`) warns of at the end of a run.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.commands._archive import check_site, open_archive
from newscrawl.commands._options import StrictOptions
from newscrawl.commands._table import aligned
from newscrawl.stdout import reader_may_stop
from newscrawl.storage.coverage import WATCHED_FIELDS, Coverage, recent_coverage

if TYPE_CHECKING:
    import argparse

#: Column headings of the watched fields, in their order.
HEADINGS = {
    "authors": "AUTHORS",
    "published_at": "PUBLISHED",
    "modified_at": "MODIFIED",
    "section": "SECTION",
    "tags": "TAGS",
    "description": "DESCRIPTION",
    "image_url": "IMAGE",
    "image_caption": "CAPTION",
    "image_credit": "CREDIT",
}


def render_coverage(coverage: dict[str, Coverage]) -> str:
    """The per-site table: articles read, and the share of them that have each field.

    >>> print(render_coverage({"demo": Coverage(4, {"authors": 3, "published_at": 4})}))
    SITE  ARTICLES  AUTHORS  PUBLISHED  MODIFIED  SECTION  TAGS  DESCRIPTION  IMAGE  CAPTION  CREDIT
    demo         4      75%       100%        0%       0%    0%           0%     0%       0%      0%
    """
    rows = [["SITE", "ARTICLES", *(HEADINGS[field] for field in WATCHED_FIELDS)]]
    for site, found in coverage.items():
        shares = [f"{found.share(field):.0%}" for field in WATCHED_FIELDS]
        rows.append([site, str(found.articles), *shares])
    return aligned(rows)


class Command(StrictOptions, ScrapyCommand):
    """Report which fields each site's latest articles have."""

    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        """Usage line."""
        return "[--site NAME] [--last N]"

    def short_desc(self) -> str:
        """One-line description for ``scrapy -h``."""
        return "Show what share of each site's latest articles have each field"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Add the command's options."""
        super().add_options(parser)
        parser.add_argument("--site", help="only this site (profile name)")
        parser.add_argument(
            "--last", type=int, default=200, help="articles of each site read, the latest"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Print the table."""
        assert self.settings is not None
        if opts.last < 1:
            raise UsageError("--last must be at least 1", print_help=False)
        archive = open_archive(self.settings, create=False, read_only=True)
        try:
            check_site(archive, opts.site)  # a mistyped name, as export and reprocess say it
            sites = [opts.site] if opts.site else archive.sites()
            now = datetime.now(UTC)
            coverage = {
                site: recent_coverage(archive.engine, site, now, opts.last) for site in sites
            }
        finally:
            archive.close()
        coverage = {site: found for site, found in coverage.items() if found.articles}
        with reader_may_stop():
            if coverage:
                print(render_coverage(coverage))
            elif opts.site:
                print(f"The archive has no articles of {opts.site}.")
            else:
                print("The archive is empty.")
