"""newscrawl's settings checked before a command starts: a bad value is one line, exit 2.

A value a component cannot read (``-s NEWSCRAWL_EXTRACT_WORKERS=abc``, a revisit schedule
without a colon) would otherwise surface inside the reactor as a traceback ("Task
exception was never retrieved") and exit code 1; a misspelled name (``NEWSCRAWL_MAXPAGES``)
would be ignored. Each setting is read here as its component reads it.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES

import newscrawl.settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy.settings import BaseSettings

_PREFIX = "NEWSCRAWL_"


def known_settings() -> list[str]:
    """The names of newscrawl's own settings (those ``newscrawl.settings`` defines)."""
    return sorted(name for name in vars(newscrawl.settings) if name.startswith(_PREFIX))


def check_settings(settings: BaseSettings) -> None:
    """Raise a usage error for a newscrawl setting that cannot be read, or a misspelled one.

    A name given on the command line (``-s``) that newscrawl does not define is taken for a
    typo; one set in a project's settings module may be the project's own and is left be.
    """
    known = known_settings()
    cmdline = SETTINGS_PRIORITIES["cmdline"]
    for name in settings:
        if name.startswith(_PREFIX) and name not in known and settings.getpriority(name) == cmdline:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise UsageError(f"-s {name}: no such setting{hint}", print_help=False)
    for name, check in _checks().items():
        try:
            check(settings, name)
        except (ValueError, TypeError) as exc:
            raise UsageError(
                f"setting {name}={settings.get(name)!r}: {exc}", print_help=False
            ) from None


def _checks() -> dict[str, Callable[[BaseSettings, str], object]]:
    # Imported here: the components' modules import Scrapy's machinery, which commands that
    # never crawl need not load.
    from newscrawl.extract.validate import kept_languages
    from newscrawl.middlewares._addresses import AddressPolicy
    from newscrawl.middlewares.incremental import RevisitPolicy, parse_duration
    from newscrawl.pipelines.extract import extract_workers

    # A setting that is not text is read as its default's type, as its component reads it
    # (a setting read with getfloat has a float default, 60.0 not 60).
    readers: dict[type, Callable[[BaseSettings, str], object]] = {
        bool: lambda s, n: s.getbool(n),
        int: lambda s, n: _at_least(s.getint(n), _LEAST.get(n, 0)),
        float: lambda s, n: _at_least(s.getfloat(n), _LEAST.get(n, 0)),
    }
    checks = {
        name: readers[type(default)]
        for name in known_settings()
        if type(default := getattr(newscrawl.settings, name)) in readers
    }
    checks.update(
        NEWSCRAWL_REVISIT_SCHEDULE=lambda s, n: RevisitPolicy.parse(s.getlist(n)),
        NEWSCRAWL_RECHECK_REJECTED_AFTER=lambda s, n: parse_duration(s.get(n)),
        NEWSCRAWL_RECHECK_REJECTED_FIRST=lambda s, n: parse_duration(s.get(n)),
        NEWSCRAWL_SSRF_ALLOW=lambda s, n: AddressPolicy.from_settings(s),
        NEWSCRAWL_EXTRACT_WORKERS=lambda s, n: extract_workers(s),
        NEWSCRAWL_KEEP_LANGUAGES=lambda s, n: kept_languages(s.getlist(n)),
        NEWSCRAWL_BACKOFF_HTTP_CODES=lambda s, n: [int(code) for code in s.getlist(n)],
    )
    return checks


#: The least value of a number setting other than 0: pages followed per section (a run
#: reads at least a section's first page), articles per transaction, articles the field
#: watch compares (it is turned off through EXTENSIONS, as any Scrapy extension), pages an
#: article is read from.
_LEAST = {
    "NEWSCRAWL_MAX_PAGES": 1,
    "NEWSCRAWL_ARCHIVE_BATCH_SIZE": 1,
    "NEWSCRAWL_FIELD_WATCH_ARTICLES": 1,
    "NEWSCRAWL_MAX_ARTICLE_PAGES": 1,
}


def _at_least(value: float, least: float) -> float:
    if value < least:
        raise ValueError(f"must be {least} or more")
    return value
