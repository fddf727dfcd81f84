"""Field coverage: how many of a site's recent articles have each field.

A site's redesign seldom breaks a crawl: the pages still come, the generic extraction still
finds a body, and a field the old markup gave (the byline, the date, the lead image) is
simply missing from every new article, run after run, until someone looks. The crawl's
field watch (:mod:`newscrawl.extensions.coverage`) compares the articles of a run with the
site's articles archived before it, which :func:`recent_fields` reads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from newscrawl.storage.inserts import naive_utc
from newscrawl.storage.models import Article

#: The fields watched: those a page may or may not give (title, body and language always
#: have a value).
WATCHED_FIELDS = (
    "authors",
    "published_at",
    "modified_at",
    "section",
    "tags",
    "description",
    "image_url",
    "image_caption",
    "image_credit",
)


@dataclass(frozen=True)
class Coverage:
    """Of ``articles`` articles, how many have each watched field."""

    articles: int
    present: Mapping[str, int]

    def share(self, field: str) -> float:
        """The share of the articles that have ``field`` (0 of none)."""
        return self.present.get(field, 0) / self.articles if self.articles else 0.0

    @classmethod
    def of(cls, articles: Sequence[set[str]]) -> Coverage:
        """The coverage of ``articles``, each given as the watched fields it has.

        >>> Coverage.of([{"authors"}, {"authors", "tags"}, set()]).present["authors"]
        2
        """
        return cls(len(articles), Counter(field for fields in articles for field in fields))


def present_fields(article: Mapping[str, Any]) -> set[str]:
    """The watched fields ``article`` (a record or an item) has a value for.

    >>> sorted(present_fields({"authors": [], "section": "World", "tags": ["a"]}))
    ['section', 'tags']
    """
    return {field for field in WATCHED_FIELDS if article.get(field) not in (None, "", [])}


def recent_fields(engine: Engine, site: str, before: datetime, limit: int) -> list[set[str]]:
    """The watched fields of the ``limit`` articles of ``site`` archived last before ``before``.

    Newest first. Articles seen again since ``before`` are left out: a revisit after a redesign has
    re-extracted them as the run did, and they would hide what the run lost. One indexed
    query (site, first sight), newest first.
    """
    moment = naive_utc(before)
    query = (
        select(*(getattr(Article, field) for field in WATCHED_FIELDS))
        .where(
            Article.site == site,
            Article.first_seen_at < moment,
            Article.last_seen_at < moment,
        )
        .order_by(Article.first_seen_at.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        return [present_fields(dict(row._mapping)) for row in conn.execute(query)]


def recent_coverage(engine: Engine, site: str, before: datetime, limit: int) -> Coverage:
    """The coverage of the ``limit`` articles of ``site`` archived last before ``before``."""
    return Coverage.of(recent_fields(engine, site, before, limit))
