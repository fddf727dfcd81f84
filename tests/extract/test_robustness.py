"""Broken input never crashes extraction: seeded mutations of the project's own fixtures.

Truncated downloads, stray bytes, half-written tags, hostile structured data and odd
charsets: every mutated page either yields a complete article record or the one
:class:`ExtractionError` the pipeline counts as a drop. A crash here would cost a page
("extraction-error") in a crawl. The seed is fixed, so a failure is reproducible: the
test names the mutation that broke it.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from newscrawl.extract import FIELDS, ExtractionError, check_article, extract_article

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures").glob("*.html"))

# What broken and hostile pages carry: markup cut in half, NUL bytes, a byte-order mark in
# the middle, entities beyond Unicode, nested structured data of the wrong types, dates
# that do not exist, a charset no codec knows, a title of thousands of characters.
SNIPPETS = [
    b"<",
    b"</div>",
    b"<script>",
    b"</script>",
    b"<!--",
    b'"',
    b"\x00",
    b"\xff\xfe",
    b"\xe2\x80",
    b"&#0;",
    b"&#x110000;",
    b"<![CDATA[",
    b"<html/>",
    b'<meta charset="x-no-such-charset">',
    b'<meta http-equiv="content-type" content="text/html; charset=utf-16">',
    b'<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"0000-00-00",'
    b'"author":{"name":null},"headline":{"@value":1},"keywords":[[["x"]]]}</script>',
    b'<script type="application/ld+json">[[[{"@graph":[{"@type":["NewsArticle"]}]}]]]</script>',
    b'<meta property="article:published_time" content="9999-99-99T99:99">',
    b'<time datetime="2020-02-30T25:61:00+25:00">30. Februar</time>',
    b'<meta name="author" content="By By By, , and and">',
    b'<html lang="xx-YY">',
    b"<title>" + b"A" * 5000 + b"</title>",
    b"<h1></h1><h1> </h1>",
    b"<p>" + "é".encode() * 2000 + b"</p>",
    # Structured data nested past Python's recursion limit (json raises RecursionError).
    b'<script type="application/ld+json">' + b"[" * 50_000 + b"]" * 50_000 + b"</script>",
]


def _mutate(page: bytes, rnd: random.Random) -> tuple[bytes, list[str]]:
    steps = []
    for _ in range(rnd.randint(1, 5)):
        at = rnd.randrange(len(page) + 1)
        kind = rnd.choice(["insert", "truncate", "delete", "bytes", "repeat"])
        if kind == "insert":
            snippet = rnd.choice(SNIPPETS)
            page = page[:at] + snippet + page[at:]
        elif kind == "truncate":
            page = page[:at]
        elif kind == "delete":
            page = page[:at] + page[at + rnd.randint(1, 400) :]
        elif kind == "bytes":
            page = page[:at] + rnd.randbytes(rnd.randint(1, 8)) + page[at:]
        else:
            start, end = sorted((rnd.randrange(len(page) + 1), rnd.randrange(len(page) + 1)))
            page = page[:at] + page[start:end] + page[at:]
        steps.append(f"{kind}@{at}")
    return page, steps


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.stem)
def test_mutated_pages_give_an_article_or_a_clear_error(fixture: Path) -> None:
    rnd = random.Random(fixture.stem)
    original = fixture.read_bytes()
    outcomes = {"article": 0, "error": 0}
    for round_ in range(40):
        page, steps = _mutate(original, rnd)
        try:
            article = extract_article(page, "https://news.example.com/world/2024/05/01/story")
        except ExtractionError:
            outcomes["error"] += 1
            continue
        except Exception as exc:  # pragma: no cover - what the test is for
            pytest.fail(f"{fixture.name} round {round_} ({', '.join(steps)}): {exc!r}")
        assert tuple(article) == FIELDS, steps
        check_article(article)  # the validator takes whatever the extractor gives
        outcomes["article"] += 1
    # The mutations leave most pages readable: the test exercises extraction, not only
    # the input checks.
    assert outcomes["article"] > outcomes["error"], outcomes


# Links the standard library's URL parser refuses (ValueError), as real pages carry them: a
# consent-dialog placeholder in the menus of a large group of US local news sites, a port
# out of range, an unclosed IPv6 host.
MALFORMED_URLS = [b"http://[ccpa-preferences]", b"https://example.com:99999/x", b"http://[::1"]
# Every place a page gives a URL: links and sources, <meta content>, JSON-LD values.
_URL_PLACES = [
    re.compile(rb"""((?:href|src|srcset)\s*=\s*["'])[^"']*"""),
    re.compile(rb"""(content\s*=\s*["'])https?://[^"']*"""),
    re.compile(rb"""((?:og:image|og:url|twitter:image)["']\s+content\s*=\s*["'])[^"']*"""),
    re.compile(rb'("(?:url|@id|item|image|contentUrl|mainEntityOfPage)"\s*:\s*")[^"]*'),
]


@pytest.mark.parametrize("bad", MALFORMED_URLS, ids=lambda bad: bad.decode())
@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.stem)
def test_malformed_urls_cost_only_themselves(fixture: Path, bad: bytes) -> None:
    """Every URL of the page malformed: the article comes out whole, without those URLs."""
    url = "https://news.example.com/world/2024/05/01/story"
    original = fixture.read_bytes()
    page = original
    for place in _URL_PLACES:
        page = place.sub(lambda match: match.group(1) + bad, page)
    assert bad in page
    try:
        expected = extract_article(original, url)
    except ExtractionError:
        with pytest.raises(ExtractionError):
            extract_article(page, url)
        return
    article = extract_article(page, url)
    check_article(article)
    assert article["canonical_url"] == url
    assert article["image_url"] is None
    assert article["title"] == expected["title"]
    assert article["body"]


