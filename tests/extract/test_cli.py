"""``python -m newscrawl.extract`` run as a subprocess, as a user runs it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from newscrawl.demo import load_demo_articles
from newscrawl.sites import BUNDLED_DIR
from tests.extract.goldens import CASES, FIXTURES
from tests.mockserver.server import MockServer
from tests.utils import run_python


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_python("-m", "newscrawl.extract", *args, stdin=stdin)


def test_prints_one_json_object() -> None:
    url = CASES["jpost_article"]["url"]
    result = _run(str(FIXTURES / "jpost_article.html"), "--url", url, "--site-profile", "jpost")
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["authors"] == ["Seth J. Frantzman"]
    assert article["published_at"] == "2020-06-14T08:35:00+03:00"
    assert "’" in result.stdout  # ensure_ascii=False
    assert result.stdout.count("\n") == 1


def test_a_profile_file(tmp_path: Path) -> None:
    """A profile in a file of the user's: its timezone dates the page's naive JSON-LD time."""
    url = CASES["jpost_article"]["url"]
    bundled = (BUNDLED_DIR / "jpost.toml").read_text()
    profile = tmp_path / "jpost.toml"
    profile.write_text(bundled.replace("Asia/Jerusalem", "America/New_York"))
    page = str(FIXTURES / "jpost_article.html")
    result = _run(page, "--url", url, "--site-profile", str(profile))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["published_at"] == "2020-06-14T08:35:00-04:00"
    profile.write_text(bundled.replace("Asia/Jerusalem", "Mars/Olympus"))
    broken = _run(page, "--url", url, "--site-profile", str(profile))
    assert broken.returncode == 2 and "Mars/Olympus" in broken.stderr, broken.stderr
    missing = _run(page, "--url", url, "--site-profile", str(tmp_path / "none.toml"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr, missing.stderr


def test_fetched_at_picks_the_layout_of_a_profile(tmp_path: Path) -> None:
    """A page saved before the site's redesign is read with the selectors it had then."""
    url = CASES["jpost_article"]["url"]
    profile = tmp_path / "jpost.toml"
    profile.write_text(
        (BUNDLED_DIR / "jpost.toml").read_text()
        + '\n[[earlier_selectors]]\nuntil = 2021-01-01\nimage_credit = ".no-such-credit"\n'
    )
    page = str(FIXTURES / "jpost_article.html")
    sources = {}
    for fetched_at in ("2020-06-14T09:00:00+03:00", "2021-01-01T00:00:00+02:00"):
        result = _run(
            page, "--url", url, "--site-profile", str(profile), "--fetched-at", fetched_at
        )
        assert result.returncode == 0, result.stderr
        sources[fetched_at[:4]] = json.loads(result.stdout)["field_sources"]
    assert sources["2021"]["authors"] == sources["2021"]["image_credit"] == "selector"
    # The earlier layout names no authors selector: the generic extraction's.
    assert sources["2020"]["authors"] != "selector"
    assert sources["2020"].get("image_credit") != "selector"
    bad = _run(page, "--url", url, "--fetched-at", "yesterday")
    assert bad.returncode == 2 and "'yesterday' is not an ISO 8601 date" in bad.stderr


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


def test_what_the_feed_said_is_taken_where_the_page_says_less(tmp_path: Path) -> None:
    words = " ".join(f"word{n}" for n in range(150))
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><h1>Ferry resumes</h1><p>{words}</p></body></html>")
    listed = ["--published", "Fri, 14 Mar 2025 09:30:00 +0200", "--author", "Ann Lee"]
    result = _run(str(page), "--url", "https://x.example/ferry", *listed, "--tag", "Ferries")
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["published_at"] == "2025-03-14T09:30:00+02:00"
    assert (article["authors"], article["tags"]) == (["Ann Lee"], ["Ferries"])
    assert article["field_sources"]["authors"] == "listing"


def test_reads_the_page_from_standard_input() -> None:
    url = CASES["german"]["url"]
    page = (FIXTURES / "german.html").read_bytes().decode("utf-8")
    result = _run("-", "--url", url, stdin=page)
    assert result.returncode == 0, result.stderr
    from_file = _run(str(FIXTURES / "german.html"), "--url", url)
    read, saved = json.loads(result.stdout), json.loads(from_file.stdout)
    assert read.pop("crawled_at") and saved.pop("crawled_at")  # the time of each run
    assert read == saved and read["title"]


