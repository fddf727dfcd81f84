"""Whether two texts are one story's: an archived record and a page at another URL.

Edits change a headline's words or a paragraph, not both wholesale. These comparisons
tell a record that moved, or a page that truly is the record its ``rel=canonical`` names,
from another story (:mod:`~newscrawl.storage.decisions`).
"""

from __future__ import annotations

import re
from typing import Any

from newscrawl.storage.models import Article


def same_text(row: Article, article: dict[str, Any]) -> bool:
    """Whether ``article``'s body is the archived ``row``'s, edited at most lightly.

    What a page at another URL must be to be taken for the record moved there: a headline
    alone may share its words with another story of the same topic (a live blog sent on
    to the story that sums it up).
    """
    if row.content_hash == article["content_hash"]:
        return True
    return _share(_shingles(article.get("body")), _shingles(row.body)) >= _SAME_STORY


def other_story(row: Article, article: dict[str, Any]) -> bool:
    """Whether ``article`` is not a version of the archived ``row``.

    Edits change a headline's words or a paragraph, not both wholesale: another story is
    one whose title shares under half its words with the record's and whose text under half
    its word 4-grams.
    """
    if row.content_hash == article["content_hash"]:
        return False
    title, archived_title = _words(article.get("title")), _words(row.title)
    if title and archived_title and _share(title, archived_title) >= _SAME_STORY:
        return False
    body, archived_body = _shingles(article.get("body")), _shingles(row.body)
    return _share(body, archived_body) < _SAME_STORY


#: Share of words (titles) or word 4-grams (bodies) above which two texts are one story's.
_SAME_STORY = 0.5


def _words(text: str | None) -> set[str]:
    return set(_WORD.findall((text or "").casefold()))


def _shingles(text: str | None) -> set[tuple[str, ...]]:
    """The runs of four words of ``text``.

    As the extractor's ``word_shingles``, which the crawler process does not import (its
    module brings trafilatura).
    """
    words = _WORD.findall((text or "").casefold())
    return {tuple(words[i : i + 4]) for i in range(max(1, len(words) - 3))}


_WORD = re.compile(r"\w+")


def _share(first: set[Any], second: set[Any]) -> float:
    """What the smaller set shares with the other, as a share of its size."""
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))
