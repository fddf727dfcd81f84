"""Scrapy commands of newscrawl (``COMMANDS_MODULE``): ``scrapy export``, ..."""
