"""Keyword candidates: which source's list of tags to read, and CMS fields among them."""

from __future__ import annotations

import re
from typing import Any

from newscrawl.extract.loader import is_tag_label


def listed_first(candidates: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Tag ``candidates`` with a one-string list moved after another source's list of its words.

    A CMS writes the JSON-LD keywords as one string joined by spaces ("Boxen Russland Tyson
    Fury") and the ``<meta name="keywords">`` as a list ("Boxen,Tyson Fury,Russland"); the
    same words, but only the list says where one tag ends.

    >>> listed_first([("json-ld", ["Boxen Tyson Fury"]), ("meta", ["Tyson Fury,Boxen"])])
    [('meta', ['Tyson Fury,Boxen']), ('json-ld', ['Boxen Tyson Fury'])]
    """

    def words(value: Any) -> set[str]:
        values = [value] if isinstance(value, str) else value or []
        return {
            w.casefold() for v in values if isinstance(v, str) for w in re.split(r"[\s,;]+", v) if w
        }

    def one_string(value: Any) -> bool:
        values = [value] if isinstance(value, str) else value or []
        return len(values) == 1 and isinstance(values[0], str) and "," not in values[0]

    for index, (_, value) in enumerate(candidates):
        if not one_string(value) or " " not in str(value):
            continue
        joined = words(value)
        for later, (_, other) in enumerate(candidates[index + 1 :], index + 1):
            if not one_string(other) and words(other) == joined:
                return [candidates[later], *candidates[:later], *candidates[later + 1 :]]
    return candidates


# "Page Type: Article", "WC: 1000-1999": a CMS field and its value, written as a keyword.
_FIELD_VALUE = re.compile(r"^[^\W\d][\w .+-]{0,24}?\s*:\s+\S")


def without_cms_fields(value: Any) -> Any:
    """Keywords without the CMS's fields, where three or more keywords are "Field: value".

    Parse.ly's keywords carry the page's analytics fields beside its subjects ("Day:
    Friday", "WC: 1000-1999", "Subject: Justice"): of these, only topical labels' values
    are tags (:mod:`newscrawl.extract.loader` strips the label).

    >>> without_cms_fields(["Day: Friday", "Page Type: Article", "WC: 1000", "Subject: Gaza"])
    ['Subject: Gaza']
    >>> without_cms_fields(["Star Wars: Andor", "Disney"])
    ['Star Wars: Andor', 'Disney']
    """
    if not isinstance(value, list):
        return value
    fields = [
        v for v in value if isinstance(v, str) and _FIELD_VALUE.match(v) and not is_tag_label(v)
    ]
    if len(fields) < 3:
        return value
    return [v for v in value if v not in fields]
