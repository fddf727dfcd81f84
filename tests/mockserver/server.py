"""``MockServer``: the mock news site in a subprocess, for the duration of a ``with`` block."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.request import urlopen

REPO_ROOT = Path(__file__).resolve().parents[2]


class MockServer:
    """Start ``python -m tests.mockserver`` on 127.0.0.1, learn its port, stop it on exit::

        with MockServer() as server:
            server.url("/section/world")  # 'http://127.0.0.1:41234/section/world'
            server.requests("/section/")  # what the server received, oldest first

    ``robots`` picks a robots.txt variant (see :mod:`tests.mockserver.resources.robots`).
    """

    def __init__(self, *, robots: str = "default", timeout: float = 30.0) -> None:
        self.robots = robots
        self.timeout = timeout
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> MockServer:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "tests.mockserver", "--robots", self.robots],
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline().decode().strip()
        if not line.startswith("PORT "):
            self.__exit__(None, None, None)
            raise RuntimeError(f"mock server did not start (said {line!r})")
        self.port = int(line.split()[1])
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.close()  # the server stops when its stdin closes
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()

    @property
    def base(self) -> str:
        """The server's base URL, ``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """Return the absolute URL of ``path`` (which starts with ``/``) on this server."""
        return self.base + path

    def requests(self, path_prefix: str = "") -> list[dict[str, Any]]:
        """Return the request log (oldest first), only paths starting with ``path_prefix``."""
        from urllib.parse import quote

        with urlopen(self.url(f"/_log?path={quote(path_prefix)}"), timeout=self.timeout) as r:
            entries: list[dict[str, Any]] = json.load(r)["requests"]
        return entries

    def edit(self, path: str, kind: str = "edit", n: int = 1, to: str = "") -> None:
        """Serve the article at ``path`` edited (``kind`` "edit", "noise", "gone" or
        "canonical", naming path ``to``: see ``.edits``)."""
        from urllib.parse import urlencode

        query = urlencode({"path": path, "kind": kind, "n": n, "to": to})
        with urlopen(self.url(f"/_edit?{query}"), timeout=self.timeout) as r:
            r.read()

    def clear_edits(self) -> None:
        """Serve every article as the demo site does again."""
        with urlopen(self.url("/_edit/clear"), timeout=self.timeout) as r:
            r.read()

    def release(self, hold: str) -> int:
        """Answer now the responses held under ``hold`` (``/fault/delay?...&hold=KEY``);
        return how many."""
        with urlopen(self.url(f"/fault/release?hold={hold}"), timeout=self.timeout) as r:
            released: int = json.load(r)["released"]
        return released

    def clear_log(self) -> int:
        """Empty the request log; return how many records it had."""
        with urlopen(self.url("/_log/clear"), timeout=self.timeout) as r:
            cleared: int = json.load(r)["cleared"]
        return cleared
