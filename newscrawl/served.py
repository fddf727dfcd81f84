"""When the server made a response: its ``Date`` header, less the ``Age`` a cache adds.

A page whose template prints the current time as the article's date (a CMS that fills
``article:published_time`` or ``dateModified`` as it renders) gives a date within seconds
of this time, on the same clock; a story published a minute before a frequent crawl
fetched it gives an earlier one. The extractor tells the two apart by it
(:func:`newscrawl.extract.dates.is_plausible`); without it, only by the crawler's own clock,
which may differ from the server's, so with a wide window that costs fresh stories their
time.

Parsed by hand around the standard library's RFC 5322 date parser: no library of the
crawl's dependencies turns the pair of headers into an instant.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

#: An ``Age`` beyond this many seconds (a day) is no cache's honest figure: it is ignored.
_MAX_AGE = 86_400


def served_at(date: str | None, age: str | None = None) -> datetime | None:
    """The instant a response was made, from its ``Date`` and ``Age`` headers, or None.

    >>> served_at("Mon, 30 Nov 2026 07:11:18 GMT")
    datetime.datetime(2026, 11, 30, 7, 11, 18, tzinfo=datetime.timezone.utc)
    >>> served_at("Mon, 30 Nov 2026 07:11:18 GMT", age="60")
    datetime.datetime(2026, 11, 30, 7, 10, 18, tzinfo=datetime.timezone.utc)
    >>> served_at("yesterday") is None, served_at(None) is None
    (True, True)
    """
    if not date:
        return None
    try:
        value = parsedate_to_datetime(date.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    # RFC 9110: an HTTP date is in GMT; a zone-less one ("-0000") is taken as such too.
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    seconds = (age or "").strip()
    # (Digits only: int() would take " 1_0" and refuse a 5,000-digit number with an error.)
    if seconds.isascii() and seconds.isdigit() and len(seconds) < 10 and int(seconds) <= _MAX_AGE:
        value -= timedelta(seconds=int(seconds))
    return value
