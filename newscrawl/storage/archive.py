"""The archive's operations, named after what the rest of newscrawl needs.

:class:`Archive` wraps an engine (any SQLAlchemy URL) whose schema it brings up to date on
open. Writing goes through :meth:`Archive.store_articles`, one transaction per batch, which
decides for every article whether it is new, changed, unchanged or a duplicate of another
archived article. The UNIQUE constraint on ``url_key`` makes the decision safe when several
processes write to the same database: a lost race turns into "already archived", never into
a second row. Nothing here imports Scrapy.

A batch is decided article by article, in order, but its new articles are inserted together
afterwards, with a few multi-row statements (:mod:`~newscrawl.storage.inserts`), under one
SAVEPOINT. Should that fail on a UNIQUE key (a writer outside newscrawl's locks stored one of
the articles meanwhile), the SAVEPOINT is rolled back and the batch stored again one article at
a time, each insert under a SAVEPOINT of its own, as every batch once was. A batch that holds
one new article twice, and every batch on a database without multi-row ``INSERT ... RETURNING``
and ``ON CONFLICT``, is stored that way from the start.

One record per article, and what counts as the same article:

* the same URL key (URL variants, ``rel=canonical``): the same record. Its content is
  compared by :func:`~newscrawl.storage.revisions.revision_fingerprint`; a real change adds
  a revision (the old ones are kept), noise does not.
* the same content (``content_hash``) under another URL *of the same site*: the same
  article published twice (two sections, a print URL...). It is not stored again
  (``duplicate``); its URL is remembered so that the next run does not fetch it.
* the same or nearly the same body on *another site*, or a lightly edited copy (MinHash,
  :mod:`~newscrawl.storage.neardup`): a syndicated copy. It is a record of its own site,
  stored with ``duplicate_of`` pointing at the first archived copy, so that a site's
  archive is complete and users choose whether to keep copies.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from newscrawl.storage import inserts, neardup
from newscrawl.storage.engine import lock_keys
from newscrawl.storage.inserts import PROVISIONAL, NewArticle, naive_utc
from newscrawl.storage.minhash import Signature
from newscrawl.storage.models import (
    Article,
    ArticleRevision,
    ArticleUrl,
    FetchFailure,
    RawPage,
    RejectedUrl,
)
from newscrawl.storage.prepared import Prepared, compress, decompress
from newscrawl.storage.reading import (
    ARTICLE_COLUMNS,
    ArchiveReader,
    article_dict,
    find_article,
    original_url,
)
from newscrawl.storage.revisions import revision_fingerprint
from newscrawl.urls import url_key

if TYPE_CHECKING:
    from newscrawl.items import ArticlePage

logger = logging.getLogger(__name__)

__all__ = ["ARTICLE_COLUMNS", "Archive", "StoreResult", "article_dict", "compress", "decompress"]

#: Item keys that describe this crawl, not the article, and are never stored.
_TRANSIENT_KEYS = frozenset({"archive_status", "revision", "duplicate_of", "_page"})
#: Columns that make up the content (or the record's identity): reprocessing changes them
#: only through a new revision.
_CONTENT_COLUMNS = frozenset(
    {"url", "canonical_url", "site", "title", "description", "body", "authors",
     "word_count", "content_hash", "crawled_at", "extra"}
)  # fmt: skip
# SQLite allows 32766 bound parameters per statement; stay far below.
_IN_CHUNK = 500
#: Advisory lock key under which PostgreSQL writers take turns at the near-duplicate index.
NEAR_DUPLICATE_INDEX = "near-duplicate index"
#: Attempts at a batch that PostgreSQL aborted to break a deadlock or a serialization failure.
_TRANSACTION_ATTEMPTS = 3
# SQLSTATEs of aborted transactions that succeed when simply run again.
_RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


@dataclass(frozen=True)
class StoreResult:
    """What the archive did with one article of a batch."""

    #: "new", "changed", "unchanged" or "duplicate" (same content, same site, other URL).
    status: str
    article_id: int
    url_key: str
    #: The revision the archive now shows.
    revision: int = 1
    #: Canonical URL of the article this one is a (near-)copy of, if any.
    duplicate_of: str | None = None


#: An archived article, or one the batch will insert together with the other new ones.
_Row = Article | NewArticle


@dataclass(frozen=True)
class _Batch:
    """What a transaction looked up once for all its articles."""

    now: datetime
    #: Archived articles by URL key (and those stored by this batch so far).
    known: dict[str, _Row]
    #: Archived articles by content hash, oldest first.
    by_hash: dict[str, list[_Row]]
    near: neardup.Candidates
    #: Signatures of the articles that may be new, by position in the batch.
    signatures: dict[int, Signature | None]
    #: What to write to the near-duplicate index when the batch is stored: id -> signature.
    to_index: dict[int, Signature] = field(default_factory=dict)
    #: Ids of the articles this batch inserted.
    inserted: set[int] = field(default_factory=set)
    #: The new articles to insert together once the batch is decided, by provisional id;
    #: None when each is inserted as soon as it is found new.
    new: dict[int, NewArticle] | None = None

    def row(self, session: Session, article_id: int) -> _Row | None:
        """The article with this id, be it archived or one the batch will insert."""
        if self.new is not None and article_id in self.new:
            return self.new[article_id]
        return session.get(Article, article_id)


@dataclass(frozen=True)
class NotModified:
    """A revisit the server answered with 304: the archived version is still current."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Archive(ArchiveReader):
    """An open archive database."""

    def __init__(self, database_url: str, *, keep_raw: bool = True) -> None:
        super().__init__(database_url)
        self.keep_raw = keep_raw

    # --- writing ------------------------------------------------------------------------

    def store_articles(
        self, articles: Sequence[dict[str, Any]], pages: Sequence[ArticlePage | None]
    ) -> list[StoreResult]:
        """Store a batch of extracted articles (and their raw pages) in one transaction."""
        attempt = 1
        while True:
            try:
                return self._store_batch(articles, pages)
            except OperationalError as exc:
                code = getattr(exc.orig, "sqlstate", None)
                if code not in _RETRYABLE_SQLSTATES or attempt == _TRANSACTION_ATTEMPTS:
                    raise
                logger.info("Archive transaction aborted by the database (%s), retrying", code)
                attempt += 1

    def _store_batch(
        self, articles: Sequence[dict[str, Any]], pages: Sequence[ArticlePage | None]
    ) -> list[StoreResult]:
        now = _utcnow()
        keys = [url_key(a["canonical_url"]) for a in articles]
        with self._write_sessions.begin() as session:
            lock_keys(session, [*keys, *(f"content:{a['content_hash']}" for a in articles)])
            batch = _look_up(session, articles, pages, keys, now)
            if inserts.supported(session) and _new_keys_distinct(batch, keys):
                try:
                    # One SAVEPOINT for the batch, not one per article: should the optimism
                    # fail, the batch is stored again below, one article at a time.
                    with session.begin_nested():
                        return self._store_together(session, batch, articles, pages, keys)
                except IntegrityError as exc:
                    # Another writer stored one of the URL keys since the lookup: one that
                    # takes no advisory lock (newscrawl's own writers are serialized by
                    # SQLite, or wait for each other's keys in PostgreSQL). Looked up again,
                    # its row is there, and one by one makes our article "changed" or
                    # "unchanged" on it, as it always did. The session forgets every row
                    # first, so that nothing decided before the rollback is carried over.
                    logger.info("Archive batch lost a race, storing it article by article: %s", exc)
                    session.expunge_all()
                    batch = _look_up(session, articles, pages, keys, now)
            return self._store_one_by_one(session, batch, articles, pages, keys)

    def _store_together(
        self,
        session: Session,
        batch: _Batch,
        articles: Sequence[dict[str, Any]],
        pages: Sequence[ArticlePage | None],
        keys: Sequence[str],
    ) -> list[StoreResult]:
        """Decide every article, then insert the new ones with a few multi-row statements."""
        batch = replace(batch, new={})
        decided = [
            self._store_one(session, batch, i, article, page, key)
            for i, (article, page, key) in enumerate(zip(articles, pages, keys, strict=True))
        ]
        assert batch.new is not None
        ids = inserts.insert_articles(session, list(batch.new.values()), self.keep_raw)
        results = [replace(r, article_id=ids.get(r.article_id, r.article_id)) for r in decided]
        aliases = [
            alias
            for result, key, article, page in zip(results, keys, articles, pages, strict=True)
            for alias in _aliases(result, key, article, page)
        ]
        inserts.add_aliases(session, aliases, batch.now)
        signatures = {ids.get(i, i): sig for i, sig in batch.to_index.items()}
        neardup.index_many(session, signatures, new={ids[i] for i in batch.inserted})
        return results

    def _store_one_by_one(
        self,
        session: Session,
        batch: _Batch,
        articles: Sequence[dict[str, Any]],
        pages: Sequence[ArticlePage | None],
        keys: Sequence[str],
    ) -> list[StoreResult]:
        """Decide and write every article in turn, each insert under a SAVEPOINT of its own."""
        results = []
        for i, (article, page, key) in enumerate(zip(articles, pages, keys, strict=True)):
            result = self._store_one(session, batch, i, article, page, key)
            self._remember_urls(session, _aliases(result, key, article, page), batch.now)
            results.append(result)
        neardup.index_many(session, batch.to_index, new=batch.inserted)
        return results

    def _store_one(
        self,
        session: Session,
        batch: _Batch,
        position: int,
        article: dict[str, Any],
        page: ArticlePage | None,
        key: str,
    ) -> StoreResult:
        row = batch.known.get(key)
        same_content = batch.by_hash.get(article["content_hash"], [])
        if row is None:
            copied = next((r for r in same_content if r.site == article.get("site")), None)
            if copied is not None:
                return StoreResult("duplicate", copied.id, key, copied.revision)
            if batch.new is not None:
                row, inserted = _defer(batch.new, article, key, batch.now, page), True
            else:
                row, inserted = self._insert(session, article, key, batch.now, page)
            batch.known[key] = row
            if inserted:
                batch.by_hash.setdefault(row.content_hash, []).append(row)
                # Looked up with the batch: a key new now was not in `known` then.
                sig = batch.signatures[position]
                original = self._index_new(session, row, same_content, sig, batch)
                return StoreResult("new", row.id, key, 1, original)
        # Only an archived row: a batch whose new keys repeat is stored one by one.
        assert isinstance(row, Article)
        return self._update(session, row, article, page, batch)

    def _insert(
        self,
        session: Session,
        article: dict[str, Any],
        key: str,
        now: datetime,
        page: ArticlePage | None,
    ) -> tuple[Article, bool]:
        """Insert a new article; returns its row and whether this call inserted it."""
        row = Article(
            url_key=key, first_seen_at=now, last_seen_at=now, revision=1, **_columns(article)
        )
        _set_validators(row, page)
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:
            # Another process stored this URL since we looked: carry on with its row.
            return session.scalars(select(Article).where(Article.url_key == key)).one(), False
        # The key is the article's own now: no longer another article's alias, nor rejected.
        session.execute(delete(ArticleUrl).where(ArticleUrl.url_key == key))
        session.execute(delete(RejectedUrl).where(RejectedUrl.url_key == key))
        raw = self._add_raw(session, row, page)
        self._add_revision(session, row, page, now, raw, "crawl")
        return row, True

    def _index_new(
        self,
        session: Session,
        row: _Row,
        same_content: list[_Row],
        sig: Signature | None,
        batch: _Batch,
    ) -> str | None:
        """Index a new article for near-duplicate search; mark it if it copies another."""
        original = next((r for r in same_content if r.id != row.id), None)
        if original is None and sig is not None:
            similar = batch.near.find_similar(sig, exclude=[row.id])
            if similar:
                original = batch.row(session, similar[0][0])
        if sig is not None:
            batch.near.add(row.id, sig)
            batch.to_index[row.id] = sig
            batch.inserted.add(row.id)
        if original is None:
            return None
        if original.duplicate_of is not None:  # point at the first copy, never at a copy
            original = batch.row(session, original.duplicate_of) or original
        row.duplicate_of = original.id
        return original.canonical_url

    def _update(
        self,
        session: Session,
        row: Article,
        article: dict[str, Any],
        page: ArticlePage | None,
        batch: _Batch,
    ) -> StoreResult:
        row.last_seen_at = batch.now
        _set_validators(row, page)
        original = original_url(session, row)
        same = row.content_hash == article["content_hash"]
        if same or revision_fingerprint(row) == _fingerprint(article, page):
            return StoreResult("unchanged", row.id, row.url_key, row.revision, original)
        self._revise(session, row, article, page, batch.now, "crawl", batch=batch)
        return StoreResult("changed", row.id, row.url_key, row.revision, original)

    def _revise(
        self,
        session: Session,
        row: Article,
        article: dict[str, Any],
        page: ArticlePage | None,
        seen_at: datetime,
        source: str,
        raw_page_id: int | None = None,
        batch: _Batch | None = None,
    ) -> None:
        for name, value in _columns(article).items():
            setattr(row, name, value)
        row.revision += 1
        raw = self._add_raw(session, row, page)
        self._add_revision(session, row, page, seen_at, raw or raw_page_id, source)
        sig = _signature(article, page)
        if sig is None:
            return
        if batch is None:
            neardup.index(session, row.id, sig)
            return
        batch.near.add(row.id, sig)
        batch.to_index[row.id] = sig

    def _add_raw(self, session: Session, row: Article, page: ArticlePage | None) -> int | None:
        if page is None or not self.keep_raw:
            return None
        session.flush()
        raw = RawPage(**inserts.raw_page_values(row.id, page))
        session.add(raw)
        session.flush()
        return raw.id

    @staticmethod
    def _add_revision(
        session: Session,
        row: Article,
        page: ArticlePage | None,
        seen_at: datetime,
        raw_page_id: int | None,
        source: str,
    ) -> None:
        session.flush()
        content = {name: getattr(row, name) for name in inserts.REVISION_COLUMNS}
        seen = naive_utc(page.fetched_at) if page is not None else seen_at
        values = inserts.revision_values(content, row.id, row.revision, seen, raw_page_id, source)
        session.add(ArticleRevision(**values))

    @staticmethod
    def _remember_urls(
        session: Session, aliases: Sequence[tuple[str, int, str, str]], now: datetime
    ) -> None:
        """Record other URLs of an article (:func:`_aliases`), each under a SAVEPOINT."""
        for alias, article_id, url, reason in aliases:
            taken = session.scalar(select(Article.id).where(Article.url_key == alias))
            if taken is not None:
                continue
            try:
                with session.begin_nested():
                    session.add(
                        ArticleUrl(
                            url_key=alias,
                            article_id=article_id,
                            url=url,
                            reason=reason,
                            added_at=now,
                        )
                    )
            except IntegrityError:
                pass  # already known (this or another process)

    def mark_not_modified(
        self, checks: Sequence[NotModified]
    ) -> list[tuple[StoreResult, dict[str, Any]] | None]:
        """Record 304 answers: the articles were checked now and are unchanged.

        Returns, per check, the result and the archived article, or None if the archive
        does not know the URL (any more).
        """
        now = _utcnow()
        results: list[tuple[StoreResult, dict[str, Any]] | None] = []
        with self._write_sessions.begin() as session:
            for check in checks:
                row = find_article(session, url_key(check.url))
                if row is None:
                    results.append(None)
                    continue
                row.last_seen_at = now
                row.etag = check.etag or row.etag
                row.last_modified = check.last_modified or row.last_modified
                original = original_url(session, row)
                result = StoreResult("unchanged", row.id, row.url_key, row.revision, original)
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
                    self._revise(session, row, article, None, seen_at, "reprocess", raw_page_id)
                    statuses.append("changed")
                    continue
                # (Re)index: signatures of an older detector are replaced.
                sig = neardup.signature(row.body)
                if sig is not None:
                    neardup.index(session, row.id, sig)
                statuses.append("updated" if _update_metadata(row, article) else "unchanged")
        return statuses

    def record_rejected(self, rejections: Sequence[tuple[str, str, str]]) -> None:
        """Remember pages that were not articles: (url, site, reason) each."""
        now = _utcnow()
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
                row.reason, row.rejected_at = reason, now

    def record_failure(self, url: str, site: str, reason: str, attempts: int) -> None:
        """Remember that fetching ``url`` failed for good in this run."""
        with self._write_sessions.begin() as session:
            row = session.scalars(select(FetchFailure).where(FetchFailure.url == url)).first()
            if row is None:
                row = FetchFailure(url=url, site=site)
                session.add(row)
            row.reason, row.attempts, row.failed_at = reason, attempts, _utcnow()

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


