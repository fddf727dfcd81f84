"""``/fault/pages/[?pages=N][&broken=K]``: an article split over pages, as long reads are.

The index links one article, ``/fault/pages/wahl-analyse``; its page ``n`` (2 to ``N``,
default 3) is ``/fault/pages/wahl-analyse/seite-n``, and each page links every page (and the
next story of the site, ``rel="next"`` as WordPress marks it, which is no page of this one).
Page ``n`` holds paragraphs ``Teil n, Absatz 1`` to ``4`` and the standfirst every page
repeats. ``broken=K`` makes page ``K`` answer 503, as an overloaded server does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from twisted.web.resource import Resource

from tests.mockserver.resources._args import int_arg

if TYPE_CHECKING:
    from twisted.web.server import Request

SLUG = "wahl-analyse"
STANDFIRST = "Eine Analyse der Wahl in mehreren Teilen, mit den Zahlen aus allen Kreisen."
_SENTENCE = (
    "Die Wahlbeteiligung lag in den Städten deutlich höher als auf dem Land, und die "
    "jungen Wählerinnen und Wähler gaben den Ausschlag in vielen Wahlkreisen des Landes"
)


def paragraph(page: int, number: int) -> str:
    """Paragraph ``number`` of page ``page``."""
    return f"Teil {page}, Absatz {number}: {_SENTENCE}."


class Pages(Resource):
    """The index and the pages of one article over ``pages`` pages."""

    isLeaf = True

    def render_GET(self, request: Request) -> bytes:
        request.setHeader("Content-Type", "text/html; charset=utf-8")
        pages, broken = int_arg(request, "pages", 3), int_arg(request, "broken", 0)
        query = f"?pages={pages}&broken={broken}"
        path = [p.decode() for p in request.postpath if p]
        if not path:
            link = f'<li><a href="/fault/pages/{SLUG}{query}">Was die Wahl entschied</a></li>'
            return f"<html><body><h1>Politik</h1><ul>{link}</ul></body></html>".encode()
        number = int(path[1].removeprefix("seite-")) if len(path) == 2 else 1
        if number == broken:
            request.setResponseCode(503)
            return b"Service Unavailable"
        nav = " ".join(
            f'<a href="/fault/pages/{SLUG}{"" if n == 1 else f"/seite-{n}"}{query}">{n}</a>'
            for n in range(1, pages + 1)
        )
        body = "".join(f"<p>{paragraph(number, n)}</p>" for n in range(1, 5))
        return (
            '<html lang="de"><head><title>Was die Wahl entschied</title>'
            f'<meta name="description" content="{STANDFIRST}">'
            '<meta property="og:type" content="article">'
            '<meta property="article:published_time" content="2026-11-30T08:00:00+01:00">'
            '<link rel="next" href="/fault/pages/naechste-geschichte">'
            "</head><body><article><h1>Was die Wahl entschied</h1>"
            f'<p class="lead">{STANDFIRST}</p>{body}'
            f'<nav class="pages">Seite {number} von {pages}: {nav}</nav></article></body></html>'
        ).encode()
