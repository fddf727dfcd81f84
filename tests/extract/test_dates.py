from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from lxml.html import fromstring

from newscrawl.extract import dates, extract_article
from newscrawl.extract.datelines import split_dateline, visible_dates
from newscrawl.extract.listing import Listing
from newscrawl.extract.paragraphs import postclean
from newscrawl.sites.profile import SiteProfile

JERUSALEM = ZoneInfo("Asia/Jerusalem")
NOW = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "tz", "expected"),
    [
        ("2020-06-14T08:35:00+03:00", UTC, "2020-06-14T08:35:00+03:00"),
        ("2020-06-14T05:35:00Z", JERUSALEM, "2020-06-14T05:35:00+00:00"),
        ("2020-06-14T08:35:00", JERUSALEM, "2020-06-14T08:35:00+03:00"),
        ("2020-01-14T08:35:00", JERUSALEM, "2020-01-14T08:35:00+02:00"),  # winter time
        ("2020-06-14", JERUSALEM, "2020-06-14T00:00:00+03:00"),
        ("JUNE 14, 2020 08:35", JERUSALEM, "2020-06-14T08:35:00+03:00"),
        ("Sun, 14 Jun 2020 08:35:00 GMT", JERUSALEM, "2020-06-14T08:35:00+00:00"),
        ("2020-06-14T08:35:00.123+0300", UTC, "2020-06-14T08:35:00+03:00"),
        ("14. Juni 2020, 08:35 Uhr", UTC, "2020-06-14T08:35:00+00:00"),
        ("2020年6月14日 8時35分", UTC, "2020-06-14T08:35:00+00:00"),
        # Japanese era years: Reiwa 6 is 2024, its first year (元年) 2019; Heisei 31 2019.
        ("令和6年1月13日 21時37分", UTC, "2024-01-13T21:37:00+00:00"),
        ("令和元年5月1日", UTC, "2019-05-01T00:00:00+00:00"),
        ("平成31年4月30日", UTC, "2019-04-30T00:00:00+00:00"),
    ],
)
def test_parse_date(raw: str, tz: object, expected: str) -> None:
    parsed = dates.parse_date(raw, tz, ("de", "en"))  # type: ignore[arg-type]
    assert dates.to_iso(parsed) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # The Levant's month names, alone or with the other name in brackets.
        ("13 كانون الثاني 2024", "2024-01-13T00:00:00+00:00"),
        ("الأحد 7 تشرين الأول (أكتوبر) 2024 - 10:30", "2024-10-07T10:30:00+00:00"),
        ("15 آب 2024", "2024-08-15T00:00:00+00:00"),
    ],
)
def test_levantine_month_names_are_read_on_arabic_pages(raw: str, expected: str) -> None:
    assert dates.to_iso(dates.parse_date(raw, UTC, ("ar", "en"))) == expected


@pytest.mark.parametrize("raw", ["", "yesterday's news", "Section 5", None])
def test_unparseable_dates_give_none(raw: str | None) -> None:
    assert dates.parse_date(raw) is None


@pytest.mark.parametrize("raw", ["3 hours ago", "vor 2 Tagen", "il y a 5 minutes"])
def test_relative_dates_are_not_publication_dates(raw: str) -> None:
    # Relative to when the page is parsed, not to when it was published.
    assert dates.parse_date(raw, UTC, ("de", "fr", "en")) is None


@pytest.mark.parametrize(
    "value",
    [
        datetime(1, 1, 1, tzinfo=UTC),  # placeholder
        datetime(1970, 1, 1, tzinfo=UTC),  # epoch
        NOW + timedelta(days=2),  # the future
        NOW,  # rendered at request time
        NOW - timedelta(seconds=5),
    ],
)
def test_junk_dates_are_rejected(value: datetime) -> None:
    assert not dates.is_plausible(value, NOW)


def test_the_servers_now_is_read_against_the_time_it_served_the_page() -> None:
    # Our clock may be off the server's: without the server's word, a minute either way.
    fresh = NOW - timedelta(seconds=40)
    assert not dates.is_plausible(fresh, NOW)
    # With it, one clock: the server's "now" is within seconds of its Date header, and a
    # story published 40 s before the fetch is a story.
    assert dates.is_plausible(fresh, NOW, served_at=NOW)
    skewed = NOW + timedelta(seconds=90)  # the server's clock runs ahead of ours
    assert not dates.is_plausible(skewed - timedelta(seconds=2), NOW, served_at=skewed)
    assert dates.is_plausible(skewed - timedelta(seconds=30), NOW, served_at=skewed)


def test_a_story_fetched_a_minute_after_publication_keeps_its_time() -> None:
    published = NOW - timedelta(seconds=45)
    head = (
        f'<meta property="article:published_time" content="{published.isoformat()}">'
        f'<meta property="article:modified_time" content="{NOW.isoformat()}">'
    )
    url = "https://x.com/news/2024/01/01/story"
    article = extract_article(_page(head), url, crawled_at=NOW, served_at=NOW)
    assert article["published_at"] == "2024-01-01T11:59:15+00:00"
    assert article["field_sources"]["published_at"] == "opengraph"
    # The modified time is the server's clock as it rendered the page: no date.
    assert article["modified_at"] is None
    # Without the time the server made the page, our clock's wide window takes it for one.
    article = extract_article(_page(head), url, crawled_at=NOW)
    assert article["published_at"] == "2024-01-01T00:00:00+00:00"
    # A server's clock off ours by minutes: its "now" is still told by its own Date.
    late = NOW - timedelta(minutes=3)
    rendered = f'<meta property="article:published_time" content="{late.isoformat()}">'
    article = extract_article(_page(rendered), url, crawled_at=NOW, served_at=late)
    assert article["published_at"] == "2024-01-01T00:00:00+00:00"


def test_choose_refines_a_bare_day_with_a_time_of_the_same_day() -> None:
    day = dates.DateCandidate("json-ld", datetime(2020, 6, 14, tzinfo=UTC), False)
    timed = dates.DateCandidate("opengraph", datetime(2020, 6, 14, 8, 35, tzinfo=UTC), True)
    other = dates.DateCandidate("html", datetime(2020, 6, 15, 9, 0, tzinfo=UTC), True)
    assert dates.choose([day, other, timed]) is timed
    assert dates.choose([day, other]) is day
    assert dates.choose([]) is None


def _page(head: str = "", body: str = "") -> str:
    text = "<p>" + "Plenty of words in this article body. " * 20 + "</p>"
    return f"<html><head>{head}</head><body><article><h1>T</h1>{body}{text}</article></body></html>"