def test_a_file_or_stdin_needs_its_url() -> None:
    result = _run(str(FIXTURES / "german.html"))
    assert result.returncode == 2
    assert "--url is required" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "arguments",
    [
        [str(FIXTURES / "german.html"), "--url", "http://[x]/a"],
        [str(FIXTURES / "german.html"), "--url", "german.html"],
        ["https://x.com:99999/a"],
    ],
)
def test_a_malformed_url_exits_2(arguments: list[str]) -> None:
    result = _run(*arguments)
    assert result.returncode == 2
    assert "is not an http(s) URL" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_fetches_a_url_with_newscrawl_user_agent(mockserver: MockServer) -> None:
    article = load_demo_articles()[0]
    url = article.url(mockserver.base)
    # Through a redirect: the article is recorded under the URL it was served from.
    moved = mockserver.url(f"/fault/redirect?to={quote(url, safe='')}")
    result = _run(moved)
    assert result.returncode == 0, result.stderr
    extracted = json.loads(result.stdout)
    assert extracted["url"] == url
    assert extracted["title"] == article.title
    (request,) = mockserver.requests(urlsplit(url).path)
    assert request["headers"]["user-agent"].startswith("newscrawl/")


def test_a_url_that_cannot_be_fetched_exits_2(mockserver: MockServer) -> None:
    result = _run(mockserver.url("/fault/status?n=404"))
    assert result.returncode == 2
    assert "cannot fetch" in result.stderr and "HTTP 404" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("path", ["/", "/section/world"])
def test_a_section_page_is_not_an_article(mockserver: MockServer, path: str) -> None:
    """The home page and a section page are teasers of other pages (they extracted as an
    article of their standfirsts)."""
    result = _run(mockserver.url(path))
    assert result.returncode == 2, result.stdout[:500]
    assert f"{mockserver.url(path)} is not an article (listing-page: " in result.stderr


def test_a_fetched_article_over_several_pages_is_read_whole(mockserver: MockServer) -> None:
    result = _run(mockserver.url("/fault/pages/wahl-analyse?pages=3&broken=0"))
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)["body"]
    assert [p.split(":")[0] for p in body.split("\n\n") if p.startswith("Teil")] == [
        f"Teil {page}, Absatz {n}" for page in (1, 2, 3) for n in range(1, 5)
    ]
    # A next page that cannot be fetched is said; the article is the pages before it.
    broken = _run(mockserver.url("/fault/pages/wahl-analyse?pages=3&broken=3"))
    assert broken.returncode == 0, broken.stderr
    assert "page 3 of the article: " in broken.stderr
    assert "Teil 2, Absatz 4" in json.loads(broken.stdout)["body"]
    assert "Teil 3" not in json.loads(broken.stdout)["body"]


def test_a_project_s_own_profiles_and_settings(tmp_path: Path) -> None:
    """Run in a project of one's own (README): its profile of the site, which its crawl
    uses, was ignored (the bundled one by name, none without a name), as were its settings."""
    import os
    import sys

    from tests.mockserver.server import REPO_ROOT

    (tmp_path / "scrapy.cfg").write_text("[settings]\ndefault = mysettings\n")
    settings = tmp_path / "mysettings.py"
    settings.write_text('from newscrawl.settings import *\nNEWSCRAWL_SITES_DIR = "sites"\n')
    (tmp_path / "sites").mkdir()
    profile = (BUNDLED_DIR / "jpost.toml").read_text().replace("Asia/Jerusalem", "America/New_York")
    (tmp_path / "sites" / "jpost.toml").write_text(profile)
    url = CASES["jpost_article"]["url"]
    page = str(FIXTURES / "jpost_article.html")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "newscrawl.extract", page, "--url", url, *args],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": f"{REPO_ROOT}{os.pathsep}{tmp_path}"},
            cwd=tmp_path,
            timeout=120,
            check=False,
        )

    for args in [(), ("--site-profile", "jpost")]:
        result = run(*args)
        assert result.returncode == 0, result.stderr
        article = json.loads(result.stdout)
        assert article["published_at"] == "2020-06-14T08:35:00-04:00", args
        assert article["site"] == "jpost"
    settings.write_text(settings.read_text() + "NEWSCRAWL_MIN_WORDS = 100000\n")
    result = run()
    assert result.returncode == 2
    assert result.stderr == f"newscrawl.extract: {page} is not an article (short-body)\n"
