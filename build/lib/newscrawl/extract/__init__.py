"""Article extraction: HTML page + URL (+ site profile) -> normalized article dict.

Pure: imports neither Scrapy nor storage, so the crawl's pipeline, the
``python -m newscrawl.extract`` command, re-processing of archived pages and tests all run
the same code.

:func:`extract_article` returns a dict with the contract fields ``url``, ``canonical_url``,
``site``, ``title``, ``authors``, ``published_at``, ``modified_at``, ``section``, ``tags``,
``language``, ``description``, ``body``, ``image_url``, ``image_caption``, ``image_credit``,
``word_count``, ``content_hash``, ``crawled_at``, plus ``field_sources`` (field -> where it
was found) and ``paywalled``. :func:`~newscrawl.extract.validate.check_article` then says
whether the result is an article worth keeping.

The names above are imported when first asked for: the crawler process imports a few light
modules of this package (:mod:`~newscrawl.extract.errors`, :mod:`~newscrawl.extract.validate`,
:mod:`~newscrawl.extract.classwords`) and leaves the extractor (trafilatura and its
dependencies) to the extraction workers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newscrawl.extract.article import FIELDS, extract_article
    from newscrawl.extract.errors import ExtractionError
    from newscrawl.extract.validate import check_article

__all__ = ["FIELDS", "ExtractionError", "check_article", "extract_article"]

_MODULES = {
    "FIELDS": "article",
    "extract_article": "article",
    "ExtractionError": "errors",
    "check_article": "validate",
}


def __getattr__(name: str) -> Any:
    # PEP 562: called for names the package does not have yet.
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
    globals()[name] = value
    return value
