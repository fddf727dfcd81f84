"""Commands that refuse options they do not know.

Scrapy parses a command's line with ``parse_known_args``: an option the command does not
define (``--sites`` for ``--site``, ``--sinse``) lands among its arguments, and a command
that takes none ignored it, so that a mistyped filter in a cron job exported the whole
archive, exit code 0. Such an option is a usage error here (exit code 2), with the option
meant, if one is close.
"""

from __future__ import annotations

import argparse
import difflib
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError


def _option_strings(parser: argparse.ArgumentParser) -> list[str]:
    # argparse keeps no public list of them.
    return [option for action in parser._actions for option in action.option_strings]


class StrictOptions:
    """Mixin for a ``ScrapyCommand``: an unknown option is a usage error, not an argument.

    ``max_args``: how many arguments the command takes (None: it checks them itself).
    """

    max_args: int | None = 0
    #: Said after an unknown option or argument for which no option of the command is close.
    hint: str = ""
    _parser: argparse.ArgumentParser | None = None

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Add Scrapy's options; keep the parser, to which the command adds its own."""
        super().add_options(parser)  # type: ignore[misc]
        self._parser = parser

    def _own_options(self) -> list[str]:
        """The command's options, not the ones Scrapy gives every command (--set, ...)."""
        if self._parser is None:
            return []
        bare = argparse.ArgumentParser(add_help=False)
        ScrapyCommand.add_options(self, bare)  # type: ignore[arg-type]
        scrapy = {*_option_strings(bare), "-h", "--help"}
        return [o for o in _option_strings(self._parser) if o not in scrapy]

    def process_options(self, args: list[str], opts: Any) -> None:
        """Refuse unknown options (and arguments beyond ``max_args``) before anything runs."""
        for arg in args:
            if arg.startswith("-") and arg != "-":
                name = arg.split("=", 1)[0]
                close = difflib.get_close_matches(name, self._own_options(), n=1)
                hint = f" (did you mean {close[0]}?)" if close else self.hint
                raise UsageError(f"unknown option {name}{hint}", print_help=False)
        if self.max_args is not None and len(args) > self.max_args:
            extra = args[self.max_args]
            raise UsageError(f"unexpected argument {extra!r}{self.hint}", print_help=False)
        super().process_options(args, opts)  # type: ignore[misc]
