"""newscrawl: a news crawler and archive built on Scrapy."""

__version__ = "0.1.0"
