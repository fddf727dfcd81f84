"""Scrapy's log formatter, with a dropped page said in one line.

Scrapy logs a dropped item as "Dropped: <reason>" and then the whole item on a line of its
own. A news crawl drops many pages as a matter of course (duplicates, pages that are no
article), and each drop's reason already names the page's URL ("duplicate-url:
https://..."): the item's representation (the page's headers and validators, some 700
characters) made a crawl's log mostly repeats. Errors still log the item
(``item_error``), where it helps.

Settings (Scrapy's): ``LOG_FORMATTER`` selects it; ``DEFAULT_DROPITEM_LOG_LEVEL``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.logformatter import LogFormatter

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.http import Response
    from scrapy.logformatter import LogFormatterResult
    from twisted.python.failure import Failure


class OneLineDropLogFormatter(LogFormatter):
    """Scrapy's LogFormatter; a dropped item is logged by its reason alone."""

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        """Log "Dropped: <reason>" at the level Scrapy would, without the item."""
        entry = super().dropped(item, exception, response, spider)
        return {**entry, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}
