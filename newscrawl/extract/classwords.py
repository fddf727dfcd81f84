"""Patterns that find words in the names pages give their elements (class, id, role).

Themes name blocks with words joined by spaces, "-" and "_" ("post-meta", "top_ad",
"c-byline__name"); a word counts only whole, so "ad" is found in "ad-slot" but not in
"header" or "load". Every reader that looks at class names builds its pattern here.
"""

from __future__ import annotations

import re


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
