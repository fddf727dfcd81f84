"""Bad input gives an ExtractionError with a reason, or an article check_article rejects."""

from __future__ import annotations

from copy import copy

import pytest
from lxml.html import HTMLParser, document_fromstring

from newscrawl.extract import ExtractionError, check_article, extract_article
from newscrawl.extract.decode import decode_html
from newscrawl.extract.parse import parse, to_text

URL = "https://x.com/news/story"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n  ", "empty"),
        ("", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary"),
        (b"PK\x03\x04\x14\x00", "binary"),
        (b'{"title": "json, not html"}', "not-html"),
        (b"just some plain text without any markup at all", "not-html"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "not-html"),
    ],
)
def test_not_html_raises_extraction_error(data: bytes | str, reason: str) -> None:
    with pytest.raises(ExtractionError) as info:
        extract_article(data, URL)
    assert info.value.reason == reason
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>Unclosed <b>tags <div>everywhere<p>and more",
        "<html><head><title>T</title></head><body></body></html>",
        "<div><p>fragment only</p></div>",
        "<html><body><h1>Heading only</h1></body></html>",
        "<html>\x00<body>nul</body></html>",
        "<html><body>" + "<div>" * 5000 + "deep" + "</div>" * 5000 + "</body></html>",
        # nested lists past Python's recursion limit in trafilatura's list handling
        "<html><head><title>Lists</title></head><body>" + "<ul><li>" * 1100 + "<p>deep",
        '<html><head><script type="application/ld+json">{broken</script></head>'
        "<body><p>x</p></body></html>",
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>xhtml</p></body></html>',
    ],
)
def test_broken_markup_never_raises_unexpectedly(html: str) -> None:
    try:
        article = extract_article(html, URL)
    except ExtractionError:
        return
    assert check_article(article) is not None


def test_deeply_nested_markup_is_flattened_with_its_text_kept() -> None:
    """Thousands of unclosed tables or lists: extractors would take seconds or recurse."""
    story = "<p>" + "Words of a story long enough to count as an article body. " * 20 + "</p>"
    for opening in ("<table><tr><td>", "<div>", "<ul><li>"):
        html = "<html><head><title>A deep page</title></head><body>" + opening * 600 + story
        article = extract_article(html, URL)
        assert article["body"] == " ".join(story[3:-4].split())


def test_page_without_title_is_rejected_as_no_title() -> None:
    html = (
        "<html><body><div>"
        + "<p>Words of a body without any heading at all. </p>" * 20
        + "</div></body></html>"
    )
    assert check_article(extract_article(html, URL)) == "no-title"


@pytest.mark.parametrize(
    ("text", "codec", "declaration"),
    [
        ("שלום עולם", "cp1255", '<meta charset="windows-1255">'),
        (
            "مرحبا بالعالم",
            "cp1256",
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">',
        ),
        ("日本語のページ", "shift_jis", "<meta charset=Shift_JIS>"),
        ("Grüße “quotes”", "cp1252", '<meta charset="iso-8859-1">'),
    ],
)
def test_charset_declared_only_in_meta(text: str, codec: str, declaration: str) -> None:
    page = f"<html><head>{declaration}</head><body><p>{text}</p></body></html>".encode(codec)
    assert text in decode_html(page)


def test_a_charset_declared_after_the_heads_scripts_is_read() -> None:
    """News pages put kilobytes of analytics and style in the head before their <meta
    charset>: browsers decode the page again when they meet it, w3lib looks at 4 KB."""
    script = "<script>window.__STATE__ = {" + '"k": "v", ' * 900 + "};</script>"
    head = f"<head><title>Экономика</title>{script}<meta charset=windows-1251></head>"
    page = f"<html>{head}<body><p>Центробанк сохранил ставку</p></body></html>"
    assert decode_html(page.encode("cp1251")).endswith(
        "<p>Центробанк сохранил ставку</p></body></html>"
    )
    # Not one in the body (an embedded snippet of another page's markup).
    late = "<html><head></head><body><p>café</p><meta charset=windows-1251></body></html>"
    assert "café" in decode_html(late.encode("cp1252"))


def test_http_encoding_wins_over_guessing_and_bom_wins_over_all() -> None:
    page = "<p>café</p>".encode("cp1252")
    assert "café" in decode_html(page, "windows-1252")
    assert "café" in decode_html(b"\xef\xbb\xbf" + "<p>café</p>".encode(), "latin-1")


def test_a_page_declared_utf8_in_a_legacy_charset_is_read_as_one() -> None:
    """The server says utf-8 of a page saved in windows-1252 (or what its <meta> says):
    no byte beyond ASCII is valid UTF-8, so the declaration is wrong."""
    legacy = "<p>José Müller, “quoted”</p>".encode("cp1252")
    assert decode_html(legacy, "utf-8") == "<p>José Müller, “quoted”</p>"
    hebrew = '<meta charset="windows-1255"><p>שלום</p>'
    assert decode_html(hebrew.encode("cp1255"), "utf-8") == hebrew
    # Real UTF-8 with a stray byte: UTF-8, the stray byte replaced.
    mixed = "<p>café</p>".encode() + b"\x92"
    assert decode_html(mixed, "utf-8") == "<p>café</p>\ufffd"


def test_undeclared_bytes_fall_back_to_utf8_then_cp1252() -> None:
    assert decode_html("<p>naïve</p>".encode()) == "<p>naïve</p>"
    assert decode_html("<p>naïve</p>".encode("cp1252")) == "<p>naïve</p>"


def test_parsed_elements_have_the_classes_lxml_html_gives_them() -> None:
    # parse() chooses element classes without lxml.html's Python lookup; every stage (and
    # trafilatura, htmldate) must still see the same classes: form classes by tag name.
    page = (
        "<html><head><title>T</title></head><body><FORM action=/s><Label>Name</Label>"
        "<input name=q><SELECT name=s><option>a</option></SELECT><textarea></textarea></FORM>"
        "<svg:rect/><custom-element>x</custom-element><p>Text &amp; <b>more</b></p>"
        "</body></html>"
    )
    ours = parse(to_text(page))
    theirs = document_fromstring(page, parser=HTMLParser(remove_comments=True))
    assert [(e.tag, type(e)) for e in ours.iter()] == [(e.tag, type(e)) for e in theirs.iter()]
    assert {type(e).__name__ for e in ours.iter()} >= {
        "FormElement", "InputElement", "LabelElement", "SelectElement", "TextareaElement"
    }  # fmt: skip
    assert copy(ours.find("body/form")).__class__ is type(ours.find("body/form"))


@pytest.mark.parametrize(
    ("text", "codec", "lang"),
    [
        ("הכנסת אישרה את התקציב", "cp1255", "he"),
        ("وافق البرلمان على الميزانية", "cp1256", "ar"),
        ("Центробанк сохранил ставку", "cp1251", "ru"),
        ("Sejm przyjął budżet", "iso8859_2", "pl"),
        ("日本語のページ", "cp932", "ja"),
    ],
)
def test_an_undeclared_legacy_page_is_read_in_its_languages_default(
    text: str, codec: str, lang: str
) -> None:
    """No charset anywhere (or a server's utf-8 that no byte bears out): decoded as a browser
    in the page's language decodes it (the HTML standard's locale defaults), not as
    windows-1252, which stored Hebrew as "äëðñú"."""
    page = f'<html lang="{lang}"><body><p>{text}</p></body></html>'
    assert decode_html(page.encode(codec)) == page
    assert decode_html(page.encode(codec), "utf-8") == page
