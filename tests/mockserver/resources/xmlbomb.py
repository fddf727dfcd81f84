"""``/fault/xmlbomb?kind=feed|sitemap[&target=URL]``: XML with an entity-expansion bomb.

An RSS feed or a sitemap whose DTD defines nested entities ("billion laughs": ten levels of
ten references, a gigabyte once expanded) and an external entity pointing at a local file,
used in an item title and in a URL, after one real entry linking ``target`` (default: a demo
path). libxml2 (lxml) stops reading at the first reference that would amplify too much, so a
crawl that does not expand entities reads the real entry and nothing after the bomb.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from twisted.web.resource import Resource

from tests.mockserver.resources._args import arg

if TYPE_CHECKING:
    from twisted.web.server import Request

DEFAULT_TARGET = "/world/2025/01/08/floodwaters-recede-valmora-relief-convoys-reach-cut-48211"


def bomb_dtd(root: str) -> str:
    """A DTD with nested entities ``lol1`` .. ``lol9`` and an external entity ``ext``."""
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    lines.append('<!ENTITY ext SYSTEM "file:///etc/passwd">')
    return f"<!DOCTYPE {root} [\n" + "\n".join(lines) + "\n]>"


class XmlBomb(Resource):
    """Serve a feed or sitemap carrying an entity bomb."""

    isLeaf = True

    def render_GET(self, request: Request) -> bytes:
        kind = arg(request, "kind", "feed")
        host = (request.getHeader("host") or "127.0.0.1").strip()
        target = arg(request, "target", DEFAULT_TARGET)
        if target.startswith("/"):
            target = f"http://{host}{target}"
        target = escape(target)
        request.setHeader("Content-Type", "application/xml; charset=utf-8")
        if kind == "sitemap":
            body = (
                f'<?xml version="1.0"?>\n{bomb_dtd("urlset")}\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{target}</loc></url>"
                f"<url><loc>http://{host}/bomb/&lol9;</loc></url>"
                "<url><loc>&ext;</loc></url></urlset>"
            )
        else:
            body = (
                f'<?xml version="1.0"?>\n{bomb_dtd("rss")}\n'
                '<rss version="2.0"><channel><title>Bomb</title>'
                f"<item><title>Real</title><link>{target}</link></item>"
                f"<item><title>&lol9;</title><link>http://{host}/bomb/&lol9;</link></item>"
                "<item><title>&ext;</title><link>&ext;</link></item></channel></rss>"
            )
        return body.encode()
