"""``scrapy list``, with options and arguments it does not take refused.

A reader that stops early (``scrapy list | head -1``) ends it quietly, exit code 0, as for
newscrawl's other commands that print (:mod:`newscrawl.stdout`).

Scrapy's own command ignores them: ``scrapy list --sites-dir sites`` (for ``-s
NEWSCRAWL_SITES_DIR=sites``) listed the bundled profiles only, exit code 0, and the user
took their profile for missing. Such an option or argument is a usage error here (exit
code 2), as for newscrawl's other commands (:mod:`newscrawl.commands._options`).

Its settings are checked as ``scrapy crawl`` checks them (:mod:`newscrawl.commands._settings`):
a value the crawl cannot read (``-s DOWNLOAD_DELAY=abc``, a misspelled ``-s NEWSCRAWL_...``
name, a broken value in the project's settings module) is one line and exit code 2 here too,
and nothing is listed: ``scrapy list`` with a cron line's settings tells of them before the
crawl does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.commands.list import Command as ScrapyListCommand

from newscrawl.commands._options import StrictOptions
from newscrawl.commands._settings import check_settings
from newscrawl.stdout import reader_may_stop

if TYPE_CHECKING:
    import argparse


class Command(StrictOptions, ScrapyListCommand):
    """Scrapy's list command; an unknown option or any argument is a usage error."""

    hint = " (it takes none; a profiles folder is given as -s NEWSCRAWL_SITES_DIR=DIR)"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Scrapy's listing, into a pipe its reader may close early, once the settings are read."""
        assert self.settings is not None
        check_settings(self.settings)
        with reader_may_stop():
            super().run(args, opts)
