"""``/fault/status?n=CODE[&retry_after=SECONDS|date:SECONDS]``: any status, optional Retry-After."""

from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING

from twisted.web.resource import Resource

from tests.mockserver.resources._args import arg, int_arg, retry_after_value

if TYPE_CHECKING:
    from twisted.web.server import Request


class Status(Resource):
    """Answer with status ``n`` (default 200) and a small HTML body naming it."""

    isLeaf = True

    def render_GET(self, request: Request) -> bytes:
        code = int_arg(request, "n", 200)
        request.setResponseCode(code)
        retry_after = arg(request, "retry_after")
        if retry_after:
            request.setHeader("Retry-After", retry_after_value(retry_after))
        request.setHeader("Content-Type", "text/html; charset=utf-8")
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "Status"
        page = f"<title>{code} {phrase}</title><body><h1>{phrase}</h1></body>"
        return f"<html>{page}</html>".encode()

    render_POST = render_GET