def _look_up(
    session: Session,
    articles: Sequence[dict[str, Any]],
    pages: Sequence[ArticlePage | None],
    keys: Sequence[str],
    now: datetime,
) -> _Batch:
    """Look up, for a whole batch, what its decisions need: known keys, hashes, candidates."""
    known: dict[str, _Row] = {
        a.url_key: a for a in _load_by(session, Article.url_key, keys, lock=True)
    }
    hashes = [a["content_hash"] for a in articles]
    by_hash: dict[str, list[_Row]] = {}
    for row in sorted(_load_by(session, Article.content_hash, hashes), key=_row_id):
        by_hash.setdefault(row.content_hash, []).append(row)
    # Near-duplicate candidates of every article that may be new, in a few queries.
    signatures = {
        i: _signature(article, page)
        for i, (article, page, key) in enumerate(zip(articles, pages, keys, strict=True))
        if key not in known
    }
    comparable = [s for s in signatures.values() if s is not None]
    if comparable:
        # Writers on PostgreSQL run at once: two storing copies of one story would each
        # look for the other's signature before it is committed, and both stay originals.
        # Batches that may add to the index take turns at it instead, from their lookup to
        # their commit (revisits of archived articles do not). PostgreSQL's deadlock
        # detector ends the rare cycle of a writer waiting here while holding a row another
        # one needs; store_articles then runs it again.
        lock_keys(session, [NEAR_DUPLICATE_INDEX])
    near = neardup.Candidates(session, comparable)
    return _Batch(now, known, by_hash, near, signatures)


