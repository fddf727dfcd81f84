"""Settings of the newscrawl project: every setting in one place, each documented.

Scrapy's own settings are set here only where newscrawl needs a different default;
``NEWSCRAWL_*`` settings are ours. Any of them can be overridden per run with
``scrapy crawl SPIDER -s NAME=VALUE``.
"""

from __future__ import annotations

BOT_NAME = "newscrawl"

SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
# Also one spider per site profile (newscrawl/sites/*.toml and NEWSCRAWL_SITES_DIR).
SPIDER_LOADER_CLASS = "newscrawl.spiderloader.ProfileSpiderLoader"
# Directory of your own site profiles (one NAME.toml per site), beside the bundled ones in
# newscrawl/sites/; a profile there replaces a bundled one of the same name. `scrapy
# addsite` writes there when it is set. Relative to the directory scrapy runs in.
NEWSCRAWL_SITES_DIR = ""
COMMANDS_MODULE = "newscrawl.commands"

# --- Archive -----------------------------------------------------------------------------

# SQLAlchemy URL of the archive. SQLite (the default) needs no server; any SQLAlchemy URL
# works, e.g. postgresql+psycopg://user@host/db. Relative SQLite paths are relative to the
# directory scrapy runs in.
NEWSCRAWL_DATABASE_URL = "sqlite:///data/newscrawl.sqlite"

# Most articles written in one transaction. Writes are group-committed: whatever arrived while
# the previous transaction was running goes into the next one, up to this many.
NEWSCRAWL_ARCHIVE_BATCH_SIZE = 200
# Seconds an article waits for others to share its transaction (sooner when a batch is full):
# a transaction costs the crawler process milliseconds of CPU however few articles it holds.
NEWSCRAWL_ARCHIVE_LINGER = 0.25

# Keep the raw response of every stored article (compressed) so it can be re-extracted later.
NEWSCRAWL_KEEP_RAW = True

# Directory for WARC files (one per run) of the stored articles' responses; empty: no WARC.
NEWSCRAWL_WARC_DIR = ""

# --- Incremental crawling and runs -------------------------------------------------------

# Skip article requests for articles already archived, unless due for a revisit.
NEWSCRAWL_INCREMENTAL = True

# Revisit schedule as AGE:INTERVAL steps (s/m/h/d/w): while younger than AGE, an archived
# article is rechecked (conditionally) every INTERVAL; older than the last AGE, never. The
# default is NewsDiffs': every 15 min up to 3 h, hourly up to a day, daily up to a week.
NEWSCRAWL_REVISIT_SCHEDULE = ["3h:15m", "24h:1h", "7d:1d"]

# Most archived articles a run asks for again on the archive's word when the revisit
# schedule says they are due, whether or not a listing still links to them (the longest
# unchecked first, after the listings' articles): an article leaves a section's first page
# and the feed within hours, the schedule checks it for a week. 0: revisit only articles
# the listings show.
NEWSCRAWL_REVISITS_FROM_ARCHIVE = 200

# A page that looked like an article but was not (PDF, soft 404, too short...), or that
# answered 404 or 410, is fetched again after NEWSCRAWL_RECHECK_REJECTED_FIRST (a story a
# listing links before the site's CDN serves it, a placeholder filled later); rejected
# again, after as long as it has been rejected (the waits double), at most
# NEWSCRAWL_RECHECK_REJECTED_AFTER (durations: 90s, 15m, 3h, 1d, 2w).
NEWSCRAWL_RECHECK_REJECTED_FIRST = "1h"
NEWSCRAWL_RECHECK_REJECTED_AFTER = "1d"

# Revisit an archived article, whatever its age, when a sitemap entry's lastmod (or an Atom
# feed entry's updated) is later than the crawl's last look at it: the site says it changed.
# (A sitemap or feed that gives every entry one value, the time it was generated, is not
# believed.)
NEWSCRAWL_REVISIT_ON_LASTMOD = True

# Follow a section's next page only while the page before links to an article new to the
# archive (or, with NEWSCRAWL_REVISITS_FROM_ARCHIVE 0, due for a revisit): on a scheduled
# run, the pages behind hold older articles still, which earlier runs archived. False:
# always follow up to max_pages.
NEWSCRAWL_PAGINATE_WHILE_NEW = True

# Keep a copy of each listing page (section, feed, sitemap, robots.txt) that comes with an
# ETag or Last-Modified, and ask for it conditionally on the next run: a 304 answer is read
# from the copy instead of downloading an unchanged sitemap again.
NEWSCRAWL_REVALIDATE_LISTINGS = True

# Take a per-site lock in the archive so that two runs of one site never overlap.
NEWSCRAWL_RUN_LOCK = True

# Seconds without a heartbeat after which a run lock is considered abandoned (a lock of a dead
# process on this host is taken over at once).
NEWSCRAWL_LOCK_STALE_AFTER = 600.0

