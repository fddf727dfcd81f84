"""``/fault/drop[?abort=1][&before=1]``: close the connection mid-response (``abort``: TCP RST).

``before=1`` drops it before any byte of the response (a reset without a status line).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET

from tests.mockserver.resources._args import int_arg

if TYPE_CHECKING:
    from twisted.web.server import Request


class Drop(Resource):
    """Close or reset the connection instead of finishing the response."""

    isLeaf = True

    def render_GET(self, request: Request) -> int:
        if not int_arg(request, "before", 0):
            request.setHeader("Content-Type", "text/html; charset=utf-8")
            request.write(b"<html><body>this connection will be dropped\n")
        transport = request.channel.transport
        if int_arg(request, "abort", 0) and hasattr(transport, "abortConnection"):
            transport.abortConnection()
        else:
            transport.loseConnection()
        return NOT_DONE_YET
