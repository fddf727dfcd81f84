"""The ``demo`` spider: crawl the bundled demo news site, which it serves itself.

``scrapy crawl demo`` needs no network: the spider starts the demo site
(:mod:`newscrawl.demo`) on 127.0.0.1 inside the crawl's own reactor, crawls its sections,
feed and sitemaps like any profiled site, and stops serving when it closes.

Settings:

* ``NEWSCRAWL_DEMO_PORT``: port the demo site is served on. Article URLs contain it, so a
  fixed port keeps them the same from run to run (a second run finds the articles
  unchanged); if it is taken, any free port is used and a warning says so.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

from scrapy.settings import SETTINGS_PRIORITIES
from twisted.internet.error import CannotListenError

from newscrawl.demo.data import DEMO_SECTIONS
from newscrawl.demo.site import listen_demo_site
from newscrawl.sites.profile import SiteProfile
from newscrawl.spiders.site import SiteSpider

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from twisted.internet.interfaces import IListeningPort

logger = logging.getLogger(__name__)

DEMO_HOST = "127.0.0.1"


def demo_profile(port: int) -> SiteProfile:
    """Return the profile of the demo site served on ``port``."""
    base = f"http://{DEMO_HOST}:{port}"
    return SiteProfile(
        name="demo",
        domains=(DEMO_HOST,),
        sections=tuple(f"{base}/section/{slug}" for slug in DEMO_SECTIONS),
        feeds=(f"{base}/rss.xml",),
        sitemaps=(f"{base}/sitemap.xml",),
        article_pattern=r"/\d{4}/\d{2}/\d{2}/[a-z0-9-]+-\d+/?$",
        timezone="UTC",
        language="en",
    )


class DemoSpider(SiteSpider):
    """Crawl the bundled demo news site."""

    name = "demo"
    custom_settings = {  # noqa: RUF012 (Scrapy declares it an instance attribute)
        # The site is our own, in this process: no need to be gentle with it.
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    }

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """The spider's settings, and its own address added to the SSRF guard's allow list.

        The demo lives on loopback, which the guard refuses by default; added, not set, so
        that a user's own ``-s NEWSCRAWL_SSRF_ALLOW=...`` keeps the demo working.
        """
        super().update_settings(settings)
        allowed = settings.getlist("NEWSCRAWL_SSRF_ALLOW")
        if DEMO_HOST not in allowed:
            # Above the command line's priority: Scrapy applies its process's settings to the
            # crawler again after the spider's (CrawlerRunner.create_crawler), and the value
            # holds the user's entries anyway.
            priority = SETTINGS_PRIORITIES["cmdline"] + 1
            settings.set("NEWSCRAWL_SSRF_ALLOW", [*allowed, DEMO_HOST], priority=priority)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        """Start serving the demo site, then build the spider for its address."""
        listening = _listen(crawler.settings.getint("NEWSCRAWL_DEMO_PORT"))
        return super().from_crawler(crawler, *args, listening=listening, **kwargs)

    def __init__(self, *args: Any, listening: IListeningPort, **kwargs: Any) -> None:
        self._listening = listening
        self.profile = demo_profile(listening.getHost().port)  # type: ignore[misc]
        super().__init__(*args, **kwargs)

    def closed(self, reason: str) -> None:
        """Stop serving the demo site."""
        cast("Any", self._listening).stopListening()


def _listen(port: int) -> IListeningPort:
    # Imported here, as Scrapy does, so that importing this module installs no reactor.
    from twisted.internet import reactor

    try:
        return listen_demo_site(reactor, port, DEMO_HOST)
    except CannotListenError:
        if port == 0:
            raise
        logger.warning(
            "Port %d is taken: serving the demo site on another port, so its article URLs "
            "differ from earlier demo runs (set NEWSCRAWL_DEMO_PORT to choose one)",
            port,
        )
        return listen_demo_site(reactor, 0, DEMO_HOST)
