"""One page fetched as a browser would, for the commands a user runs on a URL.

``python -m newscrawl.extract URL`` and ``scrapy addsite NAME URL`` read a page or a few the
user names, once: newscrawl's User-Agent, redirects followed, at most ``DOWNLOAD_MAXSIZE``
bytes. The crawl's machinery (politeness, retries, robots.txt for article pages) is
Scrapy's business and not needed for that; the standard library's urllib does it.

Given an :class:`~newscrawl.middlewares._addresses.AddressPolicy`, a fetch refuses what the
crawl's SSRF guard would: a URL, or a redirect, to a private, loopback or link-local
address, or to a host name that resolves to one (``scrapy addsite`` reads the pages a
stranger's menu links to, and follows their redirects).
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newscrawl.served import served_at
from newscrawl.settings import DOWNLOAD_MAXSIZE, DOWNLOAD_TIMEOUT
from newscrawl.urls import is_http_url
from newscrawl.useragent import user_agent

if TYPE_CHECKING:
    from datetime import datetime
    from email.message import Message

    from newscrawl.middlewares._addresses import AddressPolicy


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


#: Said after a refusal of the SSRF guard.
_ALLOW_HINT = " (NEWSCRAWL_SSRF_ALLOW lets it through)"


def refusal(url: str, policy: AddressPolicy) -> str | None:
    """Why the SSRF guard's ``policy`` refuses ``url``, or None.

    The host's addresses are looked up here and again when urllib connects: a DNS answer
    that changes in between is not caught, as the crawl's resolver catches it. A command
    the user runs on a URL they chose can bear that; the crawl cannot.
    """
    host = urlsplit(url).hostname
    reason = policy.check_host(host)
    if reason is not None or host is None or policy.host_allowed(host):
        return reason
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):  # the fetch says the name cannot be resolved
        return None
    return policy.check_resolved(host, sorted(addresses))


class _GuardedRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects followed only where the policy lets a fetch go."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if not is_http_url(newurl):  # urllib would follow ftp:// too
            reason: str | None = "not an http(s) URL"
        else:
            reason = refusal(newurl, self.policy)
        if reason is not None:
            raise FetchError(
                f"cannot fetch {req.full_url}: it redirects to {newurl}, refused by the SSRF "
                f"guard: {reason}{_ALLOW_HINT}"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(
    url: str,
    timeout: float = DOWNLOAD_TIMEOUT,
    accept: str = "text/html,*/*;q=0.8",
    agent: str | None = None,
    policy: AddressPolicy | None = None,
) -> Fetched:
    """Fetch ``url`` (http or https only) or raise :class:`FetchError`.

    ``agent``: the User-Agent to send (default: newscrawl's, without a contact URL).
    ``policy``: the SSRF guard's, applied to the URL and every redirect (default: none).
    """
    if not is_http_url(url):
        # urllib would open file:// and ftp:// URLs too.
        raise FetchError(f"{url!r} is not an http(s) URL")
    refused = None if policy is None else refusal(url, policy)
    if refused is not None:
        raise FetchError(f"cannot fetch {url}: refused by the SSRF guard: {refused}{_ALLOW_HINT}")
    request = urllib.request.Request(
        url, headers={"User-Agent": agent or user_agent(None), "Accept": accept}
    )
    opener = urllib.request.build_opener(*(() if policy is None else (_GuardedRedirects(policy),)))
    try:
        with opener.open(request, timeout=timeout) as response:
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
