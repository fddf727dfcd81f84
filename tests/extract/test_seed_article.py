"""The seed article (a Jerusalem Post page) in a realistic layout: every field asserted.

The second half proves the same result from what the page shows alone: with JSON-LD,
<meta> and <link> removed, the byline, the dateline read in the profile's timezone, the
breadcrumb and the tag links must give the same fields.
"""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from newscrawl.extract import extract_article
from newscrawl.sites import load_profiles
from tests.extract.goldens import CASES, FIXTURES, run_case

URL = CASES["jpost_article"]["url"]
TITLE = "Russia’s Foreign and Defense Ministers in Turkey for Libya and Syria talks"
CAPTION = (
    "Turkish Foreign Minister Mevlut Cavusoglu and Russian Foreign Minister Sergei Lavrov attend "
    "a joint news conference following their talks in Moscow, Russia January 13, 2020"
)
PARAGRAPHS = [
    "Russia’s Foreign Minister Sergey Lavrov and Defense Minister Sergei Shoigu are "
    "arriving in Turkey on Sunday as part of a major high-level delegation to discuss "
    "regional issues, Russia’s TASS reported. The visit comes days after Turkey’s president"
    " held a phone call with US President Donald Trump and Turkey’s Foreign Minister Mevlut"
    " Cavusoglu ordered the US to do more in Libya.",
    "Turkey has played an increasing role in Libya, leveraging energy contracts with the "
    "government in Tripoli to intervene in a civil war. Turkey now wants the US to work for"
    " it in Libya, telling Washington that Turkey is against Russia’s role in Libya. Russia"
    " supports the opposition in Libya. But Turkey also wants to host Russia to make a deal"
    " on Libya, much as Turkey buys S-400 air defense from Russia but says it wants the US "
    "to pressure Russia in Libya. In each case Ankara plays both sides.",
    "The goal now is for Turkey to host the Russian delegation on June 14 and hammer out "
    "several regional issues for “mutual interest,” Moscow says. Ankara prefers to work "
    "with Moscow, which it has worked with closely on Syrian issues for years, than the US."
    " Turkey has accused the US of “training terrorists” in Syria.",
    "In October 2019 Turkey ordered the US to leave a part of eastern Syria so Ankara could"
    " invade. Then Ankara signed a deal with Russia for joint patrols and the Syrian regime"
    " was able to get back a huge swath of Syria. Now it appears that Turkey and Russia may"
    " come up with a deal for Libya. They also have to discuss rising tensions in northwest"
    " Syria where they have a ceasefire. In Syria Turkey supports the opposition and Russia"
    " supports the government, whereas in Libya the support is reversed.",
    "Russia has had the upper hand in Syria while Turkey has been successful in Libya. "
    "Turkey has recruited Syrian rebel fighters to go to Libya to fight is war there so "
    "Turkish troops don’t need to be deployed.",
    "Egypt, which supports the opposition in Libya, offered a ceasefire in Libya, but "
    "Turkey does not seem interested.",
]
BOILERPLATE = [
    "Hot Opinion",
    "Netanyahu's attacks on the media",
    "Iran's march to a nuclear bomb",
    "Minority opinions matter",
    "Netanyahu wants to divide Jews",
    "Intersectional protests",
    "Most Read",
    "Civil War narrative",
    "Soleimani",
    "nicotine",
    "Cancer treatments",
    "Hezbollah",
    "Subscribe for our daily newsletter",
    "By subscribing I accept the terms of use",
    "Customer Service Center",
    "Copyright",
    "All rights reserved",
    "About Us",
    "Advertisement",
    "photo credit",
    "PAVEL GOLOVKIN",
    "joint news conference",
    "Tags",
    "SETH J. FRANTZMAN",
    "JUNE 14, 2020",
]


def _check_seed_fields(article: dict) -> None:
    assert article["url"] == URL
    assert article["canonical_url"] == URL
    assert article["site"] == "jpost"
    assert article["title"] == TITLE
    assert article["authors"] == ["Seth J. Frantzman"]
    assert article["published_at"] == "2020-06-14T08:35:00+03:00"
    assert article["section"] == "Middle East"
    assert article["tags"] == ["Libya", "Syria", "Turkey", "Russia"]
    assert article["language"] == "en"
    assert article["image_caption"] == CAPTION
    assert article["image_credit"] == "PAVEL GOLOVKIN/POOL VIA REUTERS"
    assert article["image_url"].startswith("https://images.jpost.com/image/upload/")
    assert article["body"].split("\n\n") == PARAGRAPHS
    assert article["body"] == "\n\n".join(PARAGRAPHS)
    assert "  " not in article["body"]
    for line in BOILERPLATE:
        assert line not in article["body"], line
    assert article["word_count"] == sum(len(p.split()) for p in PARAGRAPHS)
    assert article["paywalled"] is False


def test_seed_article_every_field() -> None:
    article = run_case("jpost_article")
    _check_seed_fields(article)
    assert article["modified_at"] == "2020-06-14T08:35:00+03:00"
    assert article["description"].startswith("Turkey now wants the US")
    assert article["crawled_at"] == "2024-01-01T12:00:00+00:00"
    assert len(article["content_hash"]) == 64


def _visible_only() -> bytes:
    """The fixture without JSON-LD, <meta> and <link>: only what a reader sees."""
    tree = lxml.html.fromstring((FIXTURES / "jpost_article.html").read_bytes())
    for element in tree.xpath("//script | //meta[not(@charset)] | //link"):
        element.getparent().remove(element)
    return lxml.html.tostring(tree, encoding="utf-8")


def test_seed_article_from_the_visible_page_alone() -> None:
    page = _visible_only()
    assert b"ld+json" not in page and b"og:" not in page
    article = extract_article(
        page, URL, load_profiles()["jpost"], crawled_at=datetime(2024, 1, 1, tzinfo=UTC)
    )
    _check_seed_fields(article)
    assert article["modified_at"] is None
    assert article["field_sources"]["published_at"] == "html"
    assert article["field_sources"]["section"] == "breadcrumb"
    assert article["field_sources"]["tags"] == "html"


def test_visible_dateline_is_read_in_the_profile_timezone() -> None:
    page = _visible_only()
    with_profile = extract_article(page, URL, load_profiles()["jpost"])
    without = extract_article(page, URL)
    assert with_profile["published_at"] == "2020-06-14T08:35:00+03:00"
    assert without["published_at"] == "2020-06-14T08:35:00+00:00"
    assert without["site"] == "jpost.com"


def test_visible_byline_without_profile_selectors() -> None:
    article = extract_article(_visible_only(), URL)
    assert article["authors"] == ["Seth J. Frantzman"]
    assert article["field_sources"]["authors"] == "byline"


@pytest.mark.parametrize("encoding", [None, "utf-8"])
def test_seed_article_as_text_or_bytes(encoding: str | None) -> None:
    raw = (FIXTURES / "jpost_article.html").read_bytes()
    as_bytes = extract_article(raw, URL, encoding=encoding)
    as_text = extract_article(raw.decode("utf-8"), URL)
    assert as_bytes["content_hash"] == as_text["content_hash"]
