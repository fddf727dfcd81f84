"""Redirects: ``/fault/redirect?to=URL[&code=302|&meta=1]`` and ``/fault/loop[?period=N]``.

``meta=1`` answers 200 with a page that redirects by ``<meta http-equiv="refresh">``.

``to`` may be any URL, e.g. a private address (``http://10.0.0.1/``,
``http://169.254.169.254/latest/meta-data/``) to test an SSRF guard. ``/fault/loop`` redirects
``?i=0 -> ?i=1 -> ... -> ?i=period-1 -> ?i=0`` forever (``period=1``: to itself;
``period=0``: an endless chain of new URLs).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from twisted.web.resource import Resource

from tests.mockserver.resources._args import arg, int_arg

if TYPE_CHECKING:
    from twisted.web.server import Request


def _redirect(request: Request, location: str, code: int) -> bytes:
    request.setResponseCode(code)
    request.setHeader("Location", location)
    request.setHeader("Content-Type", "text/html; charset=utf-8")
    return f'<html><body><a href="{location}">moved</a></body></html>'.encode()


class RedirectTo(Resource):
    """Redirect to the ``to`` (or ``goto``) URL with status ``code``."""

    isLeaf = True

    def render_GET(self, request: Request) -> bytes:
        location = arg(request, "to") or arg(request, "goto", "/")
        if arg(request, "meta"):
            request.setHeader("Content-Type", "text/html; charset=utf-8")
            return (
                f'<html><head><meta http-equiv="refresh" content="0; url={escape(location)}">'
                "</head><body>moved</body></html>"
            ).encode()
        return _redirect(request, location, int_arg(request, "code", 302))

    render_POST = render_GET


class RedirectLoop(Resource):
    """Redirect in a circle of ``period`` URLs (default 2)."""

    isLeaf = True

    def render_GET(self, request: Request) -> bytes:
        period = int_arg(request, "period", 2)
        step = int_arg(request, "i", 0) + 1
        if period:
            step %= period
        path = request.path.decode()
        return _redirect(request, f"{path}?period={period}&i={step}", int_arg(request, "code", 302))
