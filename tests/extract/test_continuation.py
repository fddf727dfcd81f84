"""An article whose container the page breaks in two keeps both halves."""

from __future__ import annotations

from lxml.html import HtmlElement, fromstring

from newscrawl.extract import extract_article
from newscrawl.extract.continuation import continued

FIRST = [
    "The city council met on Monday evening to discuss the plan for a new bridge over the river.",
    "Members argued at length about the cost, which engineers now put at forty million euros.",
    "The mayor said the old crossing had been closed twice this year for emergency repairs.",
    "Residents of the east bank have waited since 2019 for a decision on the project.",
    "Opposition councillors asked for an independent review of the traffic forecasts first.",
]
SECOND = [
    "After a break, the debate turned to who would pay for the work and when it could begin.",
    "The regional government has offered half of the money if building starts before 2028.",
    "A final vote is expected in January, once the review of the forecasts is published.",
]


def _story(texts: list[str], css: str = "story-text") -> str:
    return "".join(f'<p class="{css}">{text}</p>' for text in texts)


def _page(middle: str) -> HtmlElement:
    return fromstring(f"<html><body><div>{middle}</div></body></html>")


def test_second_half_after_a_sidebar_is_part_of_the_body() -> None:
    # The article column is interrupted by an ad rail; the rest of the story sits in a
    # second column container further down, as on pages that set ads between paragraphs.
    html = f"""<html lang="en"><head><title>Council debates bridge</title></head><body>
    <header><nav><a href="/">Home</a></nav></header>
    <main><article><h1>Council debates bridge</h1>
    <div class="layout">
      <div class="col-main"><div class="article-body">{_story(FIRST)}</div></div>
      <div class="col-side"><div class="advert">Advertisement</div>
        <ul><li><a href="/a">Other story one is here</a></li>
        <li><a href="/b">Other story two is here</a></li></ul></div>
      <div class="col-main-continued"><div class="article-body-rest">{_story(SECOND)}</div></div>
    </div></article></main><footer>Copyright</footer></body></html>"""
    article = extract_article(html.encode(), "https://news.example.com/city/2026/11/28/bridge")
    assert article["body"].split("\n\n") == FIRST + SECOND


def test_paragraphs_are_merged_in_page_order() -> None:
    tree = _page(_story(FIRST[:2]) + _story(SECOND[:1]) + _story(FIRST[2:]) + _story(SECOND[1:]))
    assert continued(tree, FIRST) == FIRST[:2] + SECOND[:1] + FIRST[2:] + SECOND[1:]


def test_paragraphs_of_other_markup_are_not_taken() -> None:
    tree = _page(_story(FIRST) + _story(SECOND, css="teaser-text"))
    assert continued(tree, FIRST) == FIRST
    tree = _page(_story(FIRST, css="story-text lead") + _story(SECOND))
    assert continued(tree, FIRST) == FIRST


def test_more_classes_than_the_story_still_the_story() -> None:
    tree = _page(_story(FIRST) + _story(SECOND, css="story-text has-dropcap"))
    assert continued(tree, FIRST) == FIRST + SECOND


def test_one_paragraph_after_the_story_is_an_end_note() -> None:
    note = "Read more about the council and its plans on our city page."
    assert continued(_page(_story(FIRST) + _story([note])), FIRST) == FIRST
    # Between the story's paragraphs, one paragraph is the story's.
    tree = _page(_story(FIRST[:3]) + _story([note]) + _story(FIRST[3:]))
    assert continued(tree, FIRST) == [*FIRST[:3], note, *FIRST[3:]]


def test_blocks_repeating_the_body_linked_or_tiny_are_not_taken() -> None:
    repeat = " ".join(FIRST[:3])  # a summary block holding the story's own sentences
    linked = f'<a href="/other"><p class="story-text">{SECOND[0]}</p></a>'
    tiny = _story(["1", "2"])
    tree = _page(_story(FIRST) + _story([repeat]) + linked + tiny)
    assert continued(tree, FIRST) == FIRST


def test_too_little_matched_markup_changes_nothing() -> None:
    tree = _page(_story(FIRST[:2]) + _story(SECOND))
    assert continued(tree, FIRST[:2]) == FIRST[:2]
    # Matched paragraphs of no common class say nothing about the story's markup.
    plain = "".join(f"<p>{text}</p>" for text in FIRST + SECOND)
    assert continued(_page(plain), FIRST) == FIRST


def _module(texts: list[str]) -> str:
    """A magazine layout's text module: unclassed paragraphs in a classed wrapper."""
    paragraphs = "".join(f"<p>{text}</p>" for text in texts)
    return f'<div class="module module--text"><div class="text"><div class="text-inner">{paragraphs}</div></div></div>'


_PICTURE = '<div class="module module--picture"><figure><img src="/p.jpg"></figure></div>'


def test_unclassed_paragraphs_in_the_other_modules_of_the_story_are_taken() -> None:
    # The story set as text modules between picture modules: the extractor keeps the
    # largest module; the others, in page order, are the rest of the story.
    tree = _page(_module(SECOND[:1]) + _PICTURE + _module(FIRST) + _PICTURE + _module(SECOND[1:]))
    assert continued(tree, FIRST) == SECOND[:1] + FIRST + SECOND[1:]


def test_containers_of_the_storys_kind_elsewhere_are_not_taken() -> None:
    comments = f'<section class="comments"><div><div>{_module(SECOND)}</div></div></section>'
    assert continued(_page(_module(FIRST) + comments), FIRST) == FIRST
    # The same wrapper around a loading screen's slogan: another kind of container.
    overlay = f'<div class="loader text"><div class="text-inner"><p>{SECOND[0]}</p></div></div>'
    assert continued(_page(_module(FIRST) + overlay), FIRST) == FIRST
    # Inside the story's own container: what the extractor left there, it left on purpose.
    nested = _module(FIRST).replace("</div></div></div>", f"{_module(SECOND)}</div></div></div>")
    assert continued(_page(nested), FIRST) == FIRST
