"""Pages of teasers are no articles; articles with teasers beside them, and live blogs, are."""

from __future__ import annotations

import pytest

from newscrawl.extract import ExtractionError, extract_article

URL = "https://news.example/politics/climate-change-policy"

_SENTENCES = (
    "The council met on Monday to discuss the budget for the coming year.",
    "Opposition members warned that the plan would delay repairs to schools and roads.",
    "Residents who spoke at the meeting asked for more money for the bus network.",
    "The mayor said the city had to balance its books after a difficult winter.",
    "A final vote is expected next month, after a second round of consultations.",
)


def _text(n: int, sentences: int = 2) -> str:
    return " ".join(_SENTENCES[(n + k) % len(_SENTENCES)] for k in range(sentences)) + f" ({n})"


def _page(head: str, main: str) -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>The Daily</title>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/politics'>Politics</a></nav>"
        f"<main>{main}</main><footer>The Daily, 1 Main Street</footer></body></html>"
    )


def _extract(head: str, main: str) -> dict:
    return extract_article(_page(head, main), URL)


# Listings as sites make them: WordPress archives, cards, lists of an author's stories.
WORDPRESS_CATEGORY = "<h1>Category: Politics</h1>" + "".join(
    f"<article class='post'><header><h2 class='entry-title'><a href='/2024/05/{n:02d}/post-{n}/'>"
    f"Post number {n} on the budget</a></h2><span>May {n}, 2024</span></header>"
    f"<div class='entry-summary'><p>{_text(n, 4)} […]</p>"
    f"<a href='/2024/05/{n:02d}/post-{n}/'>Continue reading</a></div></article>"
    for n in range(1, 11)
)
CARDS = (
    "<h1>Politics</h1><section class='grid'>"
    + "".join(
        f"<div class='card'><a href='/politics/story-{n}-{n * 7}'><img src='/i/{n}.jpg' alt=''>"
        f"<h3>Story {n}: the council and the budget</h3></a><p>{_text(n, 3)}</p>"
        f"<span>{n} hours ago</span></div>"
        for n in range(1, 13)
    )
    + "</section>"
)
AUTHOR = (
    f"<h1>Maria Lopez</h1><p class='bio'>{_text(0, 3)}</p><ul>"
    + "".join(
        f"<li><h4><a href='/opinion/column-{n}'>Column {n} on the city</a></h4><p>{_text(n, 3)}</p></li>"
        for n in range(1, 9)
    )
    + "</ul>"
)


@pytest.mark.parametrize("main", [WORDPRESS_CATEGORY, CARDS, AUTHOR], ids=["wp", "cards", "author"])
def test_a_page_of_teasers_is_no_article(main: str) -> None:
    with pytest.raises(ExtractionError) as raised:
        _extract("", main)
    assert raised.value.reason == "listing-page"
    assert "teasers of other pages make up its text" in str(raised.value)


def _article(extra: str = "") -> str:
    paragraphs = "".join(f"<p>{_text(n, 5)}</p>" for n in range(8))
    return f"<article><h1>The council and the budget</h1>{paragraphs}</article>{extra}"


def test_an_article_with_a_rail_of_teasers_is_an_article() -> None:
    rail = (
        "<div class='more'>"
        + "".join(
            f"<div><h3><a href='/politics/other-{n}'>Other story {n}</a></h3><p>{_text(n)}</p></div>"
            for n in range(6)
        )
        + "</div>"
    )
    article = _extract("", _article(rail))
    assert article["word_count"] > 300


def test_declared_articles_are_articles_whatever_their_shape() -> None:
    """A live blog's entries link their headings to their own pages: like teasers, each a
    short block; the page declares itself an article."""
    entries = "".join(
        f"<div class='entry'><h3><a href='/politics/live/entry-{n}'>{n}:00 Update {n}</a></h3>"
        f"<p>{_text(n, 3)}</p></div>"
        for n in range(10)
    )
    blog = f"<h1>Budget debate, live</h1>{entries}"
    for head in (
        '<meta property="og:type" content="article">',
        '<script type="application/ld+json">{"@type": "LiveBlogPosting",'
        ' "headline": "Budget debate, live"}</script>',
    ):
        assert _extract(head, blog)["word_count"] > 200
    with pytest.raises(ExtractionError):
        _extract('<meta property="og:type" content="website">', blog)


def test_headings_linking_to_other_sites_are_no_teasers() -> None:
    """A list of products, each heading a link to a shop: an article of this site."""
    items = "".join(
        f"<div><h3><a href='https://shop.example/item/{n}'>Sleeping bag {n}</a></h3>"
        f"<p>{_text(n, 3)}</p></div>"
        for n in range(8)
    )
    assert _extract("", f"<h1>The best sleeping bags</h1>{items}")["word_count"] > 200
