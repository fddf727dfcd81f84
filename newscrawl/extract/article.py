"""Orchestration: parse once, read every source, choose each field, clean the body.

The sources are read once (:mod:`newscrawl.extract.state`), the metadata fields chosen
(:mod:`newscrawl.extract.metadata`), then the body is extracted and cleaned here, and the
contract's article dict assembled.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from newscrawl.extract import body as body_module
from newscrawl.extract import dates, language
from newscrawl.extract.continuation import continued
from newscrawl.extract.errors import LISTING_PAGE, ExtractionError
from newscrawl.extract.fields import (
    content_hash,
    count_words,
    selector_paragraphs,
)
from newscrawl.extract.listing import Listing
from newscrawl.extract.metadata import MetadataChoices
from newscrawl.extract.page import (
    headlines,
)
from newscrawl.extract.paragraphs import (
    drop_breadcrumb,
    drop_closing_headings,
    drop_headline_repeats,
    postclean,
)
from newscrawl.extract.parse import parse, to_text
from newscrawl.extract.processors import clean_text, normalize_for_hash
from newscrawl.extract.teaser_pages import teasers_in_body
from newscrawl.extract.teasers import drop_linked_teasers, linked_blocks
from newscrawl.extract.walls import shows_wall
from newscrawl.urls import registered_host

if TYPE_CHECKING:
    from newscrawl.sites.profile import SiteProfile

#: Contract fields, in the order of the article dict.
FIELDS = (
    "url", "canonical_url", "site", "title", "authors", "published_at", "published_day_only",
    "modified_at", "section", "tags", "language", "description", "body", "image_url",
    "image_caption", "image_credit", "word_count", "content_hash", "crawled_at",
    "field_sources", "paywalled",
)  # fmt: skip
#: Below this many words the generic body extraction is taken to have missed the article.
_FEW_WORDS = 50
#: A body shorter than this under a wall prompt is the teaser of a paywalled article.
_TEASER_WORDS = 300


def _words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def _with_captions(text: str, captions: Iterable[str]) -> str:
    """``text`` followed by the ``captions`` it does not hold."""
    paragraphs = [p for p in text.split("\n\n") if p]
    held = {normalize_for_hash(p) for p in paragraphs}
    return "\n\n".join([*paragraphs, *(c for c in captions if normalize_for_hash(c) not in held)])


class _Extraction(MetadataChoices):
    """One extraction: the metadata choices, and the body."""

    #: A gallery's captions (:func:`~newscrawl.extract.body.gallery_captions`), read by
    #: :meth:`body` before its cleaning cuts them.
    gallery: tuple[str, ...] = ()

    def body(self, title: str | None, caption: str | None, credit: str | None) -> None:
        paragraphs: list[str] = []
        banned: set[str] = set()
        page_text = ""
        source = "trafilatura"
        if "body" in self.selectors:
            paragraphs = selector_paragraphs(self.tree, self.selectors["body"])
            source = "selector"
        if not paragraphs:
            source = "trafilatura"
            # Texts of boilerplate blocks are noted before the blocks are cut, so that
            # trafilatura's output can be filtered by them too.
            # The visible text before cutting, to tell whether the page shows its standfirst.
            page_text = self.page_text
            blocks = body_module.find_boilerplate(self.tree, self.marked)
            banned = body_module.boilerplate_texts(self.tree, blocks)
            self.gallery = tuple(body_module.gallery_captions(self.tree))
            body_module.preclean(self.tree, blocks)
            story = body_module.story_element(self.headline_candidates)
            if story is not None:
                # The story's own <article>, read alone: trafilatura has far less of the
                # page to score and drop (our time a page on the evaluation corpus falls
                # by a sixth), and gives the same text on all but a few pages in a
                # thousand. Split bodies are joined from the whole page below; too little
                # text, and the whole page is read.
                paragraphs = body_module.run_trafilatura(body_module.standalone(story), self.url)
            if _words(paragraphs) < _FEW_WORDS:
                paragraphs = body_module.run_trafilatura(self.tree, self.url)
            if _words(paragraphs) < _FEW_WORDS:
                # Broken markup can put the article inside what trafilatura drops outright
                # (an unclosed sidebar <aside> around the rest of the page); its recall mode
                # keeps more. A few more words are boilerplate; an article is many more.
                wider = body_module.run_trafilatura(self.tree, self.url, favor_recall=True)
                if _words(wider) >= max(_FEW_WORDS, 2 * _words(paragraphs)):
                    paragraphs = wider
            paragraphs = continued(self.tree, paragraphs)
        declared_body = self.sources["json-ld"].get("body")
        declared = body_module.prefer_declared_body(paragraphs, declared_body)
        if source == "trafilatura" and declared:
            paragraphs, source = declared, "json-ld"
        if _words(paragraphs) < _FEW_WORDS:
            # Nothing in the markup: the article may be shipped as data for a script.
            scripted = body_module.paragraphs_from_scripts(self.tree)
            if _words(scripted) > _words(paragraphs):
                paragraphs, source = scripted, "script"
        if not paragraphs and declared_body:
            source = "json-ld"
            paragraphs = body_module.declared_lines(declared_body)
        headline = headlines(self.tree)[:1]
        unwanted = [
            title,
            *headline,
            caption,
            credit,
            *self.shown_bylines,
            *self.shown_dates.published,
            *self.shown_dates.updated,
            *self.shown_dates.lines,
            *self.first_picture_texts,
        ]
        if caption and credit:
            unwanted += [
                f"{caption} ({credit})",
                f"{caption} (photo credit: {credit})",
                f"({credit})",
            ]
            unwanted += [f"(photo credit: {credit})", f"photo credit: {credit}"]
        if source == "trafilatura":
            paragraphs = [p for p in paragraphs if normalize_for_hash(p) not in banned]
            paragraphs = drop_linked_teasers(paragraphs, linked_blocks(self.tree))
        authors = self.loader.get_collected_values("authors")
        creators = self.sources["json-ld"].get("creators", [])
        paragraphs = postclean(paragraphs, unwanted, [*authors, *creators])
        paragraphs = drop_breadcrumb(paragraphs, [name for name, _ in self.breadcrumb])
        if source == "trafilatura":
            declared = [value for _, value in self.structured("title") if isinstance(value, str)]
            paragraphs = drop_headline_repeats(paragraphs, [title, *headline, *declared])
            headings = {
                normalize_for_hash(h.text_content())
                for h in self.tree.iter("h2", "h3", "h4", "h5", "h6")
            }
            paragraphs = drop_closing_headings(paragraphs, headings)
        if source == "trafilatura" and paragraphs:
            paragraphs = self._with_lead(paragraphs, page_text)
        if source != "json-ld" and declared_body and _words(paragraphs) < _FEW_WORDS:
            # A paywalled page shows a teaser, or only a prompt, while its publisher declares
            # the whole text for search engines (articleBody beside isAccessibleForFree).
            whole = postclean(body_module.declared_lines(declared_body), unwanted, authors)
            if _words(whole) > max(_FEW_WORDS, _words(paragraphs)):
                paragraphs, source = whole, "json-ld"
        if paragraphs:
            self.offer("body", [(source, "\n\n".join(paragraphs))])

    def _with_lead(self, paragraphs: list[str], page_text: str) -> list[str]:
        """Put the standfirst back in front of the body when the extractor left it out.

        The lead paragraph set above the article ("standfirst", "teaser") is part of the
        story, but often sits in a header block outside the container trafilatura picks.
        The page's description tells us its text; it is added only when the page shows it.
        """
        lead = clean_text(self.loader.get_output_value("description"))
        if not lead or len(lead.split()) < 5 or lead.endswith(("...", "…")):
            return paragraphs
        key = " ".join(lead.split()).casefold()
        if key in " ".join(" ".join(paragraphs).split()).casefold():
            # The text holds it: as its first lines, or after a summary's bullet points, a
            # picture's caption or a kicker the extractor read first.
            return paragraphs
        # Whitespace-tolerant search in the raw page text: normalizing a whole page first
        # would cost more than the rest of this step. Case-sensitive first: the engine then
        # looks for the first word as a literal, many times faster than IGNORECASE over a
        # whole page, and pages mostly show their standfirst as they declare it.
        words = r"\s+".join(map(re.escape, lead.split()))
        if not re.search(words, page_text) and not re.search(words, page_text, re.IGNORECASE):
            return paragraphs
        shown = self._shown_lead(lead)
        if shown and normalize_for_hash(shown) in normalize_for_hash(" ".join(paragraphs)):
            return paragraphs
        return [shown or lead, *paragraphs]

    def _shown_lead(self, lead: str) -> str | None:
        """The standfirst as the page shows it, where the description is only its start.

        A description is often cut to a search engine's length, or to the standfirst's
        first sentence; the paragraph the page shows is the article's.
        """
        key = " ".join(lead.split()).casefold()
        first = lead.split()[0]
        shown = None
        for element in self.tree.iter(_LEAD_TAGS):
            head = element.text if element.text and element.text.strip() else None
            if head is None and len(element) and not (element[0].tail or "").strip():
                head = element[0].text  # "<p><b>Paris</b> — ..."
            if not head or not head.lstrip().startswith(first):
                continue
            text = " ".join(element.text_content().split())
            if text.casefold().startswith(key) and (shown is None or len(text) < len(shown)):
                shown = text
        if shown is None or len(shown.split()) > _LEAD_MAX_WORDS:
            return None
        return shown


# Where a standfirst is shown, and the most words it has.
_LEAD_TAGS = ("p", "div", "h2", "span", "strong")
_LEAD_MAX_WORDS = 120


#: A next page of an article: its HTML, URL and encoding (None: as the page says).
MorePage = tuple[str | bytes, str, str | None]


def _joined(
    text: str,
    pages: Sequence[MorePage],
    profile: SiteProfile | None,
    crawled_at: datetime,
    served_at: datetime | None,
) -> str:
    """The body of an article over several pages: the first page's, then the others'.

    What a next page repeats of the pages before it (a standfirst, a box) is left out. A
    page that has no article (an error page, a page of teasers) ends it: the pages after
    it are no more the article's than it is.
    """
    paragraphs = [p for p in text.split("\n\n") if p]
    held = {normalize_for_hash(p) for p in paragraphs}
    for html, url, encoding in pages:
        try:
            page = extract_article(
                html, url, profile, encoding=encoding, crawled_at=crawled_at, served_at=served_at
            )
        except ExtractionError:
            break
        for paragraph in (page["body"] or "").split("\n\n"):
            key = normalize_for_hash(paragraph)
            if paragraph and key not in held:
                held.add(key)
                paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def extract_article(
    html: str | bytes,
    url: str,
    profile: SiteProfile | None = None,
    *,
    encoding: str | None = None,
    crawled_at: datetime | None = None,
    listing: Listing | None = None,
    served_at: datetime | None = None,
    more_pages: Sequence[MorePage] = (),
) -> dict[str, Any]:
    """Extract the normalized article from an HTML page (see the package docstring).

    ``more_pages``: the article's next pages, when it is split over several
    (:mod:`newscrawl.extract.pagination`), in order, each (html, url, encoding): their
    bodies follow the first page's, the metadata is the first page's.

    ``listing``: what the feed or news sitemap that listed the page said of it, taken where
    the page says less (:mod:`newscrawl.extract.listing`). ``served_at``: when the server
    made the response (:func:`newscrawl.served.served_at`), which tells a date the server
    rendered as "now" from a story published a minute before the fetch.
    """
    listing = listing or Listing()
    crawled_at = crawled_at or datetime.now(UTC)
    if crawled_at.tzinfo is None:
        crawled_at = crawled_at.replace(tzinfo=UTC)
    if served_at is not None and served_at.tzinfo is None:
        served_at = served_at.replace(tzinfo=UTC)
    tree = parse(to_text(html, encoding))
    state = _Extraction(tree, url, profile, crawled_at, served_at)
    canonical = state.canonical()
    title = state.title()
    state.authors(listing.authors)
    lang = state.language()
    state.choose_dates(lang, listing.published)
    state.section(title)
    state.tags(listing.tags)
    state.offer(
        "description",
        state.structured("description", ("json-ld", "opengraph", "meta", "twitter", "microdata")),
    )
    caption, credit = state.image()
    paywalled = state.paywalled()
    wall_marked = paywalled is None and state.wall_marked()
    page_text = state.page_text  # before the body cleaner cuts blocks from the tree
    state.body(title, caption, credit)

    item = state.loader.load_item()
    text = item.get("body") or ""
    if state.field_sources.get("body") != "selector" and not state.declares_article():
        teasers = teasers_in_body(tree, url, text.split("\n\n"))
        if teasers:
            raise ExtractionError(
                LISTING_PAGE, f"{teasers} teasers of other pages make up its text"
            )
    if more_pages:
        text = _joined(text, more_pages, profile, crawled_at, served_at)
    words = count_words(text)
    if paywalled is None:
        # A paywall needs both a teaser and a wall: a short text (the page shows a teaser,
        # or nothing, of the article) and a wall block or prompt. Only short texts are
        # checked for a prompt: the check costs milliseconds.
        paywalled = words < _TEASER_WORDS and (wall_marked or shows_wall(tree, page_text))
    if words < _FEW_WORDS and state.gallery and not paywalled and state.declares_article():
        # Too little text for an article, and pictures that tell the story: a gallery,
        # whose captions are its text (a paywalled page's teaser stays one; a page that
        # does not say it is an article, a portfolio or a shop's, stays too short).
        text = _with_captions(text, state.gallery)
        words = count_words(text)
        state.field_sources["body"] = "captions"
    if lang is None or not language.script_fits(lang, text):
        detected = language.detect(text) or language.detect(title or "")
        if detected:
            lang = detected
            state.field_sources["language"] = "detected"
    elif language.contradicts(lang, text):
        # A template's lang="en" on a page in another language: better none than wrong.
        # (A declared language a table of results has few words of stays, unless the
        # text reads as another.)
        detected = language.detect(text)
        if detected or lang == "en":
            lang = detected
            state.field_sources["language"] = "detected"
    article: dict[str, Any] = {
        "url": url,
        "canonical_url": canonical,
        "site": profile.name if profile else registered_host(url),
        "title": item.get("title"),
        "authors": item.get("authors") or [],
        "published_at": item.get("published_at"),
        # A day without a time of day (a URL's, htmldate's, "2024-05-03" declared): the
        # value is midnight in the site's timezone, not a time of publication.
        "published_day_only": state.published_day_only if item.get("published_at") else None,
        "modified_at": item.get("modified_at"),
        "section": item.get("section"),
        "tags": item.get("tags") or [],
        "language": lang,
        "description": item.get("description"),
        "body": text,
        "image_url": item.get("image_url"),
        "image_caption": item.get("image_caption"),
        "image_credit": item.get("image_credit"),
        "word_count": words,
        "content_hash": content_hash(item.get("title"), text),
        "crawled_at": dates.to_iso(crawled_at.astimezone(UTC)),
        "field_sources": state.field_sources,
        "paywalled": paywalled,
    }
    return article
