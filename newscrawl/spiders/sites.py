"""One spider per bundled site profile, made from data: ``scrapy list`` shows them all.

Scrapy's spider loader finds spider classes among module attributes, so a class is created
here for each profile in ``newscrawl/sites/*.toml``; there is no per-site code.

A profile file with a mistake gets a spider too, one that refuses to crawl with the
mistake in one line (exit code 2, as for wrong arguments): raising here instead would stop
Scrapy's spider loader, and with it every ``scrapy`` command and every other site.
"""

from __future__ import annotations

from typing import Any, NoReturn

from newscrawl.sites import ProfileError, broken_profiles, load_profiles
from newscrawl.spiders.site import SiteSpider


def _class_name(name: str) -> str:
    return "".join(part.title() for part in name.split("_")) + "Spider"


def spider_class(profile_name: str) -> type[SiteSpider]:
    """A SiteSpider subclass crawling the named bundled profile."""
    profile = load_profiles()[profile_name]
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


globals().update({cls.__name__: cls for cls in map(spider_class, load_profiles())})
globals().update(
    {
        cls.__name__: cls
        for cls in (broken_spider_class(name, exc) for name, exc in broken_profiles().items())
    }
)
