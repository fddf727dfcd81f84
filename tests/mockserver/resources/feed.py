"""``/fault/feed?u=URL&d=PUBDATE&a=AUTHOR&c=CATEGORY[&u=...]``: an RSS feed of the URLs.

Each ``u`` is an item's link, dated by the ``d`` in the same position (RSS's ``pubDate``,
as given), credited to the ``a`` there (``dc:creator``) and filed under the ``c`` there
(``<category>``); an empty or missing value: none.
Lets a ``news`` crawl reach any page as a feed's article, with what the feed says of it.
"""

from __future__ import annotations

from html import escape
from itertools import zip_longest
from typing import TYPE_CHECKING

from twisted.web.resource import Resource

if TYPE_CHECKING:
    from twisted.web.server import Request


class Feed(Resource):
    """An RSS 2.0 feed with one item per ``u`` argument."""

    isLeaf = True

    def render_GET(self, request: Request) -> bytes:
        args = request.args or {}
        urls = [u.decode("utf-8", "replace") for u in args.get(b"u", [])]
        dates = [d.decode("utf-8", "replace") for d in args.get(b"d", [])]
        authors = [a.decode("utf-8", "replace") for a in args.get(b"a", [])]
        categories = [c.decode("utf-8", "replace") for c in args.get(b"c", [])]
        listed = zip_longest(
            urls, dates[: len(urls)], authors[: len(urls)], categories[: len(urls)]
        )
        items = "".join(
            f"<item><title>Story {n}</title><link>{escape(url)}</link>"
            + (f"<pubDate>{escape(date)}</pubDate>" if date else "")
            + (f"<dc:creator>{escape(author)}</dc:creator>" if author else "")
            + (f"<category>{escape(category)}</category>" if category else "")
            + "</item>"
            for n, (url, date, author, category) in enumerate(listed, 1)
        )
        request.setHeader("Content-Type", "application/rss+xml; charset=utf-8")
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            f"<title>Feed</title>{items}</channel></rss>"
        ).encode()
