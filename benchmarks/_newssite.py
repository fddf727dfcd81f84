"""A generated news site of N articles of realistic size, for the crawl benchmark.

Article pages are the demo site's layouts (:mod:`newscrawl.demo.layouts`) with a body of
about 630 words (sentences of words drawn at random per article, :func:`body_paragraphs`,
so that no two are near-duplicates) and the weight real news pages carry around the
article: an inline JSON state blob and analytics snippet, inline CSS, an SVG sprite, a mega
menu, a "more stories" rail of teasers and a link-farm footer, about 90 KB in all. Each
article is unique (its title and first paragraph carry its number), so nothing is dropped
as a duplicate.

URLs: ``/section/<slug>?page=P`` lists 100 articles of a section, newest first, with
``<link rel="next">`` and a "Next »" link; articles are
``/<section>/<yyyy>/<mm>/<dd>/<slug>-<n>`` as on the demo site.

Pages are rendered once per template (36 demo articles) with a placeholder number and body;
serving an article is two ``bytes.replace`` and a few joined sentences, so the server costs
the crawler's machine little.

``python benchmarks/_newssite.py --articles N`` serves the site on 127.0.0.1 and prints
``PORT <n>``; it stops when its standard input closes.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newscrawl.demo.chrome import esc, page
from newscrawl.demo.data import DEMO_SECTIONS, SECTION_TITLES, DemoArticle, load_demo_articles
from newscrawl.demo.layouts import render_article

#: Articles per section page.
PAGE_SIZE = 100
#: Regular expression of article URLs (the demo site's).
ARTICLE_PATTERN = r"/\d{4}/\d{2}/\d{2}/[a-z0-9-]+-\d+/?$"
#: The placeholder number rendered into templates, replaced by the article's number.
_PLACEHOLDER = 987650001
#: Marker paragraph replaced by each article's own paragraphs.
_BODY_SLOT = "QQBODYSLOTQQ"
#: Paragraphs and sentences per paragraph drawn for each article (about 600 words).
_PARAGRAPHS, _SENTENCES = 6, 5
_ARTICLE_PATH = re.compile(r"^/[a-z-]+/\d{4}/\d{2}/\d{2}/[a-z0-9-]+-(?P<n>\d+)/?$")
_SECTION_PATH = re.compile(r"^/section/(?P<slug>[a-z-]+)/?$")


def _words(rnd: random.Random, vocabulary: list[str], count: int) -> str:
    return " ".join(rnd.choices(vocabulary, k=count))


@cache
def _vocabulary() -> list[str]:
    text = " ".join(p for a in load_demo_articles() for p in a.paragraphs)
    return re.findall(r"[A-Za-z]{3,}", text)


@cache
def _running_words() -> list[str]:
    """Every word of the demo articles' paragraphs, as often as they use it."""
    return [word for a in load_demo_articles() for p in a.paragraphs for word in p.split()]


def body_paragraphs(number: int) -> list[str]:
    """The paragraphs of article ``number`` (text): sentences of words drawn at random.

    Words are drawn as often as the demo articles use them, seeded by the number: two
    bodies share word shingles as rarely as two real stories do. (Whole sentences drawn
    from the demo's 240 made every body share an LSH band of the near-duplicate index with
    11% of the others, where 4 pairs of the evaluation corpus's 660,000 do, each a real
    copy: thousands of needless candidates for the archive to compare, and copies by chance.)
    """
    rnd = random.Random(number)
    words = _running_words()
    paragraphs = []
    for _ in range(_PARAGRAPHS):
        sentences = []
        for _ in range(_SENTENCES):
            sentence = " ".join(rnd.choices(words, k=rnd.randint(12, 30))).rstrip(".,;:")
            sentences.append(f"{sentence[0].upper()}{sentence[1:]}.")
        paragraphs.append(" ".join(sentences))
    return paragraphs


def body_html(number: int) -> bytes:
    """The paragraphs of article ``number``, HTML-escaped, between ``<p>`` tags."""
    return "</p>\n<p>".join(esc(p) for p in body_paragraphs(number)).encode("utf-8")