def _new_keys_distinct(batch: _Batch, keys: Sequence[str]) -> bool:
    """Whether no URL key the archive lacks comes twice in the batch.

    A repeat (the same article twice in one batch: the second is compared with the first)
    needs the first one's row before the batch is decided; such a batch is stored one
    article at a time.
    """
    new = [key for key in keys if key not in batch.known]
    return len(new) == len(set(new))


def _defer(
    new: dict[int, NewArticle],
    article: dict[str, Any],
    key: str,
    now: datetime,
    page: ArticlePage | None,
) -> NewArticle:
    """Take a new article into the batch's inserts; it gets a provisional id till then."""
    values = {
        "url_key": key,
        "first_seen_at": now,
        "last_seen_at": now,
        "revision": 1,
        **_columns(article),
        "etag": page.etag if page is not None else None,
        "last_modified": page.last_modified if page is not None else None,
    }
    row = NewArticle(PROVISIONAL + len(new), values, page)
    new[row.id] = row
    return row


def _aliases(
    result: StoreResult, key: str, article: dict[str, Any], page: ArticlePage | None
) -> list[tuple[str, int, str, str]]:
    """The other URLs that led to the article, so that no run fetches them again.

    (URL key, article id, URL, reason) each: the copy's own URL for a duplicate, the
    fetched URL, and the URLs that redirected to it, leaving out the article's own key.
    """
    urls: list[tuple[str, str]] = []
    if result.status == "duplicate":
        urls.append((article["canonical_url"], "copy"))
    urls.append((article["url"], "fetched"))
    if page is not None:
        urls += [(u, "redirect") for u in page.redirect_urls]
    own_key = key if result.status != "duplicate" else None
    aliases = []
    for url, reason in urls:
        alias = url_key(url)
        if alias != own_key:
            aliases.append((alias, result.article_id, url, reason))
    return aliases


