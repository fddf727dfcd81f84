"""The linters are part of the suite, so `python -m pytest` (and CI) runs them too."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.mockserver.server import REPO_ROOT


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "newscrawl", "tests", "benchmarks"],
        ["ruff", "format", "--check", "newscrawl", "tests", "benchmarks"],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_linter_is_clean(command: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", *command], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
