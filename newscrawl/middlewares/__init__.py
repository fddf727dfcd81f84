"""Downloader middlewares of newscrawl (``DOWNLOADER_MIDDLEWARES``), one per module."""