def _update_metadata(row: Article, article: dict[str, Any]) -> bool:
    """Set the columns that are not content (dates, tags, image...); whether any changed."""
    changed = False
    for name, value in _columns(article).items():
        if name in _CONTENT_COLUMNS or getattr(row, name) == value:
            continue
        setattr(row, name, value)
        changed = True
    return changed


def _prepared(article: dict[str, Any], page: ArticlePage | None) -> Prepared | None:
    """What the extraction worker computed for this article, if anything."""
    prepared = page.prepared if page is not None else None
    return prepared if prepared is not None and prepared.matches(article) else None


def _signature(article: dict[str, Any], page: ArticlePage | None) -> Signature | None:
    prepared = _prepared(article, page)
    if prepared is None:
        return neardup.signature(article.get("body") or "")
    return Signature.from_bytes(prepared.signature) if prepared.signature is not None else None


def _fingerprint(article: dict[str, Any], page: ArticlePage | None) -> str:
    prepared = _prepared(article, page)
    if prepared is not None and prepared.fingerprint is not None:
        return prepared.fingerprint
    return revision_fingerprint(article)


def _row_id(row: _Row) -> int:
    return row.id


def _set_validators(row: Article, page: ArticlePage | None) -> None:
    if page is not None:
        row.etag, row.last_modified = page.etag, page.last_modified


def _columns(article: dict[str, Any]) -> dict[str, Any]:
    columns = {name: article.get(name) for name in ARTICLE_COLUMNS}
    columns["authors"] = list(columns["authors"] or [])
    columns["tags"] = list(columns["tags"] or [])
    columns["extra"] = {
        k: v for k, v in article.items() if k not in ARTICLE_COLUMNS and k not in _TRANSIENT_KEYS
    }
    return columns


def _load_by(
    session: Session, column: Any, values: Sequence[str], *, lock: bool = False
) -> list[Article]:
    unique = list(dict.fromkeys(values))
    rows: list[Article] = []
    for start in range(0, len(unique), _IN_CHUNK):
        chunk = unique[start : start + _IN_CHUNK]
        query = select(Article).where(column.in_(chunk))
        # Row locks on PostgreSQL (a concurrent revision waits); SQLite ignores it, its
        # write transactions being serialized anyway.
        rows.extend(session.scalars(query.with_for_update() if lock else query))
    return rows
