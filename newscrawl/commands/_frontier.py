"""The shared frontier of a crawl, reached once before it starts (``NEWSCRAWL_REDIS_URL``).

A URL that is no Redis URL is a usage error (exit code 2); a server that does not answer
ends the run at once with one line and exit code 75 (EX_TEMPFAIL), as an archive that
cannot be reached does (:mod:`newscrawl.commands._archive`). Without this, scrapy-redis's
scheduler fails inside Scrapy's engine, with tracebacks that end in "Engine slot not
assigned", and exit code 1, which says the run failed.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from scrapy.exceptions import UsageError

from newscrawl.commands._archive import UNREACHABLE_EXIT_CODE

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

#: Seconds to wait for the server's answer before the run is refused.
REACH_TIMEOUT = 10.0


def shown_url(url: str) -> str:
    """``url`` without its password.

    >>> shown_url("redis://:secret@frontier:6379/0"), shown_url("redis://frontier/1")
    ('redis://:***@frontier:6379/0', 'redis://frontier/1')
    """
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def reach_frontier(settings: BaseSettings, refusal: str = "") -> None:
    """Check ``NEWSCRAWL_REDIS_URL`` and that its server answers; exit as described above."""
    url = settings.get("NEWSCRAWL_REDIS_URL")
    if not url:
        return
    # Imported only in scale-out mode: a crawl without the setting never loads the client.
    import redis
    from redis.connection import parse_url

    try:
        parse_url(url)
    except ValueError as exc:
        raise UsageError(
            f"NEWSCRAWL_REDIS_URL {shown_url(url)!r} is not a Redis URL ({exc}; e.g. "
            "redis://frontier.internal:6379/0)",
            print_help=False,
        ) from None
    client = redis.Redis.from_url(
        url, socket_connect_timeout=REACH_TIMEOUT, socket_timeout=REACH_TIMEOUT
    )
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        print(f"{refusal}cannot reach the shared frontier at {shown_url(url)}: {reason}",
              file=sys.stderr)  # fmt: skip
        raise SystemExit(UNREACHABLE_EXIT_CODE) from None
    finally:
        client.close()
