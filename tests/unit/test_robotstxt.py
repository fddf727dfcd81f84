"""The robots.txt middleware: Crawl-delay bookkeeping against a stand-in downloader; size limit."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest_twisted
from scrapy import Request
from scrapy.core.downloader import Slot
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler

from newscrawl.middlewares.robotstxt import CRAWL_DELAY_KEY, TRUNCATED_KEY, RobotsTxtMiddleware

HOST = "news.example"
REQUEST = Request(f"https://{HOST}/world/story")


class _Rules:
    """A parsed robots.txt that asks for ``delay`` seconds (None: no Crawl-delay line)."""

    def __init__(self, delay: float | None) -> None:
        self.delay = delay

    def crawl_delay(self, useragent: str) -> float | None:
        return self.delay


def _middleware(**per_slot: Any) -> tuple[RobotsTxtMiddleware, SimpleNamespace]:
    settings = {"ROBOTSTXT_OBEY": True, "NEWSCRAWL_ROBOTS_CRAWL_DELAY_MAX": 30.0}
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    middleware = RobotsTxtMiddleware(crawler)
    downloader = SimpleNamespace(
        slots={HOST: Slot(8, 0.25, 0.5)},
        per_slot_settings={HOST: dict(per_slot)} if per_slot else {},
        _delay=0.25,
        _jitter=0.5,
        get_slot_key=lambda request: HOST,
    )
    crawler.engine = SimpleNamespace(downloader=downloader)  # type: ignore[assignment]
    return middleware, downloader


def test_a_crawl_delay_read_again_replaces_the_one_read_before() -> None:
    middleware, downloader = _middleware()
    slot = downloader.slots[HOST]
    for delay in (5.0, 2.0, 4.0):  # first read, lower, higher
        middleware._apply_crawl_delay(_Rules(delay), REQUEST)  # type: ignore[arg-type]
        assert (slot.delay, slot.jitter) == (delay, 0.0)
        assert downloader.per_slot_settings[HOST]["delay"] == delay
    assert middleware._stats.get_value(CRAWL_DELAY_KEY) == 1  # one host


def test_a_crawl_delay_gone_gives_the_slot_back_its_own_settings() -> None:
    middleware, downloader = _middleware()
    slot = downloader.slots[HOST]
    middleware._apply_crawl_delay(_Rules(5.0), REQUEST)  # type: ignore[arg-type]
    middleware._apply_crawl_delay(_Rules(None), REQUEST)  # type: ignore[arg-type]
    assert (slot.delay, slot.jitter) == (0.25, 0.5)
    assert HOST not in downloader.per_slot_settings
    assert HOST not in middleware.crawl_delays
    # A DOWNLOAD_SLOTS entry of the site's own is what the slot goes back to.
    middleware, downloader = _middleware(delay=1.0, concurrency=2)
    middleware._apply_crawl_delay(_Rules(5.0), REQUEST)  # type: ignore[arg-type]
    middleware._apply_crawl_delay(_Rules(None), REQUEST)  # type: ignore[arg-type]
    assert downloader.per_slot_settings[HOST] == {"delay": 1.0, "concurrency": 2}
    assert downloader.slots[HOST].delay == 1.0


def test_a_delay_raised_meanwhile_by_others_is_left_to_them() -> None:
    middleware, downloader = _middleware()
    slot = downloader.slots[HOST]
    middleware._apply_crawl_delay(_Rules(5.0), REQUEST)  # type: ignore[arg-type]
    slot.delay = 40.0  # the backoff middleware after a 429
    middleware._apply_crawl_delay(_Rules(None), REQUEST)  # type: ignore[arg-type]
    assert slot.delay == 40.0


@pytest_twisted.ensureDeferred
async def test_only_the_first_max_size_bytes_of_robots_txt_are_read() -> None:
    """RFC 9309 §2.5: a parsing limit; rules past it are not read, a line is not cut."""
    settings = {"ROBOTSTXT_OBEY": True, "NEWSCRAWL_ROBOTS_MAX_SIZE": 2000}
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    middleware = RobotsTxtMiddleware(crawler)
    middleware._apply_crawl_delay = lambda rp, request: None  # type: ignore[method-assign]
    filler = "".join(f"Disallow: /archive/{n}/\n" for n in range(150))  # ~3.5 KB
    body = f"User-agent: *\nDisallow: /private/\n{filler}Disallow: /late/\n".encode()
    response = TextResponse(f"https://{HOST}/robots.txt", body=body, encoding="utf-8")
    rules = await middleware._rules_from(response, REQUEST)
    assert not rules.allowed(f"https://{HOST}/private/x", "newscrawl")
    assert not rules.allowed(f"https://{HOST}/archive/3/x", "newscrawl")
    assert rules.allowed(f"https://{HOST}/late/x", "newscrawl")  # past the limit
    assert rules.allowed(f"https://{HOST}/archive/149/x", "newscrawl")
    assert middleware._stats.get_value(TRUNCATED_KEY) == 1
    small = TextResponse(f"https://{HOST}/robots.txt", body=body[:1500], encoding="utf-8")
    await middleware._rules_from(small, REQUEST)
    assert middleware._stats.get_value(TRUNCATED_KEY) == 1


def test_the_hosts_of_one_slot_keep_the_longest_crawl_delay_their_robots_txt_ask_for() -> None:
    """www. and sport. of one site share a slot: a robots.txt without a Crawl-delay, or
    with a shorter one, does not lift the other's."""
    middleware, downloader = _middleware()
    slot = downloader.slots[HOST]
    www = Request("https://www.news.example/world/story")
    sport = Request("https://sport.news.example/results")
    middleware._apply_crawl_delay(_Rules(5.0), www)  # type: ignore[arg-type]
    middleware._apply_crawl_delay(_Rules(None), sport)  # type: ignore[arg-type]
    assert slot.delay == 5.0
    middleware._apply_crawl_delay(_Rules(8.0), sport)  # type: ignore[arg-type]
    assert slot.delay == 8.0 and downloader.per_slot_settings[HOST]["delay"] == 8.0
    middleware._apply_crawl_delay(_Rules(2.0), sport)  # type: ignore[arg-type]
    assert slot.delay == 5.0 and middleware.crawl_delays[HOST] == 5.0
    middleware._apply_crawl_delay(_Rules(None), www)  # type: ignore[arg-type]
    middleware._apply_crawl_delay(_Rules(None), sport)  # type: ignore[arg-type]
    assert (slot.delay, slot.jitter) == (0.25, 0.5) and HOST not in middleware.crawl_delays
    assert middleware._stats.get_value(CRAWL_DELAY_KEY) == 2  # www and sport asked for one


def test_a_site_whose_robots_txt_asks_for_no_delay_leaves_nothing_behind() -> None:
    middleware, _ = _middleware()
    middleware._apply_crawl_delay(_Rules(None), REQUEST)  # type: ignore[arg-type]
    assert middleware._host_delays == {} and middleware.crawl_delays == {}