def test_published_and_modified_are_kept_apart() -> None:
    head = (
        '<meta property="article:published_time" content="2020-06-14T08:35:00+03:00">'
        '<meta property="article:modified_time" content="2020-06-15T10:00:00+03:00">'
    )
    article = extract_article(_page(head), "https://x.com/a/b", crawled_at=NOW)
    assert article["published_at"] == "2020-06-14T08:35:00+03:00"
    assert article["modified_at"] == "2020-06-15T10:00:00+03:00"


@pytest.mark.parametrize(
    ("head", "url", "day_only"),
    [
        ('<meta property="article:published_time" content="2020-06-14T08:35:00+03:00">',
         "https://x.com/a/b", False),
        ('<meta property="article:published_time" content="2020-06-14">', "https://x.com/a/b",
         True),
        # a day declared, and its time in another source: the time makes it exact
        ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "T",'
         ' "datePublished": "2020-06-14"}</script>'
         '<meta property="article:published_time" content="2020-06-14T08:35:00Z">',
         "https://x.com/a/b", False),
        ("", "https://x.com/news/2020/06/14/story", True),  # the URL's day
        ("", "https://x.com/a/b", None),  # no date at all
    ],
)  # fmt: skip
def test_a_publication_day_without_a_time_is_said(
    head: str, url: str, day_only: bool | None
) -> None:
    article = extract_article(_page(head), url, crawled_at=NOW)
    assert article["published_day_only"] is day_only
    assert (article["published_at"] is None) == (day_only is None)


@pytest.mark.parametrize(
    ("declared", "published_at", "day_only"),
    [
        # midnight to the second: a day, whose time the dateline gives
        ("2024-03-05T00:00:00+01:00", "2024-03-05T14:30:00+01:00", False),
        # the site's midnight in UTC: the site's day
        ("2024-03-04T23:00:00Z", "2024-03-05T14:30:00+01:00", False),
        # another day than the dateline's: a day alone, in the site's zone
        ("2024-03-03T23:00:00Z", "2024-03-04T00:00:00+01:00", True),
        # a time of day, even a minute past midnight, is one
        ("2024-03-05T00:01:00+01:00", "2024-03-05T00:01:00+01:00", False),
    ],
)
def test_a_midnight_to_the_second_is_a_day_without_a_time(
    declared: str, published_at: str, day_only: bool
) -> None:
    head = f'<meta property="article:published_time" content="{declared}">'
    body = '<p class="dateline">Veröffentlicht am 5. März 2024, 14:30 Uhr</p>'
    page = _page(head, body).replace("<html>", '<html lang="de">')
    article = extract_article(page, "https://x.de/a/b", crawled_at=NOW.replace(2025))
    assert (article["published_at"], article["published_day_only"]) == (published_at, day_only)


def test_junk_structured_date_falls_back_to_the_next_source() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "T",'
        ' "datePublished": "0001-01-01T00:00:00"}</script>'
        '<meta name="pubdate" content="2020-06-14T08:35:00Z">'
    )
    article = extract_article(_page(head), "https://x.com/a/b", crawled_at=NOW)
    assert article["published_at"] == "2020-06-14T08:35:00+00:00"
    assert article["field_sources"]["published_at"] == "meta"


def test_url_date_is_the_last_resort() -> None:
    article = extract_article(_page(), "https://x.com/news/2020/06/14/story", crawled_at=NOW)
    assert article["published_at"] == "2020-06-14T00:00:00+00:00"
    assert article["field_sources"]["published_at"] == "url"


def test_visible_time_element_and_updated_label() -> None:
    body = (
        '<time datetime="2020-06-14T08:35:00+03:00">June 14</time>'
        '<span class="updated-date">Updated: June 16, 2020 10:00</span>'
    )
    article = extract_article(_page(body=body), "https://x.com/a/b", crawled_at=NOW)
    assert article["published_at"] == "2020-06-14T08:35:00+03:00"
    assert article["modified_at"] == "2020-06-16T10:00:00+00:00"


def test_date_from_url_patterns() -> None:
    assert dates.date_from_url("https://x.com/2020/06/14/a") == datetime(2020, 6, 14, tzinfo=UTC)
    assert dates.date_from_url("https://x.com/a-2020-06-14.html") is not None
    assert dates.date_from_url("https://x.com/a/20201399/b") is None
    assert dates.date_from_url("https://x.com/a/631386") is None


@pytest.mark.parametrize(
    ("raw", "tz", "expected"),
    [
        ("24 June 2025, 20:30 BST", UTC, "2025-06-24T20:30:00+01:00"),
        ("4 February 2025, 08:00 GMT", JERUSALEM, "2025-02-04T08:00:00+00:00"),
        ("27 May 2025, 11:10 BST", UTC, "2025-05-27T11:10:00+01:00"),  # RFC 2822-like
        ("June 3, 2024 9:15 a.m. ET", UTC, "2024-06-03T09:15:00-04:00"),
        ("January 3, 2024 9:15 AM EST", UTC, "2024-01-03T09:15:00-05:00"),
        ("14.06.2020, 08:35 Uhr MESZ", UTC, "2020-06-14T08:35:00+02:00"),
        ("14 June 2020 08:35 IDT", JERUSALEM, "2020-06-14T08:35:00+03:00"),
        ("14 June 2020 08:35 IST", JERUSALEM, "2020-06-14T08:35:00+02:00"),  # literally IST
        ("14 January 2020 08:35 IST", JERUSALEM, "2020-01-14T08:35:00+02:00"),
        ("14 January 2020 08:35 IST", UTC, "2020-01-14T08:35:00+05:30"),  # India's, by default
        ("14 January 2020 08:35 (GMT+2)", UTC, "2020-01-14T08:35:00+02:00"),
    ],
)
def test_zone_named_after_the_time_beats_the_site_timezone(
    raw: str, tz: object, expected: str
) -> None:
    parsed = dates.parse_date(raw, tz, ("en", "de"))  # type: ignore[arg-type]
    assert dates.to_iso(parsed) == expected


def test_split_dateline_into_published_and_updated() -> None:
    assert split_dateline(
        "Published 4 Feb 2025, 08:00 GMT · Last updated 4 Feb 2025, 13:25 GMT"
    ) == (
        "4 Feb 2025, 08:00 GMT",
        "4 Feb 2025, 13:25 GMT",
    )
    assert split_dateline("June 14, 2020 (updated June 15, 2020)") == (
        "June 14, 2020",
        "June 15, 2020",
    )
    assert split_dateline("Aktualisiert am 14.06.2020") == (None, "14.06.2020")


