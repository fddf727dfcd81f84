"""The per-run JSON Lines feed of new, changed and removed articles, through Scrapy's FEEDS.

:class:`RunFeedAddon` adds one entry to ``FEEDS`` for every crawl:
``{NEWSCRAWL_FEEDS_DIR}/{spider}/{start time}.jsonl`` (for the ``news`` spider,
``.../news/{site}/...``: :func:`uri_params`), filtered by
:class:`NewOrChangedFilter`; a run that stored nothing new or changed writes no file. It
merges with feeds given on the command line (``-o``/``-O``) instead of replacing them, so
``scrapy crawl site -O out.jsonl`` writes both.

Settings:

* ``NEWSCRAWL_FEEDS_DIR``: directory of the run feeds; empty turns them off.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.extensions.feedexport import FileFeedStorage
from scrapy.settings import SETTINGS_PRIORITIES

if TYPE_CHECKING:
    from typing import IO

    from scrapy import Spider
    from scrapy.settings import Settings

#: Archive outcomes that belong in a run feed (restored: online again after a takedown).
FEED_STATUSES = frozenset({"new", "changed", "removed", "restored"})


class NewOrChangedFilter:
    """FEEDS ``item_filter``: articles the archive stored as new or changed, or found gone."""

    def __init__(self, feed_options: dict[str, Any] | None = None) -> None:
        self.feed_options = feed_options

    def accepts(self, item: Any) -> bool:
        """Whether ``item`` goes into the run feed."""
        return ItemAdapter(item).get("archive_status") in FEED_STATUSES


class RunFeedAddon:
    """Scrapy add-on that writes each run's new and changed articles to a JSONL file."""

    def update_settings(self, settings: Settings) -> None:
        """Add the run feed to ``FEEDS``, keeping any feeds already configured."""
        directory = settings.get("NEWSCRAWL_FEEDS_DIR")
        if not directory:
            return
        feeds = dict(settings.getdict("FEEDS"))
        # Filled in by Scrapy's feed exporter, %(feed_name)s by uri_params.
        path = Path(directory) / "%(feed_name)s" / "%(time)s.jsonl"
        feeds[str(path)] = {
            "format": "jsonlines",
            "encoding": "utf-8",
            "item_filter": NewOrChangedFilter,
            # A run with nothing new leaves no file: from cron every 15 minutes, that
            # would be 96 files a day, most of them empty. (``scrapy runs`` lists runs.)
            "store_empty": False,
        }
        priority = max(settings.getpriority("FEEDS") or 0, SETTINGS_PRIORITIES["addon"])
        settings.set("FEEDS", feeds, priority=priority)


class UnbufferedFileFeedStorage(FileFeedStorage):
    """Scrapy's storage of local feed files, with every write going to the file at once.

    An item is written to a feed after the archive has committed it; Scrapy's storage
    keeps what it writes in a buffer until the feed is closed, so that a crawl killed
    outright (``kill -9``, out of memory) left articles it had stored out of its run feed,
    and the next run skipped them as archived: lost to whoever reads the feeds. One write
    a line costs a system call an article.
    """

    def open(self, spider: Spider) -> IO[bytes]:
        """Open the file (making its folder) for unbuffered writing."""
        folder = Path(self.path).parent
        folder.mkdir(parents=True, exist_ok=True)
        return Path(self.path).open(self.write_mode, buffering=0)


def uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """``FEED_URI_PARAMS``: Scrapy's, and ``feed_name``, the spider's ``feed_name`` or name.

    The ``news`` spider crawls whatever sites it is given: two crawls of it started in the
    same second (cron starts jobs on the minute) would write one file, their lines
    interleaved; its ``feed_name`` is ``news/{site}``.
    """
    return {**params, "feed_name": getattr(spider, "feed_name", None) or spider.name}
