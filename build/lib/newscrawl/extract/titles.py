"""The headline, chosen among what the page declares and what it shows.

Candidates come in order of reliability: the profile's selector, JSON-LD ``headline``,
microdata, ``og:title``, ``twitter:title``, other ``<meta>``, the ``<h1>``, the ``<title>``.
Pages decorate them: the site's name ("Story | The Daily"), a section ("Story - Politik"),
a kicker ("Nach Gaetz-Rückzug: Story"), or are the site's name alone. These rules undo that:

* a candidate that only names the site (a blog's ``og:title``, a logo ``<h1>``) is no
  headline, unless every candidate does; a separator left dangling at the end goes (an
  ``<h1>`` that only links to the home page is left out before: it is the site's logo, and
  its text one of the site's names);
* a separated part that names the site (``og:site_name``, the publisher, the host, the
  logo) goes, and so do WordPress's "Blog Archive" and a date ("Story : 31.10.2023");
* a candidate that is another candidate plus a separated prefix or suffix is cut down to
  the shorter one when the cut part names the site, or when at least as many sources give
  the shorter form: a kicker that the structured data, the ``<h1>`` and the ``<title>``
  all repeat is part of the headline; one that only the ``<title>`` adds is not;
* a headline cut short for previews ("..."), is completed from the ``<h1>``; one cut at a
  length limit, from another declared title;
* a single word first in order (a section's name as ``og:title``, the CMS's name as the
  JSON-LD headline) yields to the ``<h1>`` when another source gives the ``<h1>``'s text;
* declared titles that disagree (JSON-LD carries a headline written for search engines,
  ``og:title`` the one the page shows) are decided by the ``<h1>``: the first declared
  title that it repeats wins (see ``benchmarks/RESULTS-extraction.md``);
* a candidate that is the ``<h1>`` plus a separated suffix ("Story › Blog name", "Story |
  Section") is cut down to the ``<h1>``: the page shows its headline without the suffix,
  which names the site or section even when the page does not say its own name.
* the chosen headline is spelled as the ``<h1>`` (without one, the ``<title>``) spells it
  when the two differ only in their dashes and quotes: metadata is typed with straight
  ones, the page typeset.

Among what is left, the first candidate in order wins. Titles keep their typographic
spaces (no-break, thin, ideographic): French and Japanese headlines are set with them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from newscrawl.extract.title_parts import (
    names_site,
    only_names_site,
    site_keys,
    strip_date_part,
    strip_site_parts,
)

#: Longest text taken for a headline (the shared corpus' longest expected one has 175):
#: a longer one is a page's text in a heading or its ``<title>``, broken or hostile.
MAX_TITLE_LENGTH = 1000
_WHITESPACE_RUN = re.compile(r"\s+")
# Single spaces typesetting puts on purpose: no-break, figure, thin, narrow, ideographic.
_TYPOGRAPHIC = frozenset("\u00a0\u2007\u2009\u202f\u3000")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_title(value: str | None) -> str | None:
    r"""Clean a title as ``clean_text`` does, but keep typographic spaces.

    >>> clean_title("  Emmanuel\u00a0Macron  sur la «\u00a0gravité\u00a0»\n")
    'Emmanuel\xa0Macron sur la «\xa0gravité\xa0»'
    >>> clean_title("南海トラフ、一時調査\u3000巨大地震")
    '南海トラフ、一時調査\u3000巨大地震'
    """
    if value is None:
        return None
    text = html.unescape(str(value))
    text = _INVISIBLE.sub("", _CONTROL.sub(" ", text))
    text = unicodedata.normalize("NFC", text)
    text = _WHITESPACE_RUN.sub(
        lambda run: run.group() if run.group() in _TYPOGRAPHIC else " ", text
    ).strip()
    return text or None


_LEADING_SEPARATOR = re.compile(r"^\s*(?:[|–—:·•»›/：ㅣ-]|::)\s*")
_TRAILING_SEPARATOR = re.compile(r"(?:\s*(?:[|–—:·•»›/：ㅣ]|::)|\s-)\s*$")
# A separator left at the end of a title whose suffix a CMS did not fill in ("Story - ").
_DANGLING_SEPARATOR = re.compile(r"\s+[|–—:-]$")
# What may follow the shown headline in <title>/og:title as a suffix: a separator other
# than a colon (a colon introduces a subtitle, part of the headline), then a short name.
_SUFFIX = re.compile(r"^\s*(?:[|–—·•»›/：ㅣ]|::|\s-)\s*\S.{0,58}$")


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
    >>> trim_to_shared_title("MSV-Interimstrainer Schubert", ["Interimstrainer Schubert"])
    'MSV-Interimstrainer Schubert'
    """
    if not value:
        return value
    best = value
    for other in others:
        if other and 10 <= len(other) < len(best) and _is_edge_extension(value, other):
            best = other
    return best


