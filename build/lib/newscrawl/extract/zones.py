"""Time zone abbreviations written after a time: "08:00 GMT", "8.30pm BST", "9 a.m. ET".

A dateline that names its zone says which instant it means, and that beats the site's
configured timezone. Abbreviations are ambiguous ("IST" is India, Israel or Ireland; "CST"
China or the US Midwest), so the site's own zone decides first: if it calls that moment by
that abbreviation, it is the one meant. Otherwise the common reading in the table applies.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

# Minutes east of UTC, by the most common reading of each abbreviation.
_OFFSETS: dict[str, int] = {
    "UTC": 0, "GMT": 0, "UT": 0, "WET": 0, "WEZ": 0, "BST": 60, "WEST": 60, "IST": 330,
    "CET": 60, "MEZ": 60, "CEST": 120, "MESZ": 120, "EET": 120, "OEZ": 120, "EEST": 180,
    "OESZ": 180, "MSK": 180, "IDT": 180, "TRT": 180, "EST": -300, "EDT": -240, "CST": -360,
    "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420, "AKST": -540,
    "AKDT": -480, "HST": -600, "AST": -240, "ADT": -180, "NST": -210, "NDT": -150,
    "BRT": -180, "ART": -180, "JST": 540, "KST": 540, "HKT": 480, "SGT": 480, "PHT": 480,
    "AWST": 480, "WIB": 420, "ICT": 420, "PKT": 300, "AEST": 600, "AEDT": 660, "ACST": 570,
    "ACDT": 630, "NZST": 720, "NZDT": 780, "SAST": 120, "WAT": 60, "CAT": 120, "EAT": 180,
}  # fmt: skip
# Zones named without saying summer or winter time: the named place's clock decides.
_REGIONS = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
_ZONE = re.compile(
    r"(?P<time>\d{1,2}(?:[:.h]\d{2}(?:[:.]\d{2})?)?\s*(?i:[ap]\.?\s?m\.?|uhr)?)"
    r"\s*\(?(?P<zone>[A-Z]{2,5})(?P<offset>\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?(?![\w])"
)


def split_zone(text: str) -> tuple[str, str | None]:
    """Cut a zone abbreviation after a time out of ``text``: (rest, zone or None).

    >>> split_zone("24 June 2025, 20:30 BST")
    ('24 June 2025, 20:30', 'BST')
    >>> split_zone("June 3, 2024 9:15 a.m. ET (updated)")
    ('June 3, 2024 9:15 a.m. (updated)', 'ET')
    >>> split_zone("14.06.2020, 08:35 Uhr (GMT+2)")
    ('14.06.2020, 08:35 Uhr', 'GMT+2')
    >>> split_zone("Report by the WHO, 2024")
    ('Report by the WHO, 2024', None)
    """
    for match in _ZONE.finditer(text):
        zone = match.group("zone")
        offset = (match.group("offset") or "").replace(" ", "")
        if zone not in _OFFSETS and zone not in _REGIONS:
            continue
        if not any(ch.isdigit() for ch in match.group("time")) or (
            ":" not in match.group("time")
            and "." not in match.group("time")
            and not re.search(r"[ap]\.?\s?m|uhr|h\d", match.group("time"), re.IGNORECASE)
        ):
            continue  # "2024 UTC" is a year, not a time
        rest = text[: match.end("time")].rstrip() + text[match.end() :]
        return " ".join(rest.split()), zone + offset
    return text, None


def apply_zone(value: datetime, zone: str, site_tz: tzinfo) -> datetime:
    """Read a naive ``value`` in the zone an abbreviation names.

    >>> from datetime import UTC
    >>> apply_zone(datetime(2025, 6, 24, 20, 30), "BST", UTC).isoformat()
    '2025-06-24T20:30:00+01:00'
    >>> apply_zone(datetime(2025, 1, 8, 9, 0), "IST", ZoneInfo("Asia/Jerusalem")).isoformat()
    '2025-01-08T09:00:00+02:00'
    >>> apply_zone(datetime(2025, 1, 8, 9, 0), "ET", UTC).isoformat()
    '2025-01-08T09:00:00-05:00'
    >>> apply_zone(datetime(2025, 1, 8, 9, 0), "GMT+2", UTC).isoformat()
    '2025-01-08T09:00:00+02:00'
    """
    name, sign, rest = re.match(r"([A-Z]+)([+-]?)(.*)", zone).groups()  # type: ignore[union-attr]
    if sign:
        digits = rest.replace(":", "")
        hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        return value.replace(tzinfo=timezone(delta if sign == "+" else -delta))
    local = value.replace(tzinfo=site_tz)
    if local.tzname() == name:
        return local
    # The site's zone calls the other half of the year by this name ("IST" written in an
    # Israeli summer): the offset it names then, literally.
    other = local + timedelta(days=182)
    if other.tzname() == name and (offset := other.utcoffset()) is not None:
        return value.replace(tzinfo=timezone(offset))
    if name in _REGIONS:
        return value.replace(tzinfo=_zoneinfo(_REGIONS[name]))
    return value.replace(tzinfo=_fixed(_OFFSETS[name]))


@cache
def _zoneinfo(key: str) -> ZoneInfo:
    return ZoneInfo(key)


@cache
def _fixed(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))
