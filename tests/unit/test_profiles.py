import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import html
from scrapy.settings import Settings

from newscrawl import sites
from newscrawl.sites import (
    ProfileError,
    SiteProfile,
    broken_profiles,
    load_profile,
    load_profiles,
    profile_from_mapping,
)
from newscrawl.spiders._links import article_links, is_article_url
from newscrawl.spiders.news import NewsArguments
from newscrawl.spiders.site import SiteSpider
from newscrawl.spiders.sites import broken_spider_class, spider_class


def test_bundled_profiles_load() -> None:
    profiles = load_profiles()
    assert "jpost" in profiles
    jpost = profiles["jpost"]
    assert jpost.timezone == "Asia/Jerusalem"
    assert "https://www.jpost.com/middle-east" in jpost.sections
    assert jpost.tzinfo.key == "Asia/Jerusalem"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.jpost.com/middle-east/russias-foreign-and-defense-ministers-in-turkey-for-libya-and-syria-talks-631386",
            True,
        ),
        ("https://www.jpost.com/israel-news/article-812345", True),
        (
            "https://www.jpost.com/Middle-East/Iran-News/Iran-to-execute-alleged-CIA-agent-631401",
            True,
        ),
        ("https://www.jpost.com/middle-east", False),
        ("https://www.jpost.com/tags/libya", False),
        ("https://www.jpost.com/author/seth-j-frantzman", False),
        ("https://www.example.com/middle-east/some-story-631386", False),
    ],
)
def test_jpost_article_pattern(url: str, expected: bool) -> None:
    assert is_article_url(url, load_profiles()["jpost"]) is expected


JPOST_LIKE_SECTION = """
<html><body>
<header><a href="https://www.jpost.com/">The Jerusalem Post</a>
 <a href="https://www.jpost.com/israel-news">Israel News</a></header>
<div class="category-main">
 <a href="https://www.jpost.com/middle-east/russias-foreign-and-defense-ministers-in-turkey-for-libya-and-syria-talks-631386">Russia’s Foreign and Defense Ministers in Turkey</a>
 <a href="/middle-east/article-812345">Iran prepares to confront Israel in Syria</a>
 <a href="https://www.jpost.com/tags/libya">Libya</a>
</div>
<div class="most-read"><a href="https://www.jpost.com/health-and-wellness/israeli-study-points-to-nicotine-631300">Most read</a></div>
</body></html>
"""


def test_jpost_section_links() -> None:
    root = html.fromstring(JPOST_LIKE_SECTION)
    links = article_links(root, "https://www.jpost.com/middle-east", load_profiles()["jpost"])
    assert links == [
        "https://www.jpost.com/middle-east/russias-foreign-and-defense-ministers-in-turkey-for-libya-and-syria-talks-631386",
        "https://www.jpost.com/middle-east/article-812345",
        "https://www.jpost.com/health-and-wellness/israeli-study-points-to-nicotine-631300",
    ]


