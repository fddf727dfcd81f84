"""The article body: trafilatura on the parsed tree, with our own cleaning around it.

Before: boilerplate blocks that trafilatura sometimes keeps (newsletter prompts, related
stories, share bars, author bios, photo captions and credits, ad labels) are cut from the
tree by their class/id words. After: paragraphs that are still boilerplate by their text
("Read more: ...", "Advertisement", the caption itself) are dropped. Paragraph structure is
kept: headings, list items, quotes and table rows become their own paragraphs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from lxml.etree import ParserError
from lxml.html import HtmlElement, fragment_fromstring
from trafilatura.core import bare_extraction

from newscrawl.extract.authors import clean_authors
from newscrawl.extract.dates import has_time, parse_date
from newscrawl.extract.page import BOILERPLATE_NAMES as _BOILERPLATE
from newscrawl.extract.page import Marked, marked_elements
from newscrawl.extract.processors import clean_text, normalize_for_hash
from newscrawl.extract.walls import WALL_PROMPT

# A block with more than this share of the page's text is kept whatever its name says.
_MAX_SHARE = 0.25
_MAX_FORM_SHARE = 0.03
# Elements never in an article's text.
_ALWAYS_DROP = ("figcaption", "aside", "nav", "footer", "form", "button")

# Paragraphs that are boilerplate by their text; only short ones, so a sentence that merely
# starts with "Subscribe" in a long paragraph survives.
_BOILERPLATE_TEXT = re.compile(
    r"^(?:read more|read also|see also|related|more:|also read|more from|"
    r"lesen sie auch|mehr zum thema|das könnte sie auch interessieren|auch interessant|"
    r"ähnliche:|lire aussi|à lire aussi|leer más|lea también|leggi anche|les også|"
    r"läs också|læs også|lees ook|lue myös|czytaj (?:więcej|też|także)|leia (?:também|mais)|"
    r"subscribe|sign up|already a subscriber|jetzt abonnieren|abonnieren sie|"
    r"\d+ wochen kostenlos|bereits abonnent|folgst du schon|tu suscripción|"
    r"click here|advertisement|anzeige|werbung|publicité|publicidad|pubblicità|"
    r"share this|share on|follow us|download our app|listen to|watch:|photo:|image:|"
    r"foto:|bild:|credit:|quelle:|source:|copyright|©|\(photo credit|\(credit|getty images|"
    r"join (?:our|the) (?:commenting|conversation)|comments$|"
    r"this (?:is a breaking news?|story is developing)|"
    r"link zum (?:youtube|twitter|x|instagram|facebook|tiktok)[- ]inhalt|externer inhalt|"
    r"empfohlener externer inhalt|ein klick für den datenschutz|"
    # Notes about the publication, not the story: sponsorship, syndication, registration.
    # An editor's note about the story itself ("This article has been updated with ...")
    # is text the reader is shown as part of the article, and stays.
    r"this (?:article|story) (?:is free to read|is (?:a )?joint publication|"
    r"is (?:part of|published|produced|sponsored|brought to you|paid for|funded)\b|"
    r"was (?:originally )?(?:published|produced|sponsored|paid for|funded|made possible)\b)|"
    r"all rights reserved|"
    r"この記事は会員限定|有料会員|会員登録|関連キーワード|"
    # Prompts seen across many sites and languages: more to read, log in, comment, donate.
    r"das thema könnte dich auch interessieren|das könnte dich auch interessieren|"
    r"lesen sie hier:|weitere themen$|inhaltsverzeichnis$|table of contents$|"
    r"keine kommentare|no comments|kategorie:|category:|categories:|"
    r"sie sind (?:aktuell )?nicht eingeloggt|du musst eingeloggt sein|you must be logged in|"
    r"klicken sie auf den (?:unteren )?button|"
    r"dowiedz się więcej|czytaj także|zapraszamy (?:też )?do subskrypcji|ten tekst przeczytasz|"
    r"pour lire la suite|pour accéder en illimité|crédits? photos?\s*:|"
    r"titelbild:|beitragsbild:|image illustrative|abbildung \d+:|"
    r"never miss the latest news|we want to hear what you think|"
    r"got a story\?|have you got a story|for more stories like this|"
    r"follow (?:us|[\w.]+(?: [\w.]+){0,3}) on (?:twitter|facebook|x|instagram|tiktok)\b|"
    r"more ?:\s|more ?:$|join (?:the |our )?(?:thought-provoking )?conversations?\b|"
    r"if you enjoyed (?:reading )?this|do you want to be informed|"
    r"please support|support our work|embed$|"
    # Arrow-led link teasers: ">> Hier finden Sie ...", "► Mehr dazu".
    r">>|►|▶|→|"
    r"会員向け|読み放題|登録すると|おすすめ情報)",
    re.IGNORECASE,
)
_SHORT = 25  # words
# Affiliate and advertising disclosures, wherever they stand in the paragraph.
_DISCLOSURE = re.compile(
    r"affiliate[- ]links?|we may (?:earn|receive) (?:a )?commission|"
    r"erhalten wir (?:eine|ggf\. eine) provision|contains references to products from",
    re.IGNORECASE,
)
_HAS_WORD = re.compile(r"\w")
# The caption of a video teaser ends with its date and running time: "12.04.2024 | 3:18 min".
_VIDEO_TEASER = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}\s*\|\s*\d{1,3}:\d{2}\s*min\.?$")
# What a dateline leaves behind when the extractor drops its <time> elements: "· Updated".
_LABEL_ONLY = re.compile(
    r"^[\W_]*(?:last\s+)?(?:updated|published|posted|modified|aktualisiert|veröffentlicht|"
    r"publié|mis à jour|publicado|actualizado)(?:\s+(?:on|am|le|el))?[\W_]*$",
    re.IGNORECASE,
)
# Photo captions that made it into the text: "Pictured from left, ...", "Above: ...".
_CAPTION_TEXT = re.compile(
    r"^(?:pictured\b|picture:|photo:|photograph:|image:|above:|below:|top:|main picture:|"
    r"im bild:|auf dem bild|bildunterschrift:|légende\s*:)",
    re.IGNORECASE,
)
# A dateline left in the text: "Published: March 5, 2023 2:30 PM", "Stand: 14.06.2020".
_DATELINE = re.compile(
    r"^(?:published|updated|posted|last updated|first published|veröffentlicht|aktualisiert|"
    r"stand|publié|mis à jour|publicado|actualizado)\s*:?\s*(?:on|am|le|el)?\s+(?P<rest>.{6,60})$",
    re.IGNORECASE,
)


_CANDIDATE_TAGS = frozenset({"div", "section", "ul", "ol", "span", "p", "aside", "figure", "a"})
_INLINE = frozenset({"b", "i", "em", "strong", "span", "a", "small", "sup", "sub", "br", "img"})
_TEXT_BLOCKS = (
    "p",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figcaption",
    "blockquote",
    "dd",
    "dt",
    "td",
)


def find_boilerplate(tree: HtmlElement, marked: Marked | None = None) -> list[HtmlElement]:
    """Boilerplate blocks of ``tree``, outermost first, that are safe to remove.

    A block is spared when it holds the page's headline or a large share of its text:
    broken markup nests whole articles inside a ``<nav>`` or ``<aside>``, ASP.NET pages wrap
    everything in a ``<form>``, and some sites put "share-enabled" on the article wrapper.
    """
    body = next(tree.iter("body"), tree)
    total = len(body.text_content()) or 1
    verdicts: dict[str, bool] = {}  # class/id strings repeat a lot on a page
    doomed = list(tree.iter(_ALWAYS_DROP))
    for element, tag, attrs in marked_elements(tree, [_BOILERPLATE]) if marked is None else marked:
        if tag not in _CANDIDATE_TAGS:
            continue
        verdict = verdicts.get(attrs)
        if verdict is None:
            verdict = verdicts[attrs] = bool(_BOILERPLATE.search(attrs))
        if verdict:
            doomed.append(element)
    found = []
    for element in doomed:
        # Newsletter and comment forms are short; a form with much text is a page built
        # inside one (ASP.NET, some CMSs).
        limit = _MAX_FORM_SHARE if element.tag == "form" else _MAX_SHARE
        if element.tag not in ("figcaption", "button") and (
            next(element.iter("h1"), None) is not None
            or len(element.text_content()) > limit * total
        ):
            continue
        found.append(element)
    return found


def preclean(tree: HtmlElement, blocks: list[HtmlElement] | None = None) -> None:
    """Remove boilerplate blocks (:func:`find_boilerplate`) from ``tree`` in place."""
    for element in find_boilerplate(tree) if blocks is None else blocks:
        if element.getparent() is not None:
            _drop(element)


def boilerplate_texts(tree: HtmlElement, blocks: list[HtmlElement] | None = None) -> set[str]:
    """Collect the normalized texts of the blocks inside boilerplate elements.

    Used after extraction too, not only before: cutting blocks out of the tree changes
    which container trafilatura's scoring picks, while dropping the same texts from its
    output cannot lose the article.
    """
    texts: set[str] = set()
    for element in find_boilerplate(tree) if blocks is None else blocks:
        for block in (element, *element.iter(_TEXT_BLOCKS)):
            text = block.text_content()
            if text and len(text) < 2000:
                texts.add(normalize_for_hash(text))
    texts.discard("")
    return texts


def _drop(element: HtmlElement) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


_BLOCKS = frozenset({"p", "head", "item", "code", "row", "quote", "list", "table", "div", "cell"})
_LEAVES = frozenset({"p", "head", "item", "code", "row"})


def _paragraphs(element: HtmlElement) -> Iterator[str]:
    """Paragraph texts of trafilatura's output tree, one per block element."""
    if element.tag in _LEAVES and not any(child.tag in _BLOCKS - {"cell"} for child in element):
        separator = " | " if element.tag == "row" else " "
        if element.tag == "row":
            text = separator.join(" ".join(cell.itertext()) for cell in element)
        else:
            text = " ".join(element.itertext()) if len(element) else (element.text or "")
        yield text
        return
    if element.text and element.text.strip():
        yield element.text
    for child in element:
        yield from _paragraphs(child)
        if child.tail and child.tail.strip():
            yield child.tail


