"""The shared frontier of a crawl, reached once before it starts (``NEWSCRAWL_REDIS_URL``).

A URL that is no Redis URL is a usage error (exit code 2); a server that does not answer
ends the run at once with one line and exit code 75 (EX_TEMPFAIL), as an archive that
cannot be reached does (:mod:`newscrawl.commands._archive`). Without this, scrapy-redis's
scheduler fails inside Scrapy's engine, with tracebacks that end in "Engine slot not
assigned", and exit code 1, which says the run failed.

The processes of one shared run must crawl the spider with the same arguments (``-a``):
one with others would mix its crawl into theirs (its sections' pages into their queue, its
``max_pages`` for theirs). The run's arguments are kept in Redis beside it; a process that
gives others while the run lives (processes registered, or requests queued: a run stopped
early is resumed) is refused, with a usage error that names both.
"""

from __future__ import annotations

import json
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


# KEYS: the run's arguments, workers, queue. ARGV: this process's arguments. Returns the
# run's arguments if they differ and the run lives; else records these as the run's.
_SAME_ARGUMENTS = """
local held = redis.call('GET', KEYS[1])
if held and held ~= ARGV[1] and (redis.call('ZCARD', KEYS[2]) > 0
                                 or redis.call('EXISTS', KEYS[3]) == 1) then
  return held
end
redis.call('SET', KEYS[1], ARGV[1])
return false
"""


def reach_frontier(
    settings: BaseSettings,
    refusal: str = "",
    spider: str | None = None,
    arguments: dict[str, str] | None = None,
) -> None:
    """Check ``NEWSCRAWL_REDIS_URL`` and its server; exit as described above.

    Given a ``spider``, also that its shared run is crawled with these ``arguments``.
    """
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
    base = f"{settings.get('NEWSCRAWL_REDIS_PREFIX') or 'newscrawl'}:{spider}"
    given = json.dumps(arguments or {}, sort_keys=True)
    try:
        client.ping()
        held = None
        if spider is not None:
            keys = [f"{base}:arguments", f"{base}:workers", f"{base}:requests"]
            held = client.eval(_SAME_ARGUMENTS, len(keys), *keys, given)
    except (redis.RedisError, OSError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        print(f"{refusal}cannot reach the shared frontier at {shown_url(url)}: {reason}",
              file=sys.stderr)  # fmt: skip
        raise SystemExit(UNREACHABLE_EXIT_CODE) from None
    finally:
        client.close()
    if held:
        raise UsageError(
            f"{refusal}the shared run {base} is crawled with other arguments: "
            f"{_shown(held)}, not {_shown(given)}. Give the same ones, or another "
            "NEWSCRAWL_REDIS_PREFIX for another crawl (or delete the run's keys, "
            f"{base}:*, to drop it)",
            print_help=False,
        )


def _shown(arguments: bytes | str) -> str:
    """Spider arguments as a command line gives them: ``-a max_pages=2``, or none."""
    given = json.loads(arguments)
    return " ".join(f"-a {name}={value}" for name, value in given.items()) or "none"
