"""The spider loader: Scrapy's spiders, and one per site profile, bundled or the user's."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from scrapy.settings import Settings
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.project import get_project_settings

from newscrawl.sites import ProfileError
from newscrawl.spiderloader import ProfileSpiderLoader
from newscrawl.spiders.news import NewsSpider

if TYPE_CHECKING:
    from pathlib import Path

PROFILE = 'name = "{name}"\ndomains = ["{name}.example"]\nsections = ["https://{name}.example/"]\n'


def _loader(sites_dir: Path | None = None) -> ProfileSpiderLoader:
    settings = Settings({"SPIDER_MODULES": ["newscrawl.spiders"]})
    if sites_dir is not None:
        settings.set("NEWSCRAWL_SITES_DIR", str(sites_dir))
    return ProfileSpiderLoader.from_settings(settings)


def test_the_project_uses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # get_project_settings() sets the variable for good; set here, it is undone after.
    monkeypatch.setenv("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    assert isinstance(get_spider_loader(get_project_settings()), ProfileSpiderLoader)


def test_the_modules_spiders_and_the_bundled_profiles() -> None:
    loader = _loader()
    assert sorted(loader.list()) == ["demo", "jpost", "news"]
    jpost = loader.load("jpost")
    assert jpost.profile.timezone == "Asia/Jerusalem"  # type: ignore[attr-defined]
    assert loader.load("news") is NewsSpider


def test_the_users_own_profiles(tmp_path: Path) -> None:
    (tmp_path / "herald.toml").write_text(PROFILE.format(name="herald"))
    (tmp_path / "gazette.toml").write_text(PROFILE.format(name="gazette") + "timezone = 'Mars'\n")
    (tmp_path / "jpost.toml").write_text(PROFILE.format(name="jpost"))
    loader = _loader(tmp_path)
    assert sorted(loader.list()) == ["demo", "gazette", "herald", "jpost", "news"]
    assert loader.load("herald").profile.domains == ("herald.example",)  # type: ignore[attr-defined]
    # The user's jpost replaces the bundled one.
    assert loader.load("jpost").profile.domains == ("jpost.example",)  # type: ignore[attr-defined]
    with pytest.raises(ProfileError, match=r"gazette\.toml: .*Mars"):
        loader.load("gazette").check_arguments({})  # type: ignore[attr-defined]


def test_a_profile_cannot_hide_a_built_in_spider(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "news.toml").write_text(PROFILE.format(name="news"))
    loader = _loader(tmp_path)
    assert loader.load("news") is NewsSpider
    assert "Site profile 'news' left out: 'news' is a built-in spider's name" in caplog.text


def test_a_directory_that_is_not_there_is_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    loader = _loader(tmp_path / "nowhere")
    assert sorted(loader.list()) == ["demo", "jpost", "news"]
    assert f"NEWSCRAWL_SITES_DIR '{tmp_path}/nowhere' is not a directory" in caplog.text
