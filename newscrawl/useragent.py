"""The crawler's User-Agent, built from ``NEWSCRAWL_CONTACT_URL``.

:class:`UserAgentAddon` sets ``USER_AGENT`` to ``newscrawl/<version> (+<contact URL>)``, so
that a site's operators see who crawls them and where to write. It runs after the command
line and spider settings are in, so ``-s NEWSCRAWL_CONTACT_URL=...`` changes the User-Agent,
and an explicitly set ``USER_AGENT`` is left alone. robots.txt rules are matched against
this User-Agent too.

Settings:

* ``NEWSCRAWL_CONTACT_URL``: a page that says who runs the crawler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.settings import SETTINGS_PRIORITIES

from newscrawl import __version__

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings, Settings


def user_agent(contact_url: str | None) -> str:
    """The User-Agent naming newscrawl and the contact URL.

    >>> user_agent("https://example.org/crawler")
    'newscrawl/0.1.0 (+https://example.org/crawler)'
    """
    return (
        f"newscrawl/{__version__} (+{contact_url})" if contact_url else f"newscrawl/{__version__}"
    )


def crawl_user_agent(settings: BaseSettings) -> str:
    """The User-Agent a crawl with ``settings`` sends.

    ``USER_AGENT`` where a project, spider or command line set it, else :func:`user_agent`
    of ``NEWSCRAWL_CONTACT_URL``; for the commands that fetch a page outside a crawl
    (``scrapy addsite``) as well.
    """
    if (settings.getpriority("USER_AGENT") or 0) > SETTINGS_PRIORITIES["default"]:
        return str(settings.get("USER_AGENT"))
    return user_agent(settings.get("NEWSCRAWL_CONTACT_URL"))


class UserAgentAddon:
    """Scrapy add-on that builds ``USER_AGENT`` from ``NEWSCRAWL_CONTACT_URL``."""

    def update_settings(self, settings: Settings) -> None:
        """Set ``USER_AGENT`` unless a project, spider or command line set it."""
        # (Where one did, crawl_user_agent gives its value, and "addon" is below theirs.)
        settings.set("USER_AGENT", crawl_user_agent(settings), "addon")