# Seconds between heartbeats of a running crawl (lock kept alive, run counts saved).
NEWSCRAWL_HEARTBEAT_INTERVAL = 30.0

# --- Extraction and validation -----------------------------------------------------------

# Extraction worker processes; None: one per CPU this process may use; 0: extract inline on
# the reactor thread (no extra processes, one core).
NEWSCRAWL_EXTRACT_WORKERS = None

# Seconds a page's extraction may take in a worker before it is given up (dropped as
# "extract-timeout"): a pathological page must not hold a worker for ever. 0: no limit.
# Inline extraction (NEWSCRAWL_EXTRACT_WORKERS = 0) has no limit.
NEWSCRAWL_EXTRACT_TIMEOUT = 60.0

# Pages whose body has fewer words than this are not articles (dropped as "short-body").
NEWSCRAWL_MIN_WORDS = 50

# --- Discovery ---------------------------------------------------------------------------

# Default number of pages followed per section through pagination (1 = the section page
# only). Spiders take ``-a max_pages=N`` to override it for one run.
NEWSCRAWL_MAX_PAGES = 5

# Pages an article split over several is read from, at most: an article page that links to
# its own next page ("Seite 2", /2/, ?page=2) waits for it, and the article's body is all of
# theirs (newscrawl.extract.pagination). 1: only the page linked.
NEWSCRAWL_MAX_ARTICLE_PAGES = 10

# Sitemap entries whose lastmod is older than this many days are skipped; 0 disables the
# filter. (Entries without a lastmod are kept: Scrapy's sitemap reader does not give a news
# sitemap's news:publication_date, and news sitemaps list the last two days anyway.)
NEWSCRAWL_SITEMAP_MAX_AGE_DAYS = 0

# Keep only articles in these languages (ISO 639-1 codes: "de,fr"); an article in another
# language, or in one the extractor cannot tell, is dropped as other-language and its page
# not fetched again until its recheck. A site profile's keep_languages (the news spider's
# -a keep_languages=) takes its place for that spider. Empty: every language.
NEWSCRAWL_KEEP_LANGUAGES: list[str] = []

# Port of the bundled demo site that `scrapy crawl demo` serves on 127.0.0.1. Article URLs
# contain it, so keep it fixed from run to run.
NEWSCRAWL_DEMO_PORT = 8047

# --- Scaling out: several crawler processes on one frontier ------------------------------

# Redis URL of a crawl frontier (request queue and duplicate filter) shared by every process
# crawling the same spider with it, e.g. redis://host:6379/0; empty: one process, in memory.
NEWSCRAWL_REDIS_URL = ""

# Prefix of the shared frontier's Redis keys ({prefix}:{spider}:requests, ...).
NEWSCRAWL_REDIS_PREFIX = "newscrawl"

# With a shared frontier, each site's pace (DOWNLOAD_DELAY, Crawl-delay, the backoff's holds)
# is kept in Redis and shared by every process: N processes ask a site no faster than one.
# False: each process keeps its own pace (N processes, N times the rate).
NEWSCRAWL_REDIS_SHARED_PACE = True

# --- Feeds -------------------------------------------------------------------------------

# Directory of the per-run JSON Lines feeds of new and changed articles; empty disables them.
NEWSCRAWL_FEEDS_DIR = "data/feeds"

# Fields written to feeds and exports, in this order (the article contract).
FEED_EXPORT_FIELDS = [
    "url",
    "canonical_url",
    "site",
    "title",
    "authors",
    "published_at",
    "published_day_only",
    "modified_at",
    "section",
    "tags",
    "language",
    "description",
    "body",
    "image_url",
    "image_caption",
    "image_credit",
    "word_count",
    "content_hash",
    "crawled_at",
    "field_sources",
    "paywalled",
    "archive_status",
    "revision",
    "duplicate_of",
    "removed_at",
]
FEED_EXPORT_ENCODING = "utf-8"
# Local feed files (the run feeds, -o/-O files) are written a line at a time, unbuffered: an
# article a crawl killed outright had stored is in its feed too (Scrapy's own storage
# buffers what it writes until the feed is closed).
# The run feed's path names the site of a `news` crawl (newscrawl.feeds.uri_params).
FEED_URI_PARAMS = "newscrawl.feeds.uri_params"
FEED_STORAGES = {"": "newscrawl.feeds.UnbufferedFileFeedStorage",
                 "file": "newscrawl.feeds.UnbufferedFileFeedStorage"}  # fmt: skip

# --- Pipelines, extensions ---------------------------------------------------------------