def _is_edge_extension(value: str, core: str) -> bool:
    """Whether ``value`` is ``core`` plus a separated prefix or suffix."""
    if value.startswith(core):
        return bool(_LEADING_SEPARATOR.match(value[len(core) :]))
    if value.endswith(core):
        return bool(_TRAILING_SEPARATOR.search(value[: -len(core)]))
    return False


def _key(title: str) -> str:
    """What two spellings of one title share: case, spaces and quote styles aside."""
    return " ".join(re.sub(r"[\"'‘’“”„«»‹›]", "'", title).split()).casefold()


def choose_title(
    candidates: Sequence[tuple[str, str | None]], site_names: Sequence[str | None]
) -> tuple[str, str] | None:
    """Return (source, title) of the headline among ``candidates`` (see the module docstring).

    ``candidates`` are (source, raw text) in order of reliability; the ``<h1>``'s source
    is ``"h1"``.

    >>> choose_title(
    ...     [("json-ld", "Kicker: Ferry resumes"), ("opengraph", "Kicker: Ferry resumes"),
    ...      ("h1", "Ferry resumes"), ("title-tag", "Kicker: Ferry resumes | The Daily")],
    ...     ["The Daily"])
    ('json-ld', 'Kicker: Ferry resumes')
    >>> choose_title(
    ...     [("opengraph", "Ferry resumes - Coast"), ("h1", "Ferry resumes"),
    ...      ("title-tag", "Ferry resumes")], [])
    ('opengraph', 'Ferry resumes')
    """
    names = site_keys(site_names)
    raw = [
        (source, strip_date_part(_DANGLING_SEPARATOR.sub("", text)))
        for source, value in candidates
        if (text := clean_title(value)) and len(text) <= MAX_TITLE_LENGTH
    ]
    # A blog's og:title or logo <h1> is often its name alone: no headline, unless nothing
    # else is on offer.
    raw = [(source, text) for source, text in raw if not only_names_site(text, names)] or raw
    h1 = next((text for source, text in raw if source == "h1"), None)
    found = []
    for source, text in raw:
        # A decoration that names the site goes first, whatever the rest of the page says.
        core = next((o for _, o in raw if _cutnames_site(text, o, names)), None)
        text = strip_site_parts(core or text, names) or text
        if h1 and (_shortened(text, h1) or _suffixed(text, h1)):
            text = h1
        found.append((source, text))
    whole = [text for _, text in found]
    declared = [text for source, text in found if source != "h1"]
    found = [(source, _uncut(text, whole, declared)) for source, text in found]
    if [source for source, _ in found] == ["title-tag"]:
        # The site's name may stand before the bar: "Story : Blog-Archiv | Motto | Year".
        alone = _without_bar_suffix(found[0][1])
        found = [("title-tag", strip_site_parts(alone, names) or alone)]
    if not found:
        return None
    votes = Counter(_key(text) for _, text in found)
    source, text = found[0]
    if h1 and len(text.split()) == 1 and votes[_key(text)] == 1 and votes[_key(h1)] >= 2:
        # "Pressemitteilungen" (og:title), "escenic" (JSON-LD): a label, not the story's.
        source, text = next((s, t) for s, t in found if _key(t) == _key(h1))
    elif h1 and _key(text) != _key(h1):
        # Declared titles that disagree: an SEO headline in JSON-LD, the one readers see in
        # og:title. The one the <h1> shows is the page's headline.
        source, text = next(
            ((s, t) for s, t in found if s not in _UNDECLARED and _key(t) == _key(h1)),
            (source, text),
        )
    shorter = [
        other
        for _, other in found
        if votes[_key(other)] >= votes[_key(text)] and _key(other) != _key(text)
    ]
    text = trim_to_shared_title(text, shorter) or text
    # Metadata is often typed with straight quotes and hyphens; the headline readers see
    # is typeset ("„Europa“", "’", "–"): the same words, so its spelling is the better one.
    shown = [h1] if h1 else [t for s, t in found if s == "title-tag"]
    for typeset in shown:
        if _typeset_alike(text, typeset):
            text = typeset
    return source, text


# Sources that are not declared titles.
_UNDECLARED = frozenset({"h1", "title-tag"})


