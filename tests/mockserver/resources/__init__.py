"""Fault resources of the mock server, one kind per module, mounted at ``/fault/<name>``.

To add a kind: write ``resources/<kind>.py`` with one Resource class (query arguments for its
knobs, a module docstring with its URL), then add it to :data:`FAULTS`.
"""

from __future__ import annotations

from twisted.web.resource import Resource

from tests.mockserver.resources.bylines import Bylines
from tests.mockserver.resources.compress import Compress
from tests.mockserver.resources.delay import Delay, Release
from tests.mockserver.resources.drop import Drop
from tests.mockserver.resources.encoding import Encoding
from tests.mockserver.resources.feed import Feed
from tests.mockserver.resources.flaky import Flaky
from tests.mockserver.resources.fresh import Fresh
from tests.mockserver.resources.links import Links
from tests.mockserver.resources.pages import Pages
from tests.mockserver.resources.partial import Partial
from tests.mockserver.resources.redirect import RedirectLoop, RedirectTo
from tests.mockserver.resources.robots import Robots, RobotsPreview
from tests.mockserver.resources.slow import SlowBody
from tests.mockserver.resources.status import Status
from tests.mockserver.resources.walls import Wall
from tests.mockserver.resources.xmlbomb import XmlBomb

#: ``/fault/<name>`` -> resource class (instantiated once per server, without arguments).
FAULTS: dict[str, type[Resource]] = {
    "status": Status,
    "delay": Delay,
    "release": Release,
    "drop": Drop,
    "partial": Partial,
    "slow": SlowBody,
    "compress": Compress,
    "redirect": RedirectTo,
    "loop": RedirectLoop,
    "flaky": Flaky,
    "encoding": Encoding,
    "robots": RobotsPreview,
    "links": Links,
    "feed": Feed,
    "xmlbomb": XmlBomb,
    "wall": Wall,
    "fresh": Fresh,
    "bylines": Bylines,
    "pages": Pages,
}

__all__ = [
    "FAULTS",
    "Bylines",
    "Compress",
    "Delay",
    "Drop",
    "Encoding",
    "Feed",
    "Flaky",
    "Fresh",
    "Links",
    "Pages",
    "Partial",
    "RedirectLoop",
    "RedirectTo",
    "Release",
    "Robots",
    "SlowBody",
    "Status",
    "Wall",
    "XmlBomb",
    "build_fault_root",
]


def build_fault_root() -> Resource:
    """Return the ``/fault`` resource with every kind of :data:`FAULTS` as a child."""
    root = Resource()
    for name, cls in FAULTS.items():
        root.putChild(name.encode(), cls())
    return root
