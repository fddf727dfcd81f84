"""What the extraction fork server imports before it forks any worker.

Only the fork server and the workers it forks import this module (it is named, not
imported, by :mod:`newscrawl.pipelines._pool`), so that what it does stays out of the
crawler process.

It keeps Scrapy out of those processes. The extractor needs none of it, but itemloaders
imports itemadapter, which imports Scrapy (and with it Twisted) whenever Scrapy is
installed, to recognise Scrapy's ``Item`` classes; the extractor only loads plain dicts.
That is about 24 MB of memory in the fork server and in every worker. A ``None`` entry in
``sys.modules`` is Python's documented way to make an import fail with ImportError, which
itemadapter handles by supporting no Scrapy items.
"""

from __future__ import annotations

import sys

if "scrapy" not in sys.modules:
    sys.modules["scrapy"] = None  # type: ignore[assignment]

import newscrawl.pipelines._worker  # noqa: F401  (preloaded for every worker)
