"""``scrapy crawl``, with spider arguments checked before the crawl starts.

A spider that defines ``check_arguments(arguments)`` (all newscrawl spiders do) has its
``-a`` arguments validated here, so that a typo ends in one clear line and exit code 2
instead of a traceback from inside the reactor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newscrawl.sites.profile import ProfileError

if TYPE_CHECKING:
    import argparse


class Command(ScrapyCrawlCommand):
    """Scrapy's crawl command with argument checking."""

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Check the spider's arguments, then crawl."""
        if len(args) == 1 and self.crawler_process is not None:
            spidercls = self.crawler_process.spider_loader.load(args[0])
            check = getattr(spidercls, "check_arguments", None)
            if check is not None:
                try:
                    check(opts.spargs)
                except ProfileError as exc:
                    raise UsageError(f"spider {args[0]!r}: {exc}", print_help=False) from None
        super().run(args, opts)
