"""Golden-file tests: every field of every fixture layout, asserted one by one."""

from __future__ import annotations

import pytest

from newscrawl.extract import FIELDS, check_article
from tests.extract.goldens import CASES, golden, run_case


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_field_matches_golden(name: str) -> None:
    article = run_case(name)
    expected = golden(name)
    assert list(article) == list(FIELDS)
    assert set(expected) == set(FIELDS)
    for field in FIELDS:
        assert article[field] == expected[field], field


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_pages_are_articles(name: str) -> None:
    assert check_article(run_case(name)) is None


def test_legacy_encodings_declared_only_in_meta_decode_right() -> None:
    assert run_case("hebrew_windows1255")["title"] == "רכבת חדשה תחבר בין חיפה לנצרת"
    assert run_case("arabic_windows1256")["title"] == "افتتاح مكتبة عامة جديدة في وسط المدينة"
    assert run_case("japanese_shiftjis")["title"] == "新しい図書館が駅前に開館"


def test_languages_of_non_english_pages() -> None:
    assert [
        run_case(n)["language"]
        for n in ("german", "hebrew_windows1255", "arabic_windows1256", "japanese_shiftjis")
    ] == [
        "de",
        "he",
        "ar",
        "ja",
    ]


def test_body_paragraphs_are_separated_by_one_blank_line() -> None:
    for name in CASES:
        body = run_case(name)["body"]
        assert "\n\n\n" not in body
        assert all(paragraph.strip() == paragraph and paragraph for paragraph in body.split("\n\n"))
