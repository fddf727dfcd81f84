from __future__ import annotations

import pytest

from newscrawl.extract import check_article, extract_article

TEXT = "<p>" + "A sentence of the article with several words in it. " * 12 + "</p>"


def _article(title: str, body_html: str = TEXT) -> dict:
    html = (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body_html}</body></html>"
    )
    return extract_article(html, "https://x.com/news/story")


@pytest.mark.parametrize(
    ("title", "body", "reason"),
    [
        ("Page not found", "<p>Sorry, we could not find that page.</p>", "error-page"),
        ("404 - Not Found", "<p>Nothing here.</p>", "error-page"),
        ("Seite nicht gefunden", "<p>Leider nichts.</p>", "error-page"),
        ("Just a moment...", "<p>Checking your browser before accessing.</p>", "not-article"),
        (
            "News Site",
            "<p>Before you continue, we value your privacy. Accept cookies.</p>",
            "not-article",
        ),
        ("Attention Required! | Cloudflare", "<p>Please complete the captcha.</p>", "not-article"),
        ("", TEXT, "no-title"),
        ("A real headline", "<p>Only a few words here.</p>", "short-body"),
        ("A real headline", TEXT, None),
    ],
)
def test_check_article_reasons(title: str, body: str, reason: str | None) -> None:
    assert check_article(_article(title, body)) == reason


def test_min_words_is_a_parameter() -> None:
    article = _article("A real headline")
    assert check_article(article, min_words=10_000) == "short-body"
    assert check_article(article, min_words=10) is None


def test_long_article_about_errors_is_not_an_error_page() -> None:
    long_text = "<p>" + "The server returned an error to many users that day. " * 40 + "</p>"
    assert check_article(_article("Why the 404 error haunts the web", long_text)) is None
