"""Edited versions of demo articles, switched on at run time through ``/_edit``.

Revisit tests need a site whose articles change between two crawls. The mock server keeps
a table of edits; an article path with an edit is served edited, every other path as the
demo site serves it. The control endpoint:

``/_edit?path=P&kind=edit[&n=N]``   a real edit: headline changed, second paragraph
                                    rewritten, a paragraph added (``n`` numbers the edit)
``/_edit?path=P&kind=noise&n=N``    noise only: "Updated N minutes ago", a share counter,
                                    doubled spaces (a new ETag, the same article)
``/_edit?path=P&kind=gone``         taken down: the article's URL answers 404
``/_edit?path=P&kind=canonical&to=Q`` unchanged, but its ``rel=canonical`` names the article
                                    at path Q (a CMS bug: another story's URL); with
                                    ``n`` of 2 or more, noise ``n - 1`` too (a new ETag)
``/_edit/clear``                    back to the original articles

``/sitemap-articles.xml`` gives an edited article (edit or noise) the edit's time as lastmod,
and ``/atom.xml`` as its entry's ``<updated>``, as a site's CMS does.

Edited pages send their own ``ETag`` and a ``Last-Modified`` of the moment of the edit and
answer conditional requests like the demo site does.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from twisted.web import http
from twisted.web.resource import Resource

from newscrawl.demo.data import load_demo_articles
from newscrawl.demo.feeds import render_articles_sitemap, render_atom
from newscrawl.demo.layouts import render_article
from newscrawl.demo.site import HTML, base_url
from tests.mockserver.resources._args import arg, int_arg

if TYPE_CHECKING:
    from twisted.web.server import Request

    from newscrawl.demo.data import DemoArticle


@dataclass(frozen=True)
class Edit:
    """How one article is changed."""

    kind: str
    n: int
    at: float
    #: The path a "canonical" edit names as the article's canonical URL.
    to: str = ""


def edited(article: DemoArticle, edit: Edit) -> DemoArticle:
    """The article as the edit changes it."""
    paragraphs = list(article.paragraphs)
    if edit.kind == "edit":
        paragraphs[1] = (
            f"Officials corrected their figures on day {edit.n}: the earlier account of the "
            "events was incomplete, and the numbers given at first have since been revised."
        )
        paragraphs.append(
            f"The regional authority said on Friday that revised figures (correction {edit.n}) "
            "would be published in full next week, together with the inspectors' report."
        )
        return dataclasses.replace(
            article, title=f"{article.title} (correction {edit.n})", paragraphs=tuple(paragraphs)
        )
    if edit.kind == "canonical" and edit.n < 2:
        return article
    n = edit.n - 1 if edit.kind == "canonical" else edit.n
    paragraphs[0] = paragraphs[0].replace(" ", "  ", 3) + f" Updated {n} minutes ago."
    paragraphs[-1] = f"{paragraphs[-1]} {n * 37 + 5} shares"
    return dataclasses.replace(article, paragraphs=tuple(paragraphs))


class EditableDemo(Resource):
    """The demo site, with the article paths of :attr:`edits` served edited."""

    isLeaf = True

    def __init__(self, demo: Resource) -> None:
        super().__init__()
        self.demo = demo
        self.edits: dict[str, Edit] = {}

    def render_GET(self, request: Request) -> bytes | int:
        """Serve an edited article, or hand the request to the demo site."""
        path = request.path.decode("utf-8", "replace").rstrip("/")
        if path == "/sitemap-articles.xml" and self.edits:
            request.setHeader("Content-Type", "application/xml")
            return render_articles_sitemap(base_url(request), self._listed_articles())
        if path == "/atom.xml" and self.edits:
            request.setHeader("Content-Type", "application/atom+xml")
            return render_atom(base_url(request), self._listed_articles())
        edit = self.edits.get(path)
        article = next((a for a in load_demo_articles() if a.path == path), None)
        if edit is None or article is None:
            return self.demo.render(request)  # type: ignore[no-any-return]
        if edit.kind == "gone":
            request.setResponseCode(http.NOT_FOUND)
            return b"<html><head><title>Page not found</title></head><body></body></html>"
        base = base_url(request)
        canonical = base + edit.to if edit.kind == "canonical" else article.url(base)
        body = render_article(edited(article, edit), base, canonical=canonical)
        request.setHeader("Content-Type", HTML)
        request.setLastModified(edit.at)
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        if request.setETag(etag.encode()) == http.CACHED:
            request.setResponseCode(http.NOT_MODIFIED)
            return b""
        return body

    def _listed_articles(self) -> list[DemoArticle]:
        """The articles, those edited (not gone) with the edit's time as their last change."""
        articles = []
        for article in load_demo_articles():
            edit = self.edits.get(article.path)
            if edit is not None and edit.kind != "gone":
                when = datetime.fromtimestamp(edit.at, UTC)
                article = dataclasses.replace(article, modified=when)
            articles.append(article)
        return articles


class EditControl(Resource):
    """``/_edit``: switch edits on (``?path=&kind=&n=``) or all off (``/_edit/clear``)."""

    isLeaf = True

    def __init__(self, site: EditableDemo) -> None:
        super().__init__()
        self.site = site

    def render_GET(self, request: Request) -> bytes:
        """Change the edit table; answer with it as JSON."""
        request.setHeader("Content-Type", "application/json")
        if request.postpath and request.postpath[0] == b"clear":
            self.site.edits.clear()
        else:
            kind = arg(request, "kind", "edit")
            if kind not in ("edit", "noise", "gone", "canonical"):
                request.setResponseCode(http.BAD_REQUEST)
                return b'{"error": "kind must be edit, noise, gone or canonical"}'
            edit = Edit(kind, int_arg(request, "n", 1), time.time(), arg(request, "to", ""))
            self.site.edits[arg(request, "path").rstrip("/")] = edit
        table = {path: dataclasses.asdict(e) for path, e in self.site.edits.items()}
        return json.dumps(table).encode()
