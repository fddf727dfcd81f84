"""Spider classes made from site profiles: there is no per-site code.

:class:`newscrawl.spiderloader.ProfileSpiderLoader` makes one for each profile, bundled or
in ``NEWSCRAWL_SITES_DIR``, so that ``scrapy list`` shows them all.

A profile file with a mistake gets a spider too, one that refuses to crawl with the
mistake in one line (exit code 2, as for wrong arguments): raising instead would stop
Scrapy's spider loader, and with it every ``scrapy`` command and every other site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn

from newscrawl.sites.profile import ProfileError
from newscrawl.spiders.site import SiteSpider

if TYPE_CHECKING:
    from newscrawl.sites.profile import SiteProfile


def _class_name(name: str) -> str:
    return "".join(part.title() for part in name.split("_")) + "Spider"


def spider_class(profile: SiteProfile) -> type[SiteSpider]:
    """A SiteSpider subclass crawling ``profile``."""
    return type(
        _class_name(profile.name),
        (SiteSpider,),
        {"name": profile.name, "profile": profile, "__module__": __name__},
    )


def broken_spider_class(file_name: str, error: ProfileError) -> type[SiteSpider]:
    """A spider for a profile file with a mistake: it says what the mistake is, and stops."""

    def refuse(*args: Any, **kwargs: Any) -> NoReturn:
        raise ProfileError(str(error))

    return type(
        _class_name(file_name),
        (SiteSpider,),
        {
            "name": file_name,
            "check_arguments": classmethod(refuse),
            "__init__": refuse,
            "__module__": __name__,
        },
    )
