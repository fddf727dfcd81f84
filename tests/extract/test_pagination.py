"""An article's next page is told by its URL: the article's own, with a page marker."""

from __future__ import annotations

import pytest

from newscrawl.extract import extract_article
from newscrawl.extract.pagination import next_page_url, page_number

FIRST = "https://www.example.de/politik/2024-05/wahl-analyse"


@pytest.mark.parametrize(
    ("url", "number"),
    [
        (f"{FIRST}/seite-2", 2),
        (f"{FIRST}/seite/3", 3),
        (f"{FIRST}/2", 2),
        (f"{FIRST}/2/", 2),  # WordPress's <!--nextpage-->
        (f"{FIRST}?seite=2", 2),
        (f"{FIRST}?page=2&utm_source=feed", 2),  # tracking parameters are no part of it
        ("http://example.de/politik/2024-05/wahl-analyse/seite-2", 2),  # http, no www.
        # Not a page of the article:
        (f"{FIRST}-kommentar/2", None),  # another story
        ("https://www.example.de/politik/2024-05/andere-geschichte/seite-2", None),
        (f"{FIRST}/comment-page-2/", None),  # WordPress's comment pages
        (f"{FIRST}?cpage=2", None),
        (f"{FIRST}/bilder/2", None),  # a gallery's next picture
        (f"{FIRST}/page/2/", None),  # WordPress's pages of a listing
        (f"{FIRST}/seite-1", None),  # the first page under another URL
        (f"{FIRST}/2024", None),  # a number past any article's pages: an id
        (f"{FIRST}?page=%C2%B2", None),  # a superscript two (found by fuzzing)
        ("https://other.de/politik/2024-05/wahl-analyse/seite-2", None),
    ],
)
def test_page_number(url: str, number: int | None) -> None:
    assert page_number(url, FIRST) == number


def test_a_numbered_file_name_beside_the_first_pages() -> None:
    first = "https://www.example.com/news/ki-modelle-2405-184523.html"
    assert page_number("https://www.example.com/news/ki-modelle-2405-184523-2.html", first) == 2
    assert page_number("https://www.example.com/news/ki-modelle-2405-184524.html", first) is None


def _page(*links: str) -> bytes:
    anchors = "".join(f'<a href="{link}">{n}</a>' for n, link in enumerate(links, 1))
    return f"<html><body><article><p>Text.</p><nav>{anchors}</nav></article></body></html>".encode()


def test_the_next_page_is_the_link_with_the_next_number() -> None:
    page = _page("/politik/2024-05/wahl-analyse", "/politik/2024-05/wahl-analyse/seite-2",
                 "/politik/2024-05/wahl-analyse/seite-3")  # fmt: skip
    assert next_page_url(page, FIRST, FIRST, 1) == f"{FIRST}/seite-2"
    second = f"{FIRST}/seite-2"
    assert next_page_url(page, second, FIRST, 2) == f"{FIRST}/seite-3"
    assert next_page_url(page, f"{FIRST}/seite-3", FIRST, 3) is None  # the last page


def test_a_link_in_the_head_counts_and_entities_are_read() -> None:
    page = (
        b'<html><head><link rel="next" href="/a.php?id=70412&amp;page=2"></head>'
        b"<body><p>Text.</p></body></html>"
    )
    first = "https://example.org/a.php?id=70412"
    assert next_page_url(page, first, first, 1) == "https://example.org/a.php?id=70412&page=2"


def test_links_to_other_stories_are_not_the_next_page() -> None:
    # WordPress marks the link to the next post rel="next" too.
    page = (
        b'<html><head><link rel="next" href="https://www.example.de/politik/2024-05/andere/">'
        b'</head><body><a rel="next" href="/politik/2024-05/wahl-analyse-teil-2">Teil 2</a>'
        b'<a href="/politik/2024-05/wahl-analyse/comment-page-2/">Comments</a></body></html>'
    )
    assert next_page_url(page, FIRST, FIRST, 1) is None
    assert next_page_url(b"<html><p>No links.</p></html>", FIRST, FIRST, 1) is None


def test_an_unquoted_link() -> None:
    page = b"<html><body><a href=/politik/2024-05/wahl-analyse/seite-2>2</a></body></html>"
    assert next_page_url(page, FIRST, FIRST, 1) == f"{FIRST}/seite-2"


def _article_page(number: int, paragraphs: list[str], pages: int = 3) -> bytes:
    nav = "".join(
        f'<a href="/politik/2024-05/wahl-analyse{"" if n == 1 else f"/seite-{n}"}">{n}</a>'
        for n in range(1, pages + 1)
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        '<html lang="de"><head><title>Was die Wahl entschied | Beispiel</title>'
        '<meta name="description" content="Eine Analyse der Wahl in drei Teilen, mit Zahlen.">'
        '<meta property="article:published_time" content="2024-05-14T08:00:00+02:00">'
        f"</head><body><article><h1>Was die Wahl entschied</h1>"
        f"<p class='lead'>Eine Analyse der Wahl in drei Teilen, mit Zahlen.</p>{body}"
        f'<nav class="pages">Seite {number}: {nav}</nav></article></body></html>'
    ).encode()


_SENTENCE = (
    "Die Wahlbeteiligung lag in den Städten deutlich höher als auf dem Land, und die "
    "jungen Wählerinnen und Wähler gaben den Ausschlag in vielen Wahlkreisen des Landes"
)


def _paragraphs(page: int) -> list[str]:
    return [f"Teil {page}, Absatz {n}: " + _SENTENCE + "." for n in range(1, 5)]


def test_the_bodies_of_an_articles_pages_are_joined() -> None:
    first = _article_page(1, _paragraphs(1))
    more = [
        (_article_page(2, _paragraphs(2)), f"{FIRST}/seite-2", None),
        (_article_page(3, _paragraphs(3)), f"{FIRST}/seite-3", None),
    ]
    alone = extract_article(first, FIRST)
    article = extract_article(first, FIRST, more_pages=more)
    paragraphs = article["body"].split("\n\n")
    # Every page's paragraphs, in order; the standfirst the pages repeat, once.
    assert [p.split(":")[0] for p in paragraphs if p.startswith("Teil")] == [
        f"Teil {page}, Absatz {n}" for page in (1, 2, 3) for n in range(1, 5)
    ]
    assert sum("Eine Analyse der Wahl" in p for p in paragraphs) == 1
    assert article["word_count"] > 2.5 * alone["word_count"]
    assert article["content_hash"] != alone["content_hash"]
    assert article["title"] == alone["title"] and article["published_at"] == alone["published_at"]
    # A next page that is no article (nothing to extract) ends the article there.
    broken = [(b"<html></html>", f"{FIRST}/seite-2", None), *more[1:]]
    assert extract_article(first, FIRST, more_pages=broken)["body"] == alone["body"]


def test_a_page_of_many_links_like_a_next_pages_is_judged_a_bounded_while(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The search runs in the crawler process: a hostile page must not hold it."""
    from newscrawl.extract import pagination

    judged: list[str] = []

    def counted(url: str, first: str) -> int | None:
        judged.append(url)
        return None

    monkeypatch.setattr(pagination, "page_number", counted)
    links = "".join(
        f'<a href="/politik/2024-05/wahl-analyse/seite-2?x={n}">2</a>' for n in range(5000)
    )
    assert next_page_url(f"<html><body>{links}</body></html>".encode(), FIRST, FIRST, 1) is None
    assert len(judged) == pagination.MAX_JUDGED
