"""``/fault/links?u=URL[&u=URL...]``: a section page linking the given URLs as articles.

Lets a ``news`` crawl reach any fault endpoint as an article page:
``start_urls=/fault/links?u=/fault/drop`` with ``article_pattern=/fault/``.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from twisted.web.resource import Resource

if TYPE_CHECKING:
    from twisted.web.server import Request


class Links(Resource):
    """A listing page with one teaser link per ``u`` argument."""

    isLeaf = True

    def render_GET(self, request: Request) -> bytes:
        urls = [u.decode("utf-8", "replace") for u in (request.args or {}).get(b"u", [])]
        items = "".join(
            f'<li class="teaser"><h2><a href="{escape(u)}">Story {n}</a></h2></li>'
            for n, u in enumerate(urls, 1)
        )
        request.setHeader("Content-Type", "text/html; charset=utf-8")
        return (
            "<!DOCTYPE html><html><head><title>Links</title></head><body><main>"
            f'<h1>Links</h1><ul class="article-list">{items}</ul></main></body></html>'
        ).encode()
