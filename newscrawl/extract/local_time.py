"""The local time of an instant declared in UTC: the page's own offset, or the site's zone.

Many sites declare times in UTC ("2020-02-25T02:25:54Z") and show them in local time
("February 24, 2020 | 9:25pm"). :func:`in_local_time` finds the offset the page shows
the instant in, so that the record carries the date readers know the story by.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from newscrawl.extract.dates import DateCandidate, has_time, parse_date

# A zone no page names: what a date read without one carries (see in_local_time).
_WALL_CLOCK = timezone(timedelta(0), "wall clock")
# Offsets differ from UTC by whole quarters of an hour, from -11 to +14 hours where people live.
_QUARTER_HOUR = timedelta(minutes=15)
_LOWEST_OFFSET, _HIGHEST_OFFSET = timedelta(hours=-11), timedelta(hours=14)


def _is_zone_offset(offset: timedelta) -> bool:
    """Whether ``offset`` (not zero) is one a time zone has."""
    return (
        bool(offset) and _LOWEST_OFFSET <= offset <= _HIGHEST_OFFSET and not offset % _QUARTER_HOUR
    )


def in_local_time(
    chosen: DateCandidate,
    others: Iterable[DateCandidate],
    shown: Iterable[str],
    languages: tuple[str, ...] | None = None,
    site_tz: tzinfo | None = None,
) -> DateCandidate:
    """The chosen instant in the page's own UTC offset, when only UTC was declared with it.

    Many sites declare times in UTC ("2020-02-25T02:25:54Z") and show them in local time
    ("February 24, 2020 | 9:25pm"): the same instant, but readers (and anyone who groups
    articles by day) know it by its local date. The offset comes from another declared value
    of the same instant, else from the first shown time of day that differs from the instant
    by whole quarters of an hour (an offset from -11 to +14 hours; a shown midnight is
    taken for a day without a time), else, if the page shows no time of day at all, from
    ``site_tz``, the zone the site keeps, unless the page shows the day the instant has in
    UTC and the site's zone moves it to another. The instant itself never changes.

    >>> utc = DateCandidate("json-ld", datetime(2020, 2, 25, 2, 25, 54, tzinfo=UTC), True)
    >>> in_local_time(utc, [], ["February 24, 2020 | 9:25pm"], ("en",)).value.isoformat()
    '2020-02-24T21:25:54-05:00'
    >>> in_local_time(utc, [], ["Rain at 9:12pm, February 24, 2020"], ("en",)) is utc
    True
    >>> from zoneinfo import ZoneInfo
    >>> berlin = ZoneInfo("Europe/Berlin")
    >>> in_local_time(utc, [], ["25. Februar 2020"], ("de",), berlin).value.isoformat()
    '2020-02-25T03:25:54+01:00'
    >>> late = dataclasses.replace(utc, value=datetime(2020, 2, 24, 23, 30, tzinfo=UTC))
    >>> in_local_time(late, [], ["24. Februar 2020"], ("de",), berlin).value.isoformat()
    '2020-02-24T23:30:00+00:00'
    >>> in_local_time(utc, [], ["2020-02-24T21:25:54-05:00"]).value.isoformat()
    '2020-02-24T21:25:54-05:00'
    >>> in_local_time(utc, [], ["Feb. 24, 2020 9:25 PM EST"], ("en",)).value.isoformat()
    '2020-02-24T21:25:54-05:00'
    """
    if not chosen.has_time or chosen.value.utcoffset() != timedelta(0):
        return chosen
    for other in others:
        if other.value == chosen.value and other.value.utcoffset():
            return dataclasses.replace(chosen, value=other.value)
    days = []
    for text in shown:
        if _STAMP.match(text):
            # A <time datetime> stamp, not what readers see; but one that gives the same
            # instant in an offset of its own says the page's zone. (Not where the site's
            # zone has another offset then: templates write a fixed one, summer or winter.)
            stamp = parse_date(text)
            if stamp is not None and stamp == chosen.value and stamp.utcoffset():
                zone_offset = chosen.value.astimezone(site_tz).utcoffset() if site_tz else None
                if zone_offset in (None, stamp.utcoffset()):
                    return dataclasses.replace(chosen, value=stamp)
            continue
        if not has_time(text):
            days.append(text)
            continue
        match = _CLOCK.search(text)
        offset = _clock_offset(match, chosen.value) if match else None
        if match and offset is None:
            return chosen  # a time the instant cannot be in any zone (or the same: UTC)
        if match and offset and match.group().strip() == text.strip():
            # Only a time of day ("21:25"): dateparser would give it today's date.
            return dataclasses.replace(chosen, value=chosen.value.astimezone(timezone(offset)))
        wall = parse_date(text, _WALL_CLOCK, languages)
        if wall is not None and wall.tzinfo is not _WALL_CLOCK:
            # Shown with its zone ("2:05 PM EST"): the instant in that zone's offset.
            same = wall.replace(second=0) == chosen.value.replace(second=0, microsecond=0)
            if same and wall.utcoffset():
                return dataclasses.replace(chosen, value=chosen.value.astimezone(wall.tzinfo))
            return chosen
        if wall is None or not (wall.hour or wall.minute):
            return chosen  # at midnight (a day written as a time)
        offset = wall.replace(second=0, microsecond=0) - chosen.value.replace(
            second=0, microsecond=0
        )
        if _is_zone_offset(offset):
            return dataclasses.replace(chosen, value=chosen.value.astimezone(timezone(offset)))
        return chosen
    if site_tz is None:
        return chosen
    local = chosen.value.astimezone(site_tz)
    if local.date() != chosen.value.date():
        # Near midnight the zone decides the day: the day the page shows decides the zone.
        # The first few (dateparser takes milliseconds a string; a dateline comes early).
        parsed = (parse_date(day, UTC, languages) for day in days[:3])
        shown_day = next(filter(None, parsed), None)
        if shown_day is not None and shown_day.date() == chosen.value.date():
            return chosen
    return dataclasses.replace(chosen, value=local)


# A time of day as pages show it: "21:25", "9:25pm", "9.25 p.m.", "21h25" (not the "14.06"
# of "14.06.2020").
_CLOCK = re.compile(
    r"(?<![\d.])(\d{1,2})(?:[:h]|\.(?!\d{2}[.\d]))(\d{2})(?!\d)\s*(?:([ap])\.?\s?m\b)?",
    re.IGNORECASE,
)
# An ISO 8601 time with its zone, as a <time datetime> attribute holds it.
_STAMP = re.compile(
    r"\s*\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})\s*$"
)


def _clock_offset(clock: re.Match[str], instant: datetime) -> timedelta | None:
    """The zone offset in which ``instant`` shows the time of day ``clock`` found, if any.

    The minutes must differ by whole quarters of an hour and the hours by a zone's worth;
    the date is not compared (the offset moves it by a day at most).

    >>> utc = datetime(2020, 2, 25, 2, 25, tzinfo=UTC)
    >>> _clock_offset(_CLOCK.search("Feb 24, 9:25pm"), utc)
    datetime.timedelta(days=-1, seconds=68400)
    >>> _clock_offset(_CLOCK.search("Feb 24, 9:12pm"), utc) is None
    True
    >>> _clock_offset(_CLOCK.search("Feb 25, 02:25"), utc) is None  # the same time: UTC
    True
    """
    hour, minute, half = int(clock[1]), int(clock[2]), (clock[3] or "").lower()
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    day = timedelta(days=1)
    shift = timedelta(hours=hour - instant.hour, minutes=minute - instant.minute) % day
    offset = shift if shift <= _HIGHEST_OFFSET else shift - day
    return offset if _is_zone_offset(offset) else None
