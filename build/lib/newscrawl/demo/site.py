"""The demo news site as a twisted.web resource, servable inside Scrapy's own reactor.

URL scheme (all paths are also served with a trailing slash):

==========================================  =============================================
``/``                                       front page: top stories, section blocks
``/section/<slug>[?page=N]``                section listing, 5 per page, newest first
``/<section>/<yyyy>/<mm>/<dd>/<slug>-<id>`` article (a wrong slug/date redirects, 301)
``/tag/<tag>``, ``/author/<slug>``          listings that are not articles
``/about``, ``/contact``, ``/privacy``,     plain pages that are not articles
``/terms``, ``/subscribe``
``/private/<anything>``                     disallowed by robots.txt (linked from footer)
``/rss.xml``, ``/atom.xml``                 feeds of the latest 20 articles
``/sitemap.xml``                            sitemap index of the two below
``/sitemap-articles.xml``                   every article with lastmod
``/sitemap-news.xml``                       Google News sitemap
``/robots.txt``                             allow all but /private/; Sitemap line
``/images/<slug>.jpg``, ``/static/site.css`` placeholder JPEGs, style sheet
==========================================  =============================================

Absolute URLs (canonical links, feeds, sitemaps) are built from the request's ``Host``
header, so the site works on any port. Article pages send ``ETag`` and ``Last-Modified`` and
answer conditional requests with 304.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from twisted.web import http
from twisted.web.http import Request as HTTPRequest
from twisted.web.resource import Resource
from twisted.web.server import Site

from newscrawl.demo import feeds, pages
from newscrawl.demo.chrome import SITE_CSS
from newscrawl.demo.data import ARTICLE_PATH_RE, find_article, load_demo_articles
from newscrawl.demo.images import placeholder_jpeg
from newscrawl.demo.layouts import render_article

if TYPE_CHECKING:
    from twisted.internet.interfaces import IListeningPort, IReactorTCP
    from twisted.web.server import Request

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"


def base_url(request: Request) -> str:
    """Return the absolute base URL the client used (``http://host:port``), from the Host header."""
    host = request.getHeader("host")
    if not host:
        address = request.getHost()
        host = f"{getattr(address, 'host', '127.0.0.1')}:{getattr(address, 'port', 80)}"
    scheme = "https" if request.isSecure() else "http"
    return f"{scheme}://{host}"


def page_number(request: Request) -> int | None:
    """Return the ``page`` query argument as a positive int (1 when absent), None if malformed."""
    values = request.args.get(b"page") if request.args else None
    if not values:
        return 1
    try:
        number = int(values[0])
    except ValueError:
        return None
    return number if number >= 1 else None


def _respond(request: Request, body: bytes | None, content_type: str = HTML) -> bytes:
    if body is None:
        request.setResponseCode(http.NOT_FOUND)
        request.setHeader("Content-Type", HTML)
        return pages.render_not_found()
    request.setHeader("Content-Type", content_type)
    # A validator, as news sites' CDNs send one: a crawler asks again conditionally, and
    # an unchanged page costs a 304.
    etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
    if request.setETag(etag.encode()) == http.CACHED:
        return b""
    return body


Handler = Callable[["DemoSite", "Request", "re.Match[str]"], bytes]


class DemoSite(Resource):
    """The whole demo site as one leaf resource that routes on ``request.path``.

    Routing on the full path (not on the resource tree) lets the site be mounted under
    another resource, e.g. as the fallback child of the test mock server's root.
    """

    isLeaf = True

    def render_GET(self, request: Request) -> bytes:
        """Serve the page for the request's path, or a 404 page."""
        path = request.path.decode("utf-8", "replace")
        for pattern, handler in _ROUTES:
            match = pattern.match(path)
            if match:
                return handler(self, request, match)
        return _respond(request, None)

    def home(self, request: Request, match: re.Match[str]) -> bytes:
        """Serve the front page."""
        return _respond(request, pages.render_home(base_url(request)))

    def section(self, request: Request, match: re.Match[str]) -> bytes:
        """Serve a section listing page."""
        number = page_number(request)
        body = pages.render_section(base_url(request), match["slug"], number or 0)
        return _respond(request, body)

    def tag(self, request: Request, match: re.Match[str]) -> bytes:
        """Serve a tag listing page."""
        number = page_number(request) or 0
        return _respond(request, pages.render_tag(base_url(request), match["slug"], number))

    def author(self, request: Request, match: re.Match[str]) -> bytes:
        """Serve an author listing page."""
        number = page_number(request) or 0
        return _respond(request, pages.render_author(base_url(request), match["slug"], number))

    def article(self, request: Request, match: re.Match[str]) -> bytes:
        """Serve an article page; a known id under a wrong path redirects to the right one."""
        article = find_article(int(match["id"]))
        if article is None:
            return _respond(request, None)
        if request.path.decode().rstrip("/") != article.path:
            request.redirect(article.path.encode())
            request.setResponseCode(http.MOVED_PERMANENTLY)
            return b""
        base = base_url(request)
        body = render_article(article, base, canonical=article.url(base))
        request.setHeader("Content-Type", HTML)
        modified = article.modified or article.published
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        # If-None-Match wins over If-Modified-Since when a client sends both (RFC 9110 13.2.2).
        by_date = request.setLastModified(modified.timestamp())
        by_etag = request.setETag(etag.encode())
        if request.getHeader("if-none-match") is not None:
            cached = by_etag == http.CACHED
        else:
            cached = by_date == http.CACHED
        if cached:
            request.setResponseCode(http.NOT_MODIFIED)
            return b""
        return body

    def static_page(self, request: Request, match: re.Match[str]) -> bytes:
        """Serve about, contact and the other plain pages."""
        return _respond(request, pages.render_static(match["slug"]))

    def private(self, request: Request, match: re.Match[str]) -> bytes:
        """Serve a page robots.txt disallows."""
        return _respond(request, pages.render_private())

    def xml(self, request: Request, match: re.Match[str]) -> bytes:
        """Serve the feeds and sitemaps."""
        name = match["name"]
        render = _XML_DOCUMENTS[name]
        content_type = {
            "rss.xml": "application/rss+xml; charset=utf-8",
            "atom.xml": "application/atom+xml; charset=utf-8",
        }.get(name, XML)
        return _respond(request, render(base_url(request)), content_type)

    def robots(self, request: Request, match: re.Match[str]) -> bytes:
        """Serve robots.txt."""
        return _respond(request, feeds.render_robots(base_url(request)), TEXT)

    def image(self, request: Request, match: re.Match[str]) -> bytes:
        """Serve the lead image (a placeholder JPEG) of a known article."""
        slugs = {a.slug for a in load_demo_articles()}
        if match["slug"] not in slugs:
            return _respond(request, None)
        request.setHeader("Cache-Control", "public, max-age=86400")
        return _respond(request, placeholder_jpeg(), "image/jpeg")

    def css(self, request: Request, match: re.Match[str]) -> bytes:
        """Serve the style sheet."""
        return _respond(request, SITE_CSS.encode(), "text/css; charset=utf-8")


_XML_DOCUMENTS: dict[str, Callable[[str], bytes]] = {
    "rss.xml": feeds.render_rss,
    "atom.xml": feeds.render_atom,
    "sitemap.xml": feeds.render_sitemap_index,
    "sitemap-articles.xml": feeds.render_articles_sitemap,
    "sitemap-news.xml": feeds.render_news_sitemap,
}

_ROUTES: list[tuple[re.Pattern[str], Handler]] = [
    (re.compile(r"^/$"), DemoSite.home),
    (re.compile(r"^/section/(?P<slug>[a-z0-9-]+)/?$"), DemoSite.section),
    (ARTICLE_PATH_RE, DemoSite.article),
    (re.compile(r"^/tag/(?P<slug>[a-z0-9-]+)/?$"), DemoSite.tag),
    (re.compile(r"^/author/(?P<slug>[a-z0-9-]+)/?$"), DemoSite.author),
    (re.compile(r"^/(?P<name>rss\.xml|atom\.xml|sitemap(?:-articles|-news)?\.xml)$"), DemoSite.xml),
    (re.compile(r"^/robots\.txt$"), DemoSite.robots),
    (re.compile(r"^/images/(?P<slug>[a-z0-9-]+)\.jpg$"), DemoSite.image),
    (re.compile(r"^/static/site\.css$"), DemoSite.css),
    (re.compile(r"^/private(?:/.*)?$"), DemoSite.private),
    (re.compile(r"^/(?P<slug>[a-z]+)/?$"), DemoSite.static_page),
]


class QuietSite(Site):
    """A twisted.web Site that writes no access log (it would flood the crawl's log)."""

    noisy = False

    def log(self, request: HTTPRequest) -> None:
        """Do not log the request."""


def build_demo_site() -> Resource:
    """Return the root resource of the demo site."""
    return DemoSite()


def listen_demo_site(
    reactor: IReactorTCP, port: int = 0, interface: str = "127.0.0.1"
) -> IListeningPort:
    """Serve the demo site on ``interface:port`` (0: any free port) in the running reactor.

    The port actually bound is ``listen_demo_site(reactor).getHost().port``.
    """
    # zope interfaces declare methods without ``self``, which confuses mypy: call untyped.
    listen_tcp = cast(Any, reactor).listenTCP
    port_: IListeningPort = listen_tcp(port, QuietSite(build_demo_site()), interface=interface)
    return port_
