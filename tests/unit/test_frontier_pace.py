"""Each site's pace shared in Redis by the processes of a shared frontier: the turns, the
holds, and the downloader that takes them (against the real Redis server on 127.0.0.1)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from scrapy import Request
from scrapy.settings import Settings
from twisted.internet.defer import Deferred

from newscrawl.frontier.addon import RedisFrontierAddon
from newscrawl.frontier.pace import PACE_WAITS_KEY, SharedPace, SharedPaceDownloader
from newscrawl.signals import host_backed_off
from tests.services import REDIS_URL
from tests.utils import project_crawler

SITE = "example.com"


@pytest.fixture
def client(redis_prefix: str) -> Iterator[redis.Redis]:
    server = redis.Redis.from_url(REDIS_URL)
    try:
        yield server
    finally:
        server.close()


def _settings(**values: Any) -> Settings:
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    settings.set("NEWSCRAWL_REDIS_URL", REDIS_URL, priority="cmdline")
    for name, value in values.items():
        settings.set(name, value, priority="cmdline")
    RedisFrontierAddon().update_settings(settings)
    return settings


def test_the_shared_frontier_shares_the_pace_unless_told_not_to(
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert _settings().get("DOWNLOADER") == "newscrawl.frontier.pace.SharedPaceDownloader"
    unshared = _settings(NEWSCRAWL_REDIS_SHARED_PACE=False)
    assert unshared.get("DOWNLOADER") == "newscrawl.downloader.Downloader"
    # A downloader of the user's own is kept, and the user told what it lacks.
    with caplog.at_level(logging.WARNING):
        own = _settings(DOWNLOADER="myproject.Downloader")
    assert own.get("DOWNLOADER") == "myproject.Downloader"
    assert "each process keeps its own pace per site" in caplog.text


def test_one_process_takes_a_turn_the_others_wait_for_the_next(
    client: redis.Redis, redis_prefix: str
) -> None:
    # Two processes: two clients of their own.
    first = SharedPace(client, redis_prefix)
    second = SharedPace(redis.Redis.from_url(REDIS_URL), redis_prefix)
    try:
        assert first.take_turn(SITE, 2.0) == 0
        wait = second.take_turn(SITE, 2.0)
        assert 1.5 < wait <= 2.0
        assert first.take_turn(SITE, 2.0) > 1.5  # the one that took it waits too
        assert second.take_turn("other.example", 2.0) == 0  # another site: its own pace
        # The key lasts as long as the turn it keeps, no longer.
        assert 0 < client.pttl(first.key(SITE)) <= 2000
    finally:
        second.server.close()


def test_a_delay_of_zero_takes_nothing_but_a_hold_still_holds(
    client: redis.Redis, redis_prefix: str
) -> None:
    pace = SharedPace(client, redis_prefix)
    assert pace.take_turn(SITE, 0) == 0
    assert pace.take_turn(SITE, 0) == 0
    assert not client.exists(pace.key(SITE))
    pace.hold(SITE, 30)
    assert 29 < pace.take_turn(SITE, 0) <= 30
    pace.hold(SITE, 5)  # a shorter hold does not cut the longer one
    assert pace.take_turn(SITE, 0) > 29
    assert 29_000 < client.pttl(pace.key(SITE)) <= 30_000


def _downloader(redis_prefix: str) -> SharedPaceDownloader:
    crawler = project_crawler(
        NEWSCRAWL_REDIS_URL=REDIS_URL, NEWSCRAWL_REDIS_PREFIX=redis_prefix, DOWNLOAD_DELAY=3
    )
    return SharedPaceDownloader(crawler)


def _queue(downloader: SharedPaceDownloader) -> Any:
    """A request waiting in its site's slot, as the downloader queues it."""
    request = Request(f"https://www.{SITE}/a")
    key, slot = downloader._get_slot(request)
    request.meta[downloader.DOWNLOAD_SLOT] = key
    slot.queue.append((request, Deferred()))
    return slot


def _record_downloads(
    downloader: SharedPaceDownloader, monkeypatch: pytest.MonkeyPatch
) -> list[Request]:
    """The requests the downloader sends from now on (none is downloaded)."""
    sent: list[Request] = []

    async def download(slot: Any, request: Request, queued: Deferred) -> None:
        pass

    def start_download(slot: Any, request: Request, queued: Deferred) -> Any:
        sent.append(request)
        return download(slot, request, queued)

    monkeypatch.setattr(downloader, "_wait_for_download", start_download)
    return sent


def test_the_backoffs_hold_reaches_every_process(redis_prefix: str) -> None:
    downloader = _downloader(redis_prefix)
    other = _downloader(redis_prefix)  # another process
    downloader.crawler.signals.send_catch_log(host_backed_off, slot=SITE, seconds=20)
    slot = _queue(other)
    other._process_queue(slot)
    try:
        # Not sent: the slot waits for the hold, on the reactor, and says so.
        assert len(slot.queue) == 1
        assert slot.latercall is not None
        assert other.crawler.stats.get_value(PACE_WAITS_KEY) == 1
    finally:
        slot.latercall.cancel()


def test_a_slot_whose_turn_has_come_sends_and_pushes_the_pace_on(
    client: redis.Redis, redis_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    downloader = _downloader(redis_prefix)
    sent = _record_downloads(downloader, monkeypatch)
    slot = _queue(downloader)
    downloader._process_queue(slot)
    try:
        assert [r.url for r in sent] == [f"https://www.{SITE}/a"] and not slot.queue
        # The next turn, for every process, is one jittered DOWNLOAD_DELAY away (3 s,
        # 50-150 %); this process's own slot waits for it too.
        assert 1400 <= client.pttl(f"{redis_prefix}:pace:{SITE}") <= 4500
        assert downloader.crawler.stats.get_value(PACE_WAITS_KEY) is None
    finally:
        if slot.latercall is not None:
            slot.latercall.cancel()


def test_a_process_whose_redis_fails_goes_on_at_its_own_pace(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shared scheduler stops the run at its next call; until then, no crash."""
    crawler = project_crawler(
        NEWSCRAWL_REDIS_URL="redis://127.0.0.1:1/0",  # nothing listens there
        REDIS_URL="redis://127.0.0.1:1/0",
        REDIS_PARAMS={"socket_connect_timeout": 1},
        DOWNLOAD_DELAY=3,
    )
    downloader = SharedPaceDownloader(crawler)
    sent = _record_downloads(downloader, monkeypatch)
    with caplog.at_level(logging.WARNING):
        crawler.signals.send_catch_log(host_backed_off, slot=SITE, seconds=5)
        slot = _queue(downloader)
        downloader._process_queue(slot)
    try:
        assert len(sent) == 1  # sent, at this process's own pace
        assert caplog.text.count("Shared pace unreachable") == 1  # said once
    finally:
        if slot.latercall is not None:
            slot.latercall.cancel()
