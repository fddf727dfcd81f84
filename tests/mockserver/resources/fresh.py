"""``/fault/fresh?ago=S&skew=S&age=S&story=N``: a story published moments ago.

The page declares ``article:published_time`` ``ago`` seconds (default 30) before the server
made it, and ``article:modified_time`` as the moment it made it: the server's "now", as
templates that print the current time as a date do. ``skew``: seconds the server's clock
runs ahead of the machine's (its ``Date`` header and both times); ``age``: a cache in front
of the server made the page that many seconds before sending it (``Age`` header). ``story``
picks one of a few stories, so that several pages are not copies of one another.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import formatdate
from typing import TYPE_CHECKING

from twisted.web.resource import Resource

from tests.mockserver.resources._args import float_arg, int_arg

if TYPE_CHECKING:
    from twisted.web.server import Request

#: (headline, a sentence of the story) by ``story``.
STORIES = (
    (
        "Council approves budget",
        "The council approved the new budget on a late vote, after a debate that ran for "
        "most of the evening and drew a crowd of residents to the chamber. ",
    ),
    (
        "Flood barrier opens",
        "Engineers opened the new flood barrier on the river this morning, two years after "
        "the storm that left the old town under water for a week. ",
    ),
    (
        "Library extends hours",
        "The city library will stay open until ten at night from next month, the trust that "
        "runs it said, after students asked for a quiet place to work. ",
    ),
)


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(int(seconds), UTC).isoformat()


class Fresh(Resource):
    """Serve a story published ``ago`` seconds before the (skewed, cached) server made it."""

    isLeaf = True

    def render_GET(self, request: Request) -> bytes:
        ago = float_arg(request, "ago", 30)
        age = float_arg(request, "age", 0)
        sent = time.time() + float_arg(request, "skew", 0)
        made = sent - age
        title, text = STORIES[int_arg(request, "story", 0) % len(STORIES)]
        request.setHeader("Date", formatdate(sent, usegmt=True))
        if age:
            request.setHeader("Age", str(int(age)))
        request.setHeader("Content-Type", "text/html; charset=utf-8")
        return (
            f'<!DOCTYPE html><html lang="en"><head><title>{title}</title>'
            f'<meta property="article:published_time" content="{_iso(made - ago)}">'
            f'<meta property="article:modified_time" content="{_iso(made)}">'
            f"</head><body><article><h1>{title}</h1>"
            f"<p>{text * 4}</p><p>{text * 3}</p></article></body></html>"
        ).encode()
