"""How long extraction takes on hostile and broken pages, within the download size limit.

``python benchmarks/hostile_input.py`` builds pages that real sites never serve but a
broken template or an attacker can (one paragraph of megabytes, thousands of unclosed
tables, a title of half a million letters, a body of a hundred thousand digits...), runs each
through the extractor and the archive's revision fingerprint, and prints the seconds each
took and what came out. A crawl gives a page ``NEWSCRAWL_EXTRACT_TIMEOUT`` seconds (60) and
drops it after that, so no page stops a crawl; these figures show which ones come near, and
catch a rule whose regular expression reads a long run of characters once per character
(quadratic: a 300,000-letter author field once took 9 minutes). The column ``crawler s`` is
what the crawler process itself reads of every article page, where no timeout applies:
whether it says it is an article and links to its next page
(:mod:`newscrawl.extract.pagination`).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newscrawl.extract import ExtractionError, extract_article
from newscrawl.extract.pagination import declares_article, next_page_url
from newscrawl.storage.revisions import revision_fingerprint

URL = "https://example.com/2026/11/20/a-story"
STORY = "<p>" + "Words of a story that is long enough to be an article. " * 30 + "</p>"


def _page(head: str = "", body: str = "") -> str:
    return f"<html><head><title>A story</title>{head}</head><body>{body}{STORY}</body></html>"


def cases(scale: int) -> dict[str, str]:
    """The hostile pages, named; ``scale`` multiplies their sizes."""
    words = "Words of a story that is long enough. "
    return {
        "one paragraph of megabytes": _page(body="<p>" + words * 20_000 * scale + "</p>"),
        "50,000 paragraphs": _page(body=("<p>" + words * 3 + "</p>") * 5_000 * scale),
        "50,000 images": _page(body='<img src="/a.jpg" width="800">' * 5_000 * scale),
        "100,000 links": _page(body='<a href="/x">Read more</a>' * 10_000 * scale),
        "30,000 headings": _page(body="<h2>Related</h2><p>x</p>" * 3_000 * scale),
        "30,000 dates": _page(body='<time datetime="2026-11-2">29 November</time>' * 3_000 * scale),
        "2,000 unclosed tables": _page(body="<table><tr><td>" * 200 * scale),
        "2,000 unclosed lists": _page(body="<ul><li>" * 200 * scale),
        "title of 500,000 letters": _page(head="<title>" + "x" * 50_000 * scale + "</title>"),
        "author of 300,000 letters": _page(
            head=f'<meta name="author" content="By {"a" * 30_000 * scale}">'
        ),
        "50,000 keywords": _page(
            head='<meta name="keywords" content="'
            + ",".join(f"k{n}" for n in range(5_000 * scale))
            + '">'
        ),
        "20,000 author tags": _page(
            head="".join(f'<meta name="author" content="Ann Lee{n}">' for n in range(2_000 * scale))
        ),
        "a number of 100,000 digits": _page(body="<p>" + "1" * 10_000 * scale + "</p>"),
        "100,000 links to page 2": _page(
            body="".join(
                f'<a href="/2026/11/20/a-story/seite-2?v={n}">2</a>' for n in range(10_000 * scale)
            )
        ),
        "@type and 500,000 spaces": _page(head='"@type":' + " " * 50_000 * scale),
        "200,000 og:type": _page(
            head='<meta property="og:type" content="website">' * 20_000 * scale
        ),
    }


def _timed(call: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def main() -> None:
    """Run every case; print its size, seconds and outcome."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", type=int, default=10, help="size multiplier (10: the sizes named)"
    )
    args = parser.parse_args()
    print(
        f"{'case':<28} {'MB':>6} {'crawler s':>10} {'extract s':>10} {'fingerprint s':>14}  outcome"
    )
    for name, html in cases(args.scale).items():
        data = html.encode()
        crawler, _ = _timed(
            lambda data=data: (declares_article(data), next_page_url(data, URL, URL, 1))
        )
        try:
            seconds, article = _timed(lambda data=data: extract_article(data, URL))
        except ExtractionError as exc:
            print(
                f"{name:<28} {len(data) / 1e6:6.1f} {crawler:10.3f} {'':>10} {'':>14}  "
                f"dropped: {exc}"
            )
            continue
        assert isinstance(article, dict)
        fingerprinted, _ = _timed(lambda article=article: revision_fingerprint(article))
        outcome = (
            f"title {len(article['title'] or '')} chars, {len(article['authors'])} authors, "
            f"{len(article['tags'])} tags, body {len(article['body'])} chars"
        )
        print(
            f"{name:<28} {len(data) / 1e6:6.1f} {crawler:10.3f} {seconds:10.2f} "
            f"{fingerprinted:14.2f}  {outcome}"
        )


if __name__ == "__main__":
    main()
