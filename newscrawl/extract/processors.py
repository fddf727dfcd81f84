"""Small pure normalization functions, used as itemloaders processors.

Each takes one value and returns the cleaned value, or None to drop it (itemloaders'
``MapCompose`` drops None), so they compose: ``MapCompose(clean_text, strip_site_suffix)``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

_WHITESPACE = re.compile(r"\s+")
# Runs of whitespace, and single whitespace characters other than the typographic spaces
# (no-break, thin, ideographic) that French and Japanese typesetting use on purpose.
_COLLAPSIBLE = re.compile(r"\s{2,}|[^\S\u00a0\u2007\u2009\u202f\u3000]")
# Zero-width and soft-hyphen characters: invisible in the browser, but they split words.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


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
    text = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
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


def unique(values: Iterable[str]) -> list[str]:
    """Keep the first of values that are equal ignoring case.

    >>> unique(["Syria", "syria", "Libya"])
    ['Syria', 'Libya']
    """
    seen: set[str] = set()
    result = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            result.append(value)
    return result


def normalize_for_hash(text: str) -> str:
    r"""Return the form of a text that content hashes and comparisons use.

    NFC, casefolded, every run of whitespace one space, so that re-wrapping or extra spaces
    in a revisited page do not make it look changed.

    >>> normalize_for_hash("  Hello\n\n  WORLD ")
    'hello world'
    """
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()


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


_TITLE_SEPARATORS = re.compile(r"\s+[|–—:·•»\-]\s+|\s+::\s+|\s*[|：]\s*")


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def strip_site_name(title: str | None, site_names: Iterable[str | None]) -> str | None:
    """Remove a leading or trailing site name from a title ("Story | Site").

    >>> strip_site_name("Russia talks - The Jerusalem Post", ["The Jerusalem Post"])
    'Russia talks'
    >>> strip_site_name("Jerusalem Post | Russia talks", ["jpost.com", "Jerusalem Post"])
    'Russia talks'
    >>> strip_site_name("Ask the expert: a story", ["example.com"])
    'Ask the expert: a story'
    """
    if not title:
        return title
    names = {_squash(name) for name in site_names if name and _squash(name)}
    names |= {name.rsplit("com", 1)[0] for name in names if name.endswith("com")}
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2 or not names:
        return title

    def is_site(part: str) -> bool:
        squashed = _squash(part)
        return bool(squashed) and any(
            squashed == name or (len(name) > 3 and (name in squashed or squashed in name))
            for name in names
        )

    if is_site(parts[-1]):
        separator = list(_TITLE_SEPARATORS.finditer(title))[-1]
        return title[: separator.start()].strip() or title
    if is_site(parts[0]):
        separator = next(_TITLE_SEPARATORS.finditer(title))
        return title[separator.end() :].strip() or title
    return title


# A separator between a headline and what a page adds to it in <title>/og:title: site name,
# section, kicker. Full-width colon and the Hangul letter "ㅣ" serve as bars in CJK titles.
_EDGE_SEPARATOR = r"\s*(?:[|–—:·•»/：ㅣ-]|::)\s*"
_LEADING_SEPARATOR = re.compile("^" + _EDGE_SEPARATOR)
_TRAILING_SEPARATOR = re.compile(_EDGE_SEPARATOR + "$")


def trim_to_shared_title(value: str | None, others: Iterable[str]) -> str | None:
    """Cut a title down to a shorter one the page also gives.

    Only when a separated prefix or suffix (section, site name, kicker) is all that tells
    the two apart.

    >>> trim_to_shared_title("Russia hits Kyiv - National", ["Russia hits Kyiv"])
    'Russia hits Kyiv'
    >>> trim_to_shared_title("南海トラフ、一時調査：中日新聞Web", ["南海トラフ、一時調査"])
    '南海トラフ、一時調査'
    >>> trim_to_shared_title("Russia hits Kyiv hard", ["Russia hits Kyiv"])
    'Russia hits Kyiv hard'
    """
    if not value:
        return value
    best = value
    for other in others:
        if not other or len(other) >= len(best) or len(other) < 10:
            continue
        if _is_edge_extension(value, other):
            best = other
    return best


def _is_edge_extension(value: str, core: str) -> bool:
    """Whether ``value`` is ``core`` plus a separated prefix or suffix."""
    if value.startswith(core):
        return bool(_LEADING_SEPARATOR.match(value[len(core) :]))
    if value.endswith(core):
        return bool(_TRAILING_SEPARATOR.search(value[: -len(core)]))
    return False
