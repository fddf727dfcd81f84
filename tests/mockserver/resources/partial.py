"""``/fault/partial?size=BYTES&sent=BYTES``: promise ``size`` bytes, send ``sent``, hang up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET

from tests.mockserver.resources._args import int_arg

if TYPE_CHECKING:
    from twisted.web.server import Request


class Partial(Resource):
    """A body shorter than its Content-Length: the connection closes early."""

    isLeaf = True

    def render_GET(self, request: Request) -> int:
        size = int_arg(request, "size", 1024)
        sent = min(int_arg(request, "sent", 100), size - 1)
        request.setHeader("Content-Type", "text/html; charset=utf-8")
        request.setHeader("Content-Length", str(size))
        request.write(b"<html><body><p>" + b"x" * max(0, sent - 15))
        request.channel.transport.loseConnection()
        return NOT_DONE_YET
