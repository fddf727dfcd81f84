"""``/fault/delay?n=SECONDS[&b=1]``: answer after a delay (``b=1``: headers first, body later)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET

from tests.mockserver.resources._args import float_arg, int_arg

if TYPE_CHECKING:
    from twisted.web.server import Request


class Delay(Resource):
    """Respond ``n`` seconds late, without blocking the server."""

    isLeaf = True

    def render_GET(self, request: Request) -> int:
        delay = float_arg(request, "n", 1.0)
        request.setHeader("Content-Type", "text/html; charset=utf-8")
        if int_arg(request, "b", 0):
            request.write(b"<html><body>\n")  # headers and a first byte go out now
        from twisted.internet import reactor  # not at import: pytest imports this module

        call = reactor.callLater(delay, self._finish, request, delay)
        request.notifyFinish().addErrback(lambda _: call.cancel() if call.active() else None)
        return NOT_DONE_YET

    @staticmethod
    def _finish(request: Request, delay: float) -> None:
        request.write(f"<p>Response delayed for {delay:.3f} seconds</p></body></html>\n".encode())
        request.finish()
