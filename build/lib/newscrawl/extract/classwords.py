"""The names pages give their elements (class, id, role): patterns, and the elements marked.

Themes name blocks with words joined by spaces, "-" and "_" ("post-meta", "top_ad",
"c-byline__name"); a word counts only whole, so "ad" is found in "ad-slot" but not in
"header" or "load". Every reader that looks at class names builds its pattern here, and
:func:`marked_elements` finds the elements whose names match, once for all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from lxml.etree import XPath
from lxml.html import HtmlElement


def class_words(alternatives: str, *, in_modifiers: bool = True) -> re.Pattern[str]:
    r"""A case-insensitive pattern finding one of ``alternatives`` as a whole class word.

    ``alternatives`` is a regular expression alternation ("tags|tag-?list"). With
    ``in_modifiers=False`` a word after "--" does not count: a BEM modifier
    ("TestReport__Section--Ads") says what a block holds, not what it is.

    >>> ads = class_words("ad|ads", in_modifiers=False)
    >>> [bool(ads.search(name)) for name in ("top_ad", "ad-slot", "header", "Section--Ads")]
    [True, True, False, False]
    >>> bool(class_words("ad|ads").search("Section--Ads"))
    True
    """
    before = r"(?:^|[\s_-])" if in_modifiers else r"(?:^|[\s_]|(?<!-)-)"
    return re.compile(rf"{before}(?:{alternatives})(?:$|[\s_-])", re.IGNORECASE)


_NAMING_VALUES = XPath("//@class | //@id | //@itemprop | //@rel | //@role")

#: (element, tag, "class id itemprop rel role") of elements whose names matched a hint.
Marked = list[tuple[HtmlElement, str, str]]


def marked_elements(tree: HtmlElement, hints: Iterable[re.Pattern[str]] = ()) -> Marked:
    """Elements whose naming attributes match any of ``hints``, in document order.

    Read once for every stage that looks at class names (byline, dateline, boilerplate).
    The attribute values come straight from libxml2 and are tested as strings, each
    distinct string once; only the few matching ones cost an element proxy. A hint must
    not match across a space (:func:`class_words` patterns
    do not): values are judged word by word. Without ``hints`` every element with a
    naming attribute is returned.
    """
    listed = list(hints)
    # One alternation instead of one search per hint: ids are often unique per element.
    # Hints are lowercase patterns; matching lowercased values without IGNORECASE is three
    # times faster in Python's re engine, and this runs on every distinct name of a page.
    combined = _combined(tuple(p.pattern for p in listed)) if listed else None
    words = _word_verdicts(combined) if combined else {}
    verdicts: dict[str, bool] = {}
    marked: Marked = []
    last = None
    for value in _NAMING_VALUES(tree):
        verdict = verdicts.get(value)
        if verdict is None:
            verdict = verdicts[value] = combined is None or _names_hint(value, combined, words)
        if not verdict:
            continue
        element = value.getparent()
        if element is last or not isinstance(element.tag, str):
            continue
        last = element
        attrs = " ".join(v for name, v in element.items() if name in _NAMING)
        marked.append((element, element.tag, attrs))
    return marked


@lru_cache(maxsize=16)
def _combined(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


# Verdicts on single class words, per combined hint, kept from page to page: a site's pages
# share their theme's class names, so in a crawl almost every word of a page was judged on
# an earlier one (the regex search costs a few microseconds a word, the lookup a tenth of
# one). Emptied when it grows past _MAX_WORDS, so a long crawl's memory stays flat.
_WORD_VERDICTS: dict[re.Pattern[str], dict[str, bool]] = {}
_MAX_WORDS = 50_000


def _word_verdicts(combined: re.Pattern[str]) -> dict[str, bool]:
    words = _WORD_VERDICTS.setdefault(combined, {})
    if len(words) > _MAX_WORDS:
        words.clear()
    return words


def _names_hint(value: str, combined: re.Pattern[str], words: dict[str, bool]) -> bool:
    """Whether a word of ``value`` matches ``combined``, judging each word once."""
    for word in value.lower().split():
        verdict = words.get(word)
        if verdict is None:
            verdict = words[word] = combined.search(word) is not None
        if verdict:
            return True
    return False


_NAMING = frozenset({"class", "id", "itemprop", "rel", "role"})
