"""Dates as the page shows them: ``<time>`` elements and datelines, teasers left out.

A page shows many dates besides its own: "Related articles" and "Most read" lists, teaser
cards, comment timestamps. Those are skipped by where they stand (inside a block named or
tagged as boilerplate, or in a list item that links to another story), never by what they
say, so the article's own dateline wins even when it comes later in the page. A dateline
that gives both dates ("Published 4 June 2025, 08:00 BST · Last updated 10:25 BST") is
split into its published and updated parts; a line an updated label opens ("Updated:
March 5, 2026, 4:12 p.m. ET") is the updated time, wherever it stands, never the published.
German "Stand:" (as of) is an updated label too, but a page whose only date it labels
(tagesschau.de: "Stand: 01.12.2026 10:15 Uhr") has that date for its published one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from lxml.etree import XPath
from lxml.html import HtmlElement

from newscrawl.extract.classwords import Marked, class_words
from newscrawl.extract.page import BOILERPLATE_NAMES
from newscrawl.extract.processors import clean_text

# Class or id words of elements that show a dateline ("time" says less: _NAMED_TIME).
_NAMED_DATE = (
    r"date|publish|posted|dateline|timestamp|byline|article-?time|pubtime|time-?stamp|"
    r"datum|fecha|data-?pub|meta"
)
# Whole class words of an element that shows the updated time ("last-modified", Drupal's
# "field--name-changed"): inside longer words they name other things ("changelog",
# "modifier", a live blog's "live-updates").
_NAMED_UPDATED = class_words(r"updated|modified|changed|last-?update|lastupdated|lastmodified")
_NAMES_DATE = re.compile(f"{_NAMED_DATE}|{_NAMED_UPDATED.pattern}", re.IGNORECASE)
# Class names of an element that shows a time: "time" or "zeit" as a whole word of one
# ("time", "h-time", "detail_tit_time"), "zeitangabe". A date and time of day, or else a
# clock, a video's length, a reading time ("5 min read"); and a name that says whose time
# it is ("comment-time", "reading-time") names another thing's. So the element is a
# dateline only when its text starts as a date (see _is_shown_time).
_NAMED_TIME = re.compile(
    r"(?:^|(?<=\s))(?!\S*(?:comment|kommentar|repl|antwort|read|lese|video|audio|duration))"
    r"(?:\S*[-_])?(?:time|zeit)(?:[-_]\S*)?(?=\s|$)|zeitangabe|uhrzeit"
)
DATELINE_HINT = re.compile(f"{_NAMES_DATE.pattern}|{_NAMED_TIME.pattern}", re.IGNORECASE)
# A year, or a numeric date's short one ("05.03.26"): what a text needs to be a date where
# its name or label may head something else too (a "time" element's clock, an updated
# label's running text: "Updated at 10:00 with the latest figures").
_HAS_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\d{1,2}[./]\d{1,2}[./]\d{2}(?!\d)")
# A text that starts as a date: "5. März 2026", "2026-03-05", "March 5", "Thursday, March
# 5" (not "Aktuelle Zeit: 14.10.2020", a forum's clock, nor "answered Feb 6, 2014").
_STARTS_AS_DATE = re.compile(r"(?:[^\W\d]+,\s*)?(?:\d|[^\W\d]+\.?\s+\d)")
# "02/10/2020": the 2nd of October in Britain, the 10th of February in the US.
_TWO_WAY_SLASHED = re.compile(r"^(0?[1-9]|1[0-2])/(0?[1-9]|1[0-2])/\d{2,4}(?!\d)")
#: Words that label a date in a dateline or byline ("Updated", "Veröffentlicht"), as a regex
#: alternation: shared by the readers that strip such labels from bylines and paragraphs.
#: Not "Update": a paragraph "Update:" heads an update to the story, not a date.
DATE_LABELS = (
    r"updated|published|posted|(?:last\s+)?modified|aktualisiert|veröffentlicht|publiziert|"
    r"mis\s+à\s+jour|publié|actualizado|publicado"
)
_DATELINE_TAGS = frozenset({"span", "div", "p", "li", "small", "em", "strong", "abbr", "dd"})
_WITH_CLASS = XPath("//*[@class or @id]")
_UPDATED_HINT = re.compile(
    r"updat|modif|\bchanged|aktualisiert|mis à jour|actualiza|atualiza|güncelle", re.IGNORECASE
)
# "Updated", "Last updated:", "Aktualisiert am": where the updated part of a dateline starts.
_UPDATED_LABEL = re.compile(
    r"\(?\b(?:last\s+)?(?:updated?|modified|edited|aktualisiert|geändert|mis à jour|"
    r"mise à jour|modifiée?|actualizado|actualización|aggiornato|aggiornamento|"
    r"modificat[oa]|modifica|"
    r"atualizad[oa]|atualização|güncelleme|güncellendi|bijgewerkt|oppdatert|uppdaterad|"
    r"opdateret|zaktualizowano|päivitetty|обновлено|수정|עודכן|آخر\s+تحديث|تحديث)(?!\w)|"
    # German "Stand:" (as of): the time of the page's last change.
    r"\b(?-i:Stand)(?=\s*:)|"
    # Chinese and Japanese run labels into the date before them ("18:02更新"): no \b.
    r"更新(?:时间|時間|日時)?",
    re.IGNORECASE,
)
# Japanese and Chinese datelines put the label after its date: "2026年3月5日 9:00公開
# 2026年3月5日 18:02更新", NHK's "2025年1月14日 01時28分 (1月14日 01時40分更新)".
_LABEL_AFTER = re.compile(
    r"(?<=[\d日分時秒])\s*(?P<label>公開|配信|掲載|発表|发布|發布|发表|發表|更新)(?![时時日])"
    # A label with a colon opens the date after it: "15:25 更新：2025-04-01 16:40".
    r"(?!\s*[:：])"
)
_YEAR = re.compile(r"^\d{4}年")
_MONTH_FIRST = re.compile(r"^\d{1,2}月")
# A label at the start of a dateline: the shared ones, those only datelines carry, and the
# prepositions after them ("Published on", "Veröffentlicht am").
_LABEL = re.compile(
    rf"^(?:{DATE_LABELS}|last updated|first published|created|erstellt|pubblicato|"
    r"gepubliceerd|publicerad|opublikowano|yayınlanma|stand(?=\s*:)|am|on|le|el|em|den|op|il|"
    # Korean, Japanese, Chinese, Hebrew, Arabic: "입력", "公開", "发布时间", "פורסם",
    # "نُشر في" (with or without its vowel marks).
    r"기사\s*입력|입력|등록|公開|配信|掲載|发布时间|發布時間|发布|發布|发表|發表|פורסם(?:\s+ב)?|"
    r"تاريخ\s+النشر|ن[\u064b-\u0652]*ش[\u064b-\u0652]*ر[\u064b-\u0652]*(?:\s+في)?)"
    r"\s*[:：]?\s*",
    re.IGNORECASE,
)
# What a dateline says after its date that is no part of it: the story's source ("来源：
# 新华社") or the zone's city ("بتوقيت القاهرة", Cairo time), or Latin America's "hours"
# after the time ("16:05 hs"), which dateparser does not read.
_TAIL = re.compile(
    r"\s*(?:来源|來源|出处|出處|责任编辑|責任編輯|بتوقيت)[\s\S]*$|(?<=\d)\s*(?:hs|hrs)\.?\s*$"
)
_SEPARATORS = " \t\u3000·|•,;–—-:：()（）"
# Short paragraphs that a label opens ("Erstellt am: 01.11.2023", "Published: June 4, 2025"):
# a dateline in a theme that names no element (a small site's CMS). The labels are matched
# case-sensitively, capitalised as such lines start, so that running text ("published in
# 2019 by ...") is not one; a paragraph is its own dateline only when short.
_LABELLED_LINE_WORDS = (
    "Published", "Posted", "Veröffentlicht", "Publiziert", "Erstellt", "Publié", "Publicado",
    "Pubblicato", "Gepubliceerd", "Publicerad", "Opublikowano",
)  # fmt: skip
# What follows the label starts as a date does: "01.11.2023", "March 3, 2021", "Montag,
# 1. November" (not "at the town hall since 2020").
_DATE_FIRST = re.compile(r"\d|[^\W\d]+[.,]?\s+\d")
# Short paragraphs an updated label opens ("Updated: March 5, 2026, 4:12 p.m. ET"): the
# modified time, read though the page shows a published date, and never the published one.
_UPDATED_LINE_WORDS = (
    "Updated", "Last updated", "Last modified", "Modified", "Aktualisiert",
    "Zuletzt aktualisiert", "Actualizado", "Última actualización", "Mis à jour",
    "Mise à jour", "Dernière mise à jour", "Atualizado", "Aggiornato", "Bijgewerkt", "Stand:",
)  # fmt: skip
# "Stand: 01.12.2026 10:15 Uhr" (as of): the updated time beside a published date; on a
# page that shows no other date (tagesschau.de) the only one it gives: the published one.
_AS_OF = re.compile(r"^Stand\s*:")


def _labelled_lines(words: tuple[str, ...]) -> XPath:
    """Short elements whose text starts with one of ``words``, in document order."""
    starts = " or ".join(f"starts-with(normalize-space(), {word!r})" for word in words)
    # The length first: it prunes the long paragraphs before each word is tried on them.
    return XPath(
        "//*[self::p or self::span or self::small or self::em or self::dd]"
        f"[string-length(normalize-space()) <= 60][{starts}]"
    )


_LABELLED_LINES = _labelled_lines(_LABELLED_LINE_WORDS)
_LINE_TAGS = ("p", "span", "small", "em", "dd")
_LINE_MAX = 60


def _updated_lines(tree: HtmlElement) -> Iterator[HtmlElement]:
    """Short elements whose text an updated label opens, in document order.

    What :func:`_labelled_lines` finds, read in Python: asked of every page, the XPath
    made the string value of each paragraph and span of the page several times over. The
    label is the element's own first text, or its first child's ("<p><b>Updated:</b>").
    """
    for element in tree.iter(_LINE_TAGS):
        head = element.text if element.text and element.text.strip() else None
        if head is None and len(element):
            head = element[0].text
        if not head or not head.lstrip().startswith(_UPDATED_LINE_WORDS):
            continue
        if len(" ".join(element.text_content().split())) <= _LINE_MAX:
            yield element


# Where teasers live: blocks that are not the article's, whatever their class says.
_TEASER_TAGS = frozenset({"aside", "nav"})
_CARD_TAGS = frozenset({"li", "article"})
_HEADLINE_WORDS = 4
_CARD_TEXT = 400  # characters: a teaser card shows a headline and a line or two, no more


def strip_label(text: str) -> str:
    """Strip labels: "Published: June 14" -> "June 14" (repeated: "Updated on ...").

    >>> strip_label("Last updated: on 14 June 2020")
    '14 June 2020'
    """
    previous = None
    while previous != text:
        previous, text = text, _LABEL.sub("", text)
    return text


def split_dateline(text: str) -> tuple[str | None, str | None]:
    """Split a dateline into its (published, updated) parts, labels removed.

    >>> split_dateline("Published 4 June 2025, 08:00 BST · Last updated 4 June 2025, 10:25 BST")
    ('4 June 2025, 08:00 BST', '4 June 2025, 10:25 BST')
    >>> split_dateline("Updated: June 14, 2020"), split_dateline("June 14, 2020 08:35")
    ((None, 'June 14, 2020'), ('June 14, 2020 08:35', None))
    """
    text = _TAIL.sub("", text)
    if _LABEL_AFTER.search(text):
        return _split_labels_after(text)
    match = _UPDATED_LABEL.search(text)
    if match is None:
        return strip_label(text.strip(_SEPARATORS)) or None, None
    before = strip_label(text[: match.start()].strip(_SEPARATORS))
    after = strip_label(text[match.end() :].strip(_SEPARATORS)).strip(_SEPARATORS)
    has_digit = any(ch.isdigit() for ch in before)
    return (before if has_digit else None), (after or None)


def _split_labels_after(text: str) -> tuple[str | None, str | None]:
    """(published, updated) of a dateline whose labels follow their dates.

    A date in brackets before the label is the labelled one, the date before the brackets
    the published (NHK). An updated date without its year takes the published date's.

    >>> _split_labels_after("2026年3月5日 9:00公開 2026年3月5日 18:02更新")
    ('2026年3月5日 9:00', '2026年3月5日 18:02')
    >>> _split_labels_after("2025年1月14日 01時28分 (1月14日 01時40分更新)")
    ('2025年1月14日 01時28分', '2025年1月14日 01時40分')
    >>> _split_labels_after("2026/03/05 18:02 更新")
    (None, '2026/03/05 18:02')
    >>> split_dateline("发布：2025-04-01 15:25 更新：2025-04-01 16:40")
    ('2025-04-01 15:25', '2025-04-01 16:40')
    """
    published: str | None = None
    updated: str | None = None
    start = 0
    for match in _LABEL_AFTER.finditer(text):
        part = text[start : match.start()]
        start = match.end()
        for bracket in "(（":
            if bracket in part:
                unlabelled, part = part.rsplit(bracket, 1)
                published = published or unlabelled.strip(_SEPARATORS) or None
        part = part.strip(_SEPARATORS)
        if not part:
            continue
        if match["label"] == "更新":
            updated = updated or part
        else:
            published = published or part
    year = _YEAR.match(published or "")
    if updated and year and _MONTH_FIRST.match(updated):
        updated = year.group() + updated
    return published, updated


class _TeaserTest:
    """Tells whether a date element belongs to a teaser rather than to the article.

    Walking up from the element, the first ancestor that holds the page's headline is the
    article's own block: anything met before it that is an ``<aside>``/``<nav>``, a block
    named like boilerplate ("related", "most-read", "promo"), or a list item or card with
    a headline-sized link (and little else) is a teaser around another story.
    """

    def __init__(self, tree: HtmlElement, headline: HtmlElement | None) -> None:
        self.article_path: set[HtmlElement] = set()
        if headline is not None:
            self.article_path = {headline, *headline.iterancestors()}
        self.body = next(tree.iter("body"), tree)
        self._verdicts: dict[HtmlElement, bool] = {}

    def __call__(self, element: HtmlElement) -> bool:
        walked = []
        verdict = False
        for ancestor in element.iterancestors():
            if ancestor in self.article_path or ancestor is self.body:
                break
            known = self._verdicts.get(ancestor)
            if known is not None:
                verdict = known
                break
            walked.append(ancestor)
            if self._is_teaser_block(ancestor):
                verdict = True
                break
        for ancestor in walked:
            self._verdicts[ancestor] = verdict
        return verdict

    @staticmethod
    def _is_teaser_block(element: HtmlElement) -> bool:
        tag = element.tag
        if tag in _TEASER_TAGS:
            return True
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if names.strip() and BOILERPLATE_NAMES.search(names):
            return True
        if tag in _CARD_TAGS and len(element.text_content()) <= _CARD_TEXT:
            return any(
                len(link.text_content().split()) >= _HEADLINE_WORDS
                for link in element.iter("a")
                if link.get("href")
            )
        return False


class ShownDates(NamedTuple):
    """Dates the page shows: raw strings that look published, updated, and the datelines.

    ``lines`` are the whole texts read (labels and all), so the body cleaner can drop a
    dateline that the extractor left in the text.
    """

    published: list[str]
    updated: list[str]
    lines: list[str]


def visible_dates(
    tree: HtmlElement,
    limit: int = 12,
    marked: Marked | None = None,
    headline: HtmlElement | None = None,
) -> ShownDates:
    """Raw strings of dates shown on the page: (published-looking, updated-looking, lines).

    ``<time>`` elements first, then short text of elements whose class or id says date
    (or time, when the text starts as a date), each in document order; where neither
    shows a published date, the first short paragraph a label opens ("Erstellt am:
    01.11.2023"), and where neither shows an updated one, the first an updated label opens
    ("Updated: March 5, 2026, 4:12 p.m. ET"). A "Stand:" date is an updated one, or the
    published one where the page shows no other. Dates inside teasers (see
    :class:`_TeaserTest`) are skipped.
    ``headline`` is the article's ``<h1>`` element, when known.
    """
    published: list[str] = []
    updated: list[str] = []
    lines: list[str] = []
    as_of: list[str] = []  # "Stand:" lines' dates
    teaser = _TeaserTest(tree, headline)
    for element in tree.iter("time"):
        if teaser(element):
            continue
        raw = element.get("datetime") or element.text_content()
        itemprop = (element.get("itemprop") or "").lower()
        if "datepublished" in itemprop:
            # Its own word beats its container's: a publication time set in an "updated"
            # line ("Publicado 14h05 · Atualizado há 3 horas") is still the publication's.
            published.append(raw)
        else:
            hint = " ".join((itemprop, element.get("class") or "", _parent_text(element)))
            (updated if _UPDATED_HINT.search(hint) else published).append(raw)
        if len(published) + len(updated) >= limit:
            break
    count = 0
    names_dateline = cache(DATELINE_HINT.search)  # class strings repeat: decide each once
    names_date = cache(_NAMES_DATE.search)
    if marked is None:
        marked = [
            (e, e.tag, f"{e.get('class') or ''} {e.get('id') or ''}") for e in _WITH_CLASS(tree)
        ]
    for element, tag, attrs in marked:
        if tag not in _DATELINE_TAGS or not names_dateline(attrs):
            continue
        text = clean_text(element.text_content())
        if not text or len(text) > 120 or not any(ch.isdigit() for ch in text):
            continue
        if not names_date(attrs) and not _is_shown_time(text):
            continue
        if teaser(element):
            continue
        lines.append(text)
        if _UPDATED_HINT.search(attrs):
            updated.append(strip_label(text))
        else:
            first, then = split_dateline(text)
            published += [first] if first else []
            (as_of if _AS_OF.match(text) else updated).extend([then] if then else [])
        count += 1
        if count >= limit:
            break
    if not published:
        for element in _LABELLED_LINES(tree):
            text = clean_text(element.text_content()) or ""
            first, then = split_dateline(text)
            if first and _DATE_FIRST.match(first) and not teaser(element):
                lines.append(text)
                published.append(first)
                updated += [then] if then else []
                break
    if not updated:
        found = _updated_line(tree, teaser)
        if found:
            lines.append(found[0])
            (as_of if _AS_OF.match(found[0]) else updated).append(found[1])
    if as_of and not published:
        published, as_of = as_of[:1], []  # the page's only date: no update it tells of
    return ShownDates(published, updated + as_of, lines)


def _is_shown_time(text: str) -> bool:
    """Whether the text of an element named "time" is a date to read as the page's.

    Its name says less than "date" does, so the text must say it: a date with its year,
    first (after a label). One that reads both ways is left to the other sources: which
    way is the page's, its language's region says, and that is not known here.

    >>> _is_shown_time("5. März 2026, 14:30 Uhr"), _is_shown_time("5 min read")
    (True, False)
    >>> _is_shown_time("Aktuelle Zeit: 14.10.2020, 12:18"), _is_shown_time("02/10/2020")
    (False, False)
    """
    date = strip_label(text)
    return bool(
        _HAS_YEAR.search(date) and _STARTS_AS_DATE.match(date) and not _TWO_WAY_SLASHED.match(date)
    )


def _updated_line(tree: HtmlElement, teaser: _TeaserTest) -> tuple[str, str] | None:
    """(line, date) of the first short paragraph an updated label opens, or None."""
    for element in _updated_lines(tree):
        text = clean_text(element.text_content()) or ""
        _, then = split_dateline(text)
        if then and _DATE_FIRST.match(then) and _HAS_YEAR.search(then) and not teaser(element):
            return text, then
    return None


def _parent_text(element: HtmlElement) -> str:
    parent = element.getparent()
    if parent is None:
        return ""
    return (parent.text or "")[:40] + " " + (parent.get("class") or "")
