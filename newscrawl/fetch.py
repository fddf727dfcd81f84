"""One page fetched as a browser would, for the commands a user runs on a URL.

``python -m newscrawl.extract URL`` and ``scrapy addsite NAME URL`` read a page or a few the
user names, once: newscrawl's User-Agent, redirects followed, at most ``DOWNLOAD_MAXSIZE``
bytes. The crawl's machinery (politeness, retries, robots.txt for article pages) is
Scrapy's business and not needed for that; the standard library's urllib does it.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newscrawl.served import served_at
from newscrawl.settings import DOWNLOAD_MAXSIZE, DOWNLOAD_TIMEOUT
from newscrawl.urls import is_http_url
from newscrawl.useragent import user_agent

if TYPE_CHECKING:
    from datetime import datetime
    from email.message import Message


class FetchError(Exception):
    """The page could not be fetched; the message says why."""


@dataclass(frozen=True)
class Fetched:
    """A fetched page."""

    body: bytes
    #: The URL after redirects.
    url: str
    #: The charset the Content-Type header declares, if any.
    charset: str | None
    #: When the server made the response (``Date`` less ``Age``), if it said.
    served_at: datetime | None = None


def fetch(
    url: str,
    timeout: float = DOWNLOAD_TIMEOUT,
    accept: str = "text/html,*/*;q=0.8",
    agent: str | None = None,
) -> Fetched:
    """Fetch ``url`` (http or https only) or raise :class:`FetchError`.

    ``agent``: the User-Agent to send (default: newscrawl's, without a contact URL).
    """
    if not is_http_url(url):
        # urllib would open file:// and ftp:// URLs too.
        raise FetchError(f"{url!r} is not an http(s) URL")
    request = urllib.request.Request(
        url, headers={"User-Agent": agent or user_agent(None), "Accept": accept}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(DOWNLOAD_MAXSIZE + 1)
            headers: Message = response.headers
            final_url = response.geturl()
    except urllib.error.HTTPError as exc:
        raise FetchError(f"cannot fetch {url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise FetchError(f"cannot fetch {url}: {reason}") from None
    if len(body) > DOWNLOAD_MAXSIZE:
        raise FetchError(f"cannot fetch {url}: larger than {DOWNLOAD_MAXSIZE} bytes")
    return Fetched(
        body, final_url, headers.get_content_charset(), served_at(headers["Date"], headers["Age"])
    )
