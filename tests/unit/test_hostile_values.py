"""Values found by fuzzing the parsers (atheris): each must cost its own field or entry only.

Each case once raised something other than the component's documented error, which in a
crawl drops an article with a traceback ("extraction-error"), or ends a feed's or a
sitemap's reading midway.
"""

from __future__ import annotations

import pytest

from newscrawl.extract import extract_article
from newscrawl.extract.dates import parse_date
from newscrawl.middlewares._timing import retry_after_seconds
from newscrawl.spiders._feeds import feed_entries
from newscrawl.spiders._listed import listed_time, news_sitemap_listings
from newscrawl.storage.prepared import PrepareOptions, prepare
from newscrawl.urls import canonicalize_url, is_http_url, join_http_url, url_key

_BODY = (
    "<p>The council voted on Tuesday to approve the harbour ferry plan, after a long debate.</p>"
)


def _page(head: str) -> bytes:
    return f"<html><head><title>Ferry plan approved</title>{head}</head><body>{_BODY}</body></html>".encode()


@pytest.mark.parametrize(
    "charset", ["rot13", "base64", "hex", "zlib", "idna", "punycode", "undefined"]
)
def test_a_charset_that_is_no_document_encoding_is_ignored(charset: str) -> None:
    page = f'<meta charset="{charset}">'.encode() + _page("") + b"\xe9"  # not UTF-8
    assert extract_article(page, "https://e.com/news/ferry")["title"] == "Ferry plan approved"


def test_an_encoding_with_a_nul_is_ignored() -> None:
    assert extract_article(_page(""), "https://e.com/news/ferry", encoding="a\0")["title"]


def test_a_year_past_any_calendar_is_no_date() -> None:
    huge = "14 Jun 99999999999999999999 08:35"
    assert parse_date(huge) is None
    assert listed_time(f"Sun, {huge}:00 GMT") is None
    assert retry_after_seconds(f"Wed, {huge}:00 GMT") is None
    page = _page(f'<meta property="article:published_time" content="{huge}">')
    assert extract_article(page, "https://e.com/news/ferry")["published_at"] is None
    feed = (
        b"<rss><channel><item><link>https://e.com/a-1</link><pubDate>Sun, " + huge.encode()
        + b":00 GMT</pubDate></item><item><link>https://e.com/a-2</link></item></channel></rss>"
    )  # fmt: skip
    assert list(feed_entries(feed, "https://e.com/rss")) == [
        "https://e.com/a-1", "https://e.com/a-2",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "url", ["https://ex[::1].co/news/a", "https://[::1]x/a", "https://\uff3c.com/news/a"]
)
def test_a_url_scrapy_would_refuse_is_no_url(url: str) -> None:
    assert not is_http_url(url)
    assert join_http_url("https://e.com/", url) is None
    # Declared as the page's canonical URL: the page's own URL is kept instead.
    page = _page(f'<link rel="canonical" href="{url}">')
    assert extract_article(page, "https://e.com/news/ferry")["canonical_url"] == (
        "https://e.com/news/ferry"
    )
    feed = f"<rss><channel><item><link>{url}</link></item><item><link>https://e.com/a-2</link></item></channel></rss>"
    assert list(feed_entries(feed.encode(), "https://e.com/rss")) == ["https://e.com/a-2"]


def test_an_ipv6_host_keeps_its_brackets() -> None:
    canonical = canonicalize_url("http://[2001:db8::1]:8080/news/ferry/")
    assert canonical == "http://[2001:db8::1]:8080/news/ferry"
    assert url_key(canonical) == "[2001:db8::1]:8080/news/ferry"
    page = _page('<link rel="canonical" href="http://[2001:db8::1]:8080/news/ferry">')
    article = extract_article(page, "http://[2001:db8::1]:8080/news/ferry?utm_source=x")
    assert url_key(article["canonical_url"]) == "[2001:db8::1]:8080/news/ferry"


@pytest.mark.parametrize("archived", ["https://[x/news/a", "https://\u2100.com/news/a"])
def test_a_snapshot_of_a_malformed_url_is_read_as_the_snapshots_page(archived: str) -> None:
    url = f"https://web.archive.org/web/20200101000000/{archived}"
    assert extract_article(_page(""), url)["title"] == "Ferry plan approved"


def test_one_bad_loc_costs_a_news_sitemap_its_entry_only() -> None:
    entry = "<url><loc>{}</loc><news:news><news:keywords>Ferries</news:keywords></news:news></url>"
    body = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        + "".join(
            entry.format(loc) for loc in ("https://e.com:x/", "https://[x/", "https://e.com/a-1")
        )
        + "</urlset>"
    )
    assert list(news_sitemap_listings(body.encode())) == ["https://e.com/a-1"]


def test_a_lone_surrogate_in_a_callers_text_is_fingerprinted() -> None:
    """The extractor never gives one; a caller's text may (prepare raised UnicodeEncodeError)."""
    article = {"title": "Ferry " + chr(0xD800) + " returns", "body": "short", "content_hash": "h"}
    prepared = prepare(article, b"", PrepareOptions(fingerprint=True))
    assert prepared.fingerprint and len(prepared.fingerprint) == 64
