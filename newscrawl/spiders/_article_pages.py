"""Articles split over several pages: fetching the next pages before the article goes on.

An article page that says it is one and links to its own next page
(:mod:`newscrawl.extract.pagination`) is held back: the next page is asked for, with the
pages so far in its meta, and so on until the last page (or
``NEWSCRAWL_MAX_ARTICLE_PAGES``); then the first page goes to the pipelines with the others
as its ``more_pages``, and the extractor joins their bodies. A next page that cannot be
fetched ends the article there: the pages before it are stored, never lost. The pages after
the first are fetched unconditionally and outside the duplicate filter (each belongs to its
first page's fetch; their numbers only grow, so a chain cannot loop), and are no articles
of their own to the incremental middleware.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy import Request

from newscrawl.extract.pagination import page_to_follow
from newscrawl.middlewares.incremental import ARTICLE_META, REFETCH_META
from newscrawl.urls import host_allowed

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from scrapy.http import Response

    from newscrawl.items import ArticlePage

#: Meta key of a next page's request: (the article's first page with the pages so far, the
#: number of the page asked for).
PAGES_META = "newscrawl_article_pages"
#: Stats: pages fetched after an article's first, and those that could not be.
PARTS_KEY = "newscrawl/pages/article_part"
PARTS_FAILED_KEY = "newscrawl/pages/article_part_failed"
#: Stats: articles read from more than one page.
MULTIPAGE_KEY = "newscrawl/articles/multipage"
#: Above the articles' priority (0): a held page waits for its next one in memory.
PART_PRIORITY = 1


def next_part_request(
    first: ArticlePage,
    response: Response,
    number: int,
    limit: int,
    domains: Iterable[str],
    callback: Callable[..., Any],
    errback: Callable[..., Any],
) -> Request | None:
    """The request of the article's page after page ``number`` (``response``), or None.

    None: the article ends here, or has had ``limit`` pages. ``first`` is its first page.
    """
    url = page_to_follow(response.body, response.url, first.url, number, limit)
    if url is None or not host_allowed(url, domains):
        return None
    return Request(
        url,
        callback=callback,
        errback=errback,
        dont_filter=True,
        priority=PART_PRIORITY,
        meta={ARTICLE_META: True, REFETCH_META: True, PAGES_META: (first, number + 1)},
    )