@cache
def _padding() -> dict[str, str]:
    """The weight around the article: the same on every page, as a site's template is."""
    rnd = random.Random(6)
    vocabulary = _vocabulary()
    state = ",".join(
        f'"story{i}":{{"id":{100000 + i},"headline":"{_words(rnd, vocabulary, 8)}",'
        f'"url":"/story/{i}","tags":["{rnd.choice(vocabulary)}","{rnd.choice(vocabulary)}"]}}'
        for i in range(300)
    )
    css = "\n".join(
        f".c{i}{{margin:{i % 7}px {i % 5}px;padding:{i % 3}rem;color:#{i * 2654435 % 16**6:06x}}}"
        for i in range(200)
    )
    icons = "".join(
        f'<symbol id="icon-{i}" viewBox="0 0 24 24"><path d="M{i % 24} 2L{(i * 7) % 24} 22'
        f'L{(i * 3) % 24} 12Z M4 {i % 20}h16v2H4z"/></symbol>'
        for i in range(60)
    )
    menu = "".join(
        f'<li class="menu-group"><a href="/topic/{i}">{_words(rnd, vocabulary, 2).title()}</a>'
        '<ul class="submenu">'
        + "".join(
            f'<li><a href="/topic/{i}/{j}">{_words(rnd, vocabulary, 2).title()}</a></li>'
            for j in range(8)
        )
        + "</ul></li>"
        for i in range(16)
    )
    teasers = "".join(
        f'<article class="teaser card"><a href="/more/{i}"><img src="/img/more-{i}.jpg" '
        f'alt="" width="300" height="169" loading="lazy"></a><div class="card-body">'
        f'<span class="kicker">{rnd.choice(vocabulary).title()}</span>'
        f'<h3><a href="/more/{i}">{_words(rnd, vocabulary, 9).capitalize()}</a></h3>'
        f"<p>{_words(rnd, vocabulary, 18).capitalize()}.</p></div></article>"
        for i in range(30)
    )
    footer = "".join(
        f'<a href="/site/{i}">{_words(rnd, vocabulary, 2).title()}</a> ' for i in range(120)
    )
    return {
        "head": (
            f"<style>{css}</style>\n"
            f'<script id="__STATE__" type="application/json">{{{state}}}</script>\n'
            "<script>(function(w,d){w.dataLayer=w.dataLayer||[];"
            + "w.dataLayer.push({event:'pageview',section:'news'});" * 20
            + "})(window,document);</script>\n"
        ),
        "body_start": f'<svg style="display:none" aria-hidden="true">{icons}</svg>\n',
        "menu": f'<nav class="mega-menu" aria-label="All topics"><ul>{menu}</ul></nav>\n',
        "rail": (
            '<section class="more-stories"><h2>More stories</h2>'
            f"{teasers}</section>\n"
            '<div class="ad-slot" data-ad="leaderboard"><script>/* ad */</script></div>\n'
        ),
        "footer": f'<div class="site-links">{footer}</div>\n',
    }


def _pad(html: str) -> str:
    padding = _padding()
    html = html.replace("</head>", padding["head"] + "</head>", 1)
    html = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + padding["body_start"], html, count=1)
    html = html.replace('<div class="page-wrap">', padding["menu"] + '<div class="page-wrap">', 1)
    html = html.replace("</main>", "</main>\n" + padding["rail"], 1)
    return html.replace("</body>", padding["footer"] + "</body>", 1)


@cache
def templates() -> tuple[tuple[DemoArticle, bytes], ...]:
    """One rendered page per demo article, with the placeholder for the article's number."""
    demo = load_demo_articles()
    base = "http://127.0.0.1"
    rendered = []
    for article in demo:
        # The rest of the body is drawn per article (see NewsSite.article): generated
        # stories must not be near-duplicates of each other, or the archive's
        # near-duplicate index would see thousands of copies no real site has.
        paragraphs = [f"Dispatch {_PLACEHOLDER}. {article.paragraphs[0]}", _BODY_SLOT]
        generated = dataclasses.replace(
            article,
            id=_PLACEHOLDER,
            title=f"{article.title}, dispatch {_PLACEHOLDER}",
            paragraphs=tuple(paragraphs),
        )
        # The template's own layout: the placeholder id would give every page the same one.
        html = render_article(generated, base, canonical=None, layout=article.layout)
        html = html.decode("utf-8")
        rendered.append((article, _pad(html).encode("utf-8")))
    return tuple(rendered)


