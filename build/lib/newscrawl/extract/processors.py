"""Small pure normalization functions, used as itemloaders processors.

Each takes one value and returns the cleaned value, or None to drop it (itemloaders'
``MapCompose`` drops None), so they compose: ``MapCompose(clean_text, strip_site_suffix)``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable

# Runs of whitespace, and single whitespace characters other than the typographic spaces
# (no-break, thin, ideographic) that French and Japanese typesetting use on purpose.
_COLLAPSIBLE = re.compile(r"\s{2,}|[^\S\u00a0\u2007\u2009\u202f\u3000]")
# Zero-width and soft-hyphen characters: invisible in the browser, but they split words.
# Lone UTF-16 surrogates too, which no text stored or hashed as UTF-8 may hold (JSON sources
# are cleaned of them as they are read, see jsonld.without_lone_surrogates).
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def lowercase(text: str) -> str:
    """``text`` lowercased letter for letter, for patterns written in lower case.

    ``str.lower()`` turns the Turkish capital "İ" into two characters, "i" and a combining
    dot above, which no such pattern expects; here it becomes "i".

    >>> lowercase("ABONELİK"), len(lowercase("İ")), len("İ".lower())
    ('abonelik', 1, 2)
    """
    return text.replace("İ", "i").lower()


def clean_text(value: str | None) -> str | None:
    r"""Decode entities, NFC-normalize, collapse whitespace; None for an empty result.

    >>> clean_text("  Caf&eacute;&nbsp; au\n lait ")
    'Café au lait'
    >>> clean_text(" \t ") is None
    True
    """
    if value is None:
        return None
    text = html.unescape(str(value))
    text = _INVISIBLE.sub("", _CONTROL.sub(" ", text))
    # split() and join(): runs of whitespace (str.isspace, as regex \s) become one space,
    # and none is left at the ends, in a fraction of the time of a regex substitution.
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return text or None


def clean_paragraph_text(value: str | None) -> str | None:
    r"""Normalize a multi-paragraph text: paragraphs apart by exactly one blank line.

    >>> clean_paragraph_text("One  two.\n\n\n Three\nfour. \n\n")
    'One two.\n\nThree four.'
    """
    if value is None:
        return None
    paragraphs = (clean_text(part) for part in _PARAGRAPH_BREAK.split(str(value)))
    return "\n\n".join(p for p in paragraphs if p) or None


def split_list(value: str | None, separators: str = ",;|") -> list[str]:
    """Split a delimited keyword string.

    >>> split_list("Libya, Syria;Turkey | Russia,")
    ['Libya', 'Syria', 'Turkey', 'Russia']
    """
    if not value:
        return []
    parts = re.split("[" + re.escape(separators) + "]", value)
    return [cleaned for part in parts if (cleaned := clean_text(part))]


def unique(
    values: Iterable[str], keys: Callable[[str], Iterable[str]] = lambda value: (value.casefold(),)
) -> list[str]:
    """Keep the first of values that are equal ignoring case (or share one of ``keys``).

    >>> unique(["Syria", "syria", "Libya"])
    ['Syria', 'Libya']
    """
    seen: set[str] = set()
    result = []
    for value in values:
        value_keys = set(keys(value))
        if not value_keys & seen:
            result.append(value)
        seen |= value_keys
    return result


def normalize_for_hash(text: str) -> str:
    r"""Return the form of a text that content hashes and comparisons use.

    NFC, casefolded, every run of whitespace one space, so that re-wrapping or extra spaces
    in a revisited page do not make it look changed.

    >>> normalize_for_hash("  Hello\n\n  WORLD ")
    'hello world'
    """
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def title_case_segment(value: str) -> str:
    """Title-case a section slug from a URL.

    >>> title_case_segment("middle-east")
    'Middle East'
    """
    words = re.split(r"[-_ ]+", value.strip())
    return " ".join(w[:1].upper() + w[1:] for w in words if w)


def take_first(values: Iterable[str | None]) -> str | None:
    """First non-empty value, like itemloaders' TakeFirst but usable outside a loader.

    >>> take_first([None, "", "a", "b"])
    'a'
    """
    for value in values:
        if value:
            return value
    return None
