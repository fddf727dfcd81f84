"""Redirects (newscrawl.middlewares.redirect): what a followed redirect carries along."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import Response

from newscrawl.middlewares.redirect import RedirectMiddleware
from tests.utils import project_crawler

OLD = "https://example.com/news/2026/12/01/city-council-approves-new-housing-code/"
NEW = "https://example.com/news/2026/12/01/city-council-passes-housing-code/"
VALIDATORS = {
    "If-None-Match": '"old-etag"',
    "If-Modified-Since": "Tue, 01 Dec 2026 08:00:00 GMT",
}


def _redirected(request: Request, location: str) -> Request:
    middleware = RedirectMiddleware.from_crawler(project_crawler())
    response = Response(request.url, status=301, headers={"Location": location})
    result = middleware.process_response(request, response)
    assert isinstance(result, Request)
    return result


def test_a_revisit_redirected_to_another_url_goes_there_unconditionally() -> None:
    """An article moved to a new slug, revisited at its old URL with the old page's
    validators: the new URL's server would answer 304 for a page the crawl never saw."""
    headers = {**VALIDATORS, "Accept-Language": "de"}
    request = Request(OLD, headers=headers, meta={"newscrawl_article": True})
    redirected = _redirected(request, NEW)
    assert redirected.url == NEW
    assert b"If-None-Match" not in redirected.headers
    assert b"If-Modified-Since" not in redirected.headers
    # The rest of the request goes along as Scrapy sends it.
    assert redirected.meta["newscrawl_article"] is True
    assert redirected.meta["redirect_urls"] == [OLD]
    assert redirected.headers[b"Accept-Language"] == b"de"
