"""The package as pip builds it: every file it needs at run time is in it."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch

from tests.mockserver.server import REPO_ROOT

PACKAGE = REPO_ROOT / "newscrawl"


def test_every_file_of_the_package_that_is_not_python_is_package_data() -> None:
    """A file setuptools leaves out works in a clone and is missing once installed."""
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    package_data = config["tool"]["setuptools"]["package-data"]
    data_files = [
        path
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    ]
    assert data_files  # the demo's articles, the bundled profiles, the migration template
    for path in data_files:
        package = ".".join(path.parent.relative_to(REPO_ROOT).parts)
        patterns = package_data.get(package, [])
        assert any(fnmatch(path.name, pattern) for pattern in patterns), (
            f"{path.relative_to(REPO_ROOT)} is not in [tool.setuptools.package-data]"
        )


def test_the_package_depends_on_the_requirements() -> None:
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    assert "dependencies" in config["project"]["dynamic"]
    dynamic = config["tool"]["setuptools"]["dynamic"]["dependencies"]
    assert dynamic == {"file": ["requirements.txt"]}
