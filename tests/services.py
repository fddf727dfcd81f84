"""The real servers some tests need: PostgreSQL and Redis on 127.0.0.1.

They run on every developer machine and on CI. A test that needs one and cannot reach it
fails with a message saying so; it is never skipped, so a missing service cannot turn a
red suite green. Override the addresses with ``NEWSCRAWL_TEST_POSTGRES`` (an SQLAlchemy URL
of a database to connect to while creating and dropping each test's own database) and
``NEWSCRAWL_TEST_REDIS``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, make_url, text

POSTGRES_ADMIN_URL = os.environ.get(
    "NEWSCRAWL_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("NEWSCRAWL_TEST_REDIS", "redis://127.0.0.1:6379/0")


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test, dropped afterwards; yields its URL."""
    name = f"newscrawl_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        pytest.fail(
            f"PostgreSQL is needed by this test and is unreachable at {POSTGRES_ADMIN_URL} "
            f"(set NEWSCRAWL_TEST_POSTGRES): {exc}",
            pytrace=False,
        )
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def redis_prefix() -> Iterator[str]:
    """A Redis key prefix of one test's own; its keys are deleted afterwards."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except Exception as exc:
        client.close()
        pytest.fail(
            f"Redis is needed by this test and is unreachable at {REDIS_URL} "
            f"(set NEWSCRAWL_TEST_REDIS): {exc}",
            pytrace=False,
        )
    prefix = f"newscrawl-test-{uuid.uuid4().hex[:12]}"
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)
        client.close()
