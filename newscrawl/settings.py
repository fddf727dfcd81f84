"""Settings of the newscrawl project: every setting in one place, each documented.

Scrapy's own settings are set here only where newscrawl needs a different default;
``NEWSCRAWL_*`` settings are ours. Any of them can be overridden per run with
``scrapy crawl SPIDER -s NAME=VALUE``.
"""

from __future__ import annotations

BOT_NAME = "newscrawl"

SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
COMMANDS_MODULE = "newscrawl.commands"

# --- Archive -----------------------------------------------------------------------------

# SQLAlchemy URL of the archive. SQLite (the default) needs no server; any SQLAlchemy URL
# works, e.g. postgresql+psycopg://user@host/db. Relative SQLite paths are relative to the
# directory scrapy runs in.
NEWSCRAWL_DATABASE_URL = "sqlite:///data/newscrawl.sqlite"

# Most articles written in one transaction. Writes are group-committed: whatever arrived while
# the previous transaction was running goes into the next one, up to this many.
NEWSCRAWL_ARCHIVE_BATCH_SIZE = 200

# Keep the raw response of every stored article (compressed) so it can be re-extracted later.
NEWSCRAWL_KEEP_RAW = True

# --- Extraction and validation -----------------------------------------------------------

# Extraction worker processes; None: one per CPU this process may use; 0: extract inline on
# the reactor thread (no extra processes, one core).
NEWSCRAWL_EXTRACT_WORKERS = None

# Pages whose body has fewer words than this are not articles (dropped as "short-body").
NEWSCRAWL_MIN_WORDS = 50

# --- Discovery ---------------------------------------------------------------------------

# Default number of pages followed per section through pagination (1 = the section page
# only). Spiders take ``-a max_pages=N`` to override it for one run.
NEWSCRAWL_MAX_PAGES = 5

# Sitemap entries older than this many days (by lastmod or news:publication_date) are
# skipped; 0 disables the filter.
NEWSCRAWL_SITEMAP_MAX_AGE_DAYS = 0

# Port of the bundled demo site that `scrapy crawl demo` serves on 127.0.0.1. Article URLs
# contain it, so keep it fixed from run to run.
NEWSCRAWL_DEMO_PORT = 8047

# --- Scaling out: several crawler processes on one frontier ------------------------------

# Redis URL of a crawl frontier (request queue and duplicate filter) shared by every process
# crawling the same spider with it, e.g. redis://host:6379/0; empty: one process, in memory.
NEWSCRAWL_REDIS_URL = ""

# Prefix of the shared frontier's Redis keys ({prefix}:{spider}:requests, ...).
NEWSCRAWL_REDIS_PREFIX = "newscrawl"

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
    "archive_status",
]
FEED_EXPORT_ENCODING = "utf-8"

# --- Pipelines, extensions ---------------------------------------------------------------

ITEM_PIPELINES = {
    "newscrawl.pipelines.extract.ExtractPipeline": 100,
    "newscrawl.pipelines.validate.ValidatePipeline": 200,
    "newscrawl.pipelines.dedupe.DedupePipeline": 300,
    "newscrawl.pipelines.archive.ArchivePipeline": 400,
}

ADDONS = {
    "newscrawl.feeds.RunFeedAddon": 0,
    "newscrawl.frontier.RedisFrontierAddon": 0,
}

EXTENSIONS = {
    "newscrawl.extensions.summary.RunSummary": 0,
}

# Drops are expected in a news crawl (non-articles, duplicates): they are counted in stats
# and summarized at the end, so one line each at INFO is enough.
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"

# --- Politeness --------------------------------------------------------------------------

# Identify the crawler; set NEWSCRAWL_CONTACT_URL to a page that says who runs it.
NEWSCRAWL_CONTACT_URL = "https://github.com/newscrawl/newscrawl"
USER_AGENT = "newscrawl/0.1 (+https://github.com/newscrawl/newscrawl)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# News pages are rarely above a few MB; anything far larger is an error or an attack.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
DOWNLOAD_TIMEOUT = 60

TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
