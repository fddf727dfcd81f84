"""Choosing the metadata fields: title, authors, dates, section, tags, image, language.

Field by field, candidates are offered in order of reliability (the profile's selectors,
then JSON-LD, microdata, OpenGraph, Twitter, other ``<meta>``, then what the page shows,
then the URL); the first that survives normalization wins and its source is recorded in
``field_sources``. Where sources are known to disagree in systematic ways (publisher named
as author, SEO headlines, teaser dates) the rules are in the methods below; the authors'
in :mod:`newscrawl.extract.author_choice`.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from newscrawl.extract import dates, language
from newscrawl.extract.author_choice import AuthorChoices
from newscrawl.extract.classwords import class_words
from newscrawl.extract.dates import DateCandidate
from newscrawl.extract.fields import is_article_url, squash
from newscrawl.extract.image_credits import split_credit
from newscrawl.extract.images import lead_caption, visible_image
from newscrawl.extract.keywords import listed_first, without_cms_fields
from newscrawl.extract.listing import LISTING
from newscrawl.extract.loader import SITE_NAMES
from newscrawl.extract.local_time import in_local_time
from newscrawl.extract.page import (
    headline_without_kicker,
    headlines,
    section_from_breadcrumb,
    section_from_url,
    section_link_name,
    shown_text,
    tag_links,
)
from newscrawl.extract.pictures import article_image, is_site_furniture
from newscrawl.extract.title_parts import is_title_suffix
from newscrawl.extract.titles import choose_title
from newscrawl.urls import MAX_URL_LENGTH, canonicalize_url, join_url

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from lxml.html import HtmlElement

_PAYWALL_CLASS = class_words(r"paywall(?:ed)?")


class MetadataChoices(AuthorChoices):
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
        titles = [squash(title) for title in declared]
        shown = [
            text
            for h1 in self.headline_candidates
            if (text := headline_without_kicker(h1) or _broken_headline(h1, titles)).strip()
            and len(" ".join(text.split())) <= 400
        ]
        echoed = [text for text in shown if _echoed(text, titles)]
        if echoed:
            return max(echoed, key=len)
        return shown[0] if shown else None

    def choose_dates(self, language_code: str | None, listed_published: str | None = None) -> None:
        """Choose published and modified dates; shown ones are read in ``language_code``.

        Numeric dates are read in the order of the page's country (``self.country``):
        "02/10/2020" is the 2nd of October on a British page, the 10th of February on an
        American one.

        ``listed_published`` is the publication time the listing that led to the page gave
        (a feed's ``pubDate``, a news sitemap's ``publication_date``): the publisher's word
        too, but not the page's, so taken after what the page declares and shows; with a
        time of day it makes a page's date without one exact.
        """
        languages: tuple[str, ...] = (
            (language_code, "en") if language_code and language_code != "en" else ("en",)
        )
        if self.country:
            # "en-GB": the page's country says which way round its slashed dates are.
            languages = tuple(f"{code}-{self.country}" for code in languages)
        shown_published, shown_updated, _ = self.shown_dates
        published = self._date_candidates("published_at", shown_published, languages)
        if listed_published:
            listed = [(LISTING, listed_published)]
            published += self._parsed(listed, languages, stop_at_time=False)
        url_date = dates.date_from_url(self.url, self.tz)
        if url_date is not None and dates.is_plausible(url_date, self.crawled_at, self.served_at):
            # The URL names the day of publication: a date the page shows that is days
            # away from it belongs to something else (a teaser, a comment, an event).
            published = self._near_url_day(published, shown_published, languages, url_date)
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
            found = dates.date_from_htmldate(
                self.tree, self.url, self.crawled_at, self.tz, self.served_at
            )
            candidate = DateCandidate("htmldate", found, False) if found else None
            if candidate and not (month and dates.before_month(candidate, month)):
                published.append(candidate)
        chosen = dates.choose(published)
        if chosen:
            chosen = in_local_time(chosen, published, shown_published, languages, self.site_tz)
            self.loader.add_value("published_at", dates.to_iso(chosen.value))
            self.field_sources["published_at"] = chosen.source
            self.published_day_only = not chosen.has_time
        updated = self._date_candidates("modified_at", shown_updated, languages)
        modified = dates.choose(updated)
        if modified:
            modified = in_local_time(modified, updated, shown_updated, languages, self.site_tz)
        if modified and (chosen is None or modified.value >= chosen.value):
            self.loader.add_value("modified_at", dates.to_iso(modified.value))
            self.field_sources["modified_at"] = modified.source

    def _near_url_day(
        self,
        published: list[DateCandidate],
        shown: list[str],
        languages: tuple[str, ...],
        url_day: datetime,
    ) -> list[DateCandidate]:
        """``published`` as the day the URL names lets it be.

        A date the page shows (or a listing gives) days away from the URL's belongs to
        something else (a teaser, a comment, an event). A declared one days away, where
        the page shows the URL's day, is a stale template's (JSON-LD left at a date of
        years ago): the page's shown dates are read for it then, though the declared one
        has a time of day.
        """

        def away(candidate: DateCandidate) -> int:
            return abs(candidate.value.date() - url_day.date()).days

        published = [c for c in published if dates.agrees_with_day(c, url_day)]
        # (A shown date left here is within a day of the URL's: when all left are days
        # away, none of them was shown, and the shown ones are read now.)
        if published and all(away(c) > 2 for c in published):
            published += self._parsed(
                [("html", value) for value in shown], languages, stop_at_time=True
            )
            published = [c for c in published if dates.agrees_with_day(c, url_day)]
        if any(away(c) <= 1 for c in published):
            published = [c for c in published if away(c) <= 2]
        return published

    def _date_candidates(
        self, field: str, shown: list[str], languages: tuple[str, ...]
    ) -> list[DateCandidate]:
        """Plausible dates for ``field``: structured ones, then (only if needed) shown ones.

        Structured values are ISO strings and cheap to read; what the page shows needs
        dateparser, which costs milliseconds per string, so those are read only when the
        metadata has no date with a time of day, and only until one is found.
        """
        found = self._parsed(self.structured(field), languages, stop_at_time=False)
        two_way = any(candidate.other for candidate in found)
        if two_way or not any(candidate.has_time for candidate in found):
            shown_dates = self._parsed(
                [("html", value) for value in shown], languages, stop_at_time=True
            )
            if two_way:
                found = [dates.settle_reading(candidate, shown_dates) for candidate in found]
            if not any(candidate.has_time for candidate in found):
                found += shown_dates
        return found

    def _parsed(
        self, raw: list[tuple[str, Any]], languages: tuple[str, ...], *, stop_at_time: bool
    ) -> list[DateCandidate]:
        found = []
        for source, value in raw:
            if not isinstance(value, str):
                continue
            parsed = dates.parse_date(value, self.tz, languages)
            if parsed is not None and dates.is_plausible(parsed, self.crawled_at, self.served_at):
                other = dates.other_reading(value, parsed) if source != "html" else None
                timed = dates.has_time(value)
                if timed and dates.is_midnight(parsed, self.tz):
                    # Midnight in the site's zone is a day too, given in UTC by some CMSs
                    # ("2021-11-04T23:00Z" in Berlin): the day is the site's.
                    timed, parsed = False, parsed.astimezone(self.tz)
                found.append(DateCandidate(source, parsed, timed, other))
                if stop_at_time and found[-1].has_time:
                    break
        return found

    def section(self, title: str | None) -> None:
        """Choose the section: structured data, then the breadcrumb, then the URL."""
        candidates = self.structured("section", ("json-ld", "microdata", "opengraph", "meta"))
        crumb = section_from_breadcrumb(self.breadcrumb, self.url, title, self.base_url)
        candidates.append(("breadcrumb", crumb))
        candidates.append(("link", section_link_name(self.tree, self.url, self.base_url)))
        candidates.append(("url", section_from_url(self.url)))
        self.offer("section", candidates)

    def tags(self, listed: Sequence[str] = ()) -> None:
        """Choose the tags: keywords in structured data, then tag links, then ``listed``.

        ``listed``: the categories or keywords the feed or news sitemap that listed the page
        gave it.
        """
        candidates = self.structured("tags", ("json-ld", "opengraph", "microdata", "meta"))
        candidates.append(("html", tag_links(self.tree)))
        candidates.append((LISTING, list(listed)))
        candidates = [(source, without_cms_fields(value)) for source, value in candidates]
        # The loader leaves out keywords that are the site's own name.
        self.loader.context[SITE_NAMES] = {squash(name) for name in self.site_names()}
        self.offer("tags", listed_first(candidates))

    def image(self) -> tuple[str | None, str | None]:
        """Choose the lead image, its caption and its credit; return (caption, credit)."""
        shown = visible_image(self.tree)
        self.first_picture_texts = [
            text for key, text in shown.items() if key in ("image_caption", "image_credit")
        ]
        urls = self.structured("image_url", ("json-ld", "opengraph", "twitter", "microdata"))
        urls.append(("html", shown.get("image_url")))
        urls = [
            (s, u)
            for s, v in urls
            # Not a data: URI of many kilobytes, nor a URL the archive cannot hold, nor the
            # site's logo or a placeholder declared for want of a picture.
            if isinstance(v, str)
            and (u := join_url(self.base_url, v))
            and len(u) <= MAX_URL_LENGTH
            and not is_site_furniture(u)
        ]
        if (
            not urls  # nothing declared or shown in a figure: a wide picture in the text
            and (photo := article_image(self.tree))
            and (u := join_url(self.base_url, photo))
            and len(u) <= MAX_URL_LENGTH
        ):
            urls.append(("html", u))
        # The caption shown beside the lead image: the first picture's may be another's.
        shown = lead_caption(self.tree, self.offer("image_url", urls))
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
            url = join_url(self.base_url, candidate)
            if url and is_article_url(url, self.url):
                self.field_sources["canonical_url"] = (
                    "link" if candidate in candidates[:-1] else "opengraph"
                )
                return canonicalize_url(url)
        self.field_sources["canonical_url"] = "url"
        return canonicalize_url(self.url)


def _broken_headline(h1: HtmlElement, titles: list[str]) -> str:
    """The text of a headline element; where a ``<br>`` breaks it, the lines apart.

    "Ferry plan approved<br><small>Council votes 7-2</small>": the first line alone where
    the declared titles (``titles``, squashed) give it and not the whole (the rest is a
    subtitle set in the heading), else the lines joined by a space (they were glued).
    """
    if next(h1.iter("br"), None) is None:
        return shown_text(h1)
    marked = copy.deepcopy(h1)
    for br in marked.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines = [line.strip() for line in shown_text(marked).split("\n") if line.strip()]
    whole = " ".join(lines)
    if lines and _echoed(lines[0], titles) and not _echoed(whole, titles):
        return lines[0]
    return whole


def _echoed(text: str, titles: list[str]) -> bool:
    """Whether a declared title (squashed, in ``titles``) repeats ``text``."""
    return any(squash(text) in title for title in titles)
