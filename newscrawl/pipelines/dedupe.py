"""Dedupe pipeline: one item per article within a run.

Two pages are the same article when their canonical URLs share a
:func:`newscrawl.urls.url_key` (tracking parameters, AMP, http/https, ``www.`` and trailing
slash variants, ``<link rel=canonical>``), or when a site has the same content
(``content_hash``) under two URLs. The archive decides the content case itself, under its
transaction, and also remembers the copy's URL so that no later run fetches it; so this
pipeline drops same-content copies only when there is no archive. With an archive, a page
whose ``rel=canonical`` names another URL than its own (a claim) is not dropped when that
URL was seen, nor is the page of that URL after such a claim: the archive tells a copy from
another story whose CMS named the wrong canonical URL
(:func:`newscrawl.storage.same_story.other_story`), which would otherwise be lost. It only
keeps memory of the current run, 64-bit fingerprints in
:class:`~newscrawl.fingerprints.FingerprintSet`: about 10 bytes per article (a Python set
of them took ~90).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newscrawl.fingerprints import FingerprintSet, fingerprint64
from newscrawl.items import GonePage, NotModifiedPage
from newscrawl.pipelines._drop import drop
from newscrawl.urls import url_key

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


class DedupePipeline:
    """Drop the second and later copies of an article seen in this run."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.check_content = not crawler.settings.get("NEWSCRAWL_DATABASE_URL")
        # Kept for the whole run, one entry per article: compact (see newscrawl.fingerprints).
        self._seen_urls = FingerprintSet()
        self._seen_contents = FingerprintSet()
        #: Canonical URL keys first seen in another page's claim (few: a Python set).
        self._claimed: set[int] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the component from the crawler and its settings."""
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        """Return ``item`` the first time its article is seen; drop it afterwards."""
        if isinstance(item, NotModifiedPage | GonePage):
            return item
        key = url_key(item["canonical_url"])
        url = fingerprint64(key)
        claim = item["canonical_url"] != item["url"] and url_key(item["url"]) != key
        if url in self._seen_urls:
            if self.check_content or not (claim or url in self._claimed):
                raise drop(self.stats, "duplicate-url", item["url"], _earlier(item))
            if not claim:
                self._claimed.discard(url)  # the claimed page itself: once
            return item  # the archive decides: the same story, or another's wrong claim
        if claim:
            self._claimed.add(url)
        if self.check_content:
            content = fingerprint64(f"{item.get('site')}\x1f{item['content_hash']}")
            if not self._seen_contents.add(content):
                raise drop(self.stats, "duplicate-content", item["url"])
        self._seen_urls.add(url)
        return item


def _earlier(item: Any) -> str:
    """Why a page is a duplicate: another URL of its article came earlier in the run.

    Which one is not kept (its memory is 8 bytes a URL); the canonical URL is named where it
    is not the page's own (an AMP page after the article's own, or the other way round).
    """
    canonical = item["canonical_url"]
    named = f" ({canonical})" if canonical != item["url"] else ""
    return f"another URL of this article{named} came earlier in this run"
