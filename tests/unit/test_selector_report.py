"""A profile selector that matches no article of a run is said at its end."""

from __future__ import annotations

import logging
from typing import ClassVar

import pytest

from newscrawl.extensions.selectors import SelectorReport
from newscrawl.sites.profile import SiteProfile
from newscrawl.spiders.site import SiteSpider
from tests.utils import project_crawler


class PierSpider(SiteSpider):
    name = "pier"
    profile: ClassVar[SiteProfile] = SiteProfile(
        name="pier",
        domains=("example.com",),
        sections=("https://example.com/news",),
        selectors={"authors": ".no-such-byline", "image_credit": ".credit"},
    )


def test_a_selector_that_matched_no_article_is_said(caplog: pytest.LogCaptureFixture) -> None:
    crawler = project_crawler(PierSpider)
    spider = PierSpider.from_crawler(crawler)
    report = SelectorReport(crawler)
    for n in range(6):
        sources = {"authors": "json-ld", "image_credit": "selector" if n == 0 else "html"}
        report.item_scraped({"url": f"https://example.com/{n}", "field_sources": sources}, spider)
    with caplog.at_level(logging.WARNING):
        report.spider_closed(spider)
    assert [r.getMessage() for r in caplog.records] == [
        "The profile's selector authors = '.no-such-byline' matched none of the 6 articles "
        "of the run: has the site's markup changed? (Keep a replaced selector in "
        "[[earlier_selectors]], for the pages archived before the change.)"
    ]
    stats = crawler.stats
    assert stats is not None
    assert stats.get_value("newscrawl/selectors/authors/missed") == 6
    assert stats.get_value("newscrawl/selectors/image_credit/matched") == 1


def test_a_run_of_few_articles_says_nothing(caplog: pytest.LogCaptureFixture) -> None:
    crawler = project_crawler(PierSpider)
    spider = PierSpider.from_crawler(crawler)
    report = SelectorReport(crawler)
    report.item_scraped({"field_sources": {}}, spider)
    with caplog.at_level(logging.WARNING):
        report.spider_closed(spider)
    assert caplog.records == []
