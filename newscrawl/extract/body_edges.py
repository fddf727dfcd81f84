"""The first and last lines of a body that are not the story: datelines, bylines, a bio.

Pages set them around the text in markup no class names, so the extractor keeps them as
paragraphs; :func:`~newscrawl.extract.paragraphs.postclean` asks these rules of the lines
at the body's edges. Also the place a dateline names, split off from the first sentence.
"""

from __future__ import annotations

import re

from newscrawl.extract.authors import clean_authors, starts_with_by
from newscrawl.extract.datelines import split_dateline
from newscrawl.extract.dates import has_time, parse_date
from newscrawl.extract.processors import normalize_for_hash

# The place a story was filed from, set apart from its first sentence by the page's
# markup: "WASHINGTON —", "Bergisch Gladbach -" (capitalised, a few words, a dash).
_PLACE_DATELINE = re.compile(r"^[^\W\d_][\w.'’]*(?:\s+[\w.'’]+){0,3}\s*[—–-]$")


def with_place_joined(paragraphs: list[str]) -> list[str]:
    """Join a dateline's place, split off as a paragraph, to the first sentence after it.

    >>> with_place_joined(["WASHINGTON —", "The president said.", "More."])
    ['WASHINGTON — The president said.', 'More.']
    >>> with_place_joined(["Story.", "More.", "Left -", "Right."])  # where the story starts
    ['Story.', 'More.', 'Left -', 'Right.']
    """
    for index, paragraph in enumerate(paragraphs[:2]):
        if (
            index + 1 < len(paragraphs)
            and paragraph[:1].isupper()
            and _PLACE_DATELINE.match(paragraph)
        ):
            joined = f"{paragraph} {paragraphs[index + 1]}"
            return [*paragraphs[:index], joined, *paragraphs[index + 2 :]]
    return paragraphs


#: A date in digits: "14.06.2020", "2020-06-14", "6/14", "2020年", "6月".
NUMERIC_DATE = re.compile(
    r"\d{1,4}\s*[./-]\s*\d{1,2}(?:\s*[./-]\s*\d{2,4})?|\d{4}\s*年|\d{1,2}\s*月"
)
_ALPHA_WORD = re.compile(r"[^\W\d_]{2,}")
# A day written the German way, which a dateline may give without a time: "14.06.2020".
_DOTTED_DATE = re.compile(r"(?<!\d)\d{1,2}\.\d{1,2}\.(?:\d{2,4})?(?!\d)")


def is_dateline(paragraph: str, words: int) -> bool:
    """Tell whether a short paragraph is nothing but a date and a time.

    Decided by its shape, without dateparser (which costs a tenth of a second per string
    when the language is unknown): a time of day, a numeric date, few words.

    >>> is_dateline("2025年1月14日 01時28分 (1月14日 01時40分更新)", 3)
    True
    >>> is_dateline("14.06.2020, 08:35 Uhr", 3), is_dateline("The 3.50 bus left at 08:35", 6)
    (True, False)
    >>> is_dateline("Stand: 14.06.2020", 2), is_dateline("3/4 cup flour", 3)
    (True, False)
    """
    if words > 10 or len(paragraph) > 80:
        return False
    if not (has_time(paragraph) or _DOTTED_DATE.search(paragraph)):
        return False
    return bool(NUMERIC_DATE.search(paragraph)) and len(_ALPHA_WORD.findall(paragraph)) <= 3


# A date written with its month's name, a time after it or not: "20 Nisan 2026", "March 5,
# 2024, 2:30 PM", "5. März 2024 um 14:30".
_WRITTEN_DATE = re.compile(
    r"(?:\d{1,2}\.?\s+[^\W\d_]{3,}\.?|[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?)\s+"
    # The time after a word ("at", Italian "alle", Portuguese "às") or a bar: "12 marzo
    # 2026 | 18:30".
    r"(?:19|20)\d{2}(?:(?:,?\s+(?:at|um|à|a las|alle|às|om)?\s*|\s*[|·•]\s*)"
    r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?"
    r"(?:\s+[a-z]{2,4})?)?",  # a zone's abbreviation: "BST"
    re.IGNORECASE,
)


def is_written_dateline(paragraph: str, words: int) -> bool:
    """Tell whether a short paragraph is a dateline of dates written with month names.

    Its published and updated parts (:func:`split_dateline`: labels of many languages)
    each a date and nothing else, as dateparser reads it: "20 Nisan 2026 • Güncelleme: 20
    Nisan 2026" (a dateline whose spans the extractor ran together).

    >>> is_written_dateline("20 Nisan 2026•Güncelleme: 20 Nisan 2026", 5)
    True
    >>> is_written_dateline("Updated: March 5, 2024, 2:30 PM", 6)
    True
    >>> is_written_dateline("(modifica il 12 marzo 2026 | 18:30)", 7)
    True
    >>> is_written_dateline("Updated 12 times since 2020", 5)
    False
    """
    if words > 12 or len(paragraph) > 100:
        return False
    parts = [part.strip(" ,.") for part in split_dateline(paragraph) if part]
    if not parts or not all(_WRITTEN_DATE.fullmatch(part) for part in parts):
        return False
    # The shape holds "12 Monkeys 1995" too: the month must be one.
    return all(parse_date(part) is not None for part in parts)


# A Chinese or Japanese byline: the paper's reporters by name, or its agency's
# ("半月谈记者 史卫燕", "新华社记者", "（记者 张三 李四）").
CJK_BYLINE = re.compile(
    r"^[（(]?\s*[\u4e00-\u9fff]{0,12}(?:记者|記者|通讯员|通訊員)"
    r"(?:\s+[\u4e00-\u9fff·]{2,4}){0,4}\s*[）)]?$"
)


def is_byline(paragraph: str, names: set[str]) -> bool:
    """Whether a short ``paragraph`` is the byline of the article's authors (``names``).

    Only their names; or a "by" line naming one of them beside what is not an author: the
    city it was filed from, the desk ("Von Anna Sleegers, Frankfurt", "Von: det/dpa").

    >>> is_byline("Von Anna Sleegers, Frankfurt", {"anna sleegers"})
    True
    >>> is_byline("Anna Sleegers, Frankfurt", {"anna sleegers"})
    False
    """
    found = {normalize_for_hash(name) for name in clean_authors(paragraph)}
    if not found:
        return False
    return found <= names or (bool(found & names) and starts_with_by(paragraph))


_BIO_VERB = re.compile(
    r"^\s*(?:is|ist|est|es|è|was|war|works|arbeitet|schreibt|writes|covers|reports|"
    r"contributed|berichtet)\b"
)


def is_bio(key: str, names: set[str]) -> bool:
    """Whether a paragraph (``key``: normalized) opens with an author's name and a verb.

    >>> is_bio("jane doe is a reporter covering towns.", {"jane doe"})
    True
    """
    return any(key.startswith(name) and _BIO_VERB.match(key[len(name) :]) for name in names)
