"""Signals newscrawl components send, in addition to Scrapy's.

* ``fetch_failed(request, reason, attempts)``: a request failed for good in this run (retries
  exhausted, host skipped). :class:`newscrawl.extensions.failures.FetchFailures` records it
  in the archive so that the next run of the site asks for the page again.
* ``host_held(slot)``: nothing may be sent to downloader slot ``slot`` (a host) until
  ``host_released``, because its robots.txt is being read. The scheduler's priority queue
  (:class:`newscrawl.pqueues.HoldAwarePriorityQueue`) keeps the host's requests meanwhile,
  so that they do not take the crawl's places in the downloader while they wait.
* ``host_released(slot)``: the hold of ``slot`` is over.
"""

from __future__ import annotations

fetch_failed = object()
host_held = object()
host_released = object()
