"""``/fault/flaky?key=K&fail=N[&n=503|drop][&retry_after=S|date:S]``: fail N times, then succeed.

The first ``fail`` requests with the same ``key`` get status ``n`` (503 by default; 429 for
rate limiting) with an optional Retry-After, or (``n=drop``) a connection reset before any
response; later ones get a small 200 page. Use a fresh key per test: the counts live as long
as the server.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET

from tests.mockserver.resources._args import arg, int_arg, retry_after_value

if TYPE_CHECKING:
    from twisted.web.server import Request


class Flaky(Resource):
    """A burst of errors for each key, then health."""

    isLeaf = True

    def __init__(self) -> None:
        super().__init__()
        self.seen: Counter[str] = Counter()

    def render_GET(self, request: Request) -> bytes | int:
        key = arg(request, "key", "default")
        self.seen[key] += 1
        count = self.seen[key]
        request.setHeader("Content-Type", "text/html; charset=utf-8")
        if count <= int_arg(request, "fail", 3):
            if arg(request, "n") == "drop":
                request.channel.transport.abortConnection()
                return NOT_DONE_YET
            request.setResponseCode(int_arg(request, "n", 503))
            retry_after = arg(request, "retry_after")
            if retry_after:
                request.setHeader("Retry-After", retry_after_value(retry_after))
            return f"<html><body>failure {count}</body></html>".encode()
        page = f"<title>OK</title><body>success after {count - 1} failures</body>"
        return f"<html>{page}</html>".encode()
