"""``/fault/slow?chunks=N&interval=SECONDS&size=BYTES``: a body that trickles in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from twisted.internet import task
from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET

from tests.mockserver.resources._args import float_arg, int_arg

if TYPE_CHECKING:
    from twisted.web.server import Request


class SlowBody(Resource):
    """Send the status and headers at once, then one chunk of ``size`` bytes per interval."""

    isLeaf = True

    def render_GET(self, request: Request) -> int:
        chunks = int_arg(request, "chunks", 10)
        size = int_arg(request, "size", 100)
        request.setHeader("Content-Type", "text/html; charset=utf-8")
        request.write(b"<html><body>\n")
        sent = 0

        def tick() -> None:
            nonlocal sent
            if sent >= chunks:
                loop.stop()
                request.write(b"</body></html>\n")
                request.finish()
                return
            request.write(b"<p>" + b"." * size + b"</p>\n")
            sent += 1

        loop = task.LoopingCall(tick)
        loop.start(float_arg(request, "interval", 1.0), now=False)
        request.notifyFinish().addErrback(lambda _: loop.stop() if loop.running else None)
        return NOT_DONE_YET
