"""``scrapy addsite``: a profile drafted from the mock site's home page, as a user runs it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.demo.data import SECTION_TITLES
from newscrawl.sites import BUNDLED_DIR, load_profile
from tests.integration.crawl import run_scrapy

if TYPE_CHECKING:
    from pathlib import Path

    from tests.mockserver import MockServer


def test_a_profile_drafted_from_the_home_page(mockserver: MockServer, tmp_path: Path) -> None:
    target = tmp_path / "meridian.toml"
    args = ["addsite", "meridian", mockserver.url("/"), "--delay", "0", "-o", str(target)]
    mockserver.clear_log()
    contact = "https://newsroom.example/crawler"
    result = run_scrapy(args, tmp_path, NEWSCRAWL_CONTACT_URL=contact)
    assert result.returncode == 0, result.log
    profile = load_profile(target)
    sections = tuple(mockserver.url(f"/section/{slug}") for slug in SECTION_TITLES)
    assert profile.sections == (mockserver.url("/"), *sections)
    assert profile.feeds == (mockserver.url("/rss.xml"),)
    # robots.txt names the sitemap index; the news sitemap in it is the profile's.
    assert profile.sitemaps == (mockserver.url("/sitemap-news.xml"),)
    assert f'# sitemaps = ["{mockserver.url("/sitemap.xml")}"]' in target.read_text()
    assert (profile.name, profile.domains, profile.language) == ("meridian", ("127.0.0.1",), "en")
    hint = f"scrapy crawl meridian -s NEWSCRAWL_SITES_DIR={tmp_path}"
    assert f"Wrote {target}. Check it, then: {hint}\n" in result.stdout
    assert f"# Check the sections, feeds and sitemaps, then: {hint}\n" in target.read_text()
    assert "Sitemaps: 1 news, 1 whole-site (in a comment)" in result.stdout
    # A few requests, each page once, robots.txt among them, with the User-Agent the crawl
    # of the profile will send, its contact URL in it.
    requests = mockserver.requests()
    paths = [r["path"] for r in requests]
    assert len(paths) == len(set(paths)) <= 3 + len(SECTION_TITLES) + 2
    assert "/robots.txt" in paths
    agents = {r["headers"]["user-agent"] for r in requests}
    assert len(agents) == 1 and agents.pop().endswith(f" (+{contact})")

    # An existing file is kept; --force replaces it.
    again = run_scrapy(args, tmp_path)
    assert again.returncode == 2 and f"{target} exists: --force replaces it" in again.log
    assert run_scrapy([*args, "--force"], tmp_path).returncode == 0
    # -o a folder: NAME.toml in it, and the command printed crawls it.
    folder = tmp_path / "folder"
    folder.mkdir()
    into = run_scrapy([*args[:-1], str(folder), "--sections", "1"], tmp_path)
    assert into.returncode == 0, into.log
    assert load_profile(folder / "meridian.toml").name == "meridian"
    assert f"then: scrapy crawl meridian -s NEWSCRAWL_SITES_DIR={folder}\n" in into.stdout


def test_a_start_page_that_cannot_be_read_writes_nothing(
    mockserver: MockServer, tmp_path: Path
) -> None:
    target = tmp_path / "gone.toml"
    gone = mockserver.url("/fault/status?n=404")
    result = run_scrapy(["addsite", "gone", gone, "--delay", "0", "-o", str(target)], tmp_path)
    assert result.returncode == 1
    assert f"Cannot draft a profile: cannot fetch {gone}: HTTP 404" in result.log
    assert not target.exists()
    for args, message in (
        (["news", mockserver.url("/")], "'news' is a built-in spider's name"),
        (["Bad-Name", mockserver.url("/")], "use lowercase letters, digits, _"),
        (["fine", "ftp://example.com/"], "is not an http(s) URL"),
    ):
        refused = run_scrapy(["addsite", *args, "-o", str(target)], tmp_path)
        assert refused.returncode == 2 and message in refused.log, args
    # A file of another name would be a broken profile, whose spider no crawl finds.
    other = tmp_path / "d" / "zz.toml"
    asked = len(mockserver.requests())
    refused = run_scrapy(["addsite", "fine", mockserver.url("/"), "-o", str(other)], tmp_path)
    assert refused.returncode == 2 and "Traceback" not in refused.log
    assert (
        f"-o {other}: a profile's file is named after it, fine.toml (its spider is the "
        f"file's name): -o {tmp_path / 'd' / 'fine.toml'}, or -o a folder"
    ) in refused.log
    assert len(mockserver.requests()) == asked and not other.parent.exists()
    # A folder that cannot be made: said before the site is read, in one line.
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    args = ["addsite", "fine", mockserver.url("/"), "-o", str(blocked / "fine.toml")]
    asked = len(mockserver.requests())
    refused = run_scrapy(args, tmp_path)
    assert refused.returncode == 2 and "Traceback" not in refused.log
    assert f"cannot write {blocked / 'fine.toml'}: " in refused.log
    assert len(mockserver.requests()) == asked  # the site was not read


def test_a_profile_in_the_users_own_directory_is_crawled(
    mockserver: MockServer, tmp_path: Path
) -> None:
    """``NEWSCRAWL_SITES_DIR``: addsite writes there, list shows it, crawl crawls it."""
    sites = tmp_path / "my-sites"
    drafted = run_scrapy(
        ["addsite", "meridian", mockserver.url("/"), "--delay", "0", "--sections", "1"],
        tmp_path,
        NEWSCRAWL_SITES_DIR=str(sites),
    )
    assert drafted.returncode == 0, drafted.log
    assert (sites / "meridian.toml").is_file()
    hint = f"scrapy crawl meridian -s NEWSCRAWL_SITES_DIR={sites}"
    assert f"Check it, then: {hint}\n" in drafted.stdout
    listed = run_scrapy(["list"], tmp_path, NEWSCRAWL_SITES_DIR=str(sites))
    assert listed.stdout.split() == ["demo", "jpost", "meridian", "news"]
    crawled = run_scrapy(["crawl", "meridian"], tmp_path, NEWSCRAWL_SITES_DIR=str(sites))
    assert crawled.returncode == 0, crawled.log
    items = crawled.feed_items("meridian")
    assert items and {item["site"] for item in items} == {"meridian"}
    assert not (BUNDLED_DIR / "meridian.toml").exists()


def test_the_draft_keeps_within_the_crawls_ssrf_guard(
    mockserver: MockServer, tmp_path: Path
) -> None:
    """The crawl would refuse a private site's pages: the draft does not read them either."""
    target = tmp_path / "inside.toml"
    args = ["addsite", "inside", mockserver.url("/"), "--delay", "0", "-o", str(target)]
    mockserver.clear_log()
    refused = run_scrapy(args, tmp_path, NEWSCRAWL_SSRF_ALLOW="")
    assert refused.returncode == 1 and "Traceback" not in refused.log
    assert (
        f"Cannot draft a profile: cannot fetch {mockserver.url('/')}: refused by the SSRF guard: "
        "loopback address 127.0.0.1 (NEWSCRAWL_SSRF_ALLOW lets it through)"
    ) in refused.log
    assert not mockserver.requests() and not target.exists()
    # A page of an allowed host redirecting to the cloud metadata address: not followed.
    metadata = "http://169.254.169.254/latest/meta-data/"
    start = mockserver.url(f"/fault/redirect?to={metadata}")
    refused = run_scrapy(["addsite", "inside", start, "--delay", "0", "-o", str(target)], tmp_path)
    assert refused.returncode == 1, refused.log
    assert (
        f"Cannot draft a profile: cannot fetch {start}: it redirects to {metadata}, refused by "
        "the SSRF guard: link-local (cloud metadata) address 169.254.169.254"
    ) in refused.log
    assert not target.exists()
