"""A sitemap's ``<lastmod>`` as the site's word that an article changed.

An entry's lastmod is when its page last changed (as is an Atom feed entry's ``<updated>``,
which the spider treats the same way). The spider hands it on with the article's
request (:data:`~newscrawl.middlewares.incremental.LISTED_MODIFIED_META`), and the
incremental middleware revisits an archived article whose lastmod is later than the crawl's
last look at it, whatever its age (``NEWSCRAWL_REVISIT_ON_LASTMOD``): a correction made to
a month-old story becomes a revision, which the revisit schedule alone would never see.

Believed blindly, some sitemaps would have every archived article fetched again at every
run: those that give each entry the time the sitemap was generated. Such a sitemap's
lastmods are one value; :func:`generated_lastmod` finds it, and the spider then hands on
none of them (as search engines ignore lastmods that are not accurate). A lastmod of a day
alone (``2026-11-29``, the start of that day in UTC) is the same for a day's articles by
right: such lastmods do not count as one value.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

#: Share of the entries (those with a time of day) whose one lastmod marks a generated one.
GENERATED_SHARE = 0.9


def generated_lastmod(lastmods: Mapping[str, str]) -> str | None:
    """The one lastmod that marks a sitemap's as the time it was made, or None.

    ``lastmods`` maps entry URLs to their lastmod. At least two entries with a time of day,
    and nine in ten of them the same time:

    >>> generated_lastmod({"/a": "2026-11-29T10:00:00Z", "/b": "2026-11-29T10:00:00Z"})
    '2026-11-29T10:00:00Z'
    >>> generated_lastmod({"/a": "2026-11-29T10:00:00Z", "/b": "2026-11-28T17:12:09Z"})
    >>> generated_lastmod({"/a": "2026-11-29", "/b": "2026-11-29"})  # days: every day's
    """
    timed = [value for value in lastmods.values() if "T" in value]
    if len(timed) < 2:
        return None
    value, count = Counter(timed).most_common(1)[0]
    return value if count >= GENERATED_SHARE * len(timed) else None
