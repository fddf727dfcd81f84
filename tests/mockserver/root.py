"""The mock server's resource tree: the demo site plus test pages, faults and the request log.

============================================  ============================================
``/...`` (anything not below)                 the demo site (:mod:`newscrawl.demo.site`)
``/section/edge-cases``                       links to every edge case (:mod:`.edge`)
``/edge-cases/<yyyy>/<mm>/<dd>/<slug>-<id>``  article-looking edge cases
``/amp/<article path>``                       AMP editions, canonical to the real page
``/fault/<kind>?...``                         fault resources (:mod:`.resources`)
``/robots.txt``                               the variant given by ``--robots``
``/_log``, ``/_log/clear``                    the request log (:mod:`.requestlog`)
``/_edit?path=&kind=&n=``, ``/_edit/clear``   edited articles (:mod:`.edits`)
============================================  ============================================
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from twisted.web.resource import Resource

from newscrawl.demo import build_demo_site
from tests.mockserver.edge import EDGE_SECTION, AmpArticles, EdgeArticles, EdgeSection
from tests.mockserver.edits import EditableDemo, EditControl
from tests.mockserver.requestlog import LogResource, RequestLog
from tests.mockserver.resources import build_fault_root
from tests.mockserver.resources.robots import Robots

if TYPE_CHECKING:
    from twisted.web.server import Request


class Fallback(Resource):
    """A resource with explicit children that hands every other path to ``default``."""

    def __init__(self, default: Resource) -> None:
        super().__init__()
        self.default = default

    def getChild(self, path: bytes, request: Request) -> Resource:
        return self.default


def build_root(log: RequestLog, robots: str = "default") -> Resource:
    """Return the root resource of the mock server."""
    demo = EditableDemo(build_demo_site())
    root = Fallback(demo)
    section = Fallback(demo)
    section.putChild(EDGE_SECTION.encode(), EdgeSection())
    root.putChild(b"section", section)
    root.putChild(EDGE_SECTION.encode(), EdgeArticles())
    root.putChild(b"amp", AmpArticles())
    root.putChild(b"fault", build_fault_root())
    root.putChild(b"_log", LogResource(log))
    root.putChild(b"_edit", EditControl(demo))
    if robots != "default":
        root.putChild(b"robots.txt", Robots(robots))
    return root