def test_profile_spider_is_made_from_data() -> None:
    profile = load_profiles()["jpost"]
    cls = spider_class(profile)
    assert issubclass(cls, SiteSpider) and cls.name == "jpost" and cls.profile is profile


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "x"}, "missing"),
        ({"name": "Bad Name", "domains": ["e.com"], "sections": ["https://e.com/"]}, "lowercase"),
        ({"name": "x", "domains": [], "sections": ["https://e.com/"]}, "no domains"),
        ({"name": "x", "domains": ["e.com"]}, "no sections"),
        ({"name": "x", "domains": ["e.com"], "sections": ["e.com/world"]}, "not an http"),
        ({"name": "x", "domains": ["e.com"], "sections": ["http://[e.com]/"]}, "not an http"),
        (
            {"name": "x", "domains": ["e.com"], "feeds": ["https://e.com/rss?" + "u=x&" * 600]},
            "longer than 2048 characters",
        ),
        (
            {
                "name": "x",
                "domains": ["e.com"],
                "sections": ["https://e.com/"],
                "timezone": "Nowhere",
            },
            "unknown timezone",
        ),
        (
            {
                "name": "x",
                "domains": ["e.com"],
                "sections": ["https://e.com/"],
                "language": "English please",
            },
            "is not a language code like de or en-GB",
        ),
        (
            {
                "name": "x",
                "domains": ["e.com"],
                "sections": ["https://e.com/"],
                "article_pattern": "(",
            },
            "not a valid regex",
        ),
        (
            {
                "name": "x",
                "domains": ["e.com"],
                "sections": ["https://e.com/"],
                "selectors": {"colour": "p"},
            },
            "unknown selector",
        ),
        (
            {
                "name": "x",
                "domains": ["e.com"],
                "sections": ["https://e.com/"],
                "selectors": {"title": "h1[["},
            },
            r"selector title = 'h1\[\[' is not valid CSS",
        ),
        (
            {
                "name": "x",
                "domains": ["e.com"],
                "sections": ["https://e.com/"],
                "next_page_selector": "a.next >> b",
            },
            "selector next_page_selector = .* is not valid CSS",
        ),
        (
            {"name": "x", "domains": ["e.com"], "sections": ["https://e.com/"], "typo": 1},
            "unknown profile key 'typo'; known: article_pattern, ",
        ),
        (
            {"name": "x", "domains": ["e.com"], "sitemap": ["https://e.com/sitemap.xml"]},
            "unknown profile key 'sitemap' \\(did you mean 'sitemaps'\\?\\)",
        ),
        (
            {"name": "x", "domains": ["e.com"], "sections": ["https://e.com/"], "max_pages": "3"},
            "max_pages must be a whole number, not '3'",
        ),
        (
            {"name": "x", "domains": ["e.com"], "sections": 3},
            "sections must be a list of strings",
        ),
        (
            {"name": "x", "domains": ["e.com"], "sections": ["https://e.com/"], "timezone": 1},
            "timezone must be a string",
        ),
        (
            {"name": "x", "domains": ["e.com"], "sections": ["https://e.com/"], "selectors": "h1"},
            "selectors must be a table",
        ),
        (
            {"name": "x", "domains": ["example.com"], "sections": ["http://127.0.0.1:8901/world"]},
            r"section http://127.0.0.1:8901/world is not on the domains \(example.com\)",
        ),
        (
            {
                "name": "x",
                "domains": ["e.com"],
                "sections": ["https://e.com/"],
                "discover_feeds": "yes",
            },
            "discover_feeds must be true or false",
        ),
        (
            {
                "name": "x",
                "domains": ["e.com"],
                "sections": ["https://e.com/"],
                "discover_sections": 1,
            },
            "discover_sections must be true or false",
        ),
    ],
)
def test_invalid_profiles_say_why(data: dict, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        profile_from_mapping(data)


def test_every_mistake_of_a_profile_is_said_at_once() -> None:
    data = {
        "name": "x",
        "domains": ["e.com"],
        "sections": ["https://e.com/"],
        "timezone": "CET+1",
        "selectors": {"author": ".byline"},
    }
    with pytest.raises(ProfileError) as error:
        profile_from_mapping(data)
    assert str(error.value) == (
        "profile 'x': unknown timezone 'CET+1'; unknown selector field 'author' (did you mean "
        "'authors'?); known: authors, body, description, image_caption, image_credit, "
        "image_url, modified_at, published_at, section, tags, title"
    )


def test_unknown_keys_are_said_with_the_other_mistakes() -> None:
    data = {"name": "x", "domains": ["e.com"], "sitemap": [], "sections": ["ftp://e.com/"]}
    with pytest.raises(ProfileError) as error:
        profile_from_mapping(data)
    assert str(error.value).startswith("unknown profile key 'sitemap' (did you mean 'sitemaps'?)")
    assert str(error.value).endswith("; profile 'x': 'ftp://e.com/' is not an http(s) URL")


def test_feeds_and_sitemaps_may_live_off_the_domains() -> None:
    """A feed service, a CDN: the article links in them are what must be on the domains."""
    profile = profile_from_mapping(
        {
            "name": "x",
            "domains": ["example.com"],
            "feeds": ["https://feeds.feedservice.example/example"],
            "sitemaps": ["https://cdn.example.net/sitemap-news.xml"],
        }
    )
    assert profile.feeds == ("https://feeds.feedservice.example/example",)


def test_profile_file_name_and_syntax_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("name = ")
    with pytest.raises(ProfileError, match=r"broken\.toml"):
        load_profile(broken)


def test_news_arguments_make_a_profile() -> None:
    args = NewsArguments.parse(
        {
            "start_urls": "https://www.example.com/world, https://news.example.org/",
            "timezone": "Europe/Berlin",
        }
    )
    profile = args.profile()
    # Without "www.": the host with it, the host without it and its subdomains are the site.
    assert profile.domains == ("example.com", "news.example.org")
    assert profile.sections == ("https://www.example.com/world", "https://news.example.org/")
    assert profile.timezone == "Europe/Berlin"
    # Without one, the extractor guesses from the domain (newscrawl.extract.site_zones).
    unset = NewsArguments.parse({"start_urls": "https://www.example.de/"}).profile()
    assert unset.timezone is None and unset.tzinfo is None
    # The news spider reads the feeds its start pages announce, unless told not to; a
    # profile lists its feeds.
    assert profile.discover_feeds and not load_profiles()["jpost"].discover_feeds
    for word, discover in [("no", False), ("Off", False), ("0", False), ("yes", True)]:
        arguments = {"start_urls": "https://e.com/", "discover_feeds": word}
        assert NewsArguments.parse(arguments).profile().discover_feeds is discover
    # Sections are crawled as given, unless told to find more.
    assert not profile.discover_sections
    arguments = {"start_urls": "https://e.com/", "discover_sections": "yes"}
    assert NewsArguments.parse(arguments).profile().discover_sections


def test_news_arguments_read_urls_from_a_file(tmp_path: Path) -> None:
    """``-a start_urls=@sections.txt``: one URL a line, blank lines and comments skipped."""
    listed = tmp_path / "sections.txt"
    listed.write_text(
        "# politics desks\nhttps://www.example.com/politics\n\n  https://example.com/world  \n"
        "https://www.example.com/politics\n",
        encoding="utf-8",
    )
    profile = NewsArguments.parse({"start_urls": f"@{listed}"}).profile()
    assert profile.sections == ("https://www.example.com/politics", "https://example.com/world")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("https://example.com/rss.xml\n", encoding="utf-8")
    assert NewsArguments.parse({"feeds": f"@{feeds}"}).feeds == ("https://example.com/rss.xml",)
    listed.write_text("https://example.com/world\nexample.com/sport\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"start_urls: 'example\.com/sport' is not an http"):
        NewsArguments.parse({"start_urls": f"@{listed}"})
    with pytest.raises(ProfileError, match=r"start_urls: cannot read .*missing\.txt"):
        NewsArguments.parse({"start_urls": f"@{tmp_path / 'missing.txt'}"})


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "start_urls"),
        ({"start_urls": "https://e.com/", "colour": "red"}, "unknown argument"),
        ({"start_urls": "e.com/world"}, "start_urls: 'e.com/world' is not an http"),
        ({"start_urls": "http://[e.com]/world"}, "start_urls: .* is not an http"),
        ({"start_urls": "https://e.com:99999/"}, "start_urls: .* is not an http"),
        ({"feeds": "https://e.com/rss, http://[rss]"}, "feeds: 'http://\\[rss\\]' is not"),
        ({"start_urls": "https://e.com/", "discover_feeds": "maybe"}, "expected yes or no"),
        ({"start_urls": "https://e.com/", "discover_sections": "all"}, "expected yes or no"),
        ({"start_urls": "https://e.com/", "site": "My Site!"}, "-a site='My Site!': use"),
        ({"start_urls": "https://e.com/", "site": "s" * 101}, "at most 100"),
        ({"start_urls": "https://e.com/", "domains": "e.org,no domain"}, "-a domains: 'no dom"),
        (
            {"start_urls": "https://e.com/", "domains": "https://cdn.e.com/x"},
            r"'https://cdn\.e\.com/x' is not a host name like example\.com \(its host: cdn",
        ),
    ],
)
def test_news_arguments_errors(arguments: dict, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        NewsArguments.parse(arguments).profile()


def test_news_arguments_sites_and_domains() -> None:
    parsed = NewsArguments.parse(
        {"start_urls": "https://e.com/", "site": "e.com-wire_2", "domains": "bücher.de,10.0.0.1"}
    )
    assert parsed.site == "e.com-wire_2"
    assert parsed.profile().domains == ("e.com", "bücher.de", "10.0.0.1")
    # A profile file's domains too.
    with pytest.raises(ProfileError, match=r"profile 'x': domain 'https://x\.com/' is not a host"):
        SiteProfile(name="x", domains=("https://x.com/",), sections=("https://x.com/",))


def test_a_broken_profile_file_costs_only_its_own_site(tmp_path: Path) -> None:
    """The valid profiles load; the broken one's spider refuses with the mistake."""
    (tmp_path / "good.toml").write_text(
        'name = "good"\ndomains = ["good.example"]\nsections = ["https://good.example/a"]\n'
    )
    (tmp_path / "bad.toml").write_text(
        'name = "bad"\ndomains = ["bad.example"]\nsections = ["https://bad.example/a"]\n'
        '[selectors]\ntitle = "h1[["\n'
    )
    (tmp_path / "renamed.toml").write_text(
        'name = "other"\ndomains = ["o.example"]\nsections = ["https://o.example/a"]\n'
    )
    assert list(load_profiles(tmp_path)) == ["good", "jpost"]  # the bundled one too
    broken = broken_profiles(tmp_path)
    assert sorted(broken) == ["bad", "renamed"]
    assert "selector title = 'h1[[' is not valid CSS" in str(broken["bad"])
    assert "differs from the file name" in str(broken["renamed"])
    spider = broken_spider_class("bad", broken["bad"])
    assert spider.name == "bad"
    with pytest.raises(ProfileError, match=r"bad\.toml: .* is not valid CSS"):
        spider.check_arguments({})
    with pytest.raises(ProfileError, match="is not valid CSS"):
        spider()
    assert "good" not in load_profiles() and not broken_profiles()


def test_a_missing_key_is_said_as_the_files_mistake(tmp_path: Path) -> None:
    """Not as Python's "__init__() missing 1 required positional argument"."""
    path = tmp_path / "x.toml"
    path.write_text('name = "x"\nsections = ["https://x.example/a"]\n')
    with pytest.raises(ProfileError) as raised:
        load_profile(path)
    assert str(raised.value) == f"{path}: profile 'x': missing key 'domains'"
    path.write_text("")
    with pytest.raises(ProfileError) as raised:
        load_profile(path)
    assert str(raised.value) == f"{path}: missing keys 'name', 'domains'"
    path.write_text('name = 3\ndomains = ["x.example"]\nsections = ["https://x.example/a"]\n')
    with pytest.raises(ProfileError, match="profile name 3: use lowercase letters"):
        load_profile(path)


def test_a_profile_file_that_cannot_be_read_is_broken_like_any_other(tmp_path: Path) -> None:
    """Not UTF-8, a folder, a dangling link: each its own error; the others load."""
    (tmp_path / "good.toml").write_text(
        'name = "good"\ndomains = ["good.example"]\nsections = ["https://good.example/a"]\n'
    )
    (tmp_path / "binary.toml").write_bytes(b"\xff\xfe")
    (tmp_path / "folder.toml").mkdir()
    (tmp_path / "dangling.toml").symlink_to(tmp_path / "gone.toml")
    assert list(load_profiles(tmp_path)) == ["good", "jpost"]
    broken = {name: str(error) for name, error in broken_profiles(tmp_path).items()}
    assert broken == {
        "binary": f"{tmp_path}/binary.toml: not UTF-8 text (invalid start byte at byte 0)",
        "dangling": f"cannot read {tmp_path}/dangling.toml: No such file or directory",
        "folder": f"cannot read {tmp_path}/folder.toml: Is a directory",
    }


def test_a_users_profile_replaces_the_bundled_one_of_its_name(tmp_path: Path) -> None:
    bundled = (sites.BUNDLED_DIR / "jpost.toml").read_text()
    (tmp_path / "jpost.toml").write_text(bundled.replace("Asia/Jerusalem", "Europe/London"))
    assert load_profiles(tmp_path)["jpost"].timezone == "Europe/London"
    assert load_profiles()["jpost"].timezone == "Asia/Jerusalem"
    # A broken edit says what is wrong, rather than the bundled profile crawling instead.
    (tmp_path / "jpost.toml").write_text(bundled.replace("Asia/Jerusalem", "Mars/Olympus"))
    assert "jpost" not in load_profiles(tmp_path)
    assert "Mars/Olympus" in str(broken_profiles(tmp_path)["jpost"])


def test_the_users_profiles_directory_is_a_setting() -> None:
    assert sites.sites_dir(Settings()) is None
    assert sites.sites_dir(Settings({"NEWSCRAWL_SITES_DIR": "my-sites"})) == Path("my-sites")


_REDESIGNED = """
name = "redesigned"
domains = ["e.com"]
sections = ["https://e.com/"]
timezone = "Europe/Berlin"

[selectors]
authors = ".byline-2024"

[[earlier_selectors]]
until = 2024-06-01
authors = ".byline-2022"

[[earlier_selectors]]
until = 2022-01-01T12:00:00Z
authors = ".byline-2019"
image_credit = ".credit"
"""


def test_earlier_selectors_apply_to_pages_fetched_before_their_day(tmp_path: Path) -> None:
    path = tmp_path / "redesigned.toml"
    path.write_text(_REDESIGNED)
    profile = load_profile(path)

    def at(moment: str) -> dict[str, str]:
        return profile.selectors_at(datetime.fromisoformat(moment))

    # Each table is a whole layout: the 2019 one's credit selector is not the 2022 one's.
    assert at("2021-12-31T23:59:00+00:00") == {"authors": ".byline-2019", "image_credit": ".credit"}
    assert at("2022-01-01T12:00:00+00:00") == {"authors": ".byline-2022"}
    # A date is the day's start in the site's timezone: 2024-05-31 22:00 UTC in Berlin.
    assert at("2024-05-31T21:59:59+00:00") == {"authors": ".byline-2022"}
    assert at("2024-05-31T22:00:00+00:00") == {"authors": ".byline-2024"}
    assert at("2026-01-01T00:00:00+00:00") == profile.selectors
    # A single [earlier_selectors] table is a list of one.
    path.write_text(
        _REDESIGNED.replace("[[earlier_selectors]]", "[earlier_selectors]", 1).split(
            "[[earlier_selectors]]"
        )[0]
    )
    assert load_profile(path).selectors_at(datetime(2020, 1, 1, tzinfo=UTC)) == {
        "authors": ".byline-2022"
    }


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('authors = ".a"', r"a table without until \(when its layout was replaced"),
        ('until = "2024-01-01"', r"until must be a date \(until = 2024-06-01, without quotes\)"),
        ("until = 2024-01-01\nauthors = 3", "earlier_selectors must be tables of field = CSS"),
        (
            'until = 2024-01-01\nauthor = ".a"',
            r"earlier_selectors until 2024-01-01: unknown selector field 'author' \(did you "
            r"mean 'authors'\?\)",
        ),
        (
            'until = 2024-01-01\ntitle = "h1[["',
            r"earlier_selectors until 2024-01-01: selector title = 'h1\[\[' is not valid CSS",
        ),
        (
            'until = 2024-01-01\n[[earlier_selectors]]\nuntil = 2024-01-01\ntitle = "h1"',
            "two tables with the same until",
        ),
    ],
)
def test_invalid_earlier_selectors_say_why(tmp_path: Path, table: str, message: str) -> None:
    path = tmp_path / "x.toml"
    path.write_text(
        f'name = "x"\ndomains = ["e.com"]\nsections = ["https://e.com/"]\n'
        f"[[earlier_selectors]]\n{table}\n"
    )
    with pytest.raises(ProfileError, match=message):
        load_profile(path)
    with pytest.raises(ProfileError, match=r"earlier_selectors must be tables \(\[\["):
        profile_from_mapping(
            {"name": "x", "domains": ["e.com"], "sections": ["https://e.com/"],
             "earlier_selectors": "h1"}
        )  # fmt: skip


def test_the_readme_s_profile_is_a_valid_profile() -> None:
    """The profile the README shows under "Adding a site" loads as it says."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    start = readme.index('```toml\nname = "example"')
    profile = profile_from_mapping(
        tomllib.loads(readme[start + 8 : readme.index("```", start + 8)])
    )
    assert profile.selectors_at(datetime(2025, 2, 28, tzinfo=UTC)) == {"authors": ".article-author"}
    assert profile.selectors_at(datetime(2025, 3, 1, tzinfo=UTC)) == profile.selectors
