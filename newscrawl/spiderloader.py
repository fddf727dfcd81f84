"""Scrapy's spider loader, plus one spider per site profile.

Scrapy finds spiders as classes in the ``SPIDER_MODULES``; a site is a TOML profile, not
code, so its spider class is made here (:mod:`newscrawl.spiders.sites`): a module's classes
are made when it is imported, before any setting can say where the user's own profiles are
(``NEWSCRAWL_SITES_DIR``); the loader is given the settings.

* ``NEWSCRAWL_SITES_DIR``: a directory of the user's own profiles, beside the bundled ones
  in ``newscrawl/sites/``; one there replaces a bundled profile of the same name. A setting
  that names no directory is warned about (only the bundled profiles are known then).

A profile named as a spider of the modules (``news``, ``demo``) is left out with a warning:
it would otherwise hide that spider.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.spiderloader import SpiderLoader

from newscrawl.sites import read_profiles, sites_dir
from newscrawl.spiders.sites import broken_spider_class, spider_class

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)


class ProfileSpiderLoader(SpiderLoader):
    """The spiders of the ``SPIDER_MODULES``, and one per site profile."""

    def __init__(self, settings: BaseSettings) -> None:
        self.sites_dir = sites_dir(settings)
        super().__init__(settings)

    def _load_all_spiders(self) -> None:
        super()._load_all_spiders()
        if self.sites_dir is not None and not self.sites_dir.is_dir():
            logger.warning(
                "NEWSCRAWL_SITES_DIR %r is not a directory: only the bundled site profiles "
                "are known",
                str(self.sites_dir),
            )
        coded = set(self._spiders)
        profiles, broken = read_profiles(self.sites_dir)
        made = [spider_class(profile) for profile in profiles.values()]
        made += [broken_spider_class(name, error) for name, error in broken.items()]
        for spidercls in made:
            if spidercls.name in coded:
                logger.warning(
                    "Site profile %r left out: %r is a built-in spider's name",
                    spidercls.name,
                    spidercls.name,
                )
                continue
            self._spiders[spidercls.name] = spidercls
