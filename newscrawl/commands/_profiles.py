"""The site profiles of a command that extracts archived or imported pages.

A crawl of a broken profile stops with its error; the other sites crawl. ``scrapy
reprocess`` and ``scrapy importwarc`` would instead extract that site's pages without the
profile (its selectors, timezone, language) and store the result: archived articles
changed, imported pages filed under their host name instead of the site. So a broken
profile that concerns the pages a command extracts is a usage error (exit code 2), with the
profile's error, before anything is read or written.

Settings: ``NEWSCRAWL_SITES_DIR``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import UsageError

from newscrawl.sites import read_profiles, sites_dir

if TYPE_CHECKING:
    from collections.abc import Collection

    from scrapy.settings import BaseSettings

    from newscrawl.sites import SiteProfile


def usable_profiles(
    settings: BaseSettings, refusal: str, sites: Collection[str] | None = None
) -> dict[str, SiteProfile]:
    """The valid profiles by name; a usage error where one of ``sites`` has a broken one.

    ``sites``: the sites whose pages the command extracts; None, any site (a WARC file's
    pages may be any profile's, and a broken profile's domains cannot be trusted).
    """
    profiles, broken = read_profiles(sites_dir(settings))
    concerned = sorted(broken if sites is None else set(broken) & set(sites))
    if concerned:
        errors = "; ".join(str(broken[name]) for name in concerned)
        raise UsageError(
            f"{refusal}{errors} (the site's pages would be extracted without its profile: "
            "mend the file first)",
            print_help=False,
        )
    return profiles