@pytest.mark.parametrize(
    "nested",
    [
        b'<script type="application/ld+json">' + b"[" * 50_000 + b"]" * 50_000 + b"</script>",
        b'<script type="application/ld+json">{"@type": "NewsArticle", "about": '
        + b'{"a": ' * 50_000
        + b"1"
        + b"}" * 50_000
        + b"}</script>",
        b'<meta name="parsely-page" content=\'' + b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"'>",
    ],
    ids=["json-ld-list", "json-ld-object", "parsely-page"],
)
def test_structured_data_nested_past_the_recursion_limit(nested: bytes) -> None:
    """json raises RecursionError there: that block is ignored, the article read."""
    original = (FIXTURES[0].parent / "german.html").read_bytes()
    page = original.replace(b"</head>", nested + b"</head>", 1)
    assert nested in page
    url = "https://news.example.com/world/2024/05/01/story"
    article = extract_article(page, url)
    assert article["title"] == extract_article(original, url)["title"]
    assert article["body"]


def test_lone_surrogates_in_json_are_dropped() -> None:
    r"""A CMS that cuts a string inside an emoji leaves "\ud83d" in its JSON: json decodes it
    to a lone surrogate, which no UTF-8 text holds (hashing the article failed)."""
    cut = "\\ud83d"
    data = (
        '{"@type": "NewsArticle", "headline": "A cut headline ' + cut + '", "author": '
        '{"name": "Ann ' + cut + 'Lee"}, "keywords": "one' + cut + ', two", "articleSection": '
        '"World' + cut + '", "description": "A description that was cut ' + cut + '"}'
    )
    page = (FIXTURES[0].parent / "german.html").read_bytes()
    head = f'<script type="application/ld+json">{data}</script>'
    head += f'<meta name="parsely-page" content=\'{{"title": "Cut {cut}"}}\'>'
    page = page.replace(b"</head>", head.encode() + b"</head>", 1)
    article = extract_article(page, "https://news.example.com/world/2024/05/01/story")
    check_article(article)
    for name, value in article.items():
        text = repr(value)
        assert not re.search("[\ud800-\udfff]", str(value)), (name, text)
    assert article["content_hash"]
