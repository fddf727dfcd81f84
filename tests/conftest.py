"""Fixtures shared by the whole test suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newscrawl import crawler_archive
from tests.mockserver import MockServer


@pytest.fixture(autouse=True)
def _close_crawl_archives() -> Iterator[None]:
    """Close the crawl archives a test opened, as the crawl's engine does when it stops.

    Unit tests build crawlers without an engine; an archive left open is a connection
    garbage-collected unclosed, which Python 3.13 warns of (an error in this suite).
    """
    yield
    for shared in list(crawler_archive._archives.values()):
        shared.engine_stopped()


@pytest.fixture(scope="session")
def mockserver() -> Iterator[MockServer]:
    """The mock news site, one subprocess for the whole session (default robots.txt)."""
    with MockServer() as server:
        yield server


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL of a fresh PostgreSQL database of this test's own (fails if PostgreSQL is down)."""
    from tests.services import postgres_database

    with postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty archive database on each backend the archive supports: SQLite, PostgreSQL.

    Archive logic whose SQL differs by dialect (upserts, locks, near-duplicate buckets) is
    tested on both, so the scale-out mode runs the very code the default mode is tested with.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/archive.sqlite"
        return
    from tests.services import postgres_database

    with postgres_database() as url:
        yield url


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A Redis key prefix of this test's own, cleaned up (fails if Redis is down)."""
    from tests.services import redis_prefix

    with redis_prefix() as prefix:
        yield prefix
