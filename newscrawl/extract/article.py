"""Orchestration: parse once, read every source, choose each field, clean the body.

Field by field, candidates are offered in order of reliability (the profile's selectors,
then JSON-LD, microdata, OpenGraph, Twitter, other ``<meta>``, then what the page shows,
then the URL); the first that survives normalization wins and its source is recorded in
``field_sources``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from lxml.html import HtmlElement

from newscrawl.extract import body as body_module
from newscrawl.extract import dates, language
from newscrawl.extract.authors import AGENCIES, clean_author_list, looks_like_person
from newscrawl.extract.datelines import DATELINE_HINT, visible_dates
from newscrawl.extract.dates import DateCandidate
from newscrawl.extract.fields import (
    content_hash,
    count_words,
    is_article_url,
    names_key,
    selector_paragraphs,
    squash,
)
from newscrawl.extract.images import split_credit, visible_image
from newscrawl.extract.loader import ArticleLoader
from newscrawl.extract.page import (
    BOILERPLATE_NAMES,
    BYLINE_HINT,
    bylines,
    headline_elements,
    headlines,
    html_breadcrumb,
    marked_elements,
    section_from_breadcrumb,
    section_from_url,
    select_texts,
    tag_links,
)
from newscrawl.extract.parse import parse, to_text
from newscrawl.extract.processors import clean_text, normalize_for_hash
from newscrawl.extract.structured import (
    from_jsonld,
    from_meta,
    from_microdata,
    from_opengraph,
    from_twitter,
    read_meta,
)
from newscrawl.extract.titles import choose_title
from newscrawl.extract.walls import shows_wall
from newscrawl.urls import canonicalize_url, registered_host

if TYPE_CHECKING:
    from newscrawl.sites.profile import SiteProfile

#: Contract fields, in the order of the article dict.
FIELDS = (
    "url", "canonical_url", "site", "title", "authors", "published_at", "modified_at",
    "section", "tags", "language", "description", "body", "image_url", "image_caption",
    "image_credit", "word_count", "content_hash", "crawled_at", "field_sources", "paywalled",
)  # fmt: skip
#: Below this many words the generic body extraction is taken to have missed the article.
_FEW_WORDS = 50
#: A body shorter than this under a wall prompt is the teaser of a paywalled article.
_TEASER_WORDS = 300
_STRUCTURED = ("json-ld", "microdata", "opengraph", "twitter", "meta")
_PAYWALL_CLASS = re.compile(r"(?:^|[\s_-])paywall(?:ed)?(?:$|[\s_-])", re.IGNORECASE)


class _Extraction:
    """State of one extraction: the tree, the sources read from it, the loader."""

    def __init__(
        self, tree: HtmlElement, url: str, profile: SiteProfile | None, crawled_at: datetime
    ):
        self.tree = tree
        self.url = url
        self.profile = profile
        self.crawled_at = crawled_at
        self.tz: tzinfo = profile.tzinfo if profile else UTC
        meta = read_meta(tree)
        self.sources: dict[str, dict[str, Any]] = {
            "json-ld": from_jsonld(tree, url),
            "microdata": from_microdata(tree),
            "opengraph": from_opengraph(meta),
            "twitter": from_twitter(meta),
            "meta": from_meta(meta),
        }
        self.meta = meta
        self.selectors = dict(profile.selectors) if profile else {}
        self.loader = ArticleLoader()
        self.field_sources: dict[str, str] = {}
        self.marked = marked_elements(tree, [BYLINE_HINT, DATELINE_HINT, BOILERPLATE_NAMES])
        self._page_text: str | None = None
        self.shown_bylines = bylines(tree, self.marked)
        self.h1_elements = headline_elements(tree)
        self.shown_dates = visible_dates(
            tree, marked=self.marked, headline=next(iter(self.h1_elements), None)
        )

    # --- helpers -----------------------------------------------------------------------

    def structured(self, field: str, order: Iterable[str] = _STRUCTURED) -> list[tuple[str, Any]]:
        """(source, value) of ``field`` from the profile selector and structured sources."""
        found: list[tuple[str, Any]] = []
        if field in self.selectors:
            texts = select_texts(self.tree, self.selectors[field])
            if texts:
                found.append(("selector", texts if field in ("authors", "tags") else texts[0]))
        found.extend(
            (source, self.sources[source][field])
            for source in order
            if field in self.sources[source]
        )
        return found

    def offer(self, field: str, candidates: Iterable[tuple[str, Any]]) -> Any:
        """Load the first candidate that survives the field's processors; return it."""
        for source, value in candidates:
            if self.loader.accepts(field, value):
                self.loader.add_value(field, value)
                self.field_sources[field] = source
                return value
        return None

    def site_names(self) -> list[str]:
        names = [
            self.sources["opengraph"].get("site_name"),
            self.sources["json-ld"].get("publisher"),
            registered_host(self.url),
        ]
        return [name for name in names if name]

    # --- fields --------------------------------------------------------------------------

    def title(self) -> str | None:
        candidates = list(self.structured("title"))
        # The first <h1> that holds a headline (not an empty logo heading, not a page).
        shown = (h1.text_content() for h1 in self.h1_elements)
        candidates += [
            ("h1", text) for text in shown if text.strip() and len(" ".join(text.split())) <= 400
        ][:1]
        title_tag = next(self.tree.iter("title"), None)
        if title_tag is not None:
            candidates.append(("title-tag", title_tag.text_content()))
        chosen = choose_title(candidates, self.site_names())
        if chosen is None:
            return None
        title: str | None = self.offer("title", [chosen])
        return title

    def authors(self) -> None:
        """Choose the authors: the first source that names any; a byline beats the publisher.

        Structured data often names the publisher as the author ("ORF.at", "FOCUS online"),
        which is what the page declares and is kept, unless the visible byline names a
        person: then the byline is the better answer ("STERN.de" vs "von Jemima Kelly").
        """
        sites = [squash(name) for name in self.site_names()]

        def is_site(name: str) -> bool:
            squashed = squash(name)
            return any(
                site and (squashed.startswith(site) or site.startswith(squashed)) for site in sites
            )

        candidates = self.structured(
            "authors", ("json-ld", "microdata", "meta", "opengraph", "twitter")
        )
        chosen: tuple[str, list[str]] | None = None
        for source, value in candidates:
            names = clean_author_list([value] if isinstance(value, str) else list(value))
            if names:
                chosen = (source, names)
                break
        byline = clean_author_list(self.shown_bylines[:1])
        people = [name for name in byline if not is_site(name) and name.casefold() not in AGENCIES]
        if chosen is None and byline:
            chosen = ("byline", byline)
        elif people and (chosen is None or all(is_site(name) for name in chosen[1])):
            chosen = ("byline", people)
        elif people and chosen and names_key(chosen[1]) < names_key(people):
            # The byline shows every author; the metadata only the first of them.
            known = names_key(chosen[1])
            extra = [n for n in people if normalize_for_hash(n) not in known]
            if all(looks_like_person(name) for name in extra):
                chosen = ("byline", people)
        if chosen and not all(is_site(name) for name in chosen[1]):
            # The publisher listed beside the people who wrote the story is not an author.
            chosen = (chosen[0], [name for name in chosen[1] if not is_site(name)])
        if chosen:
            self.loader.add_value("authors", chosen[1])
            self.field_sources["authors"] = chosen[0]

    def choose_dates(self, language_code: str | None) -> None:
        languages = (language_code, "en") if language_code and language_code != "en" else ("en",)
        shown_published, shown_updated, _ = self.shown_dates
        published = self._date_candidates("published_at", shown_published, languages)
        url_date = dates.date_from_url(self.url, self.tz)
        if url_date is not None and dates.is_plausible(url_date, self.crawled_at):
            # The URL names the day of publication: a date the page shows that is days
            # away from it belongs to something else (a teaser, a comment, an event).
            published = [c for c in published if dates.agrees_with_day(c, url_date)]
            published.append(DateCandidate("url", url_date, False))
        chosen = dates.choose(published)
        if chosen:
            self.loader.add_value("published_at", dates.to_iso(chosen.value))
            self.field_sources["published_at"] = chosen.source
        modified = dates.choose(self._date_candidates("modified_at", shown_updated, languages))
        if modified and (chosen is None or modified.value >= chosen.value):
            self.loader.add_value("modified_at", dates.to_iso(modified.value))
            self.field_sources["modified_at"] = modified.source

    def _date_candidates(
        self, field: str, shown: list[str], languages: tuple[str, ...]
    ) -> list[DateCandidate]:
        """Plausible dates for ``field``: structured ones, then (only if needed) shown ones.

        Structured values are ISO strings and cheap to read; what the page shows needs
        dateparser, which costs milliseconds per string, so those are read only when the
        metadata has no date with a time of day, and only until one is found.
        """
        found = self._parsed(self.structured(field), languages, stop_at_time=False)
        if not any(candidate.has_time for candidate in found):
            found += self._parsed(
                [("html", value) for value in shown], languages, stop_at_time=True
            )
        return found

    def _parsed(
        self, raw: list[tuple[str, Any]], languages: tuple[str, ...], *, stop_at_time: bool
    ) -> list[DateCandidate]:
        found = []
        for source, value in raw:
            if not isinstance(value, str):
                continue
            parsed = dates.parse_date(value, self.tz, languages)
            if parsed is not None and dates.is_plausible(parsed, self.crawled_at):
                found.append(DateCandidate(source, parsed, dates.has_time(value)))
                if stop_at_time and found[-1].has_time:
                    break
        return found

    def section(self, title: str | None) -> None:
        candidates = self.structured("section", ("json-ld", "microdata", "opengraph", "meta"))
        crumbs = self.sources["json-ld"].get("breadcrumb") or html_breadcrumb(self.tree)
        candidates.append(("breadcrumb", section_from_breadcrumb(crumbs, self.url, title)))
        candidates.append(("url", section_from_url(self.url)))
        self.offer("section", candidates)

    def tags(self) -> None:
        candidates = self.structured("tags", ("json-ld", "opengraph", "microdata", "meta"))
        candidates.append(("html", tag_links(self.tree)))
        self.offer("tags", candidates)

    def image(self) -> tuple[str | None, str | None]:
        shown = visible_image(self.tree)
        urls = self.structured("image_url", ("json-ld", "opengraph", "twitter", "microdata"))
        urls.append(("html", shown.get("image_url")))
        urls = [
            (s, urljoin(self.url, v.strip())) for s, v in urls if isinstance(v, str) and v.strip()
        ]
        self.offer("image_url", urls)
        captions = self.structured("image_caption", ("json-ld",))
        captions.insert(
            1 if captions and captions[0][0] == "selector" else 0,
            ("html", shown.get("image_caption")),
        )
        captions += self.structured("image_caption", ("opengraph",))[-1:]
        split = [
            (source, split_credit(value)) for source, value in captions if isinstance(value, str)
        ]
        caption = self.offer("image_caption", [(source, parts[0]) for source, parts in split])
        credits = self.structured("image_credit", ("json-ld",))
        credits.insert(
            1 if credits and credits[0][0] == "selector" else 0, ("html", shown.get("image_credit"))
        )
        credits += [(source, parts[1]) for source, parts in split if parts[1]]
        credit = self.offer("image_credit", credits)
        return caption, credit

    def language(self) -> str | None:
        declared = [("html", self.tree.get("lang") or self.tree.get("xml:lang"))]
        declared += self.structured("language", ("json-ld", "opengraph", "meta"))
        if self.profile and self.profile.language:
            declared.append(("profile", self.profile.language))
        for source, value in declared:
            code = language.normalize_code(value)
            if code:
                self.field_sources["language"] = source
                return code
        # Nothing declared: a guess from the headline and the first paragraphs, so that
        # datelines are read in the right language; the body confirms it later.
        sample = " ".join(
            headlines(self.tree)[:1] + [p.text_content() for p in self.tree.iter("p")][:10]
        )
        guess = language.detect(sample)
        if guess:
            self.field_sources["language"] = "detected"
        return guess

    def paywalled(self) -> bool | None:
        """The paywall flag the page declares or marks up; None when it says nothing.

        Read before the body is cleaned: the cleaner cuts the wall's blocks from the tree.
        """
        flag = self.sources["json-ld"].get("paywalled")
        if isinstance(flag, bool):
            return flag
        tier = (self.meta.get("article:content_tier") or [""])[0].lower()
        if tier in {"locked", "metered"}:
            return True
        if any(
            _PAYWALL_CLASS.search(f"{e.get('class') or ''} {e.get('id') or ''}")
            for e in self.tree.iter("div", "section")
        ):
            return True
        return None

    @property
    def page_text(self) -> str:
        """Text of the page's ``<body>`` as parsed (scripts included), read once."""
        if self._page_text is None:
            self._page_text = next(self.tree.iter("body"), self.tree).text_content()
        return self._page_text

    def canonical(self) -> str:
        candidates = [
            link.get("href")
            for link in self.tree.iter("link")
            if "canonical" in (link.get("rel") or "").lower().split()
        ]
        candidates.append(self.sources["opengraph"].get("canonical_url"))
        for candidate in candidates:
            if candidate and is_article_url(urljoin(self.url, candidate.strip()), self.url):
                self.field_sources["canonical_url"] = (
                    "link" if candidate in candidates[:-1] else "opengraph"
                )
                return canonicalize_url(urljoin(self.url, candidate.strip()))
        self.field_sources["canonical_url"] = "url"
        return canonicalize_url(self.url)

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

            body_module.preclean(self.tree, blocks)
            paragraphs = body_module.run_trafilatura(self.tree, self.url)
        declared = body_module.prefer_declared_body(paragraphs, self.sources["json-ld"].get("body"))
        if source == "trafilatura" and declared:
            paragraphs, source = declared, "json-ld"
        if sum(len(p.split()) for p in paragraphs) < _FEW_WORDS:
            # Nothing in the markup: the article may be shipped as data for a script.
            scripted = body_module.paragraphs_from_scripts(self.tree)
            if sum(len(p.split()) for p in scripted) > sum(len(p.split()) for p in paragraphs):
                paragraphs, source = scripted, "script"
        if not paragraphs and self.sources["json-ld"].get("body"):
            source = "json-ld"
            paragraphs = re.split(r"\n\s*\n|\r?\n", self.sources["json-ld"]["body"])
        unwanted = [
            title,
            *headlines(self.tree)[:1],
            caption,
            credit,
            *self.shown_bylines,
            *self.shown_dates.published,
            *self.shown_dates.updated,
            *self.shown_dates.lines,
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
        authors = self.loader.get_collected_values("authors")
        paragraphs = body_module.postclean(paragraphs, unwanted, authors)
        if source == "trafilatura" and paragraphs:
            paragraphs = self._with_lead(paragraphs, page_text)
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
        if key in " ".join(" ".join(paragraphs[:3]).split()).casefold():
            return paragraphs
        # Whitespace-tolerant search in the raw page text: normalizing a whole page first
        # would cost more than the rest of this step.
        shown = re.compile(r"\s+".join(map(re.escape, lead.split())), re.IGNORECASE)
        if not shown.search(page_text):
            return paragraphs
        return [lead, *paragraphs]


def extract_article(
    html: str | bytes,
    url: str,
    profile: SiteProfile | None = None,
    *,
    encoding: str | None = None,
    crawled_at: datetime | None = None,
) -> dict[str, Any]:
    """Extract the normalized article from an HTML page (see the package docstring)."""
    crawled_at = crawled_at or datetime.now(UTC)
    if crawled_at.tzinfo is None:
        crawled_at = crawled_at.replace(tzinfo=UTC)
    tree = parse(to_text(html, encoding))
    state = _Extraction(tree, url, profile, crawled_at)
    canonical = state.canonical()
    title = state.title()
    state.authors()
    lang = state.language()
    state.choose_dates(lang)
    state.section(title)
    state.tags()
    state.offer(
        "description",
        state.structured("description", ("json-ld", "opengraph", "meta", "twitter", "microdata")),
    )
    caption, credit = state.image()
    paywalled = state.paywalled()
    page_text = state.page_text  # before the body cleaner cuts blocks from the tree
    state.body(title, caption, credit)

    item = state.loader.load_item()
    text = item.get("body") or ""
    if paywalled is None:
        # A wall prompt over a short text: the page shows a teaser, or nothing, of the
        # article. Only short texts are checked: the check costs milliseconds.
        paywalled = count_words(text) < _TEASER_WORDS and shows_wall(tree, page_text)
    if lang is None or language.script_language(text) not in (None, lang):
        detected = language.detect(text) or language.detect(title or "")
        if detected:
            lang = detected
            state.field_sources["language"] = "detected"
    article: dict[str, Any] = {
        "url": url,
        "canonical_url": canonical,
        "site": profile.name if profile else registered_host(url),
        "title": item.get("title"),
        "authors": item.get("authors") or [],
        "published_at": item.get("published_at"),
        "modified_at": item.get("modified_at"),
        "section": item.get("section"),
        "tags": item.get("tags") or [],
        "language": lang,
        "description": item.get("description"),
        "body": text,
        "image_url": item.get("image_url"),
        "image_caption": item.get("image_caption"),
        "image_credit": item.get("image_credit"),
        "word_count": count_words(text),
        "content_hash": content_hash(item.get("title"), text),
        "crawled_at": dates.to_iso(crawled_at.astimezone(UTC)),
        "field_sources": state.field_sources,
        "paywalled": paywalled,
    }
    return article
