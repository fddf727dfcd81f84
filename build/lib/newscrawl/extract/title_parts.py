"""What pages add to a headline: the site's name, a blog's archive label, a date.

"Story | The Daily", "Jerusalem Post | Story", "Story (neues deutschland)", "Blog » Blog
Archive » Post", "Story : 31.10.2023, 10.19 Uhr". The site's names come as
:func:`site_keys`: squashed names, and host labels that only count at a part's start.
:mod:`newscrawl.extract.titles` cuts these parts off the candidates it chooses among.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newscrawl.extract.fields import squash

# Chinese and Japanese titles join their parts without spaces: "标题--时政--人民网",
# "标题_新浪网", "标题-新华网"; between two CJK characters, hyphens and "_" separate parts.
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]"
TITLE_SEPARATORS = re.compile(
    rf"\s+[|–—:·•»›\-]\s+|\s+::\s+|\s*[|：ㅣ]\s*|(?<={_CJK})(?:-{{1,2}}|_)(?={_CJK})"
)


# The site's name in brackets at the end: "»Kein Geld mehr für die Miete« (neues deutschland)".
_BRACKETED_END = re.compile(r"\s+[(\[]([^()\[\]]{4,60})[)\]]$")

# Second-level domains under which country domains register names: "gv.at", "co.uk".
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gv", "ac", "gov", "edu", "or", "ne"})

# Parts of a blog's <title> that name no post: WordPress's classic "Blog » Blog Archive » Post".
_BLOG_PARTS = frozenset({"blogarchive", "blogarchiv"})


def site_keys(site_names: Iterable[str | None]) -> set[str]:
    """The keys a title's part is matched against: squashed names, and "^label" of hosts.

    >>> sorted(site_keys(["The Daily", "foren.myoos.de", "welt.com"]))
    ['^myoos', 'forenmyoosde', 'thedaily', 'welt', 'weltcom']
    """
    given = [name for name in site_names if name and squash(name)]
    names = {squash(name) for name in given}
    # Kept as "^label": a host's label names the site only at the start of a part ("MyOOS
    # Community Forum", not "Advertising on Jodel" on advertising.jodel.com).
    labels = {f"^{label}" for name in given if (label := _host_label(name))}
    return names | labels | {name.rsplit("com", 1)[0] for name in names if name.endswith("com")}


def _host_label(name: str) -> str | None:
    """The label a host name was registered under, if ``name`` is a host name.

    "foren.myoos.de" -> "myoos" ("MyOOS Community Forum"), "bundeskanzleramt.gv.at" ->
    "bundeskanzleramt"; short ones ("wp", "welt") say too little to cut a title's part by.

    >>> _host_label("foren.myoos.de"), _host_label("sportowefakty.wp.pl"), _host_label("Myoos")
    ('myoos', None, None)
    """
    labels = name.strip().lower().split(".")
    if len(labels) < 2 or " " in name.strip():
        return None
    labels.pop()  # the top-level domain
    while len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    return squash(labels[-1]) if len(labels[-1]) >= 5 else None


def is_title_suffix(h1: str, title_tag: str) -> bool:
    """Whether ``h1`` is a short part of ``title_tag`` after a longer one: the site's name.

    A blog theme sets its name in an ``<h1>`` that links nowhere and the ``<title>`` to "Post
    | Blog name": the ``<h1>`` is the part that is not the post.

    >>> is_title_suffix("DimidoBlog", "Was ist Virales Marketing? | DimidoBlog")
    True
    >>> is_title_suffix("Was ist Virales Marketing?", "Was ist Virales Marketing? | DimidoBlog")
    False
    >>> is_title_suffix("Time 4 talks", "Time 4 talks » Blog Archiv » Schweizer Kinos")
    True
    """
    key = squash(h1)
    parts = [squash(part) for part in TITLE_SEPARATORS.split(title_tag)]
    parts = [part for part in parts if part]
    if len(parts) < 2 or len(h1.split()) > 3 or max(parts, key=len) == key:
        return False
    # A short headline leads: "Ein Albtraum - DER SPIEGEL 52/2018". The blog's name leads
    # only WordPress's classic "Blog » Blog Archive » Post".
    return parts[-1] == key or (parts[0] == key and parts[1] in _BLOG_PARTS)


def names_site(part: str, names: set[str], *, leading: bool = False) -> bool:
    """Whether a title's ``part`` names the site (``names`` from :func:`site_keys`)."""
    squashed = squash(part)
    if squashed in _BLOG_PARTS:
        return True
    return bool(squashed) and any(_is_name(squashed, name, leading) for name in names)


