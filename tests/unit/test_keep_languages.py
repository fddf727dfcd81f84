"""A crawl that asks for some languages keeps only the articles in them."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem

from newscrawl.extract.validate import check_article, kept_languages
from newscrawl.pipelines.validate import ValidatePipeline
from newscrawl.sites import ProfileError, profile_from_mapping
from newscrawl.spiders.news import NewsSpider
from tests.utils import project_crawler

_SITE = {"name": "x", "domains": ["e.com"], "sections": ["https://e.com/"]}


def _story(language: str | None) -> dict[str, Any]:
    return {
        "url": f"https://e.com/news/story-{language}",
        "title": "A story",
        "body": "word " * 60,
        "word_count": 60,
        "language": language,
    }


def test_an_article_in_another_language_or_in_none_told_is_dropped() -> None:
    german = kept_languages(["de"])
    assert check_article(_story("de"), languages=german) is None
    assert check_article(_story("fr"), languages=german) == "other-language"
    # A crawl that asks for German wants no article it cannot say is German.
    assert check_article(_story(None), languages=german) == "other-language"
    # None asked for: every language, and none.
    assert check_article(_story("fr")) is None
    assert check_article(_story(None)) is None
    # What makes a page no article is said first.
    assert check_article({**_story("fr"), "title": ""}, languages=german) == "no-title"


def test_languages_are_given_as_codes_or_tags() -> None:
    assert kept_languages(["de-CH", "FR", "iw", "en_GB"]) == {"de", "fr", "he", "en"}
    with pytest.raises(ValueError, match="'German' is not a language code like de or en-GB"):
        kept_languages(["de", "German"])


def test_a_profile_keeps_its_languages() -> None:
    assert profile_from_mapping({**_SITE, "keep_languages": ["de", "fr"]}).keep_languages == (
        "de",
        "fr",
    )
    assert profile_from_mapping({**_SITE, "keep_languages": "de"}).keep_languages == ("de",)
    with pytest.raises(ProfileError, match="keep_languages: 'German' is not a language code"):
        profile_from_mapping({**_SITE, "keep_languages": ["German"]})
    with pytest.raises(ProfileError, match="keep_languages must be a list of strings"):
        profile_from_mapping({**_SITE, "keep_languages": [7]})


def test_the_news_spider_takes_them_as_an_argument() -> None:
    spider = NewsSpider(start_urls="https://e.com/world", keep_languages="de, fr")
    assert spider.profile.keep_languages == ("de", "fr")
    with pytest.raises(ProfileError, match="keep_languages: 'xyz1' is not a language code"):
        NewsSpider.check_arguments({"start_urls": "https://e.com/world", "keep_languages": "xyz1"})


def _pipeline(spider: Spider, **settings: Any) -> ValidatePipeline:
    crawler = project_crawler(**settings)
    crawler.spider = spider
    pipeline = ValidatePipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline


def test_the_pipeline_keeps_the_profiles_languages_else_the_settings() -> None:
    everything = _pipeline(Spider("x"))
    assert everything.process_item(_story("fr"))["language"] == "fr"
    # The setting, for a spider whose profile names none.
    setting = _pipeline(Spider("x"), NEWSCRAWL_KEEP_LANGUAGES=["de"])
    assert setting.process_item(_story("de"))["language"] == "de"
    with pytest.raises(DropItem, match="other-language"):
        setting.process_item(_story("fr"))
    assert setting.stats.get_value("newscrawl/dropped/other-language") == 1
    # The spider's own languages take the setting's place.
    french = NewsSpider(start_urls="https://e.com/world", keep_languages="fr")
    profile = _pipeline(french, NEWSCRAWL_KEEP_LANGUAGES=["de"])
    assert profile.process_item(_story("fr"))["language"] == "fr"
    with pytest.raises(DropItem, match="other-language"):
        profile.process_item(_story("de"))