RELATED = (
    '<section class="related"><h2>Related</h2><ul>'
    '<li><a href="/a/2020/05/01/other">Another story about something else</a>'
    " <time>1 May 2020</time></li></ul></section>"
)
TEASERS = (
    '<ul><li><a href="/a/2020/05/02/x">A teaser for yet another story</a>'
    " <time>2 May 2020</time></li></ul>"
)


def test_dates_in_teasers_and_related_lists_are_not_the_articles() -> None:
    tree = fromstring(
        f"<html><body>{TEASERS}<h1>Story</h1>"
        '<p class="date">Published 14 June 2020, 08:35 BST</p>'
        f"<aside><time>3 May 2020</time></aside>{RELATED}</body></html>"
    )
    shown = visible_dates(tree, headline=next(tree.iter("h1")))
    assert shown.published == ["14 June 2020, 08:35 BST"]
    assert shown.lines == ["Published 14 June 2020, 08:35 BST"]


def test_visible_dateline_wins_over_related_dates_before_it() -> None:
    body = (
        f"{TEASERS}"
        '<p class="date">Published 14 June 2020, 20:30 BST · Last updated 15 June 2020, 09:00 BST'
        f"</p>{RELATED}"
    )
    article = extract_article(_page(body=body), "https://x.com/a/b", crawled_at=NOW)
    assert article["published_at"] == "2020-06-14T20:30:00+01:00"
    assert article["modified_at"] == "2020-06-15T09:00:00+01:00"
    assert "Published" not in article["body"] and "updated" not in article["body"]


def test_shown_date_far_from_the_urls_day_is_not_the_publication_date() -> None:
    body = '<span class="date">Event on 2 May 2020</span>'
    url = "https://x.com/news/2020/06/14/story"
    article = extract_article(_page(body=body), url, crawled_at=NOW)
    assert article["published_at"] == "2020-06-14T00:00:00+00:00"
    near = '<span class="date">June 14, 2020 23:10</span>'
    article = extract_article(_page(body=near), url, crawled_at=NOW)
    assert article["published_at"] == "2020-06-14T23:10:00+00:00"


def test_dates_outside_the_month_the_url_names_are_not_the_posts() -> None:
    # A Blogger post (/2013/10/post.html): the blog's schema.org markup declares the day
    # the blog began, a sidebar shows an old archive date; the post's own dateline is kept.
    head = '<meta itemprop="datePublished" content="2010-05-02">'
    body = '<span class="date">2 May 2010</span><span class="date">5 October 2013</span>'
    url = "https://shelf.example/2013/10/an-interview.html"
    article = extract_article(_page(head, body), url, crawled_at=NOW)
    assert article["published_at"] == "2013-10-05T00:00:00+00:00"
    # With nothing in the month, no date is better than the blog's.
    article = extract_article(_page(head, '<span class="date">2 May 2010</span>'), url)
    assert article["published_at"] is None
    # A declared date within the month is trusted as before.
    head = '<meta itemprop="datePublished" content="2013-10-04T21:10:00+00:00">'
    article = extract_article(_page(head, body), url, crawled_at=NOW)
    assert article["published_at"] == "2013-10-04T21:10:00+00:00"


@pytest.mark.parametrize(
    "shown",
    [
        "erstellt: 01. April 2025, 15:25",
        "Created: April 1, 2025 15:25",
        "Pubblicato: 01.04.2025 15:25",
    ],
)
def test_created_and_published_labels_leave_the_dateline(shown: str) -> None:
    page = _page(body=f'<span class="meta_date">{shown}</span>')
    url = "https://x.example/2025/04/01/story"
    article = extract_article(page, url, crawled_at=NOW.replace(year=2026))
    assert article["published_at"] == "2025-04-01T15:25:00+00:00"


_SCRIPTS = {
    "ko": lambda ch: "\uac00" <= ch <= "\ud7a3",
    "ja": lambda ch: "\u3040" <= ch <= "\u30ff" or ch in "公開配信分",
    "he": lambda ch: "\u0590" <= ch <= "\u05ff",
    "ar": lambda ch: "\u0600" <= ch <= "\u06ff",
    "zh": lambda ch: "\u4e00" <= ch <= "\u9fff",
}


@pytest.mark.parametrize(
    ("shown", "published", "modified"),
    [
        # Korean: the afternoon word before a 12-hour time; "입력" and "수정" labels.
        ("2025년 4월 1일 오후 3시 25분", "2025-04-01T15:25:00+00:00", None),
        ("입력 2025.04.01 오후 3:25", "2025-04-01T15:25:00+00:00", None),
        ("입력 2025-04-01 15:25 | 수정 2025-04-01 16:40", "2025-04-01T15:25:00+00:00",
         "2025-04-01T16:40:00+00:00"),
        # Japanese and Chinese.
        ("2025年4月1日 午後3時25分", "2025-04-01T15:25:00+00:00", None),
        ("公開 2025/04/01 15:25", "2025-04-01T15:25:00+00:00", None),
        ("2025-04-01 15:25:32 来源：新华社", "2025-04-01T15:25:32+00:00", None),
        # Labels after their dates, run into them or not; NHK's updated time in brackets,
        # without its year; a full-width colon after a Chinese label.
        ("2025年4月1日 15:25公開 2025年4月1日 16:40更新", "2025-04-01T15:25:00+00:00",
         "2025-04-01T16:40:00+00:00"),
        ("2025/04/01 15:25 配信\u30002025/04/01 16:40 更新", "2025-04-01T15:25:00+00:00",
         "2025-04-01T16:40:00+00:00"),
        ("2025年4月1日 15時25分 (4月1日 16時40分更新)", "2025-04-01T15:25:00+00:00",
         "2025-04-01T16:40:00+00:00"),
        ("发布时间：2025-04-01 15:25 更新时间：2025-04-01 16:40", "2025-04-01T15:25:00+00:00",
         "2025-04-01T16:40:00+00:00"),
        # Hebrew (Ynet's), Arabic with its vowel marks and its city's time after the date.
        ("פורסם: 01.04.25, 15:25 | עודכן: 01.04.25, 16:40", "2025-04-01T15:25:00+00:00",
         "2025-04-01T16:40:00+00:00"),
        ("نُشر في: الثلاثاء 1 أبريل 2025 - 03:25 م بتوقيت القاهرة",
         "2025-04-01T15:25:00+00:00", None),
    ],
)  # fmt: skip
def test_datelines_in_other_scripts_keep_their_time_and_labels(
    shown: str, published: str, modified: str | None
) -> None:
    """They were left to htmldate's day (midnight), or read 12 hours early."""
    # The page's language, as such pages declare it (the test body is English).
    lang = next(
        (code for code, script in _SCRIPTS.items() if any(script(ch) for ch in shown)), "en"
    )
    page = _page(body=f'<div class="date">{shown}</div>').replace("<html>", f'<html lang="{lang}">')
    crawled = NOW.replace(year=2026)
    article = extract_article(page, "https://x.example/news/story-1", crawled_at=crawled)
    assert (article["published_at"], article["modified_at"]) == (published, modified)
    assert article["field_sources"]["published_at"] == "html"


