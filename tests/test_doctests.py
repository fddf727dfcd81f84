"""Run the doctest examples of every newscrawl module (pytest only collects tests/)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import newscrawl

MODULES = [
    info.name
    for info in pkgutil.walk_packages(newscrawl.__path__, "newscrawl.")
    # Alembic's migration scripts run inside a migration; __main__ runs a command.
    if ".migrations" not in info.name and not info.name.endswith("__main__")
]


def test_every_package_is_walked() -> None:
    assert {"newscrawl.extract.titles", "newscrawl.commands.export", "newscrawl.urls"} <= set(
        MODULES
    )


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
