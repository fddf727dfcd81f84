"""newscrawl's settings checked before a command starts: a bad value is one line, exit 2.

A value a component cannot read (``-s NEWSCRAWL_EXTRACT_WORKERS=abc``, a revisit schedule
without a colon) would otherwise surface inside the reactor as a traceback ("Task
exception was never retrieved") and exit code 1; a misspelled name (``NEWSCRAWL_MAXPAGES``)
would be ignored. Each setting is read here as its component reads it, and so are the
Scrapy settings the crawl relies on (``DOWNLOAD_DELAY``, ``CONCURRENT_REQUESTS``, ...).
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
        int: lambda s, n: _in_range(s.getint(n), n),
        float: lambda s, n: _in_range(s.getfloat(n), n),
    }
    checks = {
        name: readers[type(default)]
        for name in known_settings()
        if type(default := getattr(newscrawl.settings, name)) in readers
    }
    checks.update({name: readers[kind] for name, kind in _SCRAPY_SETTINGS.items()})
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


#: Scrapy's own settings that newscrawl sets (``newscrawl.settings``) and its crawl relies
#: on, with the type Scrapy reads each as: a value Scrapy cannot read (``-s
#: DOWNLOAD_DELAY=abc``) is otherwise a traceback from inside Scrapy, exit code 1.
_SCRAPY_SETTINGS: dict[str, type] = {
    "CONCURRENT_ITEMS": int,
    "CONCURRENT_REQUESTS": int,
    "CONCURRENT_REQUESTS_PER_DOMAIN": int,
    "DOWNLOAD_DELAY": float,
    "DOWNLOAD_TIMEOUT": float,
    "DOWNLOAD_MAXSIZE": int,
    "DOWNLOAD_WARNSIZE": int,
    "RETRY_TIMES": int,
    "REDIRECT_MAX_TIMES": int,
    "ROBOTSTXT_OBEY": bool,
    "AUTOTHROTTLE_ENABLED": bool,
    "AUTOTHROTTLE_START_DELAY": float,
    "AUTOTHROTTLE_MAX_DELAY": float,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": float,
}

#: The least value of a number setting other than 0: pages followed per section (a run
#: reads at least a section's first page), articles per transaction, articles the field
#: watch compares (it is turned off through EXTENSIONS, as any Scrapy extension), pages an
#: article is read from, requests and items at once (none would crawl nothing). (The demo
#: port may be 0: any free port.)
_LEAST = {
    "NEWSCRAWL_MAX_PAGES": 1,
    "NEWSCRAWL_ARCHIVE_BATCH_SIZE": 1,
    "NEWSCRAWL_FIELD_WATCH_ARTICLES": 1,
    "NEWSCRAWL_MAX_ARTICLE_PAGES": 1,
    "CONCURRENT_ITEMS": 1,
    "CONCURRENT_REQUESTS": 1,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
}

#: The greatest value of a number setting that has one.
_MOST = {"NEWSCRAWL_DEMO_PORT": 65535}


def _in_range(value: float, name: str) -> float:
    least, most = _LEAST.get(name, 0), _MOST.get(name)
    if value < least:
        raise ValueError(f"must be {least} or more")
    if most is not None and value > most:
        raise ValueError(f"must be {most} or less")
    return value
