"""Small pure helpers of the article assembly: counting, hashing, URL and name checks."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newscrawl.extract.page import select_texts
from newscrawl.extract.processors import normalize_for_hash

_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORD = re.compile(r"\w+")


def squash(text: str) -> str:
    """Letters and digits only, casefolded: "ORF.at" and "orf-at" compare equal."""
    return re.sub(r"[\W_]+", "", text.casefold())


def names_key(names: list[str]) -> set[str]:
    """Return the normalized names, for comparing author lists."""
    return {normalize_for_hash(name) for name in names}


def count_words(text: str) -> int:
    """Count the words of a text.

    Words are space-separated tokens with a letter or digit ("Russia’s" and "S-400" are
    one word each); each CJK character counts as one, as word processors count them.

    >>> count_words("Russia’s S-400 – two"), count_words("日本語のニュース")
    (3, 8)
    """
    spaced, cjk = _CJK.subn(" ", text)
    # isalnum() settles most tokens without a regex: all of it letters and digits.
    return cjk + sum(1 for token in spaced.split() if token.isalnum() or _WORD.search(token))


def content_hash(title: str | None, body: str | None) -> str:
    r"""sha256 of the normalized title and body: whitespace-only edits keep the hash.

    >>> content_hash("T", "a  b") == content_hash("T ", "a\n\nb")
    True
    """
    text = normalize_for_hash(f"{title or ''} {body or ''}")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def selector_paragraphs(tree: HtmlElement, css: str) -> list[str]:
    """Return the paragraph texts of a profile's body selector."""
    texts = select_texts(tree, css)
    return [text for text in texts if text]


def is_article_url(candidate: str, page_url: str) -> bool:
    """Whether a canonical URL can name an article: http(s), not a home or section page.

    >>> page = "https://x.com/middle-east/russia-talks-631386"
    >>> is_article_url("https://x.com/middle-east/russia-talks-631386", page)
    True
    >>> is_article_url("https://x.com/", page), is_article_url("https://x.com/middle-east", page)
    (False, False)
    >>> is_article_url("ftp://x.com/a/b", page)
    False
    """
    parts = urlsplit(candidate)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    path = parts.path.rstrip("/")
    if path in ("", "/index.html", "/index.php", "/home", "/index.htm", "/default.aspx"):
        return False
    page_path = urlsplit(page_url).path.rstrip("/")
    # A proper prefix of the page's own path is the section the article sits in.
    return not (page_path != path and page_path.startswith(path + "/"))
