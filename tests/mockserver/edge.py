"""Edge cases a news crawl meets, reachable from the test section ``/section/edge-cases``.

:func:`edge_cases` lists every link of that section page with what a correct crawl should do
with it, so integration tests can assert on the list instead of repeating URLs:

* duplicates of one demo article: tracking parameters, trailing slash, an AMP page whose
  ``rel=canonical`` names the real URL, and a copy of another article under a different URL
  with identical content and no canonical hint;
* article-looking URLs (``/edge-cases/<yyyy>/<mm>/<dd>/<slug>-<id>``) that are not articles:
  PDF, JPEG and JSON bodies, an empty 200, a soft 404 (status 200), a video page with one
  sentence of text;
* article-looking pages that are awkward but real articles: broken markup, no title.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from twisted.web import http
from twisted.web.resource import Resource

from newscrawl.demo.chrome import esc, page
from newscrawl.demo.data import DemoArticle, load_demo_articles
from newscrawl.demo.images import placeholder_jpeg
from newscrawl.demo.layouts import render_article
from newscrawl.demo.pages import render_not_found
from newscrawl.demo.site import HTML, base_url

if TYPE_CHECKING:
    from twisted.web.server import Request

EDGE_SECTION = "edge-cases"
_DATE = "2025/03/14"


@dataclass(frozen=True)
class EdgeCase:
    """One link of the edge-case section page and what a crawl should make of it."""

    #: Site-relative path (with query) linked from ``/section/edge-cases``.
    path: str
    #: "article" (store it), "duplicate" (of ``duplicate_of``) or "not-article" (drop it).
    expect: str
    #: Why, in a word: tracking-params, trailing-slash, amp, same-content, non-html, ...
    reason: str
    #: For duplicates: the path of the page it duplicates.
    duplicate_of: str | None = None


def original_article() -> DemoArticle:
    """Return the demo article that the URL variants duplicate (a JSON-LD layout page)."""
    return next(a for a in load_demo_articles() if a.layout == "jsonld")


def copied_article() -> DemoArticle:
    """Return the demo article served again, identically, under an edge-cases URL."""
    return next(a for a in load_demo_articles() if a.layout == "plain")


def copy_path(article: DemoArticle) -> str:
    """Return the path of the identical copy of ``article``."""
    return f"/{EDGE_SECTION}/{article.published:%Y/%m/%d}/{article.slug}-{article.id}"


def _edge_path(slug: str, number: int) -> str:
    return f"/{EDGE_SECTION}/{_DATE}/{slug}-{90000 + number}"


PDF_PATH = _edge_path("annual-report-pdf", 1)
JPEG_PATH = _edge_path("photo-of-the-day", 2)
JSON_PATH = _edge_path("election-results-data", 3)
EMPTY_PATH = _edge_path("empty-story", 4)
BROKEN_PATH = _edge_path("harbour-ferry-returns-after-refit", 5)
UNTITLED_PATH = _edge_path("untitled-story", 6)
SOFT_404_PATH = _edge_path("missing-story", 7)
VIDEO_PATH = _edge_path("video-storm-footage", 8)


def edge_cases() -> list[EdgeCase]:
    """Return every link of ``/section/edge-cases`` with its expected outcome."""
    orig, copy = original_article(), copied_article()
    return [
        EdgeCase(orig.path, "article", "original"),
        EdgeCase(f"{orig.path}?utm_source=x&fbclid=y", "duplicate", "tracking-params", orig.path),
        EdgeCase(f"{orig.path}/", "duplicate", "trailing-slash", orig.path),
        EdgeCase(f"/amp{orig.path}", "duplicate", "amp", orig.path),
        EdgeCase(copy_path(copy), "duplicate", "same-content", copy.path),
        EdgeCase(BROKEN_PATH, "article", "broken-markup"),
        EdgeCase(UNTITLED_PATH, "not-article", "no-title"),
        EdgeCase(PDF_PATH, "not-article", "non-html"),
        EdgeCase(JPEG_PATH, "not-article", "non-html"),
        EdgeCase(JSON_PATH, "not-article", "non-html"),
        EdgeCase(EMPTY_PATH, "not-article", "empty"),
        EdgeCase(SOFT_404_PATH, "not-article", "soft-404"),
        EdgeCase(VIDEO_PATH, "not-article", "short-body"),
    ]


#: Title and paragraphs of the article inside the broken page (for assertions).
BROKEN_TITLE = "Harbour ferry returns to service after a winter refit"
BROKEN_PARAGRAPHS = (
    "The Port Alder harbour ferry returned to service on Friday after a three-month refit "
    "that gave the 60-year-old vessel a new engine, a wheelchair lift and a heated cabin.",
    "The ferry carries around 900 passengers a day between the old town and the Northbank "
    "housing estate, and its absence over the winter forced commuters onto a bus route that "
    "takes three times as long.",
    "Skipper Ruth Calloway said the new engine was quieter and used a third less fuel. "
    "“She handles like a young boat again,” she said as the first passengers stepped aboard.",
    "The harbour board said timetables would return to normal from Monday, with the first "
    "crossing at 6.15 a.m. and the last shortly before midnight.",
)
#: Paragraphs of the page with no title at all.
UNTITLED_PARAGRAPHS = (
    "Volunteers planted more than 4,000 trees along the river path on Saturday in the largest "
    "community planting the city has organised, despite steady rain for most of the morning.",
    "The saplings, mostly oak, alder and wild cherry, were grown from seed by pupils at eleven "
    "primary schools, who have tended them in school grounds for the past two years.",
    "Parks officials said the new trees would eventually shade the path in summer and help "
    "hold the river bank together during floods.",
)


def _broken_page() -> bytes:
    """Render a real article in markup a browser would struggle with."""
    paras = "".join(f"<p class=text>{p}\n" for p in BROKEN_PARAGRAPHS)  # unclosed, unescaped
    return (
        "<html><head><title>"
        f"{BROKEN_TITLE} | The Daily Meridian</title><meta charset=utf-8>"
        '<link rel="stylesheet" href="/static/site.css"</head>'
        "<body><div id=wrapper><nav><ul><li><a href=/>Home<li><a href=/section/world>World</ul>"
        "</div></div></span><table><tr><td><div class=article <<bad attr>"
        f"<h1>{BROKEN_TITLE}</h2><p class=byline>By <b>Ruth Ellery</i></p>"
        "<p class=date>14 March 2025, 07:30 GMT"
        f"<div class=content>{paras}<font color=red><b>Advertisement</font></b>"
        "</td></tr><!-- unclosed comment inside the footer "
        "<div class=footer>© 2025 The Daily Meridian & friends < all rights >"
    ).encode()


def _untitled_page() -> bytes:
    paras = "".join(f"<p>{esc(p)}</p>" for p in UNTITLED_PARAGRAPHS)
    head = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head>'
    return f"{head}<body>{paras}</body></html>".encode()


def _video_page() -> bytes:
    main = (
        '<div class="video-page"><h1>Video: storm surge hits the Saltmarsh sea wall</h1>'
        '<div class="player"><video src="/static/storm.mp4" controls></video></div>'
        "<p>Waves break over the sea wall as the storm reaches the coast.</p></div>"
    )
    title = "Video: storm surge hits the Saltmarsh sea wall | The Daily Meridian"
    return page(title, main).encode()


#: A minimal well-formed one-page PDF.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
JSON_BYTES = json.dumps(
    {"election": "Westhaven by-election", "turnout": 0.71, "results": [{"votes": 18212}]}
).encode()


class EdgeArticles(Resource):
    """Article-looking URLs under ``/edge-cases/`` that are not simple articles."""

    isLeaf = True

    def render_GET(self, request: Request) -> bytes:
        """Serve the edge case for the path, or a 404."""
        path = request.path.decode("utf-8", "replace")
        copy = copied_article()
        fixed: dict[str, tuple[str, bytes]] = {
            PDF_PATH: ("application/pdf", PDF_BYTES),
            JPEG_PATH: ("image/jpeg", placeholder_jpeg(800, 450)),
            JSON_PATH: ("application/json", JSON_BYTES),
            EMPTY_PATH: (HTML, b""),
            BROKEN_PATH: ("text/html", _broken_page()),
            UNTITLED_PATH: (HTML, _untitled_page()),
            SOFT_404_PATH: (HTML, render_not_found()),
            VIDEO_PATH: (HTML, _video_page()),
        }
        if path in fixed:
            content_type, body = fixed[path]
        elif path.rstrip("/") == copy_path(copy):
            content_type, body = HTML, render_article(copy, base_url(request), canonical=None)
        else:
            request.setResponseCode(http.NOT_FOUND)
            content_type, body = HTML, render_not_found()
        request.setHeader("Content-Type", content_type)
        return body


class AmpArticles(Resource):
    """``/amp/<article path>``: the AMP edition of a demo article, canonical to the real page."""

    isLeaf = True

    def render_GET(self, request: Request) -> bytes:
        """Serve the AMP page of the article at the rest of the path, or a 404."""
        path = request.path.decode("utf-8", "replace").removeprefix("/amp").rstrip("/")
        article = next((a for a in load_demo_articles() if a.path == path), None)
        request.setHeader("Content-Type", HTML)
        if article is None:
            request.setResponseCode(http.NOT_FOUND)
            return render_not_found()
        base = base_url(request)
        body = render_article(article, base, canonical=article.url(base))
        return body.replace(b'<html lang="en">', b'<html amp lang="en">', 1)


class EdgeSection(Resource):
    """``/section/edge-cases``: a section page linking every :func:`edge_cases` path."""

    isLeaf = True

    def render_GET(self, request: Request) -> bytes:
        """Serve the listing."""
        items = "\n".join(
            f'<li class="teaser"><h2 class="teaser-title"><a href="{esc(case.path)}">'
            f"Edge case: {esc(case.reason)}</a></h2>"
            f'<p class="summary">Expected: {esc(case.expect)}.</p></li>'
            for case in edge_cases()
        )
        main = (
            '<h1 class="section-title">Edge cases</h1>'
            f'<ul class="article-list">\n{items}\n</ul>'
            '<nav class="pagination"><span class="current">Page 1 of 1</span></nav>'
        )
        request.setHeader("Content-Type", HTML)
        return page("Edge cases | The Daily Meridian", main, body_class="listing").encode()