def test_a_stale_declared_date_yields_to_the_day_the_url_and_the_page_show() -> None:
    """A template's JSON-LD left at a date of years ago, with a time of day: the page's
    <time> and its URL agree on another day (without the URL's word, it stands)."""
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "T",'
        ' "datePublished": "2019-03-14T00:00:00Z"}</script>'
    )
    page = _page(head=head, body='<time datetime="2023-11-28T16:20:00-06:00">28 Nov</time>')
    dated = extract_article(page, "https://x.example/2023/11/28/story", crawled_at=NOW)
    assert dated["published_at"] == "2023-11-28T16:20:00-06:00"
    undated = extract_article(page, "https://x.example/news/story", crawled_at=NOW)
    assert undated["published_at"] == "2019-03-14T00:00:00+00:00"


def test_opengraph_article_names_spelled_otherwise_are_read() -> None:
    head = (
        '<meta property="article:published:time" content="2024-10-23T15:48:15+00:00">'
        '<meta property="article:modified-time" content="2024-10-24T08:00:00+00:00">'
    )
    article = extract_article(
        _page(head), "https://x.example/a/b", crawled_at=NOW.replace(year=2025)
    )
    assert article["published_at"] == "2024-10-23T15:48:15+00:00"
    assert article["modified_at"] == "2024-10-24T08:00:00+00:00"
    assert article["field_sources"]["published_at"] == "opengraph"


def test_a_time_declared_in_utc_is_given_in_the_pages_own_offset() -> None:
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"T",'
        '"datePublished":"2020-02-25T02:25:54Z"}</script>'
    )
    url = "https://x.example/a/b"
    # The page shows the same instant in local time: 5 hours behind UTC.
    shown = _page(ld, '<span class="date">February 24, 2020 | 9:25pm</span>')
    article = extract_article(shown, url, crawled_at=NOW)
    assert article["published_at"] == "2020-02-24T21:25:54-05:00"
    # Another declared value of the same instant carries the offset.
    meta = ld + '<meta property="article:published_time" content="2020-02-24T21:25:54-05:00">'
    assert extract_article(_page(meta), url, crawled_at=NOW)["published_at"] == (
        "2020-02-24T21:25:54-05:00"
    )
    # A shown time that is not the same instant in any offset, or a midnight, tells nothing.
    for other in ("February 24, 2020 | 9:12pm", "February 25, 2020 00:00"):
        page = _page(ld, f'<span class="date">{other}</span>')
        assert extract_article(page, url, crawled_at=NOW)["published_at"] == (
            "2020-02-25T02:25:54+00:00"
        )


def test_a_time_shown_alone_gives_the_offset() -> None:
    # "21:25" beside the day: dateparser would put it on today's date.
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"T",'
        '"datePublished":"2022-05-04T00:25:56Z"}</script>'
    )
    shown = '<time class="date">3 May 2022</time> <span class="date">21:25</span>'
    article = extract_article(_page(ld, shown), "https://x.example/a/b", crawled_at=NOW)
    assert article["published_at"] == "2022-05-03T21:25:56-03:00"


def test_the_country_of_the_sites_domain_gives_its_zone() -> None:
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"T",'
        '"datePublished":"2022-05-04T00:25:56Z"}</script>'
    )
    # A time declared in UTC is given in the local time of the site's country ...
    for url in ("https://diario.example.com.ar/a/b", "https://www.diario.com.uy/a/b"):
        article = extract_article(_page(ld), url, crawled_at=NOW)
        assert article["published_at"] == "2022-05-03T21:25:56-03:00", url
    # ... but not where the domain names no country, or a country with several clocks.
    for url in ("https://x.example/a/b", "https://x.io/a/b", "https://x.com.au/a/b"):
        article = extract_article(_page(ld), url, crawled_at=NOW)
        assert article["published_at"] == "2022-05-04T00:25:56+00:00", url
    # A naive time is read in the site's country's zone.
    naive = '<meta property="article:published_time" content="2022-05-04T10:00:00">'
    article = extract_article(_page(naive), "https://x.co.uk/a/b", crawled_at=NOW)
    assert article["published_at"] == "2022-05-04T10:00:00+01:00"  # British summer time
    # A profile's timezone beats the domain's.
    profile = SiteProfile(name="x", domains=("x.de",), sections=("https://x.de/",),
                          timezone="Asia/Tokyo")  # fmt: skip
    article = extract_article(_page(ld), "https://x.de/a/b", profile, crawled_at=NOW)
    assert article["published_at"] == "2022-05-04T09:25:56+09:00"


def test_the_day_the_page_shows_decides_a_zone_that_would_change_it() -> None:
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"T",'
        '"datePublished":"2021-11-04T23:30:00Z"}</script>'
    )
    url = "https://x.de/a/b"
    # Berlin's clock says 5 November; the page shows the 4th: the site keeps UTC.
    for day, expected in (("4.11.2021", "2021-11-04T23:30:00+00:00"),
                          ("5.11.2021", "2021-11-05T00:30:00+01:00")):  # fmt: skip
        page = _page(ld, f'<span class="date">{day}</span>').replace("<html>", '<html lang="de">')
        assert extract_article(page, url, crawled_at=NOW)["published_at"] == expected, day
    # No day shown: Berlin's time.
    assert extract_article(_page(ld), url, crawled_at=NOW)["published_at"] == (
        "2021-11-05T00:30:00+01:00"
    )


def test_dotted_dateline_on_a_german_page_is_day_first() -> None:
    page = _page(body='<div class="datum">02.11.2021</div>').replace("<html>", '<html lang="de">')
    article = extract_article(page, "https://x.de/themen/wasserstoff", crawled_at=NOW)
    assert article["published_at"] == "2021-11-02T00:00:00+01:00"  # .de: Berlin's time
    assert article["field_sources"]["published_at"] == "html"