ITEM_PIPELINES = {
    "newscrawl.pipelines.extract.ExtractPipeline": 100,
    "newscrawl.pipelines.validate.ValidatePipeline": 200,
    "newscrawl.pipelines.dedupe.DedupePipeline": 300,
    "newscrawl.pipelines.archive.ArchivePipeline": 400,
}

ADDONS = {
    "newscrawl.feeds.RunFeedAddon": 0,
    "newscrawl.useragent.UserAgentAddon": 0,
    "newscrawl.frontier.addon.RedisFrontierAddon": 0,
}

EXTENSIONS = {
    "newscrawl.extensions.summary.RunSummary": 0,
    "newscrawl.extensions.failures.FetchFailures": 0,
    "newscrawl.extensions.runs.CrawlRuns": 0,
    "newscrawl.extensions.selectors.SelectorReport": 0,
    "newscrawl.extensions.coverage.FieldWatch": 0,
}

# The field watch (newscrawl.extensions.coverage) compares at least this many of a site's
# newest articles with its earlier ones, to say a field the site's articles stopped having:
# a run that brings fewer is compared together with those archived just before it. Set
# EXTENSIONS = {"newscrawl.extensions.coverage.FieldWatch": None} to turn the watch off.
NEWSCRAWL_FIELD_WATCH_ARTICLES = 10

# Scrapy's duplicate filter, keeping 8 bytes per request seen instead of ~100 (Scrapy's set
# of SHA-1 digests grows by ~10 MB per 100,000 requests). The shared frontier
# (NEWSCRAWL_REDIS_URL) replaces it with its own, in Redis.
DUPEFILTER_CLASS = "newscrawl.dupefilters.CompactDupeFilter"

# Items (and requests) of one response processed at once. A callback yields at most one item
# (an article page); Scrapy starts this many asyncio tasks per response whatever it yields,
# so its default of 100 costs the reactor ~100 tasks per page for nothing. Pages still go
# through the pipelines concurrently: each response has its own.
CONCURRENT_ITEMS = 4

# Drops are expected in a news crawl (non-articles, duplicates): they are counted in stats
# and summarized at the end, so one line each at INFO is enough: the reason and the URL,
# without the item Scrapy's formatter adds on a line of its own.
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"
LOG_FORMATTER = "newscrawl.logformatter.OneLineDropLogFormatter"

# --- Politeness --------------------------------------------------------------------------

# A page that says who runs the crawler and how to reach them; it goes into the User-Agent
# (newscrawl/<version> (+URL)), which is built from it unless USER_AGENT is set explicitly.
NEWSCRAWL_CONTACT_URL = "https://github.com/newscrawl/newscrawl"
ROBOTSTXT_OBEY = True
# One request at a time per site, about a second apart (±50% jitter), slower when the site
# answers slowly (AutoThrottle). A news site serves thousands of readers; it will not notice.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
# One download slot (delay, concurrency, backoff) for all the host names of a registrable
# domain: www.example.com, sport.example.com and example.com are one site, asked no faster
# than one host. False: Scrapy's slot per host name (newscrawl.downloader).
NEWSCRAWL_SLOT_PER_DOMAIN = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# Hand out requests of the hosts with the fewest downloads in progress first, and none of a
# host whose robots.txt is being read, so that a host backing off or waiting for robots.txt
# does not hold up the others (Scrapy's DownloaderAwarePriorityQueue, plus those holds).
SCHEDULER_PRIORITY_QUEUE = "newscrawl.pqueues.HoldAwarePriorityQueue"

# Crawl-delay from robots.txt is honoured up to this many seconds.
NEWSCRAWL_ROBOTS_CRAWL_DELAY_MAX = 30.0
# robots.txt answering 429/5xx (or not answering): ask again this many times, waiting
# NEWSCRAWL_ROBOTS_RETRY_DELAY seconds (doubling; Retry-After if longer) before each, while the
# host's requests wait; then the host is skipped until NEWSCRAWL_ROBOTS_MAX_AGE has passed
# (nothing is "allowed" unread).
NEWSCRAWL_ROBOTS_RETRY_TIMES = 3
NEWSCRAWL_ROBOTS_RETRY_DELAY = 15.0
# A host's robots.txt is read again after this many seconds (RFC 9309: a cached copy is used
# for no longer than 24 hours); the copy read before stays if it cannot be. 0: once per run.
NEWSCRAWL_ROBOTS_MAX_AGE = 86400.0
# Bytes of a robots.txt read (to the last whole line); the rest is ignored. RFC 9309 asks
# for at least 500 KiB; more costs the crawl seconds of parsing on its one thread.
NEWSCRAWL_ROBOTS_MAX_SIZE = 512000

