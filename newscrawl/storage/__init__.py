"""The archive: SQLAlchemy models, engine set-up, migrations and domain queries.

Nothing in this package imports Scrapy; commands and tests use it directly.
"""

from newscrawl.storage.archive import Archive, NotModified, StoreResult
from newscrawl.storage.reading import FetchState, SiteSize

__all__ = ["Archive", "FetchState", "NotModified", "SiteSize", "StoreResult"]