@pytest.mark.parametrize(
    ("url", "tags", "published"),
    [
        # The page's language tag names the country...
        ("https://news.example.com/floods", '<html lang="en-GB">', "2020-10-02T14:05:00+00:00"),
        ("https://news.example.com/floods", '<html lang="en-IN">', "2020-10-02T14:05:00+05:30"),
        (
            "https://news.example.com/floods",
            '<html lang="en"><meta http-equiv="content-language" content="en-NZ">',
            "2020-10-02T14:05:00+13:00",
        ),
        (
            "https://news.example.com/floods",
            '<html lang="en"><meta property="og:locale" content="en_IE">',
            "2020-10-02T14:05:00+01:00",
        ),
        # ... else the country of the site's domain does (a CMS's default en-US says less).
        ("https://news.example.co.uk/floods", '<html lang="en">', "2020-10-02T14:05:00+01:00"),
        ("https://news.example.co.uk/floods", '<html lang="en-US">', "2020-10-02T14:05:00+01:00"),
        ("https://news.example.com.au/floods", "<html>", "2020-10-02T14:05:00+00:00"),
        ("https://news.example.ie/floods", "<html>", "2020-10-02T14:05:00+01:00"),
        ("https://news.example.co.za/floods", '<html lang="en">', "2020-10-02T14:05:00+02:00"),
    ],
)
def test_a_slashed_dateline_is_read_in_the_order_of_the_pages_country(
    url: str, tags: str, published: str
) -> None:
    """'02/10/2020' is the 2nd of October in Britain, the 10th of February in the US: the
    page's language ("en") does not say which, its country does."""
    page = _page(body='<p class="article-date">02/10/2020 14:05</p>').replace("<html>", tags)
    article = extract_article(page, url, crawled_at=NOW)
    assert article["published_at"] == published
    assert article["field_sources"]["published_at"] == "html"
    # American pages stay month first: so says en-US, and so does English with no country.
    for american, lang in (("https://news.example.com/floods", "en-US"),
                           ("https://news.example.com/floods", "en"),
                           ("https://news.example.us/floods", "en")):  # fmt: skip
        page_there = page.replace(tags, f'<html lang="{lang}">')
        article = extract_article(page_there, american, crawled_at=NOW)
        assert article["published_at"] == "2020-02-10T14:05:00+00:00", (american, lang)
    # A date that reads one way only is read so on both sides.
    for shown in ("13/02/2020", "02/13/2020"):
        for where, there in ((url, tags), ("https://news.example.com/floods", "<html>")):
            one_way = _page(body=f'<p class="article-date">{shown}</p>').replace("<html>", there)
            assert extract_article(one_way, where, crawled_at=NOW)["published_at"][:10] == (
                "2020-02-13"
            ), (shown, where)


def test_a_profiles_timezone_names_the_country_whose_date_order_a_page_keeps() -> None:
    profile = SiteProfile(name="x", domains=("news.example.com",),
                          sections=("https://news.example.com/",),
                          timezone="Europe/London")  # fmt: skip
    page = _page(body='<p class="article-date">02/10/2020 14:05</p>')
    article = extract_article(page, "https://news.example.com/floods", profile, crawled_at=NOW)
    assert article["published_at"] == "2020-10-02T14:05:00+01:00"
    # A page's own tag that names its country says more.
    canadian = page.replace("<html>", '<html lang="en-CA">')
    article = extract_article(canadian, "https://news.example.com/floods", profile, crawled_at=NOW)
    assert article["published_at"] == "2020-02-10T14:05:00+00:00"


def test_a_declared_slashed_date_on_a_british_page_is_settled_by_the_shown_day() -> None:
    """A CMS's invariant "MM/dd/yyyy" in a meta tag, on a British page: read day first, as
    the page's country writes, unless the page shows the other reading's day."""
    head = '<meta name="date" content="11/01/2023 12:43:42">'
    url = "https://news.example.co.uk/floods"
    article = extract_article(_page(head), url, crawled_at=NOW)
    assert article["published_at"] == "2023-01-11T12:43:42+00:00"
    shown = _page(head, '<span class="date">1 November 2023</span>')
    assert extract_article(shown, url, crawled_at=NOW)["published_at"] == (
        "2023-11-01T12:43:42+00:00"
    )


def test_htmldate_finds_a_date_no_other_source_gives() -> None:
    # No metadata, no dateline class, no date in the URL: only the text says when.
    body = "<p>Geschrieben von Anna am 3. März 2019 in Allgemein</p>"
    page = _page(body=body).replace("<html>", '<html lang="de">')
    article = extract_article(page, "https://blog.example/anna/warum", crawled_at=NOW)
    assert article["published_at"] == "2019-03-03T00:00:00+00:00"
    assert article["field_sources"]["published_at"] == "htmldate"


def test_page_without_any_date_has_none() -> None:
    article = extract_article(_page(), "https://blog.example/anna/warum", crawled_at=NOW)
    assert article["published_at"] is None


def test_the_listing_s_time_dates_a_page_that_gives_none() -> None:
    """A feed's pubDate or a news sitemap's publication_date, handed on by the crawl."""
    listed = "2023-12-30T08:35:00+01:00"
    article = extract_article(
        _page(), "https://blog.example/anna/warum", crawled_at=NOW, listing=Listing(listed)
    )
    assert article["published_at"] == listed
    assert article["field_sources"]["published_at"] == "listing"
    # Before htmldate's guesses from the text: the publisher's word.
    body = "<p>Geschrieben von Anna am 3. März 2019 in Allgemein</p>"
    page = _page(body=body).replace("<html>", '<html lang="de">')
    article = extract_article(
        page, "https://blog.example/anna/warum", crawled_at=NOW, listing=Listing(listed)
    )
    assert article["published_at"] == listed
    # RFC 2822, as RSS spells it, too; a naive time is the site's.
    article = extract_article(
        _page(), "https://x.de/a/b", crawled_at=NOW, listing=Listing("2023-12-30T08:35:00")
    )
    assert article["published_at"] == "2023-12-30T08:35:00+01:00"
    rfc = "Sat, 30 Dec 2023 07:35:00 GMT"
    article = extract_article(_page(), "https://x.com/a/b", crawled_at=NOW, listing=Listing(rfc))
    assert article["published_at"] == "2023-12-30T07:35:00+00:00"


def test_the_page_s_own_date_beats_the_listing_s() -> None:
    head = '<meta property="article:published_time" content="2020-06-14T08:35:00+03:00">'
    article = extract_article(
        _page(head), "https://x.com/a/b", crawled_at=NOW, listing=Listing("2023-12-30T08:35Z")
    )
    assert article["published_at"] == "2020-06-14T08:35:00+03:00"
    assert article["field_sources"]["published_at"] == "opengraph"


def test_the_listing_s_time_makes_the_page_s_day_exact() -> None:
    head = '<meta property="article:published_time" content="2020-06-14">'
    listed = "2020-06-14T08:35:00+03:00"
    article = extract_article(
        _page(head), "https://x.com/a/b", crawled_at=NOW, listing=Listing(listed)
    )
    assert article["published_at"] == listed
    # A time of another day is not the day's.
    article = extract_article(
        _page(head), "https://x.com/a/b", crawled_at=NOW, listing=Listing("2020-06-19T08:35Z")
    )
    assert article["published_at"] == "2020-06-14T00:00:00+00:00"


