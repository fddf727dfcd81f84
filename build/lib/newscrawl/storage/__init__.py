"""The archive: SQLAlchemy models, engine set-up, migrations and domain queries.

Nothing in this package imports Scrapy; commands and tests use it directly. Its names are
imported on first use, so that the pure modules (:mod:`~newscrawl.storage.prepared`,
:mod:`~newscrawl.storage.minhash`, :mod:`~newscrawl.storage.signatures`,
:mod:`~newscrawl.storage.revisions`), which extraction workers import, do not load
SQLAlchemy there.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newscrawl.storage.archive import Archive, NotModified, StoreResult
    from newscrawl.storage.reading import FetchState, SiteSize

__all__ = ["Archive", "FetchState", "NotModified", "SiteSize", "StoreResult"]

_MODULES = {
    "Archive": "newscrawl.storage.archive",
    "NotModified": "newscrawl.storage.archive",
    "StoreResult": "newscrawl.storage.archive",
    "FetchState": "newscrawl.storage.reading",
    "SiteSize": "newscrawl.storage.reading",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
