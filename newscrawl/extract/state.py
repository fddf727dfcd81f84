"""The state one extraction shares: the tree, the sources read from it once, the loader.

:class:`PageState` parses nothing itself: it is given the one tree, reads every structured
source (JSON-LD, microdata, OpenGraph, Twitter, ``<meta>``) and the class-named elements
that later stages look at (bylines, datelines, boilerplate) once, and offers candidates to
the :class:`~newscrawl.extract.loader.ArticleLoader`, recording where each field came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from lxml.html import HtmlElement

from newscrawl.extract.bylines import BYLINE_HINT, bylines
from newscrawl.extract.classwords import marked_elements
from newscrawl.extract.datelines import DATELINE_HINT, visible_dates
from newscrawl.extract.loader import ArticleLoader
from newscrawl.extract.microdata import from_microdata
from newscrawl.extract.page import (
    BOILERPLATE_NAMES,
    document_base,
    headline_elements,
    html_breadcrumb,
    html_title,
    links_home,
    select_texts,
)
from newscrawl.extract.regions import page_country
from newscrawl.extract.site_zones import locale_zone, script_zone, site_zone
from newscrawl.extract.structured import (
    from_jsonld,
    from_meta,
    from_opengraph,
    from_twitter,
    read_meta,
)
from newscrawl.urls import archived_url, registered_host

if TYPE_CHECKING:
    from newscrawl.sites.profile import SiteProfile

_STRUCTURED = ("json-ld", "microdata", "opengraph", "twitter", "meta")


class PageState:
    """State of one extraction: the tree, the sources read from it, the loader."""

    def __init__(
        self,
        tree: HtmlElement,
        url: str,
        profile: SiteProfile | None,
        crawled_at: datetime,
        served_at: datetime | None = None,
    ):
        self.tree = tree
        self.url = url
        #: What relative links resolve against (the page's <base href>, else its URL).
        self.base_url = document_base(tree, url)
        self.profile = profile
        self.crawled_at = crawled_at
        #: When the server made the page, if it said (its Date header, less a cache's Age).
        self.served_at = served_at
        # Whose page this is: a Wayback Machine snapshot is the archived site's.
        site_url = archived_url(url)
        #: The site's host name (without "www."), one of its names.
        self.host = registered_host(site_url)
        # The zone naive dates are read in, and UTC ones given in: the profile's, else the
        # one the country of the site's domain keeps, else the one of the country its
        # language tag names, else the one its title's script is read in, else UTC.
        meta = read_meta(tree)
        tags = [tree.get("lang"), *meta.get("og:locale", ()), *meta.get("content-language", ())]
        self.site_tz: tzinfo | None = (
            (profile.tzinfo if profile else None)
            or site_zone(site_url)
            or locale_zone(tags)
            or script_zone(html_title(tree))
        )
        self.tz: tzinfo = self.site_tz or UTC
        #: The country the page is written for (ISO 3166), found as the zone is: which way
        #: round its numeric dates are ("02/10/2020": October in Britain, February in the US).
        self.country = page_country(site_url, tags, profile.timezone if profile else None)
        self.sources: dict[str, dict[str, Any]] = {
            "json-ld": from_jsonld(tree, url, meta),
            "microdata": from_microdata(tree),
            "opengraph": from_opengraph(meta),
            "twitter": from_twitter(meta),
            "meta": from_meta(meta),
        }
        self.meta = meta
        #: (name, URL) of the page's breadcrumb trail, declared or else shown; read before
        #: the body's cleaning cuts it from the tree.
        self.breadcrumb = self.sources["json-ld"].get("breadcrumb") or html_breadcrumb(tree)
        # A page fetched before the site's redesign has the earlier layout's markup.
        self.selectors = profile.selectors_at(crawled_at) if profile else {}
        self.loader = ArticleLoader()
        self.field_sources: dict[str, str] = {}
        #: Whether the publication date chosen is a day without a time of day (None: none).
        self.published_day_only: bool | None = None
        #: Caption and credit of the article's first picture, the lead image's or not: no
        #: part of the body either way (set by ``image()``).
        self.first_picture_texts: list[str] = []
        self.marked = marked_elements(tree, [BYLINE_HINT, DATELINE_HINT, BOILERPLATE_NAMES])
        self._page_text: str | None = None
        self.shown_bylines = bylines(tree, self.marked)
        self.h1_elements = headline_elements(tree)
        # <h1>s that only link to the home page: the site's logo, not a headline.
        self.logo_headings = [h1 for h1 in self.h1_elements if links_home(h1, self.base_url)]
        # The <h1>s that may hold the headline: not the logo, not a menu's ("Quicklinks").
        self.headline_candidates = [
            h1
            for h1 in self.h1_elements
            if h1 not in self.logo_headings and next(h1.iterancestors("nav"), None) is None
        ]
        self.shown_dates = visible_dates(
            tree, marked=self.marked, headline=next(iter(self.h1_elements), None)
        )

    # --- helpers -----------------------------------------------------------------------

    def declares_article(self) -> bool:
        """Whether the page says it is an article (og:type, a schema.org Article node)."""
        og_types = (value.strip().lower() for value in self.meta.get("og:type", ()))
        if any(value.startswith("article") for value in og_types):
            return True
        declared = any(key != "breadcrumb" for key in self.sources["json-ld"])
        return declared or bool(self.sources["microdata"])

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
            if self.loader.add_if_kept(field, value):
                self.field_sources[field] = source
                return value
        return None

    def site_names(self) -> list[str]:
        """Names the site goes by: ``og:site_name``, the publisher, the host, its logo."""
        names = [
            self.sources["opengraph"].get("site_name"),
            self.sources["json-ld"].get("publisher"),
            self.host,
            *(h1.text_content() for h1 in self.logo_headings),
        ]
        return [name for name in names if name and name.strip()]

    @property
    def page_text(self) -> str:
        """Text of the page's ``<body>`` as parsed (scripts included), read once."""
        if self._page_text is None:
            self._page_text = next(self.tree.iter("body"), self.tree).text_content()
        return self._page_text