def test_a_listing_s_time_far_from_the_url_s_day_is_not_the_article_s() -> None:
    """A feed re-dating an old story (republished, promoted): the URL names its day."""
    url = "https://x.com/news/2020/06/14/story"
    article = extract_article(_page(), url, crawled_at=NOW, listing=Listing("2020-06-14T21:35Z"))
    assert article["published_at"] == "2020-06-14T21:35:00+00:00"  # the URL's day, timed
    article = extract_article(_page(), url, crawled_at=NOW, listing=Listing("2023-12-30T08:35Z"))
    assert article["published_at"] == "2020-06-14T00:00:00+00:00"
    assert article["field_sources"]["published_at"] == "url"


@pytest.mark.parametrize("listed", ["0001-01-01T00:00:00Z", "2024-01-05T00:00:00Z", "soon", ""])
def test_a_junk_listing_time_is_not_taken(listed: str) -> None:
    article = extract_article(
        _page(), "https://blog.example/anna/warum", crawled_at=NOW, listing=Listing(listed)
    )
    assert article["published_at"] is None


@pytest.mark.parametrize(
    ("shown", "published"),
    [
        # The page shows the day: the meta date is read the way that gives it.
        ("<p>Erstellt am: 01.11.2023</p>", "2023-11-01T12:43:42+01:00"),
        ("<p><strong>Veröffentlicht:</strong> 1. November 2023</p>", "2023-11-01T12:43:42+01:00"),
        # It shows nothing, or the day read the page language's way: that way (day first).
        ("", "2023-01-11T12:43:42+01:00"),
        ('<span class="datum">11.01.2023</span>', "2023-01-11T12:43:42+01:00"),
    ],
)
def test_a_slashed_date_that_reads_both_ways_is_read_as_the_page_shows_it(
    shown: str, published: str
) -> None:
    """'11/01/2023 12:43:42' (a CMS's invariant format) on a Swiss German page."""
    head = '<meta name="date" content="11/01/2023 12:43:42">'
    body = f"<p>{'Das Trinkwasser ist verunreinigt. ' * 20}</p>{shown}"
    page = _page(head, body).replace("<html>", '<html lang="de">')
    article = extract_article(page, "https://zeitung.example.ch/trinkwasser", crawled_at=NOW)
    assert article["published_at"] == published
    assert article["field_sources"]["published_at"] == "meta"


def test_a_short_paragraph_a_label_opens_is_a_dateline() -> None:
    """A theme that names no element: 'Published: ...' alone in a paragraph; not prose."""
    body = (
        "<p>The report was published in 2019 by the ministry, and read widely.</p>"
        "<p>Posted at the town hall since 2020.</p><p>Published: March 3, 2021</p>"
    )
    shown = visible_dates(fromstring(_page(body=body)))
    assert shown.published == ["March 3, 2021"]
    assert shown.lines == ["Published: March 3, 2021"]
    # A dateline that a theme marks comes first.
    marked = f'<span class="date">June 4, 2020</span>{body}'
    assert visible_dates(fromstring(_page(body=marked))).published == ["June 4, 2020"]


def test_a_dotted_date_among_words_of_a_dateline_is_read_day_first() -> None:
    """'Von Deutscher Tennis Bund 4. 2. 2022.': words dateparser does not read around."""
    dateline = (
        '<div class="article-date">Von <span>Tennis Bund</span> 4.&thinsp;2.&thinsp;2022.</div>'
    )
    page = _page(body=dateline).replace("<html>", '<html lang="de">')
    article = extract_article(page, "https://www.tennis.example.de/news/nominiert", crawled_at=NOW)
    assert article["published_at"] == "2022-02-04T00:00:00+01:00"
    assert article["field_sources"]["published_at"] == "html"
    shown = '<div class="date">Aktualisiert von Ann Lee am 04.02.2022, 13:10 Uhr</div>'
    page = _page(body=shown).replace("<html>", '<html lang="de">')
    article = extract_article(page, "https://www.tennis.example.de/news/nominiert", crawled_at=NOW)
    assert article["modified_at"] == "2022-02-04T13:10:00+01:00"


def test_a_year_alone_is_no_publication_date() -> None:
    """htmldate's wide search makes "© 2016" the 1st of January 2016: an invented date (34
    pages of the evaluation corpus had one, none of them right). A page that shows the 1st
    of January as a date keeps it."""
    footer = "<footer><p>© 2016 Harbour Media GmbH. Seit 2015 für Sie da.</p></footer>"
    page = _page(body="<p>Die Fähre fährt wieder.</p>").replace("</body>", f"{footer}</body>")
    url = "https://x.de/hafen/faehre"
    assert extract_article(page, url, crawled_at=NOW)["published_at"] is None
    shown = page.replace("wieder.", "wieder. Veröffentlicht am 01.01.2016.")
    assert extract_article(shown, url, crawled_at=NOW)["published_at"] == (
        "2016-01-01T00:00:00+01:00"
    )


@pytest.mark.parametrize(
    ("url", "lang", "dateline", "published", "modified"),
    [
        (
            "https://g1.example.com.br/politica/noticia/x.ghtml",
            "pt-BR",
            "Publicado em 05/03/2024 às 14h05 Atualizado em 05/03/2024 às 16h10",
            "2024-03-05T14:05:00-03:00",
            "2024-03-05T16:10:00-03:00",
        ),
        (
            "https://www.quotidien.example.fr/politique/article",
            "fr",
            "Publié le 5 mars 2024 à 13h12, modifié le 5 mars 2024 à 15h40",
            "2024-03-05T13:12:00+01:00",
            "2024-03-05T15:40:00+01:00",
        ),
        (
            "https://www.haber.example.com.tr/ekonomi/haber",
            "tr",
            "05.03.2024 10:05 Güncelleme: 05.03.2024 12:30",
            "2024-03-05T10:05:00+03:00",
            "2024-03-05T12:30:00+03:00",
        ),
        (
            "https://www.quotidiano.example.it/cronache/articolo.shtml",
            "it",
            "5 marzo 2024 (modifica il 5 marzo 2024 | 18:30)",
            "2024-03-05T00:00:00+01:00",
            "2024-03-05T18:30:00+01:00",
        ),
        (
            "https://www.diario.example.com.ar/economia/nota",
            "es-AR",
            "5 de marzo de 2024 · 16:05 hs",
            "2024-03-05T16:05:00-03:00",
            None,
        ),
    ],
)
def test_datelines_in_other_languages(
    url: str, lang: str, dateline: str, published: str, modified: str
) -> None:
    """Atualizado, modifié, Güncelleme, modifica start the updated part; "14h05" is a time,
    and so is "16:05 hs"."""
    page = _page(body=f'<p class="article-date">{dateline}</p>')
    page = page.replace("<html>", f'<html lang="{lang}">')
    article = extract_article(page, url, crawled_at=NOW.replace(year=2025))
    assert (article["published_at"], article["modified_at"]) == (published, modified)


