"""Dates: parse, place in a timezone, reject junk, and pick published vs modified.

Every source gives a string; :func:`parse_date` turns it into an aware datetime. Naive
values (no offset in the page) are read in the site's timezone, because that is what the
newsroom meant. Junk is common in the wild: year 0001 placeholders, CMS defaults from the
epoch, "now" rendered at request time, future dates from wrong timezones; such values are
rejected so that a weaker but true source can win. An instant declared in UTC is shown in
the page's own offset by :mod:`newscrawl.extract.local_time`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache

from lxml.html import HtmlElement

from newscrawl.extract.calendars import with_arabic_months, with_era_years
from newscrawl.extract.listing import LISTING
from newscrawl.extract.processors import clean_text
from newscrawl.extract.regions import writes_day_first
from newscrawl.extract.zones import apply_zone, split_zone

#: Dates before this are placeholders (year 0001, 1970 epoch), not publication dates.
MIN_YEAR = 1990
#: How far in the future a date may be (clock skew, timezone slips) before it is junk.
FUTURE_TOLERANCE = timedelta(days=1)
#: A date this close to the crawl time was rendered "now" by the server: not a real date.
#: Wide, for the two clocks (ours and the server's) may differ; used when the response
#: gave no time of its own (a saved page).
NOW_TOLERANCE = timedelta(seconds=60)
#: A date this close to the time the server sent the page (its ``Date`` header, less the
#: ``Age`` a cache adds) was rendered "now" by it. One clock, so the window can be narrow:
#: a story published a minute before a frequent crawl fetched it keeps its time.
SERVED_TOLERANCE = timedelta(seconds=5)

_URL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?!\d)"
)
_URL_DATE_SEPARATED = re.compile(
    r"/((?:19|20)\d{2})[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
)
# A time of day: "08:35", "8h35", "08.35" (not the "14.06" of "14.06.2020"), "T08", "8時35".
_HAS_TIME = re.compile(
    r"\d{1,2}[:h]\d{2}(?!\d{2,})|(?<![\d.])\d{1,2}\.\d{2}(?![.\d])"
    r"|T\d{2}|\d{1,2}\s*[時时시]\s*\d{1,2}"
)
_ISO_MIDNIGHT = re.compile(
    r"\s*\d{4}-\d{2}-\d{2}[T ]00:00(?::00(?:\.0+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?\s*$"
)
_COMPACT_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")
_TRAILING_Z_OFFSET = re.compile(r"(\d)\s*(?:UTC|GMT|Z)$", re.IGNORECASE)


@dataclass(frozen=True)
class DateCandidate:
    """A date found on the page, where it was found, and whether it carries a time."""

    source: str
    value: datetime
    has_time: bool
    #: The value read the other way round, for a date that reads both ways ("11/01/2023").
    other: datetime | None = None


def _fromiso(text: str) -> datetime | None:
    """Parse the ISO 8601 spellings found in metadata, or None.

    >>> _fromiso("2020-06-14T08:35:00+0300").isoformat()
    '2020-06-14T08:35:00+03:00'
    >>> _fromiso("2020-06-14 08:35:00.123Z").isoformat()
    '2020-06-14T08:35:00.123000+00:00'
    """
    candidate = _COMPACT_OFFSET.sub(r"\1:\2", text.strip()) if "T" in text or ":" in text else text
    candidate = _TRAILING_Z_OFFSET.sub(r"\1+00:00", candidate)
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return None


_CJK_DATE = re.compile(
    r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]"
    r"(?:[^\d]{0,6}?(\d{1,2})\s*[時时시:：]\s*(\d{1,2})\s*[分분]?)?"
)


def _cjk(text: str) -> datetime | None:
    """Chinese, Japanese and Korean dates: 2020年6月14日 8時35分, 2020년 6월 14일.

    >>> _cjk("2020年6月14日 8時35分").isoformat()
    '2020-06-14T08:35:00'
    >>> _cjk("令和6年1月13日 21時37分").isoformat(), _cjk("令和元年5月1日").isoformat()
    ('2024-01-13T21:37:00', '2019-05-01T00:00:00')
    """
    if "年" in text:
        text = with_era_years(text)
    match = _CJK_DATE.search(text)
    if not match:
        return None
    year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        return None


def _rfc2822(text: str) -> datetime | None:
    if not re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", text):
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


# "02.11.2021", "2.11.21 14:30": dotted numeric dates are day first wherever they are used.
_DOTTED_NUMERIC = re.compile(r"^\D{0,40}?\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}(?!\d)")
# "02/10/2020", "2-10-20": slashed (or dashed) numeric dates, day first where the page's
# country writes the day first (Britain, India), month first where it does not (the US).
_SLASHED_NUMERIC = re.compile(r"^\D{0,40}?\d{1,2}([/-])\d{1,2}\1\d{2,4}(?!\d)")


@lru_cache(maxsize=4096)
def _dateparser(text: str, languages: tuple[str, ...] | None) -> datetime | None:
    """Free-text dates ("JUNE 14, 2020 08:35", "14. Juni 2020") with dateparser.

    Languages are tried one at a time, the page's first: given several at once, dateparser
    reads "02.11.2021" on a German page month first, as English would. A language may
    name the page's country ("en-GB"): a slashed date is then read in that country's order
    (:func:`~newscrawl.extract.regions.writes_day_first`), not in the language's.

    >>> _dateparser("02.11.2021", ("de", "en")).date().isoformat()
    '2021-11-02'
    >>> _dateparser("11/02/2021", ("en",)).date().isoformat()
    '2021-11-02'
    >>> _dateparser("02.11.2021", ("en",)).date().isoformat()
    '2021-11-02'
    >>> _dateparser("11/02/2021", ("en-GB",)).date().isoformat()
    '2021-02-11'
    >>> _dateparser("11/02/2021", ("en-US",)).date().isoformat()
    '2021-11-02'
    """
    import dateparser

    if len(text) > 80:
        return None
    dotted = bool(_DOTTED_NUMERIC.match(text))
    slashed = not dotted and bool(_SLASHED_NUMERIC.match(text))
    for tag in languages or (None,):
        language, _, country = (tag or "").partition("-")
        day_first = dotted or (slashed and bool(country) and writes_day_first(language, country))
        try:
            parsed = dateparser.parse(
                text, languages=[language] if language else None, settings=_settings(day_first)
            )
        except (ValueError, TypeError, OverflowError, AttributeError):
            continue
        if parsed is not None:
            return parsed
    return None


def _settings(day_first: bool) -> dict[str, object]:
    """The settings dateparser reads with; ``day_first``: numeric dates are day first."""
    settings: dict[str, object] = {
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
        # No "3 hours ago": relative to the moment of parsing, which is not the moment of
        # publication (a page re-extracted next year), and the slowest of its parsers.
        "PARSERS": ["timestamp", "custom-formats", "absolute-time", "no-spaces-time"],
    }
    if day_first:
        settings["DATE_ORDER"] = "DMY"
    return settings


# "Von Deutscher Tennis Bund 4. 2. 2022.": a dotted date among words dateparser will not
# read around. Day first, as every dotted date (see _DOTTED_NUMERIC); a time of day that
# follows it closely ("4.2.2022, 13:10 Uhr") is taken too.
_DOTTED_IN_TEXT = re.compile(
    r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})(?!\d)"
    r"(?:\D{0,12}?(?<!\d)(\d{1,2})[:.](\d{2})(?![\d.]))?"
)


def _dotted_in_text(text: str) -> datetime | None:
    """The first dotted date in ``text`` (with the time after it), or None.

    >>> _dotted_in_text("Von Deutscher Tennis Bund 4.\u20092.\u20092022.")
    datetime.datetime(2022, 2, 4, 0, 0)
    >>> _dotted_in_text("Aktualisiert von Ann Lee am 04.02.2022, 13:10 Uhr")
    datetime.datetime(2022, 2, 4, 13, 10)
    >>> _dotted_in_text("Version 1.2.3") is None, _dotted_in_text("31.02.2022") is None
    (True, True)
    """
    match = _DOTTED_IN_TEXT.search(text)
    if match is None:
        return None
    day, month, year, hour, minute = match.groups()
    try:
        return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
    except ValueError:
        return None


# "14h05", "14 h 05": the time of day as French, Portuguese and Spanish pages write it,
# which dateparser reads in French only (a Portuguese page's date then went to English,
# month first: "05/03/2024 14h05" was the 3rd of May).
_H_TIME = re.compile(r"(?<![\d.:])([01]?\d|2[0-3])\s?h\s?([0-5]\d)(?![\d:])")
# "오후 2:15", "오후 2시 15분", "午後3時5分", "下午 3:05": a 12-hour time after its
# morning or afternoon word, which dateparser reads in a few languages only (Korean's
# "오후" it ignores: 14:15 became 02:15).
_PERIOD_TIME = re.compile(
    r"(오전|오후|午前|午後|上午|下午)\s*(1[0-2]|0?\d)\s*(?:[:시時时]\s*([0-5]?\d)\s*[분分]?)?"
)


def _period_time(match: re.Match[str]) -> str:
    """The 24-hour time of a ``_PERIOD_TIME`` match.

    >>> _PERIOD_TIME.sub(_period_time, "2026.11.29 오후 2:15")
    '2026.11.29 14:15'
    >>> _PERIOD_TIME.sub(_period_time, "오전 12시 5분"), _PERIOD_TIME.sub(_period_time, "下午3:05")
    ('00:05', '15:05')
    """
    hour = int(match[2]) % 12 + (12 if match[1] in ("오후", "午後", "下午") else 0)
    return f"{hour:02d}:{int(match[3] or 0):02d}"


def parse_date(
    value: str | None,
    tz: tzinfo = UTC,
    languages: tuple[str, ...] | None = None,
) -> datetime | None:
    """Parse one date string into an aware datetime; naive values are read in ``tz``.

    >>> from zoneinfo import ZoneInfo
    >>> parse_date("JUNE 14, 2020 08:35", ZoneInfo("Asia/Jerusalem")).isoformat()
    '2020-06-14T08:35:00+03:00'
    >>> parse_date("2020-06-14T05:35:00Z").isoformat()
    '2020-06-14T05:35:00+00:00'
    >>> parse_date("Sun, 14 Jun 2020 08:35:00 +0300").isoformat()
    '2020-06-14T08:35:00+03:00'
    >>> parse_date("24 June 2025, 20:30 BST").isoformat()
    '2025-06-24T20:30:00+01:00'
    >>> parse_date("05/03/2024 14h05", languages=("pt", "en")).isoformat()
    '2024-03-05T14:05:00+00:00'
    >>> parse_date("no date here") is None
    True
    """
    text = clean_text(value)
    if not text or not any(ch.isdigit() for ch in text):
        return None
    parsed = _fromiso(text)
    if parsed is None:
        # A zone named after the time ("20:30 BST") is read here: dateparser drops it.
        rest, zone = split_zone(_PERIOD_TIME.sub(_period_time, _H_TIME.sub(r"\1:\2", text)))
        if any("\u0600" <= ch <= "\u06ff" for ch in rest):
            rest = with_arabic_months(rest)
        parsed = (
            _rfc2822(rest) or _cjk(rest) or _dateparser(rest, languages) or _dotted_in_text(rest)
        )
        if parsed is None:
            return None
        if zone and parsed.tzinfo is None:
            parsed = apply_zone(parsed, zone, tz)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed


# "11/01/2023 12:43:42": a slashed date whose first two numbers can both be a month. It is
# read in the page language's order (day first on a German page, month first on an English
# one), but content systems write it in their own: .NET's invariant culture writes
# "MM/dd/yyyy HH:mm:ss" on a Swiss site as on any other.
_TWO_WAY_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/\d{4}(?!\d)")


def other_reading(value: str, parsed: datetime) -> datetime | None:
    """The other reading of a slashed date that can be read day or month first, or None.

    >>> read = datetime(2023, 1, 11, 12, 43)
    >>> other_reading("11/01/2023 12:43:42", read).isoformat()
    '2023-11-01T12:43:00'
    >>> other_reading("25/01/2023", datetime(2023, 1, 25)) is None  # no 25th month
    True
    >>> other_reading("2023-01-11", read) is None, other_reading("01/01/2023", read) is None
    (True, True)
    """
    match = _TWO_WAY_SLASHED.match(value.strip())
    if not match or match[1] == match[2] or max(int(match[1]), int(match[2])) > 12:
        return None
    if parsed.day > 12:  # the parser read something else than those two numbers
        return None
    return parsed.replace(month=parsed.day, day=parsed.month)


def settle_reading(candidate: DateCandidate, shown: list[DateCandidate]) -> DateCandidate:
    """``candidate`` in the reading the page's shown dates confirm.

    A slashed date that reads both ways ("11/01/2023") is taken the other way when a date
    the page shows falls on that other day, and none on the first.

    >>> meta = DateCandidate("meta", datetime(2023, 1, 11, 12, 43), True,
    ...                      other=datetime(2023, 11, 1, 12, 43))
    >>> shown = [DateCandidate("html", datetime(2023, 11, 1), False)]
    >>> settle_reading(meta, shown).value.isoformat()
    '2023-11-01T12:43:00'
    >>> settle_reading(meta, []).value.isoformat()
    '2023-01-11T12:43:00'
    """
    other = candidate.other
    if other is None:
        return candidate
    days = {shown_date.value.date() for shown_date in shown}
    if other.date() in days and candidate.value.date() not in days:
        return replace(candidate, value=other, other=candidate.value)
    return candidate


def has_time(value: str) -> bool:
    """Whether a date string gives a time of day, not just a day.

    An ISO date-time at midnight to the second is a day: what a CMS writes for a story it
    has only the day of (a time it has is rarely 00:00:00), so a page's other dates may say
    the time.

    >>> has_time("2020-06-14"), has_time("June 14, 2020 08:35"), has_time("2020-06-14T08:35Z")
    (False, True, True)
    >>> has_time("14.06.2020"), has_time("14.06.20, 08.35 Uhr"), has_time("2020.06.14")
    (False, True, False)
    >>> has_time("2020-06-14T00:00:00+02:00"), has_time("2020-06-14T00:00:07Z")
    (False, True)
    """
    return bool(_HAS_TIME.search(value)) and not _ISO_MIDNIGHT.match(value)


def is_midnight(value: datetime, tz: tzinfo) -> bool:
    """Whether ``value`` (aware) is midnight to the second in the zone ``tz``.

    >>> from zoneinfo import ZoneInfo
    >>> berlin = ZoneInfo("Europe/Berlin")
    >>> is_midnight(datetime(2021, 11, 4, 23, tzinfo=UTC), berlin)
    True
    >>> is_midnight(datetime(2021, 11, 5, tzinfo=UTC), berlin)
    False
    """
    return value.astimezone(tz).time() == time()


def is_plausible(value: datetime, crawled_at: datetime, served_at: datetime | None = None) -> bool:
    """Reject placeholder, future and "rendered now" dates.

    ``served_at``: when the server made the response (:func:`newscrawl.served.served_at`),
    if it said; a date within seconds of it is the server's clock, not the story's. Without
    it, a date within a minute of ``crawled_at`` is taken for one.

    >>> now = datetime(2024, 1, 1, tzinfo=UTC)
    >>> is_plausible(datetime(1, 1, 1, tzinfo=UTC), now)
    False
    >>> is_plausible(now + timedelta(days=3), now), is_plausible(now, now)
    (False, False)
    >>> is_plausible(datetime(2020, 6, 14, tzinfo=UTC), now)
    True
    >>> a_minute_ago = now - timedelta(seconds=40)
    >>> is_plausible(a_minute_ago, now), is_plausible(a_minute_ago, now, served_at=now)
    (False, True)
    """
    if value.year < MIN_YEAR:
        return False
    if value > crawled_at + FUTURE_TOLERANCE:
        return False
    if served_at is not None:
        return abs(value - served_at) > SERVED_TOLERANCE
    return abs(value - crawled_at) > NOW_TOLERANCE


def to_iso(value: datetime | None) -> str | None:
    """ISO 8601 with the UTC offset, to the second.

    >>> from datetime import timezone
    >>> to_iso(datetime(2020, 6, 14, 8, 35, 0, 999, tzinfo=timezone(timedelta(hours=3))))
    '2020-06-14T08:35:00+03:00'
    """
    if value is None:
        return None
    return value.replace(microsecond=0).isoformat()


def date_from_url(url: str, tz: tzinfo = UTC) -> datetime | None:
    """Return the day an URL names (``/2020/06/14/`` or ``-20200614-``), at midnight in ``tz``.

    >>> date_from_url("https://x.com/news/2020/06/14/story").isoformat()
    '2020-06-14T00:00:00+00:00'
    >>> date_from_url("https://x.com/story-20200614-a") is not None, date_from_url("https://x.com/a-123")
    (True, None)
    """
    path = url.split("?", 1)[0]
    match = _URL_DATE_SEPARATED.search(path) or _URL_DATE.search(path)
    if not match:
        return None
    year, month, day = (int(group) for group in match.groups())
    try:
        return datetime(year, month, day, tzinfo=tz)
    except ValueError:
        return None


# A year and month with no day after them: /2013/10/story.html (Blogger), /2020/01/story.
_ONE_DAY = timedelta(days=1)
_URL_MONTH = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/(?!\d)")


def month_from_url(url: str) -> tuple[int, int] | None:
    """Return the (year, month) an URL names without a day (``/2013/10/story``), or None.

    >>> month_from_url("https://x.blogspot.com/2013/10/story.html")
    (2013, 10)
    >>> month_from_url("https://x.com/2013/10/05/story"), month_from_url("https://x.com/a-1")
    (None, None)
    """
    match = _URL_MONTH.search(url.split("?", 1)[0])
    return (int(match[1]), int(match[2])) if match else None


def before_month(candidate: DateCandidate, month: tuple[int, int]) -> bool:
    """Whether ``candidate`` is earlier than ``month`` (by more than a day: time zones).

    >>> october = (2013, 10)
    >>> before_month(DateCandidate("html", datetime(2010, 5, 2, tzinfo=UTC), False), october)
    True
    >>> before_month(DateCandidate("html", datetime(2013, 9, 30, 22, tzinfo=UTC), False), october)
    False
    >>> before_month(DateCandidate("html", datetime(2013, 11, 10, tzinfo=UTC), False), october)
    False
    """
    return (candidate.value + _ONE_DAY).date() < date(*month, 1)


def date_from_htmldate(
    tree: HtmlElement,
    url: str,
    crawled_at: datetime,
    tz: tzinfo = UTC,
    served_at: datetime | None = None,
) -> datetime | None:
    """The publication day htmldate finds in the page, at midnight in ``tz``, or None.

    htmldate is the field's standard for pages that declare no date: it searches text
    patterns, comments and copyright lines the other sources here do not read. It works on
    its own copy of the tree, so the body cleaner downstream sees the page untouched.
    """
    from htmldate import find_date

    try:
        found = find_date(
            tree,
            url=url,
            original_date=True,
            extensive_search=True,
            max_date=crawled_at.strftime("%Y-%m-%d"),
        )
    except (ValueError, TypeError, OverflowError):
        return None
    if not found:
        return None
    value = datetime.strptime(found, "%Y-%m-%d").replace(tzinfo=tz)
    if (value.month, value.day) == (1, 1) and not shows_new_year(tree.text_content(), value.year):
        # htmldate's extensive search makes a year alone ("© 2016", "since 2015") the
        # 1st of January: an invented date, where no date is the truth.
        return None
    return value if is_plausible(value, crawled_at, served_at) else None


def shows_new_year(text: str, year: int) -> bool:
    """Whether ``text`` shows the 1st of January of ``year`` as a date, in a common form.

    >>> shows_new_year("Posted 01.01.2020 by Ann", 2020), shows_new_year("Jan 1, 2020", 2020)
    (True, True)
    >>> shows_new_year("© 2020 Example Media. Since 2015.", 2020)
    False
    """
    y = str(year)
    forms = (
        rf"{y}[-/.]0?1[-/.]0?1(?!\d)",
        rf"(?<!\d)0?1[-/.]\s?0?1[-/.]\s?{y}",
        rf"(?<!\d)1(?:st)?\.?\s+(?:jan\w*|janv\w*|enero|gennaio|stycz\w*)\.?,?\s+{y}",
        rf"(?:jan\w*)\.?\s+1(?:st)?,?\s+{y}",
        rf"{y}年\s?0?1月\s?0?1日",
    )
    return any(re.search(form, text, re.IGNORECASE) for form in forms)


def choose(candidates: list[DateCandidate]) -> DateCandidate | None:
    """Pick the first candidate, made more precise by a later one of the same day with a time.

    A JSON-LD ``datePublished`` of "2020-06-14" and a meta tag with "2020-06-14T08:35+03:00"
    tell the same story; the second is simply more exact.
    """
    if not candidates:
        return None
    first = candidates[0]
    if first.has_time:
        return first
    for other in candidates[1:]:
        if other.has_time and other.value.date() == first.value.date():
            return other
    return first


def agrees_with_day(candidate: DateCandidate, day: datetime) -> bool:
    """Whether a date shown on the page can be the publication ``day`` the URL names.

    Structured metadata is trusted as it is; a date read from the page's text, or given by
    the listing that led to the page, must fall within a day of the URL's (time zones move
    a late-evening story to the next day).

    >>> url_day = datetime(2025, 6, 24, tzinfo=UTC)
    >>> teaser = DateCandidate("html", datetime(2025, 6, 3, tzinfo=UTC), False)
    >>> dateline = DateCandidate("html", datetime(2025, 6, 24, 20, 30, tzinfo=UTC), True)
    >>> agrees_with_day(teaser, url_day), agrees_with_day(dateline, url_day)
    (False, True)
    """
    if candidate.source not in ("html", LISTING):
        return True
    return abs(candidate.value.date() - day.date()) <= timedelta(days=1)
