"""``/fault/delay?n=SECONDS[&b=1][&hold=KEY]``: answer after a delay (``b=1``: headers first,
body later; ``hold=KEY``: or as soon as ``/fault/release?hold=KEY`` is asked for).

A test that needs a crawl kept running while it does something else holds the crawl's
request for as long as that may take on a loaded machine, and releases it when done,
instead of waiting out the whole delay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET

from tests.mockserver.resources._args import arg, float_arg, int_arg

if TYPE_CHECKING:
    from twisted.internet.interfaces import IDelayedCall
    from twisted.web.server import Request

#: Responses held under each key: the delayed call that answers each.
_HELD: dict[str, list[IDelayedCall]] = {}


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
        if key := arg(request, "hold"):
            _HELD.setdefault(key, []).append(call)
        return NOT_DONE_YET

    @staticmethod
    def _finish(request: Request, delay: float) -> None:
        request.write(f"<p>Response delayed for {delay:.3f} seconds</p></body></html>\n".encode())
        request.finish()


class Release(Resource):
    """``/fault/release?hold=KEY``: answer the responses held under KEY now."""

    isLeaf = True

    def render_GET(self, request: Request) -> bytes:
        released = 0
        for call in _HELD.pop(arg(request, "hold"), []):
            if call.active():
                call.reset(0)
                released += 1
        request.setHeader("Content-Type", "application/json")
        return b'{"released": %d}' % released
