"""newscrawl used as an installed package, from a project directory of the user's own."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

from tests.integration.crawl import SCRAPY, TEST_SETTINGS, _env

if TYPE_CHECKING:
    from pathlib import Path

HERALD = 'name = "herald"\ndomains = ["herald.example"]\nsections = ["https://herald.example/"]\n'


def _scrapy(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    settings = [part for name, value in TEST_SETTINGS.items() for part in ("-s", f"{name}={value}")]
    command = [str(SCRAPY), *args] + (settings if args[0] == "crawl" else [])
    # As in a user's shell: no project named by the environment (a test that read the
    # project's settings in this process leaves SCRAPY_SETTINGS_MODULE set).
    env = {name: value for name, value in _env().items() if not name.startswith("SCRAPY_")}
    return subprocess.run(
        command, cwd=project, capture_output=True, text=True, timeout=180, env=env
    )


def test_a_project_of_the_users_own_crawls_with_the_package(tmp_path: Path) -> None:
    """Only a scrapy.cfg, a settings module and a folder of profiles: no clone.

    Nothing is read from the directory scrapy runs in but what the settings name (the
    archive, the feeds, the user's profiles): the bundled profiles, the demo's articles and
    the archive's migrations come from the package.
    """
    project = tmp_path / "newsroom"
    (project / "sites").mkdir(parents=True)
    (project / "sites" / "herald.toml").write_text(HERALD)
    (project / "mysettings.py").write_text(
        'from newscrawl.settings import *  # noqa: F403\nNEWSCRAWL_SITES_DIR = "sites"\n'
    )
    (project / "scrapy.cfg").write_text("[settings]\ndefault = mysettings\n")

    listed = _scrapy(project, "list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split() == ["demo", "herald", "jpost", "news"]

    crawled = _scrapy(project, "crawl", "demo", "-s", "NEWSCRAWL_DEMO_PORT=0")
    assert crawled.returncode == 0, crawled.stderr[-3000:]
    assert "36 articles stored (36 new, 0 changed)" in crawled.stderr
    assert (project / "data" / "newscrawl.sqlite").is_file()
    assert len(list((project / "data" / "feeds" / "demo").glob("*.jsonl"))) == 1
