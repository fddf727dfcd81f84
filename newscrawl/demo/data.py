"""The demo site's articles: the source of truth that crawl output is compared to.

The articles live in ``articles.json`` next to this module (package data). They are invented
news stories of an invented paper, *The Daily Meridian*, whose dates are local times in
:data:`SITE_TIMEZONE` with their UTC offsets. ``authors`` holds the normalized names an
extractor should produce; ``byline`` is the text printed on the page ("By ELEANOR VOSS",
"By A and B", "Reuters", "By A, Science Correspondent").

>>> articles = load_demo_articles()
>>> len(articles), sorted({a.section for a in articles}) == sorted(DEMO_SECTIONS)
(36, True)
>>> find_article(48211).path
'/world/2025/01/08/floodwaters-recede-valmora-relief-convoys-reach-cut-48211'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any, Literal

from newscrawl.urls import slugify

#: Name of the demo paper.
SITE_NAME = "The Daily Meridian"
#: IANA timezone the demo site's dates are local to (offsets +00:00 in winter, +01:00 in summer).
SITE_TIMEZONE = "Europe/London"
#: Language of every demo page (ISO 639-1).
SITE_LANGUAGE = "en"
#: Section slugs, in menu order; a section page is ``/section/<slug>``.
DEMO_SECTIONS: tuple[str, ...] = ("world", "politics", "business", "science")
#: Human titles of the sections.
SECTION_TITLES: dict[str, str] = {
    "world": "World",
    "politics": "Politics",
    "business": "Business",
    "science": "Science",
}

#: The four article page layouts, rotated by article id (see :attr:`DemoArticle.layout`).
Layout = Literal["jsonld", "opengraph", "microdata", "plain"]
LAYOUTS: tuple[Layout, ...] = ("jsonld", "opengraph", "microdata", "plain")

#: Path of an article page: ``/<section>/<yyyy>/<mm>/<dd>/<slug>-<id>`` (a trailing slash too).
ARTICLE_PATH_RE = re.compile(
    r"^/(?P<section>[a-z-]+)/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/(?P<slug>[a-z0-9-]+)-(?P<id>\d+)/?$"
)


@dataclass(frozen=True)
class DemoArticle:
    """One article of the demo site, with the values its pages show."""

    id: int
    slug: str
    section: str
    title: str
    #: The byline as printed on the page.
    byline: str
    #: Normalized author names ("Eleanor Voss", not "By ELEANOR VOSS").
    authors: tuple[str, ...]
    published: datetime
    modified: datetime | None
    tags: tuple[str, ...]
    description: str
    #: Site-relative path of the lead image (``/images/<slug>.jpg``).
    image_path: str
    image_caption: str
    #: Who took or made the picture, as an extractor should give it ("REUTERS/NINA BERG").
    image_credit: str
    paragraphs: tuple[str, ...]
    #: What kind of picture the credit is for, printed before it ("Photo", "Illustration").
    image_credit_label: str = ""

    @property
    def printed_credit(self) -> str:
        """The credit as the page prints it: "Photo: ERIK SANDVIK" or just the credit."""
        if self.image_credit_label:
            return f"{self.image_credit_label}: {self.image_credit}"
        return self.image_credit

    @property
    def path(self) -> str:
        """Site-relative URL path of the article page."""
        return f"/{self.section}/{self.published:%Y/%m/%d}/{self.slug}-{self.id}"

    def url(self, base: str) -> str:
        """Absolute URL of the article page under ``base`` (e.g. ``http://127.0.0.1:8080``)."""
        return base.rstrip("/") + self.path

    def image_url(self, base: str) -> str:
        """Absolute URL of the lead image under ``base``."""
        return base.rstrip("/") + self.image_path

    @property
    def body(self) -> str:
        """The article text as the contract wants it: paragraphs separated by a blank line."""
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        """Number of whitespace-separated words of the body."""
        return len(self.body.split())

    @property
    def layout(self) -> Layout:
        """Which of the :data:`LAYOUTS` renders this article's page."""
        return LAYOUTS[self.id % len(LAYOUTS)]

    @property
    def section_title(self) -> str:
        """Human title of the article's section."""
        return SECTION_TITLES.get(self.section, self.section.title())


def _article_from_json(data: dict[str, Any]) -> DemoArticle:
    modified = data["modified"]
    return DemoArticle(
        id=int(data["id"]),
        slug=str(data["slug"]),
        section=str(data["section"]),
        title=str(data["title"]),
        byline=str(data["byline"]),
        authors=tuple(str(a) for a in data["authors"]),
        published=datetime.fromisoformat(str(data["published"])),
        modified=datetime.fromisoformat(str(modified)) if modified else None,
        tags=tuple(str(t) for t in data["tags"]),
        description=str(data["description"]),
        image_path=str(data["image"]),
        image_caption=str(data["image_caption"]),
        image_credit=str(data["image_credit"]),
        paragraphs=tuple(str(p) for p in data["paragraphs"]),
        image_credit_label=str(data.get("image_credit_label") or ""),
    )


@cache
def _load() -> tuple[DemoArticle, ...]:
    text = resources.files(__package__).joinpath("articles.json").read_text(encoding="utf-8")
    return tuple(_article_from_json(item) for item in json.loads(text)["articles"])


def load_demo_articles() -> list[DemoArticle]:
    """Return all demo articles, newest first."""
    return sorted(_load(), key=lambda a: a.published, reverse=True)


def articles_in_section(section: str) -> list[DemoArticle]:
    """Return the articles of one section, newest first."""
    return [a for a in load_demo_articles() if a.section == section]


def find_article(article_id: int) -> DemoArticle | None:
    """Return the article with this id, or None."""
    return next((a for a in _load() if a.id == article_id), None)


def articles_by_author(author_slug: str) -> list[DemoArticle]:
    """Return the articles (newest first) one of whose authors has this slug."""
    return [a for a in load_demo_articles() if author_slug in map(slugify, a.authors)]


def articles_by_tag(tag_slug: str) -> list[DemoArticle]:
    """Return the articles (newest first) one of whose tags has this slug."""
    return [a for a in load_demo_articles() if tag_slug in map(slugify, a.tags)]
