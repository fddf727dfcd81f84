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
        ("Just a moment...", "<p>Checking your browser before accessing.</p>", "bot-check"),
        (
            "News Site",
            "<p>Before you continue, we value your privacy. Accept cookies.</p>",
            "consent-wall",
        ),
        ("Attention Required! | Cloudflare", "<p>Please complete the captcha.</p>", "bot-check"),
        ("News Site", "<p>Please log in to see this page.</p>", "paywall"),
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


SENTENCE = "The council met on Monday to discuss the plan for the harbour. "
HEADER = '<header><a href="/subscribe">Subscribe</a> <a href="/login">Sign in</a></header>'


def _page(body_html: str, head: str = "") -> dict:
    html = (
        f"<html><head><title>Harbour plan</title>{head}</head><body>{HEADER}"
        f"<article><h1>Harbour plan approved</h1>{body_html}</article></body></html>"
    )
    return extract_article(html, "https://x.com/news/harbour-plan")


@pytest.mark.parametrize(
    "prompt",
    [
        "<p>This article is for subscribers only.</p><p>Subscribe to read the full story.</p>",
        '<div class="login"><p>Sign in to continue reading.</p><button>Sign in</button></div>',
        "<p>Already a subscriber? Log in to read this article.</p>",
        "<p>Dieser Artikel ist nur für Abonnenten. Jetzt abonnieren und weiterlesen.</p>",
        "<p>Cet article est réservé aux abonnés.</p>",
        # A registration wall's: the story is free, after signing up.
        "<p>Sie möchten gerne weiterlesen?</p><p>Registrieren Sie sich jetzt kostenlos:</p>",
        "<p>This is a preview of subscription content, log in to check access.</p>",
    ],
)
def test_login_and_subscription_walls_are_not_articles(prompt: str) -> None:
    article = _page(f"<p>{SENTENCE}</p>{prompt}")
    assert check_article(article) == "paywall"
    assert article["paywalled"] is True


def test_truncated_teaser_behind_a_paywall_is_a_flagged_article() -> None:
    teaser = f"<p>{SENTENCE * 4}</p><p>{SENTENCE.replace('Monday', 'Tuesday') * 4}</p>"
    article = _page(teaser + '<div class="wall"><p>Subscribe to read the rest.</p></div>')
    assert article["paywalled"] is True
    assert check_article(article) is None
    assert "Subscribe" not in article["body"]


def test_full_article_with_a_hidden_paywall_template_is_not_paywalled() -> None:
    full = f"<p>{SENTENCE * 10}</p>" * 6
    hidden = "<div hidden><p>Subscribe to continue reading.</p></div>"
    article = _page(full + hidden)
    assert article["paywalled"] is False
    assert check_article(article) is None


def test_paywall_block_needs_a_teaser_to_flag_the_article() -> None:
    wall = '<div class="article-paywall"><p>Subscribe to read the rest.</p></div>'
    full = "".join(f"<p>Part {n}. {SENTENCE * 10}</p>" for n in range(6))
    assert _page(full + wall)["paywalled"] is False
    teaser = f"<p>{SENTENCE * 4}</p><p>{SENTENCE.replace('Monday', 'Tuesday') * 4}</p>"
    assert _page(teaser + wall)["paywalled"] is True


def test_subscribe_button_in_the_header_is_no_wall() -> None:
    article = _page(f"<p>{SENTENCE * 10}</p>")
    assert article["paywalled"] is False
    assert check_article(article) is None


def test_declared_paywall_with_little_text_is_not_an_article() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour plan'
        ' approved", "isAccessibleForFree": false}</script>'
    )
    assert check_article(_page(f"<p>{SENTENCE}</p>", ld)) == "paywall"
    assert check_article(_page(f"<p>{SENTENCE * 10}</p>", ld)) is None


def test_a_url_too_long_to_key_is_a_drop_reason() -> None:
    """The archive keys articles by URL, in columns of MAX_URL_LENGTH characters."""
    url = "https://x.com/news/story-" + "x" * 2100
    html = f"<html><head><title>A story</title></head><body><h1>A story</h1>{TEXT}</body></html>"
    article = extract_article(html, url)
    assert check_article(article) == "url-too-long"
    assert check_article(extract_article(html, "https://x.com/news/story")) is None
    long_image = f'<meta property="og:image" content="https://x.com/img/{"a" * 2100}.jpg">'
    with_image = html.replace("</title>", "</title>" + long_image)
    assert extract_article(with_image, "https://x.com/news/story")["image_url"] is None
