"""robots.txt variants, chosen per server: ``python -m tests.mockserver --robots SPEC``.

robots.txt lives at one path per host, so a test that needs another variant starts its own
server (``MockServer(robots="crawl-delay:2")``). The variants are also served, for a look, at
``/fault/robots/<SPEC>``.

======================  ===========================================================
``default``             the demo site's (allow all but /private/, Sitemap line)
``allow-all``           ``Allow: /``
``disallow-all``        ``Disallow: /``
``crawl-delay:N``       the default rules plus ``Crawl-delay: N``
``calm:N``              the default rules plus ``Crawl-delay: 3`` for the first N requests,
                        then the default rules alone
``status:CODE[:S]``     status CODE (e.g. 503, 429, 500), Retry-After S if given
``flaky:N``             503 for the first N requests, then the default
``flip:N``              the default for the first N requests, then ``Disallow: /``
``gone:N``              the default for the first N requests, then 503
``missing``             404
``delay:S``             the default, answered after S seconds
``moved:URL``           a 301 redirect to URL (another host's robots.txt, say)
======================  ===========================================================
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET

from newscrawl.demo.feeds import render_robots
from newscrawl.demo.site import base_url

if TYPE_CHECKING:
    from twisted.web.server import Request

ROBOTS_SPECS = ("default", "allow-all", "disallow-all", "crawl-delay:N", "calm:N",
                "status:CODE[:S]", "flaky:N", "flip:N", "gone:N", "missing", "delay:S",
                "moved:URL")  # fmt: skip


class Robots(Resource):
    """Serve one robots.txt variant (see the module docstring for ``spec``)."""

    isLeaf = True

    def __init__(self, spec: str = "default") -> None:
        super().__init__()
        kind, _, value = spec.partition(":")
        if kind not in {s.split(":")[0] for s in ROBOTS_SPECS}:
            raise ValueError(f"unknown robots spec {spec!r}; known: {', '.join(ROBOTS_SPECS)}")
        self.kind, self.value = kind, value
        self.served = 0

    def _body(self, request: Request) -> bytes:
        if self.kind == "allow-all":
            return b"User-agent: *\nAllow: /\n"
        if self.kind == "disallow-all":
            return b"User-agent: *\nDisallow: /\n"
        body = render_robots(base_url(request))
        delay = self.value if self.kind == "crawl-delay" else None
        if self.kind == "calm" and self.served <= int(self.value):
            delay = "3"
        if delay:
            body = body.replace(b"Disallow:", f"Crawl-delay: {delay}\nDisallow:".encode(), 1)
        return body

    def render_GET(self, request: Request) -> bytes | int:
        request.setHeader("Content-Type", "text/plain; charset=utf-8")
        self.served += 1
        if self.kind == "flaky" and self.served <= int(self.value):
            request.setResponseCode(503)
            return b"robots.txt unavailable for now\n"
        if self.kind == "flip" and self.served > int(self.value):
            return b"User-agent: *\nDisallow: /\n"
        if self.kind == "gone" and self.served > int(self.value):
            request.setResponseCode(503)
            return b"robots.txt unavailable from now on\n"
        if self.kind == "status":
            code, _, retry_after = self.value.partition(":")
            request.setResponseCode(int(code))
            if retry_after:
                request.setHeader("Retry-After", retry_after)
            return b"robots.txt unavailable\n"
        if self.kind == "missing":
            request.setResponseCode(404)
            return b"Not found\n"
        if self.kind == "moved":
            request.setResponseCode(301)
            request.setHeader("Location", self.value)
            return b"Moved\n"
        body = self._body(request)
        if self.kind == "delay":

            def later() -> None:
                request.write(body)
                request.finish()

            from twisted.internet import reactor  # not at import: pytest imports this module

            call = reactor.callLater(float(self.value), later)
            request.notifyFinish().addErrback(lambda _: call.cancel() if call.active() else None)
            return NOT_DONE_YET
        return body


class RobotsPreview(Resource):
    """``/fault/robots/<SPEC>``: the variant SPEC, for looking at it."""

    def getChild(self, path: bytes, request: Request) -> Resource:
        return Robots(path.decode())
