"""``python -m newscrawl.extract`` run as a subprocess, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.extract.goldens import CASES, FIXTURES

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "newscrawl.extract", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_prints_one_json_object() -> None:
    url = CASES["jpost_article"]["url"]
    result = _run(str(FIXTURES / "jpost_article.html"), "--url", url, "--site-profile", "jpost")
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["authors"] == ["Seth J. Frantzman"]
    assert article["published_at"] == "2020-06-14T08:35:00+03:00"
    assert "’" in result.stdout  # ensure_ascii=False
    assert result.stdout.count("\n") == 1


def test_missing_file_exits_2() -> None:
    result = _run("/nonexistent/page.html", "--url", "https://x.com/a")
    assert result.returncode == 2
    assert "cannot read" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_non_article_page_exits_2(tmp_path: Path) -> None:
    page = tmp_path / "404.html"
    page.write_text(
        "<html><head><title>Page not found</title></head><body><p>Sorry.</p></body></html>"
    )
    result = _run(str(page), "--url", "https://x.com/a")
    assert result.returncode == 2
    assert "not an article (error-page)" in result.stderr


def test_not_html_exits_2(tmp_path: Path) -> None:
    page = tmp_path / "doc.pdf"
    page.write_bytes(b"%PDF-1.4 binary")
    result = _run(str(page), "--url", "https://x.com/a")
    assert result.returncode == 2
    assert "binary" in result.stderr


def test_unknown_profile_exits_2() -> None:
    result = _run(
        str(FIXTURES / "german.html"), "--url", "https://x.com/a", "--site-profile", "nope"
    )
    assert result.returncode == 2
    assert "unknown site profile" in result.stderr


def test_min_words_option(tmp_path: Path) -> None:
    url = CASES["german"]["url"]
    result = _run(str(FIXTURES / "german.html"), "--url", url, "--min-words", "5000")
    assert result.returncode == 2
    assert "short-body" in result.stderr