def run_trafilatura(tree: HtmlElement, url: str, *, favor_precision: bool = False) -> list[str]:
    """Paragraphs trafilatura finds in ``tree`` (which it copies, so ``tree`` is intact)."""
    document = bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        favor_precision=favor_precision,
        with_metadata=False,
    )
    body = getattr(document, "body", None)
    if body is None:
        return []
    return [text for raw in _paragraphs(body) if (text := clean_text(raw))]


def postclean(
    paragraphs: Iterable[str],
    unwanted: Iterable[str | None] = (),
    authors: Iterable[str] = (),
) -> list[str]:
    """Drop boilerplate paragraphs and those equal to ``unwanted`` texts (caption, credit).

    Also drops, by their text: "Read more"-style prompts, datelines, the byline of the
    article's ``authors`` and, near the end, their biography ("Jane Doe is a reporter...").

    >>> postclean(["Real text here.", "Read more: other story", "A caption"], ["A caption"])
    ['Real text here.']
    >>> postclean(["Published: March 5, 2023 2:30 PM", "Published reports say 3 men left."])
    ['Published reports say 3 men left.']
    >>> postclean(["· Updated", "This article has been updated with new figures."])
    ['This article has been updated with new figures.']
    >>> bio = "Jane Doe is a reporter covering towns."
    >>> postclean(["By Jane Doe", "Text.", bio], (), ["Jane Doe"])
    ['Text.']
    """
    banned = {normalize_for_hash(text) for text in unwanted if text}
    names = {normalize_for_hash(name) for name in authors}
    paragraphs = list(paragraphs)
    kept = []
    seen: set[str] = set()
    for index, paragraph in enumerate(paragraphs):
        key = normalize_for_hash(paragraph)
        if key in banned or key in seen:
            continue
        words = len(paragraph.split())
        if words <= _SHORT and _BOILERPLATE_TEXT.match(paragraph):
            continue
        if words <= 2 * _SHORT and _CAPTION_TEXT.match(paragraph):
            continue
        if words <= 3 * _SHORT and _DISCLOSURE.search(paragraph):
            continue
        if words <= 3 * _SHORT and _VIDEO_TEASER.search(paragraph):
            continue
        if words <= _SHORT and WALL_PROMPT.search(paragraph):
            continue  # "This article is for subscribers only": the wall, not the story
        if not _HAS_WORD.search(paragraph) or _LABEL_ONLY.match(paragraph):
            continue  # a lone separator or bullet, or a date label without its date
        dateline = _DATELINE.match(paragraph) if words <= 12 else None
        # The languages of the labels above; unknown languages make dateparser try all.
        if dateline and parse_date(dateline.group("rest"), languages=_LABEL_LANGUAGES):
            continue
        edge = index < 3 or index >= len(paragraphs) - 3
        if edge and _is_dateline(paragraph, words):
            continue
        if names and words <= 8 and _is_byline(paragraph, names):
            continue
        if names and edge and words <= 60 and _is_bio(key, names):
            continue
        seen.add(key)
        kept.append(paragraph)
    return kept


