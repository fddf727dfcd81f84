"""``/fault/bylines/?first=F&count=N&byline=0|1``: a site before and after a redesign.

The index lists articles ``F`` to ``F + N - 1`` (default 1 and 60), newest first, as
``/fault/bylines/a-<n>?byline=B``; each is a story of its own (a published time, a few
paragraphs of words drawn at random, seeded by ``n``), with an author's byline while
``byline`` is 1 (the default) and none once it is 0: the trace of a redesign the crawl's
field watch (:mod:`newscrawl.extensions.coverage`) looks for.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from twisted.web.resource import Resource

from tests.mockserver.resources._args import arg, int_arg

if TYPE_CHECKING:
    from twisted.web.server import Request

# Words the stories are drawn from (a string split: a list would take a line a word).
_WORDS = (  # noqa: SIM905
    "council harbour river vote budget school market rain bridge station mayor plan road "
    "museum library workers strike court report week night morning town residents water "
    "energy price ferry summer winter crowd police fire hospital park festival"
).split()


def _story(number: int) -> str:
    rnd = random.Random(number)
    paragraphs = []
    for _ in range(4):
        words = " ".join(rnd.choices(_WORDS, k=30))
        paragraphs.append(f"<p>{words[0].upper()}{words[1:]}.</p>")
    return "".join(paragraphs)


class Bylines(Resource):
    """An index of articles, and the articles, with or without their byline."""

    isLeaf = True

    def render_GET(self, request: Request) -> bytes:
        request.setHeader("Content-Type", "text/html; charset=utf-8")
        byline = arg(request, "byline", "1")
        name = (request.postpath or [b""])[-1].decode()
        if name.startswith("a-"):
            return self._article(int(name[2:]), byline == "1")
        first, count = int_arg(request, "first", 1), int_arg(request, "count", 60)
        links = "".join(
            f'<li><a href="/fault/bylines/a-{n}?byline={byline}">Story {n} of the day</a></li>'
            for n in range(first + count - 1, first - 1, -1)
        )
        return f"<html><body><h1>News</h1><ul>{links}</ul></body></html>".encode()

    @staticmethod
    def _article(number: int, byline: bool) -> bytes:
        by = '<p class="byline">By <a href="/authors/ann-lee">Ann Lee</a></p>' if byline else ""
        return (
            f'<html lang="en"><head><title>Story {number} of the day</title>'
            '<meta property="og:type" content="article">'
            f'<meta property="article:published_time" content="2026-11-30T08:{number % 60:02d}:00Z">'
            f"</head><body><article><h1>Story {number} of the day</h1>{by}{_story(number)}"
            "</article></body></html>"
        ).encode()
