"""``/fault/wall?kind=consent|captcha|login``: an article URL answered with a wall.

News sites put consent dialogs, bot checks and login walls in front of articles, served with
status 200 and a title of their own. A crawl must not store them as articles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from twisted.web.resource import Resource

from tests.mockserver.resources._args import arg

if TYPE_CHECKING:
    from twisted.web.server import Request

WALLS = {
    "consent": (
        "Before you continue",
        "We value your privacy. We and our partners use cookies to store and access "
        "information on your device. Click accept to consent to the use of cookies, or "
        "manage your privacy settings.",
    ),
    "captcha": (
        "Just a moment...",
        "Checking your browser before accessing the site. Please complete the captcha to "
        "verify you are human. This process is automatic.",
    ),
    "login": (
        "Subscribe to read",
        "This article is for subscribers. Please log in or sign in to continue reading.",
    ),
}


class Wall(Resource):
    """Serve the wall named by ``kind``."""

    isLeaf = True

    def render_GET(self, request: Request) -> bytes:
        title, text = WALLS.get(arg(request, "kind", "consent"), WALLS["consent"])
        request.setHeader("Content-Type", "text/html; charset=utf-8")
        return (
            f'<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body>'
            f'<div class="dialog"><h1>{title}</h1><p>{text}</p>'
            "<button>Accept all</button><button>Manage options</button></div></body></html>"
        ).encode()
