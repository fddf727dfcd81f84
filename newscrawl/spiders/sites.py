"""One spider per bundled site profile, made from data: ``scrapy list`` shows them all.

Scrapy's spider loader finds spider classes among module attributes, so a class is created
here for each profile in ``newscrawl/sites/*.toml``; there is no per-site code.
"""

from __future__ import annotations

from newscrawl.sites import load_profiles
from newscrawl.spiders.site import SiteSpider


def spider_class(profile_name: str) -> type[SiteSpider]:
    """A SiteSpider subclass crawling the named bundled profile."""
    profile = load_profiles()[profile_name]
    class_name = "".join(part.title() for part in profile.name.split("_")) + "Spider"
    return type(
        class_name,
        (SiteSpider,),
        {"name": profile.name, "profile": profile, "__module__": __name__},
    )


globals().update({cls.__name__: cls for cls in map(spider_class, load_profiles())})
