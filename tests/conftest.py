"""Fixtures shared by the whole test suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.mockserver import MockServer


@pytest.fixture(scope="session")
def mockserver() -> Iterator[MockServer]:
    """The mock news site, one subprocess for the whole session (default robots.txt)."""
    with MockServer() as server:
        yield server