def _is_name(squashed: str, name: str, leading: bool) -> bool:
    """Whether a title's part (``squashed``) is the site's ``name`` (a :func:`site_keys` key).

    A host's label ("^myoos") must open the part. Another name must be the part, or hold
    it, or (names over three letters) be inside it: inside a leading part, the headline's
    start, only if the name makes up half of it.
    """
    if name.startswith("^"):
        return squashed.startswith(name[1:])
    if squashed == name:
        return True
    if len(name) <= 3:
        return False
    if squashed in name:
        return True
    return name in squashed and (not leading or len(name) * 2 >= len(squashed))


def strip_site_name(title: str | None, site_names: Iterable[str | None]) -> str | None:
    """Remove a leading or trailing site name from a title ("Story | Site").

    A site name that holds a separator itself ("AOC media - Analyse Opinion Critique")
    goes part by part.

    >>> strip_site_name("Russia talks - The Jerusalem Post", ["The Jerusalem Post"])
    'Russia talks'
    >>> strip_site_name("Jerusalem Post | Russia talks", ["jpost.com", "Jerusalem Post"])
    'Russia talks'
    >>> strip_site_name("Ask the expert: a story", ["example.com"])
    'Ask the expert: a story'
    >>> strip_site_name("Rent strike (neues deutschland)", ["neues-deutschland.de"])
    'Rent strike'
    >>> strip_site_name("Skibergsteigen: Leicht und schnell - Neu | Bergsteigen.com",
    ...                 ["bergsteigen.com"])
    'Skibergsteigen: Leicht und schnell - Neu'
    >>> strip_site_name("Retirement | AOC media - Analyse Opinion Critique",
    ...                 ["AOC media - Analyse Opinion Critique"])
    'Retirement'
    """
    if not title:
        return title
    return strip_site_parts(title, site_keys(site_names))


def strip_site_parts(title: str, names: set[str]) -> str:
    """Remove up to three leading or trailing parts of ``title`` that name the site."""
    for _ in range(3):
        stripped = _strip_site_part(title, names)
        if stripped == title:
            break
        title = stripped
    return title


def _strip_site_part(title: str, names: set[str]) -> str:
    """Remove the first or last separated part of ``title`` if it names the site."""
    bracketed = _BRACKETED_END.search(title)
    if bracketed and names and names_site(bracketed.group(1), names):
        return title[: bracketed.start()].strip() or title
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2 or not names:
        return title
    if names_site(parts[-1], names):
        separator = list(TITLE_SEPARATORS.finditer(title))[-1]
        return title[: separator.start()].strip() or title
    # A leading part that only has the site's name in it is the headline's start:
    # "Skibergsteigen: Schnell und leicht ... - Neuheiten" on bergsteigen.com.
    if names_site(parts[0], names, leading=True):
        separator = next(TITLE_SEPARATORS.finditer(title))
        return title[separator.end() :].strip() or title
    return title


# A separator between a headline and what a page adds to it in <title>/og:title: site name,
# section, kicker. Full-width colon and the Hangul letter "ㅣ" serve as bars in CJK titles.
# A hyphen after a prefix needs a space before it: "MSV-Interimstrainer" is one word.
# A day, and maybe a time, as a separated part of a title: "31.10.2023, 10.19 Uhr".
_DATE_PART = re.compile(
    r"\s*(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2})"
    r"(?:,?\s*\d{1,2}[:.]\d{2}(?:\s*uhr)?)?\s*",
    re.IGNORECASE,
)


def strip_date_part(text: str) -> str:
    """Cut a date written before or after the headline as a separated part.

    >>> strip_date_part("So viel Regen gab es lange nicht : 31.10.2023, 10.19 Uhr")
    'So viel Regen gab es lange nicht'
    >>> strip_date_part("08.11.2021 | Fachtag zum Intersex Day")
    'Fachtag zum Intersex Day'
    >>> strip_date_part("Tabelle | 2023/24")
    'Tabelle | 2023/24'
    """
    separators = list(TITLE_SEPARATORS.finditer(text))
    if not separators:
        return text
    last, first = separators[-1], separators[0]
    if _DATE_PART.fullmatch(text[last.end() :]) and text[: last.start()].strip():
        return text[: last.start()].strip()
    if _DATE_PART.fullmatch(text[: first.start()]) and text[first.end() :].strip():
        return text[first.end() :].strip()
    return text


def only_names_site(text: str, names: set[str]) -> bool:
    """Whether ``text`` is the site's name (or part of it) and nothing else.

    >>> only_names_site("L-Mag", site_keys(["l-mag.de"]))
    True
    >>> only_names_site("L-Mag wins an award", site_keys(["l-mag.de"]))
    False
    """
    squashed = squash(text)
    return len(squashed) >= 3 and any(squashed in name for name in names)
