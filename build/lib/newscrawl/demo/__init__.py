"""A bundled, offline demo news site that the ``demo`` spider serves itself on 127.0.0.1.

``data`` holds the articles (the source of truth), ``chrome``/``layouts``/``pages``/``feeds``
render them, ``site`` serves them with twisted.web. Typical use inside a running reactor::

    from twisted.internet import reactor
    from newscrawl.demo import DEMO_SECTIONS, listen_demo_site

    port = listen_demo_site(reactor).getHost().port
    start_urls = [f"http://127.0.0.1:{port}/section/{slug}" for slug in DEMO_SECTIONS]
"""

from __future__ import annotations

from newscrawl.demo.data import (
    DEMO_SECTIONS,
    SITE_LANGUAGE,
    SITE_NAME,
    SITE_TIMEZONE,
    DemoArticle,
    load_demo_articles,
)
from newscrawl.demo.site import build_demo_site, listen_demo_site

__all__ = [
    "DEMO_SECTIONS",
    "SITE_LANGUAGE",
    "SITE_NAME",
    "SITE_TIMEZONE",
    "DemoArticle",
    "build_demo_site",
    "listen_demo_site",
    "load_demo_articles",
]
