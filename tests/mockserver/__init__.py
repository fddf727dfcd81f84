"""The mock news site for integration tests (modelled on Scrapy's tests/mockserver).

``python -m tests.mockserver`` serves it on 127.0.0.1 and prints ``PORT <n>``; tests use
:class:`MockServer` (or the session-scoped ``mockserver`` fixture of ``tests/conftest.py``).
See :mod:`tests.mockserver.root` for the URL map, :mod:`tests.mockserver.edge` for the edge
cases, :mod:`tests.mockserver.resources` for the fault endpoints.
"""

from __future__ import annotations

from tests.mockserver.server import MockServer

__all__ = ["MockServer"]
