"""The ``demo`` spider: crawl the bundled demo news site, which it serves itself.

``scrapy crawl demo`` needs no network: the spider starts the demo site
(:mod:`newscrawl.demo`) on a free port of 127.0.0.1 inside the crawl's own reactor, crawls
its sections, feed and sitemaps like any profiled site, and stops serving when it closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from newscrawl.demo.data import DEMO_SECTIONS
from newscrawl.demo.site import listen_demo_site
from newscrawl.sites.profile import SiteProfile
from newscrawl.spiders.site import SiteSpider

if TYPE_CHECKING:
    from twisted.internet.interfaces import IListeningPort

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
    custom_settings: ClassVar[dict[str, Any]] = {
        # The site is our own, in this process: no need to be gentle with it.
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        # The demo lives on loopback, which the SSRF guard refuses by default.
        "NEWSCRAWL_SSRF_ALLOW": [DEMO_HOST],
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Imported here, as Scrapy does, so that importing this module installs no reactor.
        from twisted.internet import reactor

        self._listening: IListeningPort = listen_demo_site(reactor, 0, DEMO_HOST)
        self.profile = demo_profile(self._listening.getHost().port)  # type: ignore[misc]
        super().__init__(*args, **kwargs)

    def closed(self, reason: str) -> None:
        """Stop serving the demo site."""
        self._listening.stopListening()
