"""The archive: SQLAlchemy models, engine set-up, migrations and domain queries.

Nothing in this package imports Scrapy; commands and tests use it directly.
"""

from newscrawl.storage.archive import Archive, StoreResult

__all__ = ["Archive", "StoreResult"]