class NewsSite:
    """The pages of a site of ``articles`` generated articles (numbered from 1)."""

    def __init__(self, articles: int) -> None:
        self.articles = articles
        self.templates = templates()
        self.by_section: dict[str, list[int]] = {slug: [] for slug in DEMO_SECTIONS}
        for number in range(articles, 0, -1):  # newest (highest number) first
            self.by_section[self.template(number)[0].section].append(number)

    def template(self, number: int) -> tuple[DemoArticle, bytes]:
        """The template article ``number`` is rendered from."""
        return self.templates[(number - 1) % len(self.templates)]

    @property
    def max_pages(self) -> int:
        """Section pages needed to list every article."""
        return max(math.ceil(len(n) / PAGE_SIZE) for n in self.by_section.values())

    def section_urls(self, base: str) -> list[str]:
        """The start URLs: the first page of every section."""
        return [f"{base}/section/{slug}" for slug in DEMO_SECTIONS]

    def article_path(self, number: int) -> str:
        """Site-relative path of article ``number``."""
        template = self.template(number)[0]
        return f"/{template.section}/{template.published:%Y/%m/%d}/{template.slug}-{number}"

    def article(self, number: int) -> bytes | None:
        """The page of article ``number``."""
        if not 1 <= number <= self.articles:
            return None
        page = self.template(number)[1].replace(b"%d" % _PLACEHOLDER, b"%d" % number)
        return page.replace(_BODY_SLOT.encode(), body_html(number), 1)

    def section(self, slug: str, number: int) -> bytes | None:
        """Page ``number`` of a section listing."""
        listed = self.by_section.get(slug)
        pages = math.ceil(len(listed) / PAGE_SIZE) if listed else 0
        if listed is None or not 1 <= number <= pages:
            return None
        shown = listed[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        path = f"/section/{slug}"
        head = f'<link rel="next" href="{path}?page={number + 1}">\n' if number < pages else ""
        teasers = "".join(
            f'<article class="teaser"><h2><a href="{self.article_path(n)}">'
            f"{esc(self.template(n)[0].title)}, dispatch {n}</a></h2></article>"
            for n in shown
        )
        nav = f'<a class="next" rel="next" href="{path}?page={number + 1}">Next »</a>'
        main = (
            f'<h1 class="section-title">{esc(SECTION_TITLES[slug])}</h1>{teasers}'
            f'<nav class="pagination">{nav if number < pages else ""}</nav>'
        )
        return page(SECTION_TITLES[slug], main, head=head, section=slug).encode("utf-8")

    def get(self, path: str, query: dict[str, list[str]]) -> bytes | None:
        """The page at ``path`` (None: not found)."""
        match = _ARTICLE_PATH.match(path)
        if match:
            return self.article(int(match["n"]))
        match = _SECTION_PATH.match(path)
        if match:
            try:
                number = int((query.get("page") or ["1"])[0])
            except ValueError:
                return None
            return self.section(match["slug"], number)
        return None


def serve(articles: int) -> None:
    """Serve the site on 127.0.0.1 until standard input closes; print ``PORT <n>``."""
    from twisted.internet import reactor, stdio
    from twisted.internet.protocol import Protocol
    from twisted.web.resource import Resource
    from twisted.web.server import Site

    site = NewsSite(articles)

    class Root(Resource):
        isLeaf = True

        def render_GET(self, request: Any) -> bytes:
            query = {k.decode(): [v.decode() for v in vs] for k, vs in request.args.items()}
            body = site.get(request.path.decode(), query)
            if body is None:
                request.setResponseCode(404)
                return b"not found"
            request.setHeader(b"Content-Type", b"text/html; charset=utf-8")
            return body

    class Quiet(Site):
        noisy = False

        def log(self, request: Any) -> None:
            pass

    class StopOnEOF(Protocol):
        def connectionLost(self, reason: Any = None) -> None:
            reactor.stop()  # type: ignore[attr-defined]

    port = reactor.listenTCP(0, Quiet(Root()), interface="127.0.0.1")  # type: ignore[attr-defined]
    stdio.StandardIO(StopOnEOF())
    print(f"PORT {port.getHost().port}", flush=True)
    reactor.run()  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    serve(parser.parse_args().articles)


if __name__ == "__main__":
    main()
