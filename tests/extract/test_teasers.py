"""Linked teasers inside the article container leave the body; the story's own links stay."""

from __future__ import annotations

from newscrawl.extract import extract_article
from newscrawl.extract.parse import parse
from newscrawl.extract.teasers import LinkedBlocks, drop_linked_teasers, linked_blocks

STORY = (
    "The harbour authority approved the new ferry timetable after a long debate, and the "
    "first boats will run on the extended schedule from the start of next month."
)


def _page(inner: str) -> str:
    return (
        "<html><head><title>Ferry timetable approved</title></head><body>"
        "<h1>Ferry timetable approved</h1><article>"
        f"<p>{STORY}</p><p>{STORY} Again.</p>{inner}<p>{STORY} Once more.</p>"
        "</article></body></html>"
    )


def test_a_rail_of_linked_teasers_in_the_article_leaves_the_body() -> None:
    rail = (
        "<ul><li><a href='/news/bridge-closed'>Bridge closed for repairs until spring</a></li>"
        "<li><a href='/news/bus-fares'>Bus fares rise by five per cent in March</a></li>"
        "<li><b>Rail:</b> <a href='/news/new-station'>New station opens in the north</a></li>"
        "</ul>"
    )
    body = extract_article(_page(rail), "https://x.com/news/ferry")["body"]
    assert STORY in body
    assert "Bridge closed" not in body
    assert "Bus fares" not in body
    assert "New station" not in body


def test_teaser_cards_wrapped_in_one_link_leave_the_body() -> None:
    card = (
        "<a href='/news/{0}'><h3>Other story {0}</h3><p>The teaser text of another story "
        "number {0}, cut short for the card.</p></a>"
    )
    html = _page("".join(card.format(n) for n in (1, 2)))
    body = extract_article(html, "https://x.com/news/ferry")["body"]
    assert "teaser text of another story" not in body


def test_a_labelled_lone_teaser_leaves_the_body() -> None:
    teaser = (
        "<p><strong>READ ANOTHER STORY HERE |</strong> <a href='/news/9'>Port strike ends</a></p>"
    )
    body = extract_article(_page(teaser), "https://x.com/news/ferry")["body"]
    assert "Port strike" not in body
    assert "READ ANOTHER" not in body


def test_a_lone_linked_paragraph_and_links_within_sentences_stay() -> None:
    html = _page(
        "<p><a href='/docs/timetable.pdf'>The full timetable for the summer season</a></p>"
        f"<p>{STORY[:60]} <a href='/news/older'>as reported</a> last week.</p>"
    )
    body = extract_article(html, "https://x.com/news/ferry")["body"]
    assert "The full timetable for the summer season" in body
    assert "as reported last week" in body


def test_anchors_on_the_same_page_are_not_teasers() -> None:
    tree = parse("<div><p><a href='#part-two'>Part two of this long story</a></p></div>")
    assert linked_blocks(tree) == LinkedBlocks()


def test_only_runs_of_linked_paragraphs_are_dropped() -> None:
    blocks = LinkedBlocks(linked={"one teaser here", "two teaser here"})
    texts = ["One teaser here", "Story.", "Two teaser here"]
    assert drop_linked_teasers(texts, blocks) == texts
