"""Helpers for crawls of the mock server's fault endpoints."""

from __future__ import annotations

from urllib.parse import quote

from tests.mockserver import MockServer

#: Settings of fault crawls: short waits, so that backoff and retries fit in a test.
FAST_BACKOFF = {
    "NEWSCRAWL_BACKOFF_BASE": "0.2",
    "NEWSCRAWL_ROBOTS_RETRY_DELAY": "0.2",
}


def links_url(server: MockServer, *targets: str, host: str | None = None) -> str:
    """URL of a ``/fault/links`` page linking ``targets`` (paths or absolute URLs)."""
    query = "&".join(f"u={quote(t, safe='')}" for t in targets)
    base = f"http://{host}:{server.port}" if host else server.base
    return f"{base}/fault/links?{query}"


def other_host(server: MockServer, path: str, host: str = "hostb.test") -> str:
    """``path`` on the mock server under another host name (see ``tests/fakedns.py``)."""
    return f"http://{host}:{server.port}{path}"
