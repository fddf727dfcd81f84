"""When is an article's content really different? The revision fingerprint.

A revisited page often differs from the archived one only by noise: whitespace, a share or
comment counter, "Updated 5 minutes ago", curly instead of straight quotes. The extractor's
``content_hash`` already ignores whitespace and case; :func:`revision_fingerprint` also
ignores that noise, and covers what a reader would call the article: title, standfirst,
body and authors. Two versions with the same fingerprint are one revision.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

#: Fields whose change makes a new revision.
REVISION_FIELDS = ("title", "description", "body", "authors")

# Numbers start where no digit stands before them: tried at every digit of a long run, the
# patterns would read the run to its end each time (a body of 16,000 digits: 18 seconds).
_NUMBER = r"(?<![\d,.])\d(?:[\d,.]*\d)?[kKmM]?"
_UNIT = r"(?:sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|days?|weeks?|months?)"
_NOISE = [
    # "Updated 5 minutes ago", "posted an hour ago", "3 hrs ago", "just now".
    rf"(?:(?:last\s+)?(?:updated|posted|published|edited)\s*:?\s*)?"
    rf"(?:about\s+|over\s+|almost\s+)?(?:(?<!\d)\d+|an?|one|a\s+few)\s+{_UNIT}\s+ago\b",
    r"(?:(?:updated|posted)\s+)?(?:just\s+now|moments\s+ago)\b",
    # "Updated: 10:32", "Last updated at 10.32 am GMT".
    r"(?:last\s+)?updated(?:\s+(?:at|on))?\s*:?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?"
    r"(?:\s+(?:gmt|utc|bst|cet|cest|est|edt|pst|pdt)\b)?",
    # Counters: "1.2K shares", "23 comments", "Shares: 45", "(12) comments".
    rf"\(?{_NUMBER}\)?\s+(?:shares?|comments?|views?|likes?|reads?|reactions?|retweets?)\b",
    rf"\b(?:shares?|comments?|views?|likes?|reactions?)\s*:?\s*\(?{_NUMBER}\)?",
    # "This article has been viewed 1,211 times", "Read 340 times".
    rf"(?:this\s+(?:article|story|page|post)\s+(?:has\s+been\s+|was\s+)?)?"
    rf"(?:viewed|read)\s+{_NUMBER}\s+times\b",
    # "4 min read", "Reading time: 4 minutes".
    rf"(?:reading\s+time\s*:?\s*)?\b\d+\s*{_UNIT}\s+read\b",
    r"reading\s+time\s*:?\s*\d+\s*" + _UNIT,
    # A list of the moment's most read stories, set in the article: "Most read: 1. ...".
    r"(?:most\s+(?:read|popular|viewed|shared)|trending(?:\s+now)?|popular\s+now)\s*:[^\n]*",
]
# A phrase is noise only where it stands apart from the prose: at the start of a line or
# after a sentence or a separator, and before the end of one ("Storm hits coast. Updated 5
# minutes ago • 1.2K shares"). In a sentence it is the story's: "the fund sold 12,000
# shares of the bank", "arrested 2 hours ago", "Shares 5% lower" must make a revision when
# their numbers are corrected.
_BEFORE = r"(?<![^\W\d_]\s)(?<![^\W\d_,])"
_AFTER = r"(?=\s*(?:$|[.!?•·|/;:)(\[]|[-–—]\s)|\s+(?-i:[A-ZÀ-ÖØ-Þ]))"
# Every phrase starts with one of these characters: the lookahead lets the engine skip other
# positions at once instead of trying each alternative there (twice as fast, same matches).
_NOISE_START = r"(?=[\d(lupeaojmscvrt])"
_NOISE_RE = re.compile(
    _NOISE_START + _BEFORE + "(?:" + "|".join(f"(?:{p})" for p in _NOISE) + ")" + _AFTER,
    re.IGNORECASE | re.MULTILINE,
)
_TYPOGRAPHY = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-",
     "…": "...", "\u00a0": " ", "\u202f": " ", "\u00ad": None}
)  # fmt: skip
_SPACES = re.compile(r"\s+")
# Punctuation a removed phrase leaves standing alone ("usual. Updated 5 min ago." -> ". .").
_ORPHANS = re.compile(r"(?:^|(?<=\s))[.,;:!?•·|/\-]+(?=\s|$)")


def strip_noise(text: str) -> str:
    """The text without counters, relative times and typographic variants, normalized.

    >>> strip_noise("Storm  hits coast. Updated 5 minutes ago • 1.2K shares")
    'storm hits coast.'
    >>> strip_noise("“Quoted” — text") == strip_noise('"quoted" - text')
    True
    """
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
    text = _ORPHANS.sub(" ", _NOISE_RE.sub(" ", text))
    return _SPACES.sub(" ", text.casefold()).strip()


def revision_fingerprint(article: Any) -> str:
    """SHA-256 over the noise-free title, standfirst, body and authors of an article.

    ``article`` is a dict or any object with those attributes (an archived row). A lone
    UTF-16 surrogate, which the extractor never gives but a caller's text may hold, is
    hashed as it is rather than refused (found by fuzzing).

    >>> revision_fingerprint({"title": "T" + chr(0xD800)}) != revision_fingerprint({"title": "T"})
    True
    """
    parts = []
    for name in REVISION_FIELDS:
        value = article.get(name) if isinstance(article, dict) else getattr(article, name)
        if name == "authors":
            value = "; ".join(value or [])
        parts.append(strip_noise(value or ""))
    # surrogatepass changes no other text's bytes: the archive's fingerprints stay.
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
