"""Dates in calendars and month names dateparser does not read, rewritten as it reads them.

Japanese era years (令和6年 is 2024) and the month names of the Levant and Iraq (تشرين
الأول is October): pages of those places give their visible datelines so.
"""

from __future__ import annotations

import re

# Japanese era years, which dateparser does not know: the year before each era's first
# (令和元年, its first year, is 2019).
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_ERA_YEAR = re.compile(r"(令和|平成|昭和)\s*(元|\d{1,2})\s*年")


def _era_year(match: re.Match[str]) -> str:
    year = 1 if match[2] == "元" else int(match[2])
    return f"{_ERAS[match[1]] + year}年"


def with_era_years(text: str) -> str:
    """``text`` with Japanese era years as years of the common era.

    >>> with_era_years("令和6年1月13日"), with_era_years("令和元年5月1日")
    ('2024年1月13日', '2019年5月1日')
    """
    return _ERA_YEAR.sub(_era_year, text)


# The Syriac month names of the Levant and Iraq (كانون الثاني, January), which dateparser
# does not know, as the names it knows (يناير).
_LEVANTINE_MONTHS = {
    "كانون الثاني": "يناير", "شباط": "فبراير", "آذار": "مارس", "اذار": "مارس",
    "نيسان": "أبريل", "أيار": "مايو", "ايار": "مايو", "حزيران": "يونيو", "تموز": "يوليو",
    "آب": "أغسطس", "أيلول": "سبتمبر", "ايلول": "سبتمبر", "تشرين الأول": "أكتوبر",
    "تشرين الاول": "أكتوبر", "تشرين الثاني": "نوفمبر", "كانون الأول": "ديسمبر",
    "كانون الاول": "ديسمبر",
}  # fmt: skip
# Only between a day and a year: "آب" is also a word ("father") of running text.
_LEVANTINE_DATE = re.compile(
    r"(\d{1,2})\s+("
    + "|".join(sorted(map(re.escape, _LEVANTINE_MONTHS), key=len, reverse=True))
    + r")\s*(?:\([^()]{2,12}\)\s*)?[،,]?\s*(\d{4})"  # "تشرين الأول (أكتوبر) 2024"
)


def with_arabic_months(text: str) -> str:
    """``text`` with Levantine month names as the Arabic names dateparser reads.

    >>> with_arabic_months("الأحد 7 تشرين الأول 2024 - 10:30")
    'الأحد 7 أكتوبر 2024 - 10:30'
    >>> with_arabic_months("7 تشرين الأول (أكتوبر) 2024")
    '7 أكتوبر 2024'
    """
    return _LEVANTINE_DATE.sub(lambda m: f"{m[1]} {_LEVANTINE_MONTHS[m[2]]} {m[3]}", text)
