"""Helpers shared by the tests."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler


def project_crawler(spidercls: Any = None, **overrides: Any) -> Crawler:
    """A crawler with newscrawl's project settings, plus ``overrides``."""
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    settings.update(overrides, priority="cmdline")
    return get_crawler(spidercls, settings_dict=settings.copy_to_dict())
