"""Signals newscrawl components send, in addition to Scrapy's.

* ``fetch_failed(request, reason, attempts)``: a request failed for good in this run (retries
  exhausted, host skipped). :class:`newscrawl.extensions.failures.FetchFailures` records it
  in the archive so that the next run of the site asks for the page again.
"""

from __future__ import annotations

fetch_failed = object()
