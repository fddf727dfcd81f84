"""The time zone a site keeps, guessed from its country-code domain or its pages' language tag.

A page that declares a time without a zone ("12.05.2022, 14:30") means its own local time,
and a page that declares a time in UTC shows it to readers in local time. Without a site
profile, the country-code top-level domain is the best guide to which local time that is:
``.de``, ``.com.ar``, ``.co.uk`` each name a country, and most countries keep one time.

The countries and their zones come from the tz database's ``zone.tab`` (the ``tzdata``
package that :mod:`zoneinfo` reads): a country whose zones all keep the same offsets gets
its first zone. A few countries have zones that differ but a press that works, almost all
of it, in one: the zone is named in :data:`_PRESS_ZONES`, which no library provides. The
rest (the United States, Australia, Russia, ...) get no zone: there the domain does not say
which clock the site keeps, and a profile's ``timezone`` must. Top-level domains sold as
generic names (``.io``, ``.tv``, ``.co``) name no country.

Where the domain gives no zone (``.com``, ``.org``, ``.io``), the page's language tag may
name the country instead (:func:`locale_zone`): ``<html lang="de-CH">``, ``og:locale`` ``es_CO``;
else the script of its title may (:func:`script_zone`): Japanese, Korean, Hebrew, Thai
and Chinese are each read on one clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

# Country-code domains Google Search treats as generic, because they are sold and used as
# such (Search Central, "Managing multi-regional and multilingual sites"), and .eu.
_GENERIC_CCTLDS = frozenset(
    {"ad", "ai", "as", "bz", "cc", "cd", "co", "dj", "eu", "fm", "gg", "io", "la", "me", "ms"}
    | {"nu", "sc", "sr", "su", "tk", "tv", "ws"}
)
# Domain -> ISO 3166 code where the two differ.
_COUNTRY_OF_DOMAIN = {"uk": "GB"}
# Countries whose zones differ where nearly all of the press keeps the capital's time (the
# Canaries, the Azores, Xinjiang's unofficial clock, Easter Island, the Galapagos, Brazil's
# west, the Chatham Islands, occupied Crimea, Mongolia's west, Bougainville): the domain
# still says which clock a site keeps. Not so in the United States, Canada, Mexico,
# Australia, Russia or Indonesia, where many papers keep another zone than the capital's.
_PRESS_ZONES = {
    "BR": "America/Sao_Paulo",
    "CL": "America/Santiago",
    "CN": "Asia/Shanghai",
    "EC": "America/Guayaquil",
    "ES": "Europe/Madrid",
    "MN": "Asia/Ulaanbaatar",
    "NZ": "Pacific/Auckland",
    "PG": "Pacific/Port_Moresby",
    "PT": "Europe/Lisbon",
    "UA": "Europe/Kyiv",
}
# Instants at which a country's zones are compared: a northern winter and summer.
_SEASONS = (datetime(2025, 1, 15, 12, tzinfo=UTC), datetime(2025, 7, 15, 12, tzinfo=UTC))


def site_zone(url: str) -> ZoneInfo | None:
    """The zone of the country whose domain ``url`` is on, if the country keeps one time.

    >>> site_zone("https://www.lanacion.com.ar/politica/x")
    zoneinfo.ZoneInfo(key='America/Argentina/Buenos_Aires')
    >>> site_zone("https://www.bbc.co.uk/news/x")
    zoneinfo.ZoneInfo(key='Europe/London')
    >>> site_zone("https://example.com/x") is None, site_zone("https://news.io/x") is None
    (True, True)
    >>> site_zone("https://www.abc.net.au/news/x") is None  # five clocks
    True
    """
    country = domain_country(url)
    return _country_zone(country) if country else None


def domain_country(url: str) -> str | None:
    """The ISO 3166 code of the country whose domain ``url`` is on, or None.

    >>> domain_country("https://www.bbc.co.uk/news/x"), domain_country("https://abc.net.au/x")
    ('GB', 'AU')
    >>> domain_country("https://example.com/x"), domain_country("https://x.tv/x")
    (None, None)
    >>> domain_country("https://example.zz/x") is None  # no such country
    True
    """
    host = (urlsplit(url).hostname or "").rstrip(".")
    domain = host.rsplit(".", 1)[-1].lower()
    if len(domain) != 2 or not domain.isalpha() or domain in _GENERIC_CCTLDS:
        return None
    country = _COUNTRY_OF_DOMAIN.get(domain, domain.upper())
    return country if country in _zones_by_country() else None


def tag_countries(tags: Iterable[str | None]) -> list[tuple[str, str]]:
    """(tag, ISO 3166 code) of each language tag that names a country, in order.

    The tag is lower-cased with a hyphen ("es_CO" is "es-co"), as :data:`NO_COUNTRY`
    holds them.

    >>> tag_countries(["de", "de_CH", None, "zh-Hant-TW", "es-419", "es_LA"])
    [('de-ch', 'CH'), ('zh-tw', 'TW')]
    """
    found = []
    for tag in tags:
        match = _REGION.search(tag or "")
        key = f"{match[1]}-{match[2]}".lower() if match else ""
        if match and key not in _PSEUDO_REGIONS:
            found.append((key, match[2].upper()))
    return found


def zone_country(zone: str) -> str | None:
    """The ISO 3166 code of the country whose zone ``zone`` (an IANA name) is, or None.

    >>> zone_country("Europe/London"), zone_country("America/Chicago"), zone_country("UTC")
    ('GB', 'US', None)
    """
    return _country_of_zone().get(zone)


def locale_zone(tags: Iterable[str | None]) -> ZoneInfo | None:
    """The zone of the country the first language tag with a region names, if it keeps one.

    For sites on generic domains (``.com``, ``.org``), whose pages often say the country
    in their language tag: ``<html lang="de-CH">``, ``og:locale`` ``es_CO``.

    >>> locale_zone([None, "de-CH"]), locale_zone(["en_US", "de-DE"]), locale_zone(["es-419"])
    (zoneinfo.ZoneInfo(key='Europe/Zurich'), None, None)
    >>> locale_zone(["es-ES", "es_CO"]), locale_zone(["es_LA"])
    (zoneinfo.ZoneInfo(key='America/Bogota'), None)
    """
    for tag, country in tag_countries(tags):
        if tag not in NO_COUNTRY:
            return _country_zone(country)
    return None


def script_zone(title: str | None) -> ZoneInfo | None:
    """The zone of the one clock the press of a title's script keeps, if it has one.

    Japanese (kana), Korean (hangul), Hebrew and Thai are written for one country's
    readers; Chinese (Han alone) for China's, Taiwan's, Hong Kong's, Macao's and
    Singapore's, all of which keep UTC+8 the year round. A page on a generic domain that
    declares no language with a country is still read in its readers' time.

    >>> script_zone("国务院常务会议部署进一步扩大内需"), script_zone("東京で初雪、平年より早く")
    (zoneinfo.ZoneInfo(key='Asia/Shanghai'), zoneinfo.ZoneInfo(key='Asia/Tokyo'))
    >>> script_zone("Rain in Berlin") is None, script_zone(None) is None
    (True, True)
    """
    if not title:
        return None
    for script, zone in _SCRIPT_ZONES:
        if script.search(title):
            return ZoneInfo(zone)
    return None


# Scripts and their readers' zone, kana before Han (Japanese writes both).
_SCRIPT_ZONES = (
    (re.compile(r"[\u3040-\u30ff]"), "Asia/Tokyo"),
    (re.compile(r"[\uac00-\ud7af]"), "Asia/Seoul"),
    (re.compile(r"[\u05d0-\u05ea]"), "Asia/Jerusalem"),
    (re.compile(r"[\u0e01-\u0e5b]"), "Asia/Bangkok"),
    (re.compile(r"[\u4e00-\u9fff]"), "Asia/Shanghai"),
)


# The language and region subtags of a language tag or locale: "de-CH", "es_CO", "zh-Hant-TW".
_REGION = re.compile(r"^([a-z]{2,3})(?:[-_][a-z]{4})?[-_]([a-z]{2})\b", re.IGNORECASE)
#: Tags that name no country: a language's home country, which CMSs set for every site in
#: that language (WordPress's es_ES on Latin American sites, en_GB across the Commonwealth).
NO_COUNTRY = frozenset({"es-es", "fr-fr", "en-gb", "pt-pt"})
# Facebook's pseudo-regions (es_LA for Latin America, ar_AR for Arabic): no country at all.
_PSEUDO_REGIONS = frozenset({"es-la", "ar-ar"})


@cache
def _country_zone(country: str) -> ZoneInfo | None:
    if country in _PRESS_ZONES:
        return ZoneInfo(_PRESS_ZONES[country])
    zones = [ZoneInfo(key) for key in _zones_by_country().get(country, ())]
    if not zones:
        return None
    offsets = {tuple(moment.astimezone(zone).utcoffset() for moment in _SEASONS) for zone in zones}
    return zones[0] if len(offsets) == 1 else None


@cache
def _country_of_zone() -> dict[str, str]:
    """IANA zone name -> the ISO 3166 code of its country, from ``zone.tab``."""
    return {zone: country for country, zones in _zones_by_country().items() for zone in zones}


@cache
def _zones_by_country() -> dict[str, list[str]]:
    """ISO 3166 country code -> its zones, in ``zone.tab``'s order (principal first)."""
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    zones: dict[str, list[str]] = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            country, _, key, *_ = line.split("\t")
            zones.setdefault(country, []).append(key)
    return zones
