"""Downloader middlewares: politeness, retries and guards against hostile input.

One component per module, each switched on in ``DOWNLOADER_MIDDLEWARES`` (``settings.py``):

* :mod:`.incremental`: skips archived articles unless due for a (conditional) revisit.
* :mod:`.ssrf`: refuses requests and redirects to private, loopback and link-local addresses.
* :mod:`.robotstxt`: robots.txt, race-free, with Crawl-delay and 5xx/429 deferral.
* :mod:`.retry`: Scrapy's retries, reporting final failures for the next run.
* :mod:`.backoff`: Retry-After and exponential backoff per host, in the downloader slot.
* :mod:`.compression`: Scrapy's decompression with bomb refusals counted.
* :mod:`.redirect`: Scrapy's redirects with loops stopped at the first repeat.
"""
