"""The archive's operations, named after what the rest of newscrawl needs.

:class:`Archive` wraps an engine (any SQLAlchemy URL) whose schema it brings up to date on
open. Writing goes through :meth:`Archive.store_articles`, one transaction per batch
(:mod:`~newscrawl.storage.batches`), which decides for every article whether it is new,
changed, unchanged or a duplicate of another archived article
(:mod:`~newscrawl.storage.decisions`). The UNIQUE constraint on ``url_key`` makes the
decision safe when several processes write to the same database: a lost race turns into
"already archived", never into a second row. The read side is
:class:`~newscrawl.storage.reading.ArchiveReader`. Nothing here imports Scrapy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from newscrawl.storage import batches, neardup, rows
from newscrawl.storage.decisions import RESTORED, StoreResult
from newscrawl.storage.inserts import naive_utc
from newscrawl.storage.models import Article, FetchFailure, RejectedUrl
from newscrawl.storage.prepared import compress, decompress
from newscrawl.storage.reading import (
    ARTICLE_COLUMNS,
    ArchiveReader,
    article_dict,
    find_article,
    original_url,
)
from newscrawl.storage.revisions import revision_fingerprint
from newscrawl.urls import strip_tracking, url_key

if TYPE_CHECKING:
    from newscrawl.items import ArticlePage

__all__ = ["ARTICLE_COLUMNS", "Archive", "StoreResult", "article_dict", "compress", "decompress"]


@dataclass(frozen=True)
class NotModified:
    """A revisit the server answered with 304: the archived version is still current."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


