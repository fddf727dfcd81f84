from __future__ import annotations

import pytest

from newscrawl.extract.site_zones import site_zone


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