_LABEL_LANGUAGES = ("en", "de", "fr", "es")
_NUMERIC_DATE = re.compile(
    r"\d{1,4}\s*[./-]\s*\d{1,2}(?:\s*[./-]\s*\d{2,4})?|\d{4}\s*年|\d{1,2}\s*月"
)
_ALPHA_WORD = re.compile(r"[^\W\d_]{2,}")


def _is_dateline(paragraph: str, words: int) -> bool:
    """Tell whether a short paragraph is nothing but a date and a time.

    Decided by its shape, without dateparser (which costs a tenth of a second per string
    when the language is unknown): a time of day, a numeric date, few words.

    >>> _is_dateline("2025年1月14日 01時28分 (1月14日 01時40分更新)", 3)
    True
    >>> _is_dateline("14.06.2020, 08:35 Uhr", 3), _is_dateline("The 3.50 bus left at 08:35", 6)
    (True, False)
    """
    if words > 10 or len(paragraph) > 80 or not has_time(paragraph):
        return False
    return bool(_NUMERIC_DATE.search(paragraph)) and len(_ALPHA_WORD.findall(paragraph)) <= 3


def _is_byline(paragraph: str, names: set[str]) -> bool:
    found = {normalize_for_hash(name) for name in clean_authors(paragraph)}
    return bool(found) and found <= names