class Archive(ArchiveReader):
    """An open archive database."""

    def __init__(self, database_url: str, *, keep_raw: bool = True) -> None:
        super().__init__(database_url)
        self.keep_raw = keep_raw

    # --- writing ------------------------------------------------------------------------

    def store_articles(
        self,
        articles: Sequence[dict[str, Any]],
        pages: Sequence[ArticlePage | None],
        source: str = "crawl",
    ) -> list[StoreResult]:
        """Store a batch of extracted articles (and their raw pages) in one transaction.

        ``source``: what the revisions it makes are recorded as made by ("crawl",
        "import").
        """
        return batches.run_again_if_aborted(self._store_batch, articles, pages, source)

    def _store_batch(
        self,
        articles: Sequence[dict[str, Any]],
        pages: Sequence[ArticlePage | None],
        source: str,
    ) -> list[StoreResult]:
        with self._write_sessions.begin() as session:
            return batches.store_batch(session, articles, pages, self.keep_raw, source)

    def mark_not_modified(
        self, checks: Sequence[NotModified]
    ) -> list[tuple[StoreResult, dict[str, Any]] | None]:
        """Record 304 answers: the articles were checked now and are unchanged.

        Returns, per check, the result and the archived article, or None if the archive
        does not know the URL (any more).
        """
        now = rows.utcnow()
        results: list[tuple[StoreResult, dict[str, Any]] | None] = []
        with self._write_sessions.begin() as session:
            for check in checks:
                row = find_article(session, url_key(check.url))
                if row is None:
                    results.append(None)
                    continue
                row.last_seen_at = now
                taken_down = rows.bring_back(session, row, now)  # online (again)
                row.etag = check.etag or row.etag
                row.last_modified = check.last_modified or row.last_modified
                original = original_url(session, row)
                status = RESTORED if taken_down is not None else "unchanged"
                result = StoreResult(status, row.id, row.url_key, row.revision, original)
                results.append((result, article_dict(row, original)))
        return results

    def reprocess(self, updates: Sequence[tuple[int, dict[str, Any], int, datetime]]) -> list[str]:
        """Store re-extracted articles: (article id, article, raw page id, fetched at).

        Per update: "changed" when the content differs (a new revision, ``source`` =
        "reprocess", pointing at the raw page), "updated" when only metadata such as dates,
        tags or the image differ (corrected in place), "unchanged", or "missing". The
        near-duplicate index of every article is rebuilt on the way.
        """
        statuses = []
        with self._write_sessions.begin() as session:
            for article_id, article, raw_page_id, fetched_at in updates:
                row = session.get(Article, article_id)
                if row is None:
                    statuses.append("missing")
                    continue
                # The record keeps its identity, whatever the extraction says now.
                article = {**article, "canonical_url": row.canonical_url, "site": row.site}
                if revision_fingerprint(row) != revision_fingerprint(article):
                    seen_at = naive_utc(fetched_at)
                    sig = rows.revise(
                        session,
                        row,
                        article,
                        None,
                        seen_at,
                        "reprocess",
                        self.keep_raw,
                        raw_page_id,
                    )
                    if sig is not None:
                        neardup.index(session, row.id, sig)
                    statuses.append("changed")
                    continue
                # (Re)index: signatures of an older detector are replaced.
                sig = neardup.signature(row.body)
                if sig is not None:
                    neardup.index(session, row.id, sig)
                statuses.append("updated" if rows.update_metadata(row, article) else "unchanged")
        return statuses

    def record_rejected(self, rejections: Sequence[tuple[str, str, str]]) -> None:
        """Remember pages that were not articles: (url, site, reason) each.

        A page rejected again keeps when it was first rejected (``first_rejected_at``).
        """
        now = rows.utcnow()
        with self._write_sessions.begin() as session:
            for url, site, reason in rejections:
                key = url_key(url)
                row = session.scalars(select(RejectedUrl).where(RejectedUrl.url_key == key)).first()
                if row is None:
                    row = RejectedUrl(
                        url_key=key, url=url, site=site, reason=reason, rejected_at=now
                    )
                    try:
                        with session.begin_nested():
                            session.add(row)
                    except IntegrityError:  # another process was faster: update its row
                        row = session.scalars(
                            select(RejectedUrl).where(RejectedUrl.url_key == key)
                        ).one()
                else:
                    row.first_rejected_at = row.first_rejected_at or row.rejected_at
                row.reason, row.rejected_at = reason, now

    def record_gone(self, pages: Sequence[tuple[str, str, str]]) -> list[dict[str, Any] | None]:
        """Article pages that answered 404 or 410: (url, site, reason) each.

        An archived article whose own URL is found gone is marked removed (``removed_at``:
        the first time; its revisit schedule goes on from now, and seeing it again clears
        the mark); another URL is remembered as rejected, so that it is not asked for again
        before the recheck (unless it leads to an archived article, which decides). Returns,
        per page, the archived article (a contract dict) if it was found gone for the first
        time, else None.
        """
        now = rows.utcnow()
        removed: list[dict[str, Any] | None] = []
        unknown: list[tuple[str, str, str]] = []
        with self._write_sessions.begin() as session:
            for url, site, reason in pages:
                key = url_key(url)
                row = find_article(session, key)
                # Only the article's own URL: another URL that led to it (a redirect, an
                # AMP page a site has dropped, a trailing-slash variant a listing linked:
                # one with the same key) may be gone while the article is not.
                if row is None or row.url_key != key or not _same_page(url, row.url):
                    unknown.append((url, site, reason))
                    removed.append(None)
                    continue
                row.last_seen_at = now
                first = rows.take_down(session, row, now)
                removed.append(article_dict(row, original_url(session, row)) if first else None)
        if unknown:
            self.record_rejected(unknown)
        return removed

    def record_failure(self, url: str, site: str, reason: str, attempts: int) -> None:
        """Remember that fetching ``url`` failed for good in this run."""
        with self._write_sessions.begin() as session:
            row = session.scalars(select(FetchFailure).where(FetchFailure.url == url)).first()
            if row is None:
                row = FetchFailure(url=url, site=site)
                session.add(row)
            row.reason, row.attempts, row.failed_at = reason, attempts, rows.utcnow()

    def clear_failure(self, url: str) -> None:
        """Forget a failure (the URL was fetched after all)."""
        with self._write_sessions.begin() as session:
            session.execute(delete(FetchFailure).where(FetchFailure.url == url))

    def failed_urls(self, site: str) -> list[str]:
        """URLs of ``site`` that earlier runs failed to fetch, oldest failure first."""
        query = (
            select(FetchFailure.url)
            .where(FetchFailure.site == site)
            .order_by(FetchFailure.failed_at)
        )
        with self._read_sessions() as session:
            return list(session.scalars(query))


def _same_page(url: str, own: str) -> bool:
    """Whether ``url`` is the page the archived article's own URL ``own`` names.

    Tracking parameters aside; a variant its key shares (a trailing slash, the AMP page)
    is another page of the site's, which may be gone while the article's is not.
    """
    return strip_tracking(url) == strip_tracking(own)
