"""Cookies: the public suffix list is tldextract's bundled copy, never downloaded."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from scrapy import Request
from scrapy.http import HtmlResponse

import newscrawl.middlewares.cookies
from newscrawl.middlewares.cookies import MAX_COOKIES, CookiesMiddleware
from tests.utils import project_crawler


def test_a_cookie_for_a_public_suffix_is_refused_without_the_internet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_internet(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the public suffix list was asked of the internet")

    monkeypatch.setattr(requests.Session, "get", no_internet)
    monkeypatch.setattr(requests.Session, "request", no_internet)
    middleware = CookiesMiddleware.from_crawler(project_crawler())
    request = Request("https://news.example.co.uk/a")
    cookies = [
        ("Set-Cookie", "site=1; Domain=news.example.co.uk"),
        ("Set-Cookie", "everyone=1; Domain=co.uk"),  # a public suffix: not kept
    ]
    response = HtmlResponse(request.url, headers=cookies, request=request)
    middleware.process_response(request, response)
    follow = Request("https://news.example.co.uk/b")
    middleware.process_request(follow)
    assert follow.headers.get("Cookie") == b"site=1"
    splitter = newscrawl.middlewares.cookies.scrapy_cookies._split_domain
    # No list to download (where a cached copy exists, a download is not even tried: the
    # configuration is what tells), no cache file written.
    assert tuple(splitter.suffix_list_urls) == ()
    assert splitter._cache.enabled is False


def test_a_cookie_storm_is_cut_to_what_a_browser_keeps() -> None:
    """Two thousand cookies would make every later request's Cookie header 400 KB."""
    crawler = project_crawler()
    middleware = CookiesMiddleware.from_crawler(crawler)
    request = Request("https://news.example.com/a")
    storm = [("Set-Cookie", f"c{n}=" + "x" * 200) for n in range(2000)]
    storm.append(("Set-Cookie", "huge=" + "y" * 10_000))
    response = HtmlResponse(request.url, headers=storm, request=request)
    middleware.process_response(request, response)
    follow = Request("https://news.example.com/b")
    middleware.process_request(follow)
    sent = follow.headers.get("Cookie") or b""
    assert sent.count(b"=") == MAX_COOKIES and b"huge" not in sent
    assert crawler.stats.get_value("newscrawl/cookies/dropped") == 2001 - MAX_COOKIES
