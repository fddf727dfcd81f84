"""When the spider asks for an article's next page (the chain itself: integration tests)."""

from __future__ import annotations

from scrapy.http import HtmlResponse

from newscrawl.items import ArticlePage
from newscrawl.spiders._article_pages import PAGES_META, next_part_request

URL = "https://www.example.de/politik/2024-05/wahl-analyse"
_DECLARED = '<meta property="og:type" content="article">'


def _response(url: str, head: str, *links: str) -> HtmlResponse:
    anchors = "".join(f'<a href="{link}">{n}</a>' for n, link in enumerate(links, 2))
    html = f"<html><head>{head}</head><body><p>Text.</p>{anchors}</body></html>"
    return HtmlResponse(url, body=html.encode(), encoding="utf-8")


def _request(response: HtmlResponse, number: int = 1, limit: int = 10, domains=("example.de",)):
    first = ArticlePage(url=URL, body=b"", site="example")
    return next_part_request(first, response, number, limit, domains, print, print)


def test_a_declared_article_is_followed_to_its_next_page() -> None:
    request = _request(_response(URL, _DECLARED, f"{URL}/seite-2"))
    assert request is not None and request.url == f"{URL}/seite-2"
    assert request.dont_filter and request.meta[PAGES_META][1] == 2
    # Past the first page, the page need not say it again.
    page_two = _response(f"{URL}/seite-2", "", f"{URL}/seite-3")
    assert _request(page_two, number=2).url == f"{URL}/seite-3"


def test_a_page_that_does_not_say_it_is_an_article_is_not() -> None:
    """A section page whose URL passed for an article's has pages too."""
    assert _request(_response(URL, "", f"{URL}/seite-2")) is None
    website = '<meta property="og:type" content="website">'
    assert _request(_response(URL, website, f"{URL}/seite-2")) is None


def test_the_limit_and_the_domains_bound_it() -> None:
    response = _response(URL, _DECLARED, f"{URL}/seite-2")
    assert _request(response, limit=1) is None
    assert _request(response, domains=("other.de",)) is None