# Characters a typesetter swaps for one another: hyphens and dashes, quotes and apostrophes.
_TYPESET_PUNCTUATION = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\"'‘’‚“”„«»‹›")


def _typeset_alike(text: str, shown: str) -> bool:
    """Whether ``shown`` is ``text`` with other dashes or quotes, nothing else changed.

    >>> _typeset_alike('Mein "Europa" - heute', "Mein „Europa“ – heute")
    True
    >>> _typeset_alike("Mein Europa", "Mein  Europa"), _typeset_alike("Mein Europa", "MEIN EUROPA")
    (False, False)
    """
    return (
        len(text) == len(shown)
        and text != shown
        and all(
            a == b or (a in _TYPESET_PUNCTUATION and b in _TYPESET_PUNCTUATION)
            for a, b in zip(text, shown, strict=True)
        )
    )


def _uncut(text: str, others: list[str], declared: list[str]) -> str:
    """``text`` whole, when it was cut short and another candidate is not.

    A page's attribute cut at a quote the page did not escape: ``<meta property="og:title"
    content="Senator calls Biden "unfit"">`` ends at the quote; another source that starts
    the same way and goes on with a quote is the whole title. Or a long headline cut at a
    length limit between two words: another declared title (not the ``<h1>``, which may
    add a subtitle in a box of its own) goes on with it mid-sentence.

    >>> _uncut("Senator calls Biden", ['Senator calls Biden "unfit"'], [])
    'Senator calls Biden "unfit"'
    >>> cut = "Marin meets Merkel: Germany, too, wants to keep its farm subsidies - our views as "
    >>> cut += "the largest net payer have not"
    >>> _uncut(cut, [], [cut + " been taken into account"])[-23:]
    'been taken into account'
    >>> _uncut("Marin meets Merkel", [], ["Marin meets Merkel in Berlin"])
    'Marin meets Merkel'
    """
    for other in others:
        if other.startswith(text) and other[len(text) :].lstrip()[:1] in _QUOTES:
            return other
    if len(text) >= _CUT_AT_LEAST:
        for other in declared:
            rest = other[len(text) :]
            if other.startswith(text) and rest[:1].isspace() and rest.lstrip()[:1].isalnum():
                return other
    return text


#: A headline cut at a length limit is long (Google shows 110 characters of one); shorter
#: ones another title goes on with are more often short forms of it, or it has the site's
#: name glued on ("Story Sitename").
_CUT_AT_LEAST = 100


# Quotes an unescaped attribute value ends at (typeset ones do not end it; « is also a
# separator: "Story « Blog").
_QUOTES = frozenset("\"'")


def _without_bar_suffix(text: str) -> str:
    r"""A ``<title>`` without the short parts after bars, when nothing else names the story.

    Themes write "Post | Blog name", forums "Thread | Board | Forum | Site"; a bar inside
    a headline is rare.

    >>> _without_bar_suffix("Alles Neue macht der Mai | Bibliothek 2.0 und mehr")
    'Alles Neue macht der Mai'
    >>> _without_bar_suffix("Kein App Store mit iOS 13? | iPhone | Forum")
    'Kein App Store mit iOS 13?'
    >>> _without_bar_suffix("Der Verband im Porträt\xa0|\xa0Genossenschaftsverband Bayern")
    'Der Verband im Porträt'
    """
    for _ in range(3):
        bars = list(_BAR.finditer(text))
        if not bars:
            break
        head, tail = text[: bars[-1].start()], text[bars[-1].end() :]
        if len(tail.split()) > 5 or len(head.split()) < 2:
            break
        text = head
    return text


# A bar between spaces, no-break ones too ("Story\xa0|\xa0Site").
_BAR = re.compile(r"\s\|\s")


def _shortened(text: str, h1: str) -> bool:
    """Whether ``text`` is a headline cut short for previews ("..."), the ``<h1>`` whole."""
    stem = text.rstrip(".… ")
    return stem != text and h1.startswith(stem)


def _suffixed(text: str, h1: str) -> bool:
    """Whether ``text`` is the ``<h1>`` plus a separated suffix (site or section name)."""
    return len(h1) >= 10 and text.startswith(h1) and bool(_SUFFIX.match(text[len(h1) :]))


def _cutnames_site(value: str, core: str, names: set[str]) -> bool:
    """Whether ``value`` is ``core`` plus a separated part that names the site."""
    if (
        not names
        or len(core) < 10
        or len(core) >= len(value)
        or not _is_edge_extension(value, core)
    ):
        return False
    leading = not value.startswith(core)
    cut = value[: -len(core)] if leading else value[len(core) :]
    return names_site(cut, names, leading=leading)