def test_the_offset_a_page_stamps_a_utc_time_with_is_its_zone() -> None:
    """JSON-LD in UTC, the page's <time datetime> the same instant in its own offset: the
    record carries the page's (a day's stories are grouped by their local date); not
    where the site's zone has another offset then (a template's fixed summer offset)."""
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "T",'
        ' "datePublished": "2024-11-08T23:03:23Z"}</script>'
    )
    stamp = '<time class="entry-date" datetime="2024-11-08T18:03:23-05:00">Nov 8</time>'
    url = "https://news.example.com/2024/11/08/vote"
    article = extract_article(_page(ld, stamp), url, crawled_at=NOW.replace(year=2025))
    assert article["published_at"] == "2024-11-08T18:03:23-05:00"
    summer = '<time class="entry-date" datetime="2024-11-09T01:03:23+02:00">9. Nov</time>'
    german = "https://zeitung.example.de/2024/11/08/wahl"
    article = extract_article(_page(ld, summer), german, crawled_at=NOW.replace(year=2025))
    assert article["published_at"] == "2024-11-09T00:03:23+01:00"  # Berlin in November


def test_a_time_marked_as_the_publications_is_one_whatever_its_container() -> None:
    """<time itemprop="datePublished"> inside a line classed as the update's."""
    body = (
        '<p class="content-publication-data__updated">Publicado '
        '<time itemprop="datePublished" datetime="2024-03-05T17:05:00Z">5 mar 2024</time>'
        "</p>"
    )
    url = "https://g1.example.com.br/politica/noticia/2024/03/05/x.ghtml"
    article = extract_article(_page(body=body), url, crawled_at=NOW.replace(year=2025))
    assert article["published_at"] == "2024-03-05T14:05:00-03:00"
    assert article["field_sources"]["published_at"] != "url"


def test_a_live_blog_that_declares_only_its_coverage_start_is_dated_by_it() -> None:
    """Its entries' times come first on the page: the newest entry is no publication time."""
    declared = (
        '{"@type": "LiveBlogPosting", "headline": "Storm live",'
        ' "coverageStartTime": "2026-11-20T06:00:00+00:00",'
        ' "dateModified": "2026-11-20T15:30:00+00:00"}'
    )
    entries = "".join(
        f'<div class="entry"><time datetime="2026-11-20T{hour}:00+00:00">{hour}</time>'
        f"<p>{text} " + "Ferries and schools along the coast are closed today. " * 4 + "</p></div>"
        for hour, text in (("15:30", "Ferries cancelled."), ("09:00", "Schools close early."))
    )
    html = (
        f'<html><head><script type="application/ld+json">{declared}</script></head>'
        f"<body><article><h1>Storm live</h1>{entries}</article></body></html>"
    )
    article = extract_article(html, "https://example.com/news/storm-live")
    assert article["published_at"] == "2026-11-20T06:00:00+00:00"
    assert article["modified_at"] == "2026-11-20T15:30:00+00:00"


PUBLISHED = '<time datetime="2026-03-05T09:30:00-05:00">March 5, 2026</time>'


@pytest.mark.parametrize(
    "updated",
    [
        # A paragraph a label opens, in a theme that names no element.
        "<p>Updated: March 5, 2026, 4:12 p.m. ET</p>",
        "<p>Last modified: March 5, 2026, 4:12 p.m. ET</p>",
        # An element named for it: "last-modified", Drupal's changed-time field.
        '<span class="last-modified">Last modified: March 5, 2026, 4:12 p.m. ET</span>',
        '<div class="field field--name-changed">Updated: March 5, 2026, 4:12 p.m. ET</div>',
        '<div class="field--name-changed">March 5, 2026, 4:12 p.m. ET</div>',
    ],
)
def test_an_updated_line_beside_the_published_date_is_the_modified_time(updated: str) -> None:
    """It was never read once the page showed a published date: no modified time."""
    crawled = NOW.replace(year=2026, month=3, day=6)
    article = extract_article(
        _page(body=PUBLISHED + updated), "https://x.example/news/story", crawled_at=crawled
    )
    assert article["published_at"] == "2026-03-05T09:30:00-05:00"
    assert article["modified_at"] == "2026-03-05T16:12:00-05:00"


@pytest.mark.parametrize(
    ("lang", "line", "modified"),
    [
        ("de", "<p>Aktualisiert am 05.03.2026, 16:12 Uhr</p>", "2026-03-05T16:12:00+01:00"),
        ("es", "<span>Actualizado: 05 mar 2026 - 16:12 CET</span>", "2026-03-05T16:12:00+01:00"),
        ("fr", "<p>Mis à jour le 5 mars 2026 à 16h12</p>", "2026-03-05T16:12:00+01:00"),
    ],
)
def test_updated_lines_in_other_languages_are_the_modified_time(
    lang: str, line: str, modified: str
) -> None:
    page = _page(body=PUBLISHED + line).replace("<html>", f'<html lang="{lang}">')
    crawled = NOW.replace(year=2026, month=3, day=6)
    url = f"https://zeitung.example.{lang}/news/story"  # the country's timezone
    article = extract_article(page, url, crawled_at=crawled)
    assert (article["published_at"], article["modified_at"]) == (
        "2026-03-05T09:30:00-05:00",
        modified,
    )


def test_an_updated_line_is_never_the_published_date() -> None:
    """Alone on the page, it is the modified time; the day is the published one (htmldate's,
    as for a dateline element that says only "Updated")."""
    shown = visible_dates(fromstring(_page(body="<p>Updated: March 5, 2026, 4:12 p.m. ET</p>")))
    assert (shown.published, shown.updated) == ([], ["March 5, 2026, 4:12 p.m. ET"])
    crawled = NOW.replace(year=2026, month=3, day=6)
    for updated in ("<p>Updated: March 5, 2026, 4:12 p.m. ET</p>",
                    '<span class="date">Updated: March 5, 2026, 4:12 p.m. ET</span>'):  # fmt: skip
        article = extract_article(
            _page(body=updated), "https://x.example/news/story", crawled_at=crawled
        )
        assert article["modified_at"] == "2026-03-05T16:12:00-05:00"
        assert (article["published_at"], article["published_day_only"]) == (
            "2026-03-05T00:00:00+00:00",
            True,
        )


