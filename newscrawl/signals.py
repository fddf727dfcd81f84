"""Signals newscrawl components send, in addition to Scrapy's.

* ``fetch_failed(request, reason, attempts)``: a request failed for good in this run (retries
  exhausted, host skipped). :class:`newscrawl.extensions.failures.FetchFailures` records it
  in the archive so that the next run of the site asks for the page again.
* ``page_gone(url, site, reason)``: an article page answered 404 or 410 (``reason``
  ``http-404``, ``http-410``; ``url`` the link, before redirects). The archive pipeline
  remembers it as rejected, so that later runs ask for it again only at its recheck
  (``NEWSCRAWL_RECHECK_REJECTED_FIRST``, then ever less often): a dead link a sitemap or a
  section page keeps listing is not fetched at every run.
* ``host_held(slot)``: nothing may be sent to downloader slot ``slot`` (a host) until
  ``host_released``, because its robots.txt is being read. The scheduler's priority queue
  (:class:`newscrawl.pqueues.HoldAwarePriorityQueue`) keeps the host's requests meanwhile,
  so that they do not take the crawl's places in the downloader while they wait.
* ``host_released(slot)``: the hold of ``slot`` is over.
* ``download_error(request, exception)``: a download failed (a timeout, a reset
  connection), sent by :class:`newscrawl.downloader.Downloader` before the downloader
  frees the host's slot and sends its next request: the backoff holds the host first.
* ``host_backed_off(slot, seconds)``: the backoff holds downloader slot ``slot`` (a site)
  for ``seconds`` (a ``Retry-After``, a failing site's wait).
  :class:`newscrawl.frontier.pace.SharedPaceDownloader` holds it in every process of a
  shared frontier.
"""

from __future__ import annotations

fetch_failed = object()
page_gone = object()
host_held = object()
host_released = object()
download_error = object()
host_backed_off = object()
