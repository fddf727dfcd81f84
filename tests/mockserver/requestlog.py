"""The mock server's request log: what arrived when, read by tests instead of sleeping.

Every request is recorded on arrival (``monotonic`` and wall-clock ``time`` of the server
process, method, path with query, host, all request headers in lower case) and completed with
its response ``status`` and ``finished`` time when the response ends. ``/_log`` serves the log
as JSON (``?path=PREFIX`` keeps only paths starting with PREFIX); ``/_log/clear`` empties it.
Requests to ``/_log`` themselves are not recorded.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from twisted.web.resource import Resource
from twisted.web.server import Site

if TYPE_CHECKING:
    from twisted.web.resource import IResource
    from twisted.web.server import Request

LOG_PATH = b"/_log"


class RequestLog:
    """An in-memory list of request records (plain dicts, ready for JSON)."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []

    def record(self, request: Request) -> None:
        """Append a record of ``request`` and fill in its status when the response ends."""
        headers = {
            key.decode("latin-1").lower(): ", ".join(v.decode("latin-1") for v in values)
            for key, values in request.requestHeaders.getAllRawHeaders()
        }
        entry: dict[str, Any] = {
            "n": len(self.entries) + 1,
            "monotonic": time.monotonic(),
            "time": time.time(),
            "method": request.method.decode("ascii", "replace"),
            "path": request.uri.decode("utf-8", "replace"),
            "host": headers.get("host"),
            "client_port": getattr(request.getClientAddress(), "port", None),
            "headers": headers,
            "status": None,
            "finished": None,
        }
        self.entries.append(entry)

        def done(_: object) -> None:
            entry["status"] = request.code
            entry["finished"] = time.monotonic()

        request.notifyFinish().addBoth(done)

    def clear(self) -> int:
        """Forget every record; return how many there were."""
        count = len(self.entries)
        self.entries.clear()
        return count


class LogResource(Resource):
    """``/_log`` (the records as JSON) and ``/_log/clear``."""

    isLeaf = True

    def __init__(self, log: RequestLog) -> None:
        super().__init__()
        self.log = log

    def render_GET(self, request: Request) -> bytes:
        """Serve the log, or clear it."""
        request.setHeader("Content-Type", "application/json")
        request.setHeader("Cache-Control", "no-store")
        if request.postpath and request.postpath[0] == b"clear":
            return json.dumps({"cleared": self.log.clear()}).encode()
        prefix = (request.args or {}).get(b"path", [b""])[0].decode()
        entries = [e for e in self.log.entries if e["path"].startswith(prefix)]
        return json.dumps({"now": time.monotonic(), "requests": entries}).encode()

    render_POST = render_GET


class LoggingSite(Site):
    """A Site that records every request in a :class:`RequestLog` and writes no access log."""

    noisy = False

    def __init__(self, resource: IResource, log: RequestLog) -> None:
        super().__init__(resource)
        self.request_log = log

    def getResourceFor(self, request: Request) -> IResource:
        """Record the request, then find its resource as usual."""
        if not request.path.startswith(LOG_PATH):
            self.request_log.record(request)
        return super().getResourceFor(request)

    def log(self, request: Any) -> None:
        """Write no access log line."""
