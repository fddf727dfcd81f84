"""``scrapy runspider``: requests with credentials (``-a urls=URL,URL``) that get redirected."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import scrapy


class CredentialsSpider(scrapy.Spider):
    """Send each URL with an Authorization header, a Cookie header and a jar cookie."""

    name = "credentials"

    def __init__(self, urls: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = [u for u in urls.split(",") if u]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.urls:
            yield scrapy.Request(
                url,
                headers={"Authorization": "Bearer s3cret", "Cookie": "manual=1"},
                cookies={"session": "abc"},
                dont_filter=True,
            )

    def parse(self, response: scrapy.http.Response) -> None:
        """Nothing to do: the mock server's log has what the test looks at."""
