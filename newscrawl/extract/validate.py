"""Is an extracted article worth keeping? A drop reason, or None.

Reasons (stats keys): ``error-page`` (soft 404s and error pages served with status 200);
the walls a page shows instead of the article, with little article text: ``bot-check``
(Cloudflare's "Just a moment...", captchas, "Access denied"), ``consent-wall`` (a cookie
consent page), ``paywall`` (a login or subscription wall); ``no-title``, ``short-body``,
``url-too-long`` (a URL or canonical URL over :data:`~newscrawl.urls.MAX_URL_LENGTH`
characters, which the archive cannot key); ``other-language``, an article in a language
not asked for (or in one the extractor cannot tell), when languages are asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from newscrawl.extract.language import normalize_code
from newscrawl.extract.walls import WALL_PROMPT
from newscrawl.urls import MAX_URL_LENGTH

# Titles of pages that are errors whatever their status code.
_ERROR_TITLE = re.compile(
    r"\b(?:404|410|500|502|503)\b|page (?:not|could not be) found|not found|"
    r"page (?:does not|doesn't) exist|no longer (?:available|exists)|"
    r"^(?:error|oops)\b|an error occurred|seite nicht gefunden|fehler 404|"
    r"page introuvable|página no encontrada|pagina non trovata|pagina niet gevonden|"
    r"artikel nicht gefunden|article not found|content not available",
    re.IGNORECASE,
)
# Walls in front of the article, by kind: told apart, so that a run that meets only walls
# can say what stops it (a bot block, a consent page the crawler cannot accept, a login).
_WALLS = (
    (
        "bot-check",
        re.compile(
            r"just a moment|attention required|are you a (?:robot|human)|"
            r"verify (?:that )?you are (?:a )?human|"
            r"captcha|access denied|request blocked|security check|enable javascript",
            re.IGNORECASE,
        ),
    ),
    (
        "consent-wall",
        re.compile(
            r"before you continue|cookie (?:consent|settings|preferences)|"
            r"we value your privacy|consent to (?:the use of )?cookies|privacy (?:center|settings)|"
            r"bevor sie fortfahren|zustimmung|datenschutzeinstellungen",
            re.IGNORECASE,
        ),
    ),
    ("paywall", re.compile(r"please log ?in|sign in to continue", re.IGNORECASE)),
)
#: The drop reasons of a page that is a wall in front of the article.
WALL_REASONS = frozenset(reason for reason, _ in _WALLS)


def _wall(text: str) -> str | None:
    """The kind of wall ``text`` (a title, a short body's start) words, or None."""
    return next((reason for reason, words in _WALLS if words.search(text)), None)


def check_article(
    article: dict[str, Any], min_words: int = 50, languages: frozenset[str] = frozenset()
) -> str | None:
    """Return a drop reason for ``article``, or None if it is a proper article.

    ``languages``: the ISO 639-1 codes of the languages kept (:func:`kept_languages`);
    empty, every language.

    >>> check_article({"title": "Page not found", "body": "", "word_count": 0})
    'error-page'
    >>> check_article({"title": "Just a moment...", "body": "Checking...", "word_count": 1})
    'bot-check'
    >>> check_article({"title": "", "body": "text " * 80, "word_count": 80})
    'no-title'
    >>> check_article({"title": "A story", "body": "Too short.", "word_count": 2})
    'short-body'
    >>> check_article({"title": "A story", "body": "word " * 60, "word_count": 60}) is None
    True
    >>> story = {"title": "A story", "body": "word " * 60, "word_count": 60, "language": "en"}
    >>> check_article(story, languages=frozenset({"de"}))
    'other-language'
    """
    title = (article.get("title") or "").strip()
    body = article.get("body") or ""
    words = article.get("word_count")
    if words is None:
        words = len(body.split())
    if title and _ERROR_TITLE.search(title) and words < 4 * min_words:
        return "error-page"
    wall = _wall(title) if title else None
    if wall is None and words < 2 * min_words:
        wall = _wall(body[:2000])
    if wall is not None:
        return wall
    if words < min_words and (article.get("paywalled") or WALL_PROMPT.search(body)):
        # Behind a login or subscription wall: what is left is no article.
        return "paywall"
    if not title:
        return "no-title"
    if words < min_words:
        return "short-body"
    if any(len(article.get(key) or "") > MAX_URL_LENGTH for key in ("url", "canonical_url")):
        return "url-too-long"
    if languages and article.get("language") not in languages:
        return "other-language"
    return None


def kept_languages(codes: Iterable[str]) -> frozenset[str]:
    """The ISO 639-1 codes of ``codes`` (tags and locales allowed).

    A code that names no language is a ValueError.

    >>> sorted(kept_languages(["de-CH", "fr"]))
    ['de', 'fr']
    """
    kept = set()
    for code in codes:
        normalized = normalize_code(code)
        if normalized is None:
            raise ValueError(f"{code!r} is not a language code like de or en-GB")
        kept.add(normalized)
    return frozenset(kept)
