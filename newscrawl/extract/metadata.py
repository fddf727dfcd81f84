"""Choosing the metadata fields: title, authors, dates, section, tags, image, language.

Field by field, candidates are offered in order of reliability (the profile's selectors,
then JSON-LD, microdata, OpenGraph, Twitter, other ``<meta>``, then what the page shows,
then the URL); the first that survives normalization wins and its source is recorded in
``field_sources``. Where sources are known to disagree in systematic ways (publisher named
as author, SEO headlines, teaser dates) the rules are in the methods below.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from newscrawl.extract import dates, language
from newscrawl.extract.authors import clean_author_list, looks_like_person, starts_with_by
from newscrawl.extract.bylines import (
    author_links,
    editor_credits,
    introduced_bylines,
    labelled_bylines,
)
from newscrawl.extract.classwords import class_words
from newscrawl.extract.dates import DateCandidate
from newscrawl.extract.fields import (
    is_article_url,
    names_key,
    squash,
)
from newscrawl.extract.images import split_credit, visible_image
from newscrawl.extract.keywords import listed_first, without_cms_fields
from newscrawl.extract.local_time import in_local_time
from newscrawl.extract.names import AGENCIES
from newscrawl.extract.page import (
    headline_without_kicker,
    headlines,
    html_breadcrumb,
    section_from_breadcrumb,
    section_from_url,
    shown_text,
    tag_links,
)
from newscrawl.extract.processors import normalize_for_hash
from newscrawl.extract.sitenames import SiteNames, addressed
from newscrawl.extract.state import PageState
from newscrawl.extract.title_parts import is_title_suffix
from newscrawl.extract.titles import choose_title
from newscrawl.urls import canonicalize_url

_PAYWALL_CLASS = class_words(r"paywall(?:ed)?")


def _user_names_of(names: list[str], shown: list[str]) -> bool:
    """Whether ``names`` are the ``shown`` names written as one word each, user-name style.

    >>> _user_names_of(["arianschlichenmayer"], ["Arian Schlichenmayer"])
    True
    >>> _user_names_of(["Will Knight"], ["Will Knigh t"])  # markup that split a word
    False
    """
    return all(" " not in name for name in names) and [squash(n) for n in names] == [
        squash(n) for n in shown
    ]


class MetadataChoices(PageState):
    """The metadata fields of the article, chosen among the page's sources."""

    def title(self) -> str | None:
        """Choose the headline (rules in :mod:`newscrawl.extract.titles`); return it."""
        candidates = list(self.structured("title"))
        title_tag = next(self.tree.iter("title"), None)
        tag_text = title_tag.text_content() if title_tag is not None else None
        declared = [value for _, value in candidates if isinstance(value, str)]
        headline = self._shown_headline([*declared, tag_text or ""])
        candidates = self._without_standfirst(candidates, [headline or "", tag_text or ""])
        if headline:
            candidates.append(("h1", headline))
        if tag_text is not None:
            candidates.append(("title-tag", tag_text))
        names = self.site_names()
        if headline and tag_text and is_title_suffix(headline, tag_text):
            names.append(headline)
        chosen = choose_title(candidates, names)
        if chosen is None:
            return None
        title: str | None = self.offer("title", [chosen])
        return title

    def _without_standfirst(
        self, candidates: list[tuple[str, Any]], shown: list[str]
    ) -> list[tuple[str, Any]]:
        """``candidates`` without the standfirst a template marked as the headline.

        ``<section itemprop="headline">`` around the standfirst: the page's description,
        which neither the ``<h1>`` nor the ``<title>`` repeats. (A description that is the
        headline, as lazy templates set it, is repeated by one of them and stays.)
        """
        descriptions = {
            squash(value)
            for _, value in self.structured("description")
            if isinstance(value, str) and value.strip()
        }
        seen = [squash(text) for text in shown if text.strip()]
        return [
            (source, value)
            for source, value in candidates
            if not isinstance(value, str)
            or (key := squash(value)) not in descriptions
            or any(key in text for text in seen)
        ]

    def _shown_headline(self, declared: list[str]) -> str | None:
        """The text of the ``<h1>`` that holds the headline, if any.

        Not an empty logo heading, not the site's name linked to its home page, not a
        menu's heading ("Quicklinks" in a ``<nav>``), not a page; of several, the longest
        one the ``declared`` titles repeat (themes that set every box's heading as an
        ``<h1>``: the site's and the section's are short), else the first.
        """
        shown = [
            text
            for h1 in self.h1_elements
            if h1 not in self.logo_headings and next(h1.iterancestors("nav"), None) is None
            if (text := headline_without_kicker(h1) or shown_text(h1)).strip()
            and len(" ".join(text.split())) <= 400
        ]
        titles = [squash(title) for title in declared]
        echoed = [text for text in shown if any(squash(text) in title for title in titles)]
        if echoed:
            return max(echoed, key=len)
        return shown[0] if shown else None

    def authors(self) -> None:
        """Choose the authors: the first source that names any; a byline beats the publisher.

        Structured data often names the publisher as the author ("ORF.at", "FOCUS online"),
        which is what the page declares and is kept, unless the visible byline names a
        person: then the byline is the better answer ("STERN.de" vs "von Jemima Kelly").
        """
        site = SiteNames(self.site_names())
        chosen = self._declared_authors(site)
        byline = self._shown_byline(site)
        people = [n for n in byline if not site.names(n) and n.casefold() not in AGENCIES]
        if not byline and (chosen is None or site.names_all(chosen[1])):
            # Nothing marked as a byline: "Von Volkmar Kabisch und Benedikt Strunz" above the
            # story names the people, also where the publisher is declared as the author.
            # (Where a byline names the site, "by ..." lines are more often books reviewed.)
            introduced = site.signed(self._introduced_names())
            if chosen is None:
                byline = introduced or editor_credits(self.page_text)
            else:
                people = [name for name in introduced if not site.names(name)]
        if chosen is None and byline:
            chosen = ("byline", byline)
        elif people and chosen and site.names_all(chosen[1]):
            # The byline beats the declared publisher if it names people, not if its words
            # are categories ("CSP / Photovoltaik") or an author box's blurb.
            if all(looks_like_person(name) for name in people):
                chosen = ("byline", people)
        elif people and chosen and _user_names_of(chosen[1], people):
            # The same names, as the page prints them: metadata gives the user names
            # ("arianschlichenmayer" for "Arian Schlichenmayer").
            chosen = ("byline", people)
        elif people and chosen and names_key(chosen[1]) < names_key(people):
            # The byline shows every author; the metadata only the first of them.
            known = names_key(chosen[1])
            extra = [n for n in people if normalize_for_hash(n) not in known]
            if all(looks_like_person(name) for name in extra):
                chosen = ("byline", people)
        if chosen and not byline and not site.names_all(chosen[1]):
            chosen = self._people_over_organisation(chosen, site)
        if chosen and not site.names_all(chosen[1]):
            # The publisher listed beside the people who wrote the story is not an author.
            chosen = (chosen[0], [name for name in chosen[1] if not site.names(name)])
        if chosen:
            self.loader.add_value("authors", chosen[1])
            self.field_sources["authors"] = chosen[0]

    def _people_over_organisation(
        self, declared: tuple[str, list[str]], site: SiteNames
    ) -> tuple[str, list[str]]:
        """The people a "by" line names, where an organisation or a first name is declared.

        A foundation or company declared as the author ("Hanns-Seidel-Stiftung e.V"), or a
        first name alone ("Todd"), while "Von Uta Staschewski" stands above the text: the
        line names who wrote it. A declared person stays (a "von" line elsewhere may credit
        a book's author).
        """
        if all(looks_like_person(name) for name in declared[1]):
            return declared
        introduced = site.signed(self._introduced_names())
        if (
            introduced
            and not names_key(introduced) & names_key(declared[1])
            and all(looks_like_person(name) for name in introduced)
        ):
            return "byline", introduced
        return declared

    def _declared_authors(self, site: SiteNames) -> tuple[str, list[str]] | None:
        """(source, names) of the first structured source that names anyone.

        A source that names only the publisher yields to a later one that names people:
        a template declares its desk as the microdata author ("Nature Editorial") and the
        Dublin Core creator is the reporter.
        """
        candidates = self.structured(
            "authors", ("json-ld", "microdata", "meta", "opengraph", "twitter")
        )
        first: tuple[str, list[str]] | None = None
        for source, value in candidates:
            values = [value] if isinstance(value, str) else list(value)
            names = site.cleaned([addressed(v, self.host) for v in values])
            if not names:
                continue
            if first is None:
                first = source, names
                if not site.names_all(names):
                    return first
            elif not site.names_all(names) and all(map(looks_like_person, names)):
                return source, names
        return first

    def _shown_byline(self, site: SiteNames) -> list[str]:
        """Names the page shows as the byline, in its links to authors' pages or its facts."""
        # The first byline that names anyone: an author box may come first ("Published by
        # Ann Lee, a professor at ...") and give nothing a name could be taken from.
        for shown in self.shown_bylines:
            if names := site.cleaned([shown]):
                return names
        # Where nothing is marked as a byline: links to authors' pages name them, or a label
        # in a list of the article's facts does ("Autor: Peter Maahn").
        for found in ([author_links(self.tree)], labelled_bylines(self.tree)):
            names = [name for name in site.cleaned(found) if looks_like_person(name)]
            if names:
                return names
        return []

    def _introduced_names(self) -> list[str]:
        """Names after "by" in a post's meta line, an ``<address>``, a short paragraph.

        Nothing calls these texts a byline, so only texts that open with "by" or a byline's
        lead words, and names that read as a person's (or an agency) count: not "By the
        way", "Klimaneutralität von Unternehmen" or "Kommentar von Ann Lee".
        """
        for shown in introduced_bylines(self.tree, starts_with_by):
            names = [
                name
                for name in clean_author_list([shown])
                if looks_like_person(name) or name.casefold() in AGENCIES
            ]
            if names:
                return names
        return []

    def choose_dates(self, language_code: str | None) -> None:
        """Choose published and modified dates; shown ones are read in ``language_code``."""
        languages = (language_code, "en") if language_code and language_code != "en" else ("en",)
        shown_published, shown_updated, _ = self.shown_dates
        published = self._date_candidates("published_at", shown_published, languages)
        url_date = dates.date_from_url(self.url, self.tz)
        if url_date is not None and dates.is_plausible(url_date, self.crawled_at):
            # The URL names the day of publication: a date the page shows that is days
            # away from it belongs to something else (a teaser, a comment, an event).
            published = [c for c in published if dates.agrees_with_day(c, url_date)]
            published.append(DateCandidate("url", url_date, False))
        # The URL may name the month alone (Blogger's /2013/10/post.html): a date before it,
        # declared or shown, is the blog's or a widget's, not the post's. (Later dates may
        # be the post's: a page that is kept up to date keeps its first URL.)
        month = dates.month_from_url(self.url) if url_date is None else None
        if month:
            published = [c for c in published if not dates.before_month(c, month)]
        if not published:
            # Nothing declared, no dateline we recognise, no date in the URL: htmldate's
            # wider search (text patterns, comments, copyright lines) is the last resort.
            found = dates.date_from_htmldate(self.tree, self.url, self.crawled_at, self.tz)
            candidate = DateCandidate("htmldate", found, False) if found else None
            if candidate and not (month and dates.before_month(candidate, month)):
                published.append(candidate)
        chosen = dates.choose(published)
        if chosen:
            chosen = in_local_time(chosen, published, shown_published, languages, self.site_tz)
            self.loader.add_value("published_at", dates.to_iso(chosen.value))
            self.field_sources["published_at"] = chosen.source
        updated = self._date_candidates("modified_at", shown_updated, languages)
        modified = dates.choose(updated)
        if modified:
            modified = in_local_time(modified, updated, shown_updated, languages, self.site_tz)
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
        """Choose the section: structured data, then the breadcrumb, then the URL."""
        candidates = self.structured("section", ("json-ld", "microdata", "opengraph", "meta"))
        crumbs = self.sources["json-ld"].get("breadcrumb") or html_breadcrumb(self.tree)
        candidates.append(("breadcrumb", section_from_breadcrumb(crumbs, self.url, title)))
        candidates.append(("url", section_from_url(self.url)))
        self.offer("section", candidates)

    def tags(self) -> None:
        """Choose the tags: keywords in structured data, then tag links."""
        candidates = self.structured("tags", ("json-ld", "opengraph", "microdata", "meta"))
        candidates.append(("html", tag_links(self.tree)))
        candidates = [(source, without_cms_fields(value)) for source, value in candidates]
        self.offer("tags", listed_first(candidates))

    def image(self) -> tuple[str | None, str | None]:
        """Choose the lead image, its caption and its credit; return (caption, credit)."""
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
        """Return the declared language, else the profile's, else a guess from the text."""
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
        """The paywall flag the page declares; None when it says nothing."""
        flag = self.sources["json-ld"].get("paywalled")
        if isinstance(flag, bool):
            return flag
        tier = (self.meta.get("article:content_tier") or [""])[0].lower()
        if tier in {"locked", "metered"}:
            return True
        return None

    def wall_marked(self) -> bool:
        """Tell whether a block is named for a paywall ("paywall", "article-paywalled").

        Only evidence, not a verdict: many sites ship the wall's markup on every page, free
        ones included, so the caller also asks for a teaser-length body. Read before the
        body is cleaned: the cleaner cuts the wall's blocks from the tree.
        """
        return any(
            _PAYWALL_CLASS.search(f"{e.get('class') or ''} {e.get('id') or ''}")
            for e in self.tree.iter("div", "section")
        )

    def canonical(self) -> str:
        """Return the canonical URL: ``<link rel=canonical>``, ``og:url``, else the URL."""
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
