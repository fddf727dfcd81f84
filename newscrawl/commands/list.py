"""``scrapy list``, with options and arguments it does not take refused.

Scrapy's own command ignores them: ``scrapy list --sites-dir sites`` (for ``-s
NEWSCRAWL_SITES_DIR=sites``) listed the bundled profiles only, exit code 0, and the user
took their profile for missing. Such an option or argument is a usage error here (exit
code 2), as for newscrawl's other commands (:mod:`newscrawl.commands._options`).
"""

from __future__ import annotations

from scrapy.commands.list import Command as ScrapyListCommand

from newscrawl.commands._options import StrictOptions


class Command(StrictOptions, ScrapyListCommand):
    """Scrapy's list command; an unknown option or any argument is a usage error."""

    hint = " (it takes none; a profiles folder is given as -s NEWSCRAWL_SITES_DIR=DIR)"
