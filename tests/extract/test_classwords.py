"""Elements marked by their class names, for the field rules that read them."""

from __future__ import annotations

import pytest

from newscrawl.extract import classwords
from newscrawl.extract.bylines import BYLINE_HINT
from newscrawl.extract.classwords import marked_elements
from newscrawl.extract.page import BOILERPLATE_NAMES
from newscrawl.extract.parse import parse


def _classes(names: list[str]) -> str:
    return "".join(f'<div class="{name}">x</div>' for name in names)


def test_marked_elements_judges_every_word_of_a_class_value() -> None:
    tree = parse(
        "<html><body>"
        '<p class="Story__Meta  c-Byline_name">Ann Lee</p>'
        '<div class="content" id="main">text</div>'
        '<aside class="box top_ad">Ad</aside>'
        '<div class="Section--Ads">held ads</div>'
        '<span class="headerloader">no word of a hint</span>'
        "</body></html>"
    )
    marked = marked_elements(tree, [BYLINE_HINT, BOILERPLATE_NAMES])
    assert [(tag, attrs) for _, tag, attrs in marked] == [
        ("p", "Story__Meta  c-Byline_name"),
        ("aside", "box top_ad"),
    ]


def test_marked_elements_without_hints_gives_every_named_element() -> None:
    tree = parse('<html><body><p class="a">x</p><p>y</p><p id="b">z</p></body></html>')
    assert [attrs for _, _, attrs in marked_elements(tree)] == ["a", "b"]


def test_word_verdicts_kept_across_pages_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(classwords, "_WORD_VERDICTS", {})
    monkeypatch.setattr(classwords, "_MAX_WORDS", 5)
    first = parse(f"<html><body>{_classes([f'first{i}' for i in range(20)])}</body></html>")
    second = parse(f"<html><body>{_classes([f'second{i}' for i in range(20)])}</body></html>")
    marked_elements(first, [BYLINE_HINT])
    marked_elements(second, [BYLINE_HINT])
    (words,) = classwords._WORD_VERDICTS.values()
    # Emptied before the second page: only its own words are left.
    assert sorted(words) == sorted(f"second{i}" for i in range(20))
    assert not any(words.values())
