"""A crawl frontier shared by several crawler processes, in Redis (scrapy-redis).

With ``NEWSCRAWL_REDIS_URL`` set, :class:`~newscrawl.frontier.addon.RedisFrontierAddon`
swaps Scrapy's scheduler and duplicate filter for scrapy-redis's: every ``scrapy crawl
SPIDER`` process started with the same setting (on one machine or many) pops requests from
one shared priority queue and records every request it schedules in one shared set, so each
URL is fetched once by one of them. Without the setting nothing changes: Scrapy's own
in-memory scheduler, with :mod:`newscrawl.dupefilters`' compact duplicate filter.

A run lives in Redis under ``{NEWSCRAWL_REDIS_PREFIX}:{spider}:...`` and is shared by every
process that crawls that spider while it lasts:

* **Start requests** (section pages, feeds, sitemaps) bypass the duplicate filter
  (``dont_filter``, as Scrapy's own start requests do), so every process reads them at every
  run; they are a handful of pages, and their article links are then filtered against the
  shared set, so no article is fetched twice. Filtering them instead would let the second
  process, or the next day's run, skip the sections altogether.
* :class:`~newscrawl.frontier.scheduler.SharedScheduler` registers each process (a heartbeat
  in a sorted set). A process that runs out of requests while another is still busy waits
  for it (that one may yet find more links) instead of leaving it to crawl alone.
* Each process holds the requests it takes from the queue in its own in-flight set until
  it is done with them (:mod:`newscrawl.frontier.queue`); what a process that died (its
  heartbeat silent) held is put back in the queue by the others, or by the next to start.
* The archive's per-site run lock (``NEWSCRAWL_RUN_LOCK``) is turned off: it would let only
  one process crawl the site; processes joining the run is the point. Each process still
  records its run in ``crawl_runs``.
* When the last process finishes, the run's queue and duplicate filter are deleted, so the
  next run (tomorrow's cron) fetches section pages' next pages and new articles afresh; the
  archive, not the frontier, remembers what was stored. A run stopped early (SIGTERM, Ctrl-C)
  keeps both, and the next start resumes it. A process that starts alone on an empty queue
  starts a new run (clearing a filter a crashed run left behind).

* The queue is a priority queue per site (:mod:`newscrawl.frontier.queue`): a process takes
  a site's next request only when none of that site's waits in its downloader already (nor
  its robots.txt is being read), so a slow or held site's requests stay in Redis instead of
  taking the places of other sites'.
* Each site's pace (``DOWNLOAD_DELAY``, Crawl-delay, the backoff's holds) is shared too:
  :class:`~newscrawl.frontier.pace.SharedPaceDownloader` takes the site's turn in Redis
  before a request goes, so N processes ask a site no faster than one.

Settings:

* ``NEWSCRAWL_REDIS_URL``: Redis URL of the shared frontier; empty: single-process mode.
* ``NEWSCRAWL_REDIS_PREFIX``: prefix of the frontier's Redis keys.
* ``NEWSCRAWL_REDIS_SHARED_PACE``: share each site's pace between the processes (True).

A process whose Redis server stops answering, or comes back without the run's data (it
keeps nothing on disk, or was flushed), stops with the close reason ``frontier-lost`` and
fails (exit code 1), rather than wait for ever or crawl on without its duplicate filter.

The add-on and the scheduler are separate modules so that a crawl without the setting does
not import scrapy-redis and the Redis client (~6 MB of the crawler's memory).
"""

#: Stats key set, to why, when a run lost its frontier: the server went away or lost the
#: run's data (the run stops, and fails: :func:`newscrawl.extensions.summary.run_failure`).
FRONTIER_LOST_KEY = "newscrawl/frontier/lost"
#: Stats key counting the requests that processes which died had taken from the queue, put
#: back in it by this one (:mod:`newscrawl.frontier.queue`).
RECLAIMED_KEY = "newscrawl/frontier/reclaimed"
#: Stats key counting the article links this process found that another process of the run
#: had queued already: found all the same (see
#: :func:`newscrawl.extensions.summary.run_failure`).
QUEUED_ELSEWHERE_KEY = "newscrawl/frontier/articles_queued_elsewhere"
#: Close reason of a run that lost its frontier.
FRONTIER_LOST = "frontier-lost"
