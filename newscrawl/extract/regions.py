"""The country a page is written for, and whether it writes numeric dates day first.

"02/10/2020" is the 2nd of October in Britain, India or South Africa and the 10th of
February in the United States; the language alone ("en") does not say which, its region
does. The country is found as the page's time zone is (:mod:`newscrawl.extract.site_zones`):
from the page's language tags, the site's country-code domain, the site profile's zone.

Which way round a country writes dates is CLDR's knowledge, read through Babel (the library
that ships CLDR's data; it comes with trafilatura's courlan too), not a list kept here.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from newscrawl.extract.site_zones import NO_COUNTRY, domain_country, tag_countries, zone_country

# Tags that say less than a country's domain: those CMSs set for every site of a language
# (site_zones.NO_COUNTRY: en_GB across the Commonwealth), and en_US, WordPress's and
# Facebook's default (a South African site on .co.za declares og:locale en_US).
_DEFAULT_TAGS = NO_COUNTRY | {"en-us"}


def page_country(url: str, tags: Iterable[str | None], zone: str | None = None) -> str | None:
    """The ISO 3166 code of the country the page is written for, or None.

    The first of: a language tag that names a country (``en-IN``, ``de_CH``), not a CMS's
    default; the country of the site's domain (``.co.uk``); that of the site profile's
    ``zone``; a default tag (``en-GB`` on a ``.com``).

    >>> page_country("https://example.com/x", ["en", "en_IN"])
    'IN'
    >>> page_country("https://www.example.co.za/x", ["en", "en_US"])
    'ZA'
    >>> page_country("https://example.com/x", ["en-US"]), page_country("https://example.com/x", [])
    ('US', None)
    >>> page_country("https://example.com/x", ["en-US"], "Europe/London")
    'GB'
    """
    named = tag_countries(tags)
    specific = next((country for tag, country in named if tag not in _DEFAULT_TAGS), None)
    return (
        specific
        or domain_country(url)
        or (zone_country(zone) if zone else None)
        or next((country for _, country in named), None)
    )


@cache
def writes_day_first(language: str, country: str) -> bool:
    """Whether pages in ``language`` for ``country`` write the day before the month.

    CLDR's medium date format says it ("d MMM y", "MMM d, y"), also where its short one
    starts with the year (South Africa's "y/MM/dd", whose medium is "dd MMM y"). An unknown
    pair is read as the country's main language would write it.

    >>> writes_day_first("en", "GB"), writes_day_first("en", "ZA"), writes_day_first("en", "IN")
    (True, True, True)
    >>> writes_day_first("en", "US"), writes_day_first("en", "CA"), writes_day_first("en", "PH")
    (False, False, False)
    >>> writes_day_first("de", "GB"), writes_day_first("en", "AQ")  # de_GB: English's order
    (True, False)
    """
    from babel import Locale, UnknownLocaleError

    for name in (f"{language}_{country}", f"und_{country}"):
        try:
            locale = Locale.parse(name)
        except (UnknownLocaleError, ValueError):
            continue
        pattern = locale.date_formats["medium"].pattern
        # Quoted text is literal ("d 'de' MMM"), no field.
        fields = "".join(pattern.split("'")[::2])
        day = fields.find("d")
        month = min((at for at in (fields.find("M"), fields.find("L")) if at >= 0), default=-1)
        return 0 <= day < month
    return False
