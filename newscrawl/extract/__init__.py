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
"""

from __future__ import annotations

from newscrawl.extract.article import FIELDS, extract_article
from newscrawl.extract.errors import ExtractionError
from newscrawl.extract.validate import check_article

__all__ = ["FIELDS", "ExtractionError", "check_article", "extract_article"]
