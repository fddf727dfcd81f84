from __future__ import annotations

import pytest

from newscrawl.extract import extract_article
from newscrawl.extract.site_zones import locale_zone, site_zone


@pytest.mark.parametrize(
    ("url", "zone"),
    [
        ("https://www.faz.example.de/aktuell/x.html", "Europe/Berlin"),
        ("https://news.example.co.uk/x", "Europe/London"),  # .uk is GB in ISO 3166
        ("https://diario.example.com.ar/x", "America/Argentina/Buenos_Aires"),
        ("https://www.example.co.jp/x", "Asia/Tokyo"),
        ("https://example.co.il/x", "Asia/Jerusalem"),
        ("http://EXAMPLE.CH./x", "Europe/Zurich"),  # case and the root's dot aside
        # Several clocks, but the press keeps the capital's.
        ("https://www.example.es/x", "Europe/Madrid"),
        ("https://www.example.com.br/x", "America/Sao_Paulo"),
        ("https://www.example.co.nz/x", "Pacific/Auckland"),
    ],
)
def test_a_country_code_domain_gives_its_countrys_zone(url: str, zone: str) -> None:
    found = site_zone(url)
    assert found is not None and found.key == zone


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/x",
        "https://example.org/x",
        "https://example.news/x",
        "https://startup.io/x",  # sold as generic names
        "https://x.tv/x",
        "https://x.co/x",
        "https://x.eu/x",
        "https://www.example.com.au/x",  # several clocks, the press in all of them
        "https://example.us/x",
        "https://example.ru/x",
        "http://127.0.0.1:8080/x",
        "http://localhost/x",
        "https://example.zz/x",  # no such country
        "not a url",
    ],
)
def test_no_zone_where_the_domain_does_not_say_which_clock(url: str) -> None:
    assert site_zone(url) is None


@pytest.mark.parametrize(
    ("tags", "zone"),
    [
        (["de-DE"], "Europe/Berlin"),
        (["de_AT"], "Europe/Vienna"),
        (["es-GT", "es_LA"], "America/Guatemala"),
        (["zh-Hant-TW"], "Asia/Taipei"),
        (["es", "es-ES", "es_CO"], "America/Bogota"),  # the first tag that names a country
        # A language's home country, which CMSs set for every site in the language, and
        # Facebook's pseudo-regions name no country; neither does a country of many clocks.
        (["es-ES"], None),
        (["en_GB"], None),
        (["es_LA"], None),
        (["ar_AR"], None),
        (["en-US"], None),
        (["en-CA", "en_GB"], None),
        (["es-419"], None),
        ([None, "", "de"], None),
    ],
)
def test_a_language_tag_with_a_country_gives_its_zone(
    tags: list[str | None], zone: str | None
) -> None:
    found = locale_zone(tags)
    assert (found.key if found else None) == zone


def test_a_generic_domain_reads_naive_times_in_the_pages_country() -> None:
    def published(lang: str, url: str = "https://blog.example.com/post") -> str:
        head = '<meta property="article:published_time" content="2024-03-05T14:30:00">'
        body = "<p>" + "A post long enough to be kept as an article body. " * 12 + "</p>"
        html = f'<html lang="{lang}"><head>{head}</head><body><h1>Post</h1>{body}</body></html>'
        return extract_article(html, url)["published_at"]  # type: ignore[no-any-return]

    assert published("de-DE") == "2024-03-05T14:30:00+01:00"
    assert published("es-ES") == "2024-03-05T14:30:00+00:00"
    assert published("en-US") == "2024-03-05T14:30:00+00:00"
    # The domain's country comes first.
    assert published("de-DE", "https://blog.example.co.uk/post") == "2024-03-05T14:30:00+00:00"


@pytest.mark.parametrize(
    ("title", "offset"),
    [
        ("国务院常务会议部署扩大内需", "+08:00"),
        ("東京で初雪、平年より早く", "+09:00"),
        ("서울에 첫눈", "+09:00"),
        ("הכנסת אישרה את התקציב", "+02:00"),
        ("Rain in Berlin", "+00:00"),  # a script many countries write: no clock
    ],
)
def test_a_page_without_a_country_is_read_on_its_scripts_one_clock(title: str, offset: str) -> None:
    """A Chinese page on a .com that declares no language: China's time, not UTC."""
    head = f'<title>{title}</title><meta name="pubdate" content="2024-03-05 14:30:00">'
    body = "<p>" + "A story long enough to be kept as an article body. " * 12 + "</p>"
    html = f"<html><head>{head}</head><body><h1>{title}</h1>{body}</body></html>"
    article = extract_article(html, "https://news.example.com/2024/0305/c1.html")
    assert article["published_at"] == f"2024-03-05T14:30:00{offset}"