# Answers that slow a whole host down: Retry-After honoured (nothing is sent to the host before
# it), and each one in a row doubles the host's delay (with jitter) up to the maximum below,
# as often as different pages (or a page's attempts) failed; a healthy answer ends the
# backoff. 502 and 504 too: a gateway whose server is down or overloaded. (Not 500: one
# broken page answers it while the host is fine.)
NEWSCRAWL_BACKOFF_ENABLED = True
NEWSCRAWL_BACKOFF_HTTP_CODES = [429, 502, 503, 504]
# First backoff delay in seconds (also for connection errors and timeouts), and the cap.
NEWSCRAWL_BACKOFF_BASE = 2.0
NEWSCRAWL_BACKOFF_MAX = 300.0
# Longest Retry-After waited for; a host asking for more is skipped for the rest of the run
# (its pages are recorded as failures, so the next run tries them again).
NEWSCRAWL_RETRY_AFTER_MAX = 600.0
# Different pages failing in a row (429/503, connection errors, timeouts; no healthy answer
# between; one per backoff hold) after which a host is skipped for the rest of the run, its
# pages recorded as failures for the next run: at the default delays, a host down for about
# three minutes. A few broken pages, however often retried, never skip it. 0: never.
NEWSCRAWL_BACKOFF_GIVE_UP = 8

# Retries: connection errors, timeouts and 5xx/429 answers, each retry after the host's
# backoff delay (see above), not at once. Failing after that is recorded in the archive and
# the next run of the site asks for the page again.
RETRY_TIMES = 3
NEWSCRAWL_RECORD_FAILURES = True
# A request given up on is a warning, not an error: it is counted where its page is (an
# article page not fetched, a listing page that gave no articles, by reason), and a download
# error is logged once more, as an error, by Scrapy ("Error downloading"). At ERROR, each
# failed download counted twice in the summary's errors, and a feed answering 500, which is
# the site's doing and noted at INFO, counted as one.
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"

# --- Hostile input -----------------------------------------------------------------------

# News pages are rarely above a few MB; anything far larger is an error or an attack. The
# limits apply to decompressed bodies too (gzip, deflate, br, zstd bombs are cut off).
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# Seconds for a whole download (connection, headers and body): a trickling body is cut off.
DOWNLOAD_TIMEOUT = 60
# Redirect chains longer than this are abandoned (loops are stopped at the first repeat).
REDIRECT_MAX_TIMES = 10

# Refuse requests (and redirects) to private, loopback, link-local and other non-public
# addresses, also when a host name resolves to one (server-side request forgery guard).
NEWSCRAWL_SSRF_GUARD = True
# Hosts and networks the guard lets through, as a list or a comma-separated string of host
# names, IP addresses and CIDR networks (e.g. "127.0.0.1,10.1.0.0/16,intranet.example").
NEWSCRAWL_SSRF_ALLOW: list[str] = []
# Resolves names for downloads and refuses names that resolve to guarded addresses, so that a
# DNS answer changing between the guard's check and the connection cannot slip through.
TWISTED_DNS_RESOLVER = "newscrawl.resolver.GuardedResolver"

# Scrapy's downloader, sending newscrawl's download_error signal when a download fails, before
# the host's slot sends its next request: the backoff holds a host that times out first.
DOWNLOADER = "newscrawl.downloader.Downloader"

DOWNLOADER_MIDDLEWARES = {
    "newscrawl.middlewares.ssrf.SSRFGuardMiddleware": 40,  # before OffsiteMiddleware (50)
    # Early, so that a skipped article costs no robots.txt check, no delay, no retry.
    "newscrawl.middlewares.incremental.IncrementalMiddleware": 45,
    # Replaces Scrapy's, which lets requests through unchecked while robots.txt downloads.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawl.middlewares.robotstxt.RobotsTxtMiddleware": 100,
    # Adds backoff, Retry-After and failure reports to Scrapy's retries.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawl.middlewares.retry.RetryMiddleware": 550,
    "newscrawl.middlewares.backoff.HostBackoffMiddleware": 560,
    # Counts (and logs) decompression bombs.
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "newscrawl.middlewares.compression.HttpCompressionMiddleware": 590,
    # Stop redirect loops at the first repeat and malformed targets, counted.
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "newscrawl.middlewares.redirect.RedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newscrawl.middlewares.redirect.MetaRefreshMiddleware": 580,
    # Below decompression (590): listing copies are kept, and given back, decoded.
    "newscrawl.middlewares.revalidate.ListingRevalidationMiddleware": 585,
    # The public suffix list from tldextract's own copy, not downloaded from the internet.
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "newscrawl.middlewares.cookies.CookiesMiddleware": 700,
}

# A scheduled crawl listens on no port: Scrapy's telnet console, and its remote control
# (Scrapy 2.19: an HTTP server on localhost that runs any Python code sent with the token
# it writes to a job file under the user's home), are debugging tools; turn them on for
# one run with -s TELNETCONSOLE_ENABLED=True or -s REMOTE_CONTROL_ENABLED=True.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
