"""Spiders that only tests run (``scrapy runspider``)."""
