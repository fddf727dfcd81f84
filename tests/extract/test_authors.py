from __future__ import annotations

import pytest

from newscrawl.extract.authors import clean_author_list, clean_authors, fix_caps


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By SETH J. FRANTZMAN", ["Seth J. Frantzman"]),
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("Jane Doe, John Roe and Ann Poe", ["Jane Doe", "John Roe", "Ann Poe"]),
        ("Jane Doe & John Roe", ["Jane Doe", "John Roe"]),
        ("By Jane Doe, Staff Writer", ["Jane Doe"]),
        ("By Jane Doe, Senior Political Correspondent", ["Jane Doe"]),
        ("Jane Doe | Editor", ["Jane Doe"]),
        ("Jane Doe jane.doe@example.com", ["Jane Doe"]),
        ("Jane Doe @janedoe", ["Jane Doe"]),
        ("Jane Doe https://twitter.com/janedoe", ["Jane Doe"]),
        ("Jane Doe Updated June 14, 2020 08:35", ["Jane Doe"]),
        ("Jane Doe | 14.06.2020", ["Jane Doe"]),
        ("By REUTERS", ["Reuters"]),
        ("By AP", ["AP"]),
        ("Jane Doe (AFP)", ["Jane Doe", "AFP"]),
        ("The Associated Press", ["The Associated Press"]),
        ("BY RONALD MCDONALD", ["Ronald McDonald"]),
        ("BASHAR AL-ASSAD", ["Bashar al-Assad"]),
        ("LUDWIG VAN DER BERG", ["Ludwig van der Berg"]),
        ("CONOR O'BRIEN", ["Conor O'Brien"]),
        ("Ronald McDonald", ["Ronald McDonald"]),
        ("Von Hans Müller und Eva Schmidt", ["Hans Müller", "Eva Schmidt"]),
        ("Par Marie Curie et Pierre Curie", ["Marie Curie", "Pierre Curie"]),
        ("Por Ana Pérez y Luis Gómez", ["Ana Pérez", "Luis Gómez"]),
        ("מאת דנה כהן", ["דנה כהן"]),
        ("Staff", []),
        ("", []),
        (None, []),
        ("Jane Doe is a reporter covering climate for the paper", ["Jane Doe"]),
        ("capital von Jemima Kelly 05. November 2024 15:36 Uhr 3 Min", ["Jemima Kelly"]),
        ("Elena Oberholzer (obe), Oliver Maksan (oma)", ["Elena Oberholzer", "Oliver Maksan"]),
        ("신현주 기자", ["신현주"]),
        ("red", []),
        ("dpa", ["dpa"]),
        ("LTO", ["LTO"]),
    ],
)
def test_clean_authors(raw: str | None, expected: list[str]) -> None:
    assert clean_authors(raw) == expected


def test_long_sentences_are_not_names() -> None:
    assert clean_authors("Click here to read more stories from our newsroom every day") == []


def test_author_list_deduplicates_across_values() -> None:
    assert clean_author_list(["By Jane Doe", "JANE DOE", "Reuters", "reuters"]) == [
        "Jane Doe",
        "Reuters",
    ]


def test_fix_caps_keeps_mixed_case_and_initials() -> None:
    assert fix_caps("SETH J. FRANTZMAN") == "Seth J. Frantzman"
    assert fix_caps("danah boyd") == "danah boyd"
    assert fix_caps("J.R.R. Tolkien") == "J.R.R. Tolkien"
