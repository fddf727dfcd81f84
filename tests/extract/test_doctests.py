"""Run the doctest examples of every newscrawl.extract module (pytest only collects tests/)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import newscrawl.extract

MODULES = [
    info.name
    for info in pkgutil.iter_modules(newscrawl.extract.__path__, "newscrawl.extract.")
    if not info.name.endswith("__main__")
]


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
