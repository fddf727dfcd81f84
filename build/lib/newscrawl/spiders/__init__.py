"""Spiders: one per site profile (``sites/*.toml``), the generic ``news`` spider, ``demo``."""
