"""``scrapy crawl``, with spider arguments checked before the crawl starts.

A spider that defines ``check_arguments(arguments)`` (all newscrawl spiders do) has its
``-a`` arguments validated here, so that a typo ends in one clear line and exit code 2
instead of a traceback from inside the reactor.

A run refused because another run of the same site holds the lock exits with code 75
(EX_TEMPFAIL, "try again later"), so that a cron wrapper can tell it from a failure. A run
that failed exits with code 1: articles it fetched were not stored, or it found no article
while its section pages, feeds or sitemaps gave none (see
:func:`newscrawl.extensions.summary.run_failure`); one with problems it got past (a section
of five gone, pages dropped) exits with 0, its summary line says what they were.

newscrawl's settings are read before the crawl starts too
(:mod:`newscrawl.commands._settings`): a value a component cannot read, or a misspelled
``-s NEWSCRAWL_...`` name, is one line and exit code 2.

The archive is opened once before the crawl starts: a ``NEWSCRAWL_DATABASE_URL`` that is not
a database URL is a usage error (exit code 2), a database that cannot be reached (a
PostgreSQL server down) ends the run at once with one line and exit code 75 (73 for an
SQLite file that cannot be created), where the crawl would otherwise start and fail in
every component that needs the archive, with a traceback each. So is the shared frontier
of scale-out mode (``NEWSCRAWL_REDIS_URL``, :mod:`newscrawl.commands._frontier`).

The folder of ``LOG_FILE`` is made before Scrapy opens the log
(:mod:`newscrawl.commands._log_file`); a log that cannot be written is exit code 73.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newscrawl.commands._archive import open_archive
from newscrawl.commands._feeds_dir import make_feeds_dir, make_output_dirs, make_warc_dir
from newscrawl.commands._frontier import reach_frontier
from newscrawl.commands._log_file import make_log_dir
from newscrawl.commands._options import StrictOptions
from newscrawl.commands._settings import check_settings
from newscrawl.extensions.runs import LOCKED_EXIT_CODE
from newscrawl.extensions.summary import FAILED_EXIT_CODE, run_failure
from newscrawl.sites.profile import ProfileError
from newscrawl.storage.runs import LOCKED

if TYPE_CHECKING:
    import argparse

    from scrapy import Spider
    from scrapy.crawler import Crawler


class Command(StrictOptions, ScrapyCrawlCommand):
    """Scrapy's crawl command with argument checking."""

    max_args = 1
    hint = " (spider arguments are given as -a NAME=VALUE)"

    _last_crawler: Crawler | None = None

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        # Kept to read the finish reason once the crawl is over.
        self._last_crawler = super()._create_crawler(spidercls)
        return self._last_crawler

    def _spider_class(self, name: str) -> type[Spider]:
        """The spider called ``name``; a usage error naming the likely one if there is none.

        Scrapy raises KeyError with a traceback for a mistyped name, the commonest mistake.
        """
        assert self.crawler_process is not None
        loader = self.crawler_process.spider_loader
        try:
            return loader.load(name)
        except KeyError:
            known = sorted(loader.list())
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise UsageError(
                f"no spider {name!r}; {hint}`scrapy list` shows them all: {', '.join(known)}",
                print_help=False,
            ) from None

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Scrapy's options, then the folder of ``LOG_FILE``: Scrapy opens the log next."""
        super().process_options(args, opts)
        assert self.settings is not None
        make_log_dir(self.settings, refusal="Not crawling: ")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Check the spider's arguments, then crawl."""
        if len(args) == 1 and self.crawler_process is not None:
            spidercls = self._spider_class(args[0])
            check = getattr(spidercls, "check_arguments", None)
            if check is not None:
                try:
                    check(opts.spargs)
                except ProfileError as exc:
                    raise UsageError(f"spider {args[0]!r}: {exc}", print_help=False) from None
        assert self.settings is not None
        check_settings(self.settings)
        if self.settings.get("NEWSCRAWL_DATABASE_URL"):  # else a crawl without an archive
            open_archive(self.settings, refusal="Not crawling: ").close()
        spider = args[0] if len(args) == 1 else None
        reach_frontier(self.settings, "Not crawling: ", spider, opts.spargs)
        make_feeds_dir(self.settings, refusal="Not crawling: ")
        make_warc_dir(self.settings, refusal="Not crawling: ")
        make_output_dirs(self.settings, refusal="Not crawling: ")
        super().run(args, opts)
        crawler = self._last_crawler
        if crawler is None or crawler.stats is None:
            return
        if crawler.stats.get_value("finish_reason") == LOCKED:
            self.exitcode = LOCKED_EXIT_CODE
        elif run_failure(crawler.stats) and not self.exitcode:
            self.exitcode = FAILED_EXIT_CODE