_BIO_VERB = re.compile(r"^\s*(?:is|ist|est|es|è|was|war|works|arbeitet|schreibt|writes)\b")


def _is_bio(key: str, names: set[str]) -> bool:
    return any(key.startswith(name) and _BIO_VERB.match(key[len(name) :]) for name in names)


# A JSON string literal long enough to hold an article (escapes included).
_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.){300,})"')
_PARAGRAPH_MARK = re.compile(r"<p[\s>]|\\u003cp[\s>\\]", re.IGNORECASE)


def paragraphs_from_scripts(tree: HtmlElement) -> list[str]:
    r"""Paragraphs of an article that the page only ships inside script data.

    Client-rendered pages (Next.js, Nuxt and similar) put the article's HTML in a JSON
    string for the browser to render, so the served markup has no article text at all.
    The longest such string with several paragraphs is the article.

    >>> from lxml.html import fromstring
    >>> p = "\\u003cp\\u003eA sentence of the story.\\u003c/p\\u003e"
    >>> data = '{"contentHtml": "' + p * 12 + '"}'
    >>> paragraphs_from_scripts(fromstring(f"<html><script>{data}</script></html>"))[:1]
    ['A sentence of the story.']
    """
    best = ""
    for script in tree.iter("script"):
        text = script.text or ""
        if len(text) < 300 or not _PARAGRAPH_MARK.search(text):
            continue
        for match in _JSON_STRING.finditer(text):
            raw = match.group(1)
            if len(raw) <= len(best) or not _PARAGRAPH_MARK.search(raw):
                continue
            try:
                value = json.loads(f'"{raw}"')
            except ValueError:
                continue
            if len(_PARAGRAPH_MARK.findall(value)) >= 3:
                best = value
    if not best:
        return []
    try:
        fragment = fragment_fromstring(best, create_parent="div")
    except (ValueError, ParserError):
        return []
    preclean(fragment)  # captions and credits travel inside the shipped HTML too
    blocks = fragment.iter("p", "h2", "h3", "li", "blockquote")
    return [text for block in blocks if (text := clean_text(block.text_content()))]


def _shingles(text: str, size: int = 4) -> set[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.casefold())
    return {tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1))}


def prefer_declared_body(extracted: list[str], declared: str | None) -> list[str] | None:
    """Return the publisher's own ``articleBody`` when it completes what we found, or None.

    Used only when everything extracted lies inside the declared body and covers less than
    half of it: the extractor then stopped early (a split layout, a lazy-loaded second
    half), while the declared text is the article whole. A declared body that adds other
    material (teasers, captions) fails the superset test and is ignored.

    >>> found = ["One two three four five six."]
    >>> declared = "One two three four five six. Seven eight nine ten eleven twelve thirteen."
    >>> prefer_declared_body(found, declared)
    ['One two three four five six. Seven eight nine ten eleven twelve thirteen.']
    >>> prefer_declared_body(found, "Something else entirely, seven words here.") is None
    True
    """
    if not declared or not extracted:
        return None
    ours = _shingles(" ".join(extracted))
    theirs = _shingles(declared)
    shared = len(ours & theirs)
    if shared < 0.95 * len(ours) or shared >= 0.5 * len(theirs):
        return None
    parts = re.split(r"\n\s*\n|\r?\n", declared)
    return [clean for part in parts if (clean := clean_text(part))] or None