def _german_page(body: str, head: str = "") -> str:
    return _page(head, body).replace("<html>", '<html lang="de">')


@pytest.mark.parametrize(
    "shown",
    [
        '<p class="date">Veröffentlicht am 01.12.2026, 08:00 Uhr</p>'
        '<p class="date">Stand: 01.12.2026 10:15 Uhr</p>',
        # The Stand line first: it was taken for the publication.
        '<p class="date">Stand: 01.12.2026 10:15 Uhr</p>'
        '<p class="date">Veröffentlicht am 01.12.2026, 08:00 Uhr</p>',
        '<p class="date">Veröffentlicht am 01.12.2026, 08:00 Uhr | Stand: 01.12.2026, 10:15 Uhr</p>',
        # A paragraph "Stand:" opens, beside a published <time>.
        '<time datetime="2026-12-01T08:00:00+01:00">1. Dezember 2026</time>'
        "<p>Stand: 01.12.2026 10:15 Uhr</p>",
    ],
    ids=["two-lines", "stand-first", "one-line", "time-and-paragraph"],
)
def test_a_stand_line_beside_a_published_date_is_the_updated_time(shown: str) -> None:
    """'Stand:' (as of) is when the page was last changed: read as a publication label,
    it gave no modified time, or the wrong published one."""
    url = "https://www.zeitung.example.de/inland/hochwasser"
    crawled = NOW.replace(year=2026, month=12, day=2)
    article = extract_article(_german_page(shown), url, crawled_at=crawled)
    assert (article["published_at"], article["modified_at"]) == (
        "2026-12-01T08:00:00+01:00",
        "2026-12-01T10:15:00+01:00",
    )
    # Where it is the only date the page shows (tagesschau.de), it is the published one.
    for only in ("<p>Stand: 01.12.2026 10:15 Uhr</p>",
                 '<span class="metatextline">Stand: 01.12.2026 10:15 Uhr</span>'):  # fmt: skip
        article = extract_article(_german_page(only), url, crawled_at=crawled)
        assert (article["published_at"], article["modified_at"]) == (
            "2026-12-01T10:15:00+01:00",
            None,
        ), only
    assert split_dateline("Stand: 01.12.2026 10:15 Uhr") == (None, "01.12.2026 10:15 Uhr")


def test_running_text_that_a_label_opens_is_no_updated_line() -> None:
    body = (
        "<p>Updated at 10:00 with the latest figures.</p>"
        "<p>Updated: the mayor has since resigned.</p><p>Updated 3 hours ago</p>"
    )
    shown = visible_dates(fromstring(_page(body=PUBLISHED + body)))
    assert (shown.updated, shown.lines) == ([], [])


@pytest.mark.parametrize(
    ("lang", "shown", "published"),
    [
        ("en", '<span class="time">March 5, 2026 9:30 AM EST</span>', "2026-03-05T09:30:00-05:00"),
        ("zh", '<div class="time">2026-03-05 10:21:35</div>', "2026-03-05T10:21:35+08:00"),
        ("de", '<div class="zeitangabe">5. März 2026, 14:30 Uhr</div>', "2026-03-05T14:30:00+01:00"),
        ("de", '<span class="artikel-zeit">05.03.2026, 14:30 Uhr</span>', "2026-03-05T14:30:00+01:00"),
        # A paragraph that "Stand:" opens, as a dateline element's text already was read.
        ("de", "<p>Stand: 05.03.2026 14:30 Uhr</p>", "2026-03-05T14:30:00+01:00"),
    ],
)  # fmt: skip
def test_a_date_in_a_time_element_keeps_its_time_of_day(
    lang: str, shown: str, published: str
) -> None:
    """Only htmldate's day was found (midnight): "time" and "zeit" were not dateline names."""
    page = _page(body=shown).replace("<html>", f'<html lang="{lang}">')
    domain = {"en": "com", "zh": "cn", "de": "de"}[lang]  # the country's timezone
    crawled = NOW.replace(year=2026, month=3, day=6)
    article = extract_article(page, f"https://x.example.{domain}/news/a", crawled_at=crawled)
    assert (article["published_at"], article["published_day_only"]) == (published, False)
    assert article["field_sources"]["published_at"] == "html"


def test_times_that_are_not_dates_are_not_datelines() -> None:
    """A reading time, a video's length, a timeline, a forum's clock, a comment's time, a
    newspaper's name; a date that reads both ways, whose order the page's region tells."""
    body = (
        '<span class="reading-time">5 min read</span><span class="time">3:45</span>'
        '<div class="time">Updated 10:42</div><span class="timeline">Since 2019: a timeline'
        '</span><span class="zeitung">Die Zeitung, gegründet 1946</span>'
        '<p>Standort: Bonn, seit 2019</p><p class="time">Aktuelle Zeit: 14.10.2020, 12:18</p>'
        '<span class="comment-time">8. April 2019 @ 11:38</span>'
        '<span class="time">02/10/2020</span>'
    )
    shown = visible_dates(fromstring(_page(body=body)))
    assert (shown.published, shown.updated, shown.lines) == ([], [], [])


def test_an_updated_part_left_of_a_dateline_under_the_byline_is_no_body_text() -> None:
    """The published day in a <time> the extractor drops; its "(modifica il ...)" stayed,
    the headline and the byline before it."""
    text = "".join(
        f"<p>Il fiume Savio è esondato nella notte, paragrafo {n}.</p>" for n in range(9)
    )
    page = (
        '<html lang="it"><body><article><h1>Esonda il Savio</h1><p class="writer">di Mario'
        ' Rossi</p><p class="article-date"><time>5 marzo 2024</time> (modifica il 5 marzo 2024'
        f" | 18:30)</p>{text}</article></body></html>"
    )
    url = "https://www.quotidiano.example.it/cronache/savio.shtml"
    article = extract_article(page, url, crawled_at=NOW.replace(year=2025))
    assert "modifica" not in article["body"]
    assert article["body"].startswith("Il fiume Savio è esondato nella notte, paragrafo 0.")
    # After two lines of the text (a share label above them dropped), a date line is the
    # text's: an event's.
    event = ["Termine für 2020 stehen fest.", "Februar 2020", "Termin: 21.02.2020, 19 Uhr"]
    after = ["Ort: Bar", "Thema: Glenmorangie", "Eintritt: 69 €", "Anmeldung per E-Mail"]
    assert postclean(["Teilen:", *event, *after]) == [*event, *after]
