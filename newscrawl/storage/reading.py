"""Reading the archive: lookups by URL, exports, revisions, raw pages and size figures.

:class:`ArchiveReader` is the read side of :class:`newscrawl.storage.Archive`; commands
and the incremental middleware use these queries. Every lookup of one URL is an indexed
query on ``url_key`` (the article's own key, then the keys of other URLs known to lead to
it), never a scan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from newscrawl.storage.engine import create_archive_engine, upgrade_schema, write_engine
from newscrawl.storage.inserts import naive_utc
from newscrawl.storage.models import (
    Article,
    ArticleRevision,
    ArticleTakedown,
    ArticleUrl,
    RawPage,
    RawPagePart,
    RejectedUrl,
)
from newscrawl.urls import url_key

#: Article fields stored in their own columns; everything else goes to ``extra``.
ARTICLE_COLUMNS = (
    "url", "canonical_url", "site", "title", "authors", "published_at", "modified_at",
    "section", "tags", "language", "description", "body", "image_url", "image_caption",
    "image_credit", "word_count", "content_hash", "crawled_at",
)  # fmt: skip


@dataclass(frozen=True)
class FetchState:
    """What the archive knows about a URL, for deciding whether to fetch it again."""

    #: The article the URL leads to; None for a URL whose page was rejected.
    article_id: int | None
    #: When the article was first seen; for a rejected URL, when the rejections in a row
    #: began.
    first_seen_at: datetime
    #: Last time a crawl saw the article (stored, compared, or answered 304) or rejected
    #: the page; naive UTC.
    last_seen_at: datetime
    published_at: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    #: Why the page was not an article ("short-body", ...), for a rejected URL.
    rejected: str | None = None


@dataclass(frozen=True)
class SiteSize:
    """What the archive holds for one site."""

    site: str
    articles: int
    duplicates: int
    revisions: int
    raw_pages: int
    #: Sum of the raw pages' sizes before and after compression, in bytes.
    raw_bytes: int
    stored_bytes: int


def _lookups(*columns: Any) -> tuple[Select[Any], Select[Any]]:
    """Statements finding ``columns`` of the article a URL key leads to, in order of trust.

    The article stored under the key, else the one a known other URL with that key belongs
    to. Built once, with a bound parameter ``key``, so that a lookup costs no expression
    building.
    """
    found = select(*columns)
    by_key = found.where(Article.url_key == bindparam("key")).limit(1)
    by_alias = (
        found.join(ArticleUrl, ArticleUrl.article_id == Article.id)
        .where(ArticleUrl.url_key == bindparam("key"))
        .limit(1)
    )
    return by_key, by_alias


_ARTICLE = _lookups(Article)
# What ArchiveReader.fetch_state reads, in FetchState's order.
_STATE_COLUMNS = (
    Article.id,
    Article.first_seen_at,
    Article.last_seen_at,
    Article.published_at,
    Article.etag,
    Article.last_modified,
)
# And the URL the article was fetched at, which FetchState does not hold: see fetch_state.
_STATE = _lookups(*_STATE_COLUMNS, Article.url)
_REJECTED_BY_KEY = (
    select(RejectedUrl.reason, RejectedUrl.rejected_at, RejectedUrl.first_rejected_at)
    .where(RejectedUrl.url_key == bindparam("key"))
    .limit(1)
)


class ArchiveReader:
    """An open archive database: engine, sessions and the read queries."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.engine = create_archive_engine(database_url)
        upgrade_schema(self.engine)
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(write_engine(self.engine), expire_on_commit=False)

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    def is_archived(self, url: str) -> bool:
        """Whether an article with this URL (or a variant of it) is in the archive."""
        state = self.fetch_state(url)
        return state is not None and state.article_id is not None

    def fetch_state(self, url: str) -> FetchState | None:
        """The archive's record of the article ``url`` leads to, or None."""
        # Asked for every article request of a crawl (the incremental middleware), on the
        # crawler's thread pool: a few columns through Core, no ORM objects (nor bodies).
        key = url_key(url)
        params = {"key": key}
        with self.engine.connect() as conn:
            for lookup in _STATE:
                row = conn.execute(lookup, params).first()
                if row is not None:
                    *state, fetched_url = row
                    if lookup is _STATE[0] and url_key(fetched_url) != key:
                        # Stored under this URL as the canonical one another page named:
                        # this URL's own page was never fetched. It is asked for once; the
                        # archive then tells whether it is that story's (it becomes the
                        # record's URL) or another's (see storage.decisions._claim).
                        return None
                    return FetchState(*state)
            rejected = conn.execute(_REJECTED_BY_KEY, params).first()
        if rejected is None:
            return None
        reason, when, first = rejected
        return FetchState(None, first or when, when, rejected=reason)

    def revisit_candidates(
        self,
        sites: Sequence[str],
        schedule: Sequence[tuple[timedelta, timedelta]],
        now: datetime,
        limit: int,
        allowed: Callable[[str], bool] | None = None,
    ) -> list[tuple[str, FetchState]]:
        """Archived articles of ``sites`` a revisit is due for, longest unchecked first.

        ``schedule`` is the revisit schedule's (age limit, interval) steps, in increasing
        age: an article first seen within a step's ages and not checked for its interval
        is a candidate; ``now`` is naive UTC. Taken down too (a story pulled for a legal
        review comes back; one gone for good answers 404 again, on the same schedule: a
        takedown counts as a check), but not one published (by its date's day) before the
        oldest age. At most ``limit``, each with the URL to ask for: its page's, or, where
        the record is held under a canonical URL another page named and that URL was never
        fetched (see :meth:`fetch_state`), that URL, if ``allowed`` (a crawl's domains)
        lets the crawl ask for it: the archive then learns whether it is that story's (it
        becomes the record's URL: revisits of a print page the section linked go to the
        article) or another story's. The schedule itself says whether one is due (an
        article's age also counts from its publication, which the page gives with an
        offset: not compared here).
        """
        if not schedule or not sites:
            return []
        query = revisit_query(sites, schedule, now).limit(limit)
        found = []
        with self.engine.connect() as conn:
            for (
                url,
                key,
                canonical,
                article_id,
                first,
                last,
                published,
                etag,
                modified,
            ) in conn.execute(query):
                claimed = canonical and url_key(url) != key
                if claimed and (allowed is None or allowed(canonical)):
                    url = canonical
                found.append((url, FetchState(article_id, first, last, published, etag, modified)))
        return found

    def count_articles(self, site: str | None = None) -> int:
        """Number of archived articles, of one site or of all."""
        query = select(func.count(Article.id))
        if site is not None:
            query = query.where(Article.site == site)
        with self._read_sessions() as session:
            return session.scalar(query) or 0

    def sites(self) -> list[str]:
        """The names of the sites the archive has articles of, in order."""
        query = select(Article.site).distinct().order_by(Article.site)
        with self._read_sessions() as session:
            return list(session.scalars(query))

    def iter_articles(
        self,
        site: str | None = None,
        since: datetime | None = None,
        copies: bool = True,
        published: tuple[datetime | None, datetime | None] = (None, None),
        language: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Archived articles as contract dicts, oldest first, streamed in chunks.

        ``since`` (an aware datetime, or naive UTC) keeps articles first archived at or
        after that time, in the order they were first archived; ``copies=False`` leaves out
        articles marked as copies of another. ``published`` (aware datetimes, either None)
        keeps articles published at or after the first and before the second instant (none
        without a publication date); ``language`` those in that language. ``duplicate_of``
        is the canonical URL of the article copied. An article taken down at least once has
        ``takedowns``: each time, oldest first (``removed_at``, ``restored_at``: None while
        it is down).
        """
        original = aliased(Article)
        query = (
            select(Article, original.canonical_url)
            .outerjoin(original, original.id == Article.duplicate_of)
            .where(*_selected(site, copies, published, language))
        )
        if since is None:
            query = query.order_by(Article.id)
        else:
            since = naive_utc(since)
            # In the order first seen, which the first_seen_at index gives along with the
            # range: in id order, SQLite walks the whole table to the range (the 2,000
            # newest of a million articles took 23 s).
            query = query.where(Article.first_seen_at >= since).order_by(
                Article.first_seen_at, Article.id
            )
        periods = self._takedown_periods()

        def record(row: Article, duplicate_of: str | None) -> dict[str, Any]:
            data = article_dict(row, duplicate_of)
            if row.id in periods:
                data["takedowns"] = periods[row.id]
            return data

        yield from self._streamed(query, published, record)

    def _takedown_periods(self) -> dict[int, list[dict[str, str | None]]]:
        """Every takedown period of the archive, by article id (ISO 8601, UTC).

        Read whole before an export streams the articles: one row a takedown, few beside
        the articles, where a query per article would cost one round trip each.
        """
        periods: dict[int, list[dict[str, str | None]]] = {}
        query = select(
            ArticleTakedown.article_id, ArticleTakedown.removed_at, ArticleTakedown.restored_at
        ).order_by(ArticleTakedown.article_id, ArticleTakedown.removed_at)
        with self._read_sessions() as session:
            for article_id, removed, restored in session.execute(query):
                periods.setdefault(article_id, []).append(
                    {"removed_at": utc_iso(removed), "restored_at": utc_iso(restored)}
                )
        return periods

    def iter_revisions(
        self,
        site: str | None = None,
        since: datetime | None = None,
        copies: bool = True,
        published: tuple[datetime | None, datetime | None] = (None, None),
        language: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Every revision of the articles that were revised (two revisions or more).

        Article by article (oldest first), each one's revisions in order, streamed: the
        material of a study of edits. ``since`` keeps the revisions first seen at or after
        it (what changed since an earlier export); the other filters select articles, as
        :meth:`iter_articles`'s do.
        """
        query = (
            select(
                ArticleRevision,
                Article.canonical_url,
                Article.site,
                Article.removed_at,
                RawPage.url,
            )
            .join(Article, Article.id == ArticleRevision.article_id)
            .outerjoin(RawPage, RawPage.id == ArticleRevision.raw_page_id)
            .where(Article.revision > 1, *_selected(site, copies, published, language))
            .order_by(ArticleRevision.article_id, ArticleRevision.revision)
        )
        if since is not None:
            query = query.where(ArticleRevision.seen_at >= naive_utc(since))
        yield from self._streamed(query, published, revision_dict)

    def iter_raw_pages(
        self,
        site: str | None = None,
        since: datetime | None = None,
        copies: bool = True,
        published: tuple[datetime | None, datetime | None] = (None, None),
        language: str | None = None,
    ) -> Iterator[RawPage]:
        """Every raw page kept of the articles selected, each version's, in the order stored.

        The articles are selected as by :meth:`iter_articles`; ``since`` keeps the pages
        fetched at or after that time. Bodies are as stored (``compression``), streamed.
        """
        query = (
            select(RawPage, Article.published_at)
            .join(Article, RawPage.article_id == Article.id)
            .where(*_selected(site, copies, published, language))
            .order_by(RawPage.id)
        )
        if since is not None:
            query = query.where(RawPage.fetched_at >= naive_utc(since))
        start, end = published
        with self._read_sessions() as session:
            # A few pages at a time: bodies are tens of kilobytes each.
            for raw, published_at in session.execute(query.execution_options(yield_per=50)):
                if not (start or end) or _published_in(published_at, start, end):
                    yield raw
                session.expunge(raw)

    def _streamed(
        self,
        query: Select[*tuple[Any, ...]],
        published: tuple[datetime | None, datetime | None],
        record: Callable[..., dict[str, Any]],
    ) -> Iterator[dict[str, Any]]:
        """``record(*row)`` of each row of ``query``, in chunks, published in the range.

        The row's first column is the entity whose ``published_at`` (ISO 8601 with its own
        offset: SQL narrows the range by days, the exact instants are compared here) is in
        ``published``; each is let go of once handed on, so memory stays flat over a whole
        archive.
        """
        start, end = published
        with self._read_sessions() as session:
            for row in session.execute(query.execution_options(yield_per=500)):
                entity = row[0]
                if not (start or end) or _published_in(entity.published_at, start, end):
                    yield record(*row)
                session.expunge(entity)

    def article(self, article_id: int) -> dict[str, Any] | None:
        """One archived article as a contract dict."""
        with self._read_sessions() as session:
            row = session.get(Article, article_id)
            return None if row is None else article_dict(row, original_url(session, row))

    def raw_page(self, article_id: int) -> RawPage | None:
        """The newest raw page stored for an article."""
        with self._read_sessions() as session:
            return session.scalars(
                select(RawPage)
                .where(RawPage.article_id == article_id)
                .order_by(RawPage.id.desc())
                .limit(1)
            ).first()

    def revisions(self, url: str) -> list[dict[str, Any]]:
        """Every revision of the article ``url`` leads to, oldest first ([] if unknown).

        Each also holds the article's ``url`` (canonical) and the ``page_url`` its page was
        fetched at (a story that moved: its old URL on the revisions read there; None where
        the raw page is not kept); when it was down, see :meth:`takedowns`.
        """
        with self._read_sessions() as session:
            row = find_article(session, url_key(url))
            if row is None:
                return []
            query = (
                select(ArticleRevision, RawPage.url)
                .outerjoin(RawPage, RawPage.id == ArticleRevision.raw_page_id)
                .where(ArticleRevision.article_id == row.id)
                .order_by(ArticleRevision.revision)
            )
            return [
                {
                    "url": row.canonical_url,
                    "page_url": page_url,
                    **{c.key: getattr(rev, c.key) for c in ArticleRevision.__table__.columns},
                }
                for rev, page_url in session.execute(query)
            ]

    def takedowns(self, url: str) -> list[tuple[datetime, datetime | None]]:
        """When the article ``url`` leads to was taken down, and back online (None: not yet).

        Oldest first; [] for an article never taken down, or unknown.
        """
        with self._read_sessions() as session:
            row = find_article(session, url_key(url))
            if row is None:
                return []
            query = (
                select(ArticleTakedown.removed_at, ArticleTakedown.restored_at)
                .where(ArticleTakedown.article_id == row.id)
                .order_by(ArticleTakedown.removed_at)
            )
            return [(removed, restored) for removed, restored in session.execute(query)]

    def size_report(self) -> list[SiteSize]:
        """Per site: articles, duplicates, revisions, raw pages and their bytes."""
        with self._read_sessions() as session:
            articles = {
                site: (n, dups)
                for site, n, dups in session.execute(
                    select(
                        Article.site, func.count(Article.id), func.count(Article.duplicate_of)
                    ).group_by(Article.site)
                )
            }
            revisions = dict(
                session.execute(
                    select(Article.site, func.count(ArticleRevision.id))
                    .join(ArticleRevision, ArticleRevision.article_id == Article.id)
                    .group_by(Article.site)
                ).all()
            )
            raw: dict[str, tuple[int, int, int]] = {}
            # The raw pages, and the next pages of articles over several kept with them.
            for table in (RawPage, RawPagePart):
                query = select(
                    Article.site,
                    func.count(table.id),
                    func.coalesce(func.sum(table.size), 0),
                    func.coalesce(func.sum(func.length(table.body)), 0),
                )
                if table is RawPagePart:
                    query = query.select_from(RawPagePart).join(
                        RawPage, RawPage.id == RawPagePart.raw_page_id
                    )
                query = query.join(Article, RawPage.article_id == Article.id).group_by(Article.site)
                for site, n, size, stored in session.execute(query):
                    before = raw.get(site, (0, 0, 0))
                    raw[site] = (before[0] + n, before[1] + int(size), before[2] + int(stored))
        return [
            SiteSize(
                site,
                articles[site][0],
                articles[site][1],
                revisions.get(site, 0),
                *(int(v) for v in raw.get(site, (0, 0, 0))),
            )
            for site in sorted(articles)
        ]

    def iter_raw_sources(
        self, site: str | None = None, chunk: int = 100
    ) -> Iterator[tuple[int, str, RawPage]]:
        """(article id, site, newest raw page) of every article with a raw page, by id.

        Read in chunks, each in a short transaction of its own, so that a caller may write
        to the archive while iterating.
        """
        newest = select(func.max(RawPage.id).label("id")).group_by(RawPage.article_id).subquery()
        query = (
            select(Article.id, Article.site, RawPage)
            .join(RawPage, RawPage.article_id == Article.id)
            .join(newest, newest.c.id == RawPage.id)
            .order_by(Article.id)
            .limit(chunk)
        )
        if site is not None:
            query = query.where(Article.site == site)
        last = 0
        while True:
            with self._read_sessions() as session:
                rows = [
                    (article_id, article_site, raw)
                    for article_id, article_site, raw in session.execute(
                        query.where(Article.id > last)
                    )
                ]
            if not rows:
                return
            yield from rows
            last = rows[-1][0]


# Published dates are kept as the page gave them, in its own offset ("2026-11-01T01:30:00+02:00"
# is 31 October in UTC): compared as text, a range of days that reaches a day further each
# way (no offset is over 14 hours) uses the index and lets through every article in range;
# the instants are then compared exactly (_published_in).
_ANY_OFFSET = timedelta(days=1)


def revisit_query(
    sites: Sequence[str], schedule: Sequence[tuple[timedelta, timedelta]], now: datetime
) -> Select[str, str, str, int, datetime, datetime, str | None, str | None, str | None]:
    """The query of :meth:`ArchiveReader.revisit_candidates` (without its limit)."""
    bands = []
    younger = timedelta(0)
    for age, interval in schedule:
        bands.append(
            and_(
                Article.first_seen_at > now - age,
                Article.first_seen_at <= now - younger,
                Article.last_seen_at <= now - interval,
            )
        )
        younger = age
    oldest_day = (now - younger - _ANY_OFFSET).date().isoformat()
    return (
        select(Article.url, Article.url_key, Article.canonical_url, *_STATE_COLUMNS)
        .where(
            Article.site.in_(list(sites)),
            Article.first_seen_at > now - younger,
            or_(*bands),
            or_(Article.published_at.is_(None), Article.published_at >= oldest_day),
        )
        .order_by(Article.last_seen_at, Article.id)
    )


def _selected(
    site: str | None,
    copies: bool,
    published: tuple[datetime | None, datetime | None],
    language: str | None,
) -> list[ColumnElement[bool]]:
    """Conditions selecting the articles an export asks for (see ``iter_articles``)."""
    conditions = _published_between(*published)
    if site is not None:
        conditions.append(Article.site == site)
    if not copies:
        conditions.append(Article.duplicate_of.is_(None))
    if language is not None:
        conditions.append(Article.language == language)
    return conditions


def _published_between(start: datetime | None, end: datetime | None) -> list[ColumnElement[bool]]:
    """Conditions on ``published_at`` that keep (at least) the articles in the range."""
    conditions = []
    if start is not None:
        conditions.append(Article.published_at >= (start - _ANY_OFFSET).date().isoformat())
    if end is not None:
        conditions.append(Article.published_at < (end + 2 * _ANY_OFFSET).date().isoformat())
    return conditions


def _published_in(published_at: str | None, start: datetime | None, end: datetime | None) -> bool:
    """Whether ``published_at`` (ISO 8601) is at or after ``start`` and before ``end``."""
    when = parse_instant(published_at)
    return when is not None and (start is None or when >= start) and (end is None or when < end)


def parse_instant(text: str | None) -> datetime | None:
    """An ISO 8601 time as an aware datetime, or None if it is none.

    Without an offset (a date alone, a time given without one) it is taken as UTC, as the
    archive keeps its own times.

    >>> parse_instant("2026-11-01T01:30:00+02:00").isoformat()
    '2026-11-01T01:30:00+02:00'
    >>> parse_instant("2026-11-15").isoformat(), parse_instant("last week")
    ('2026-11-15T00:00:00+00:00', None)
    """
    try:
        when = datetime.fromisoformat(text or "")
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def find_article(session: Session, key: str) -> Article | None:
    """The article with url key ``key``, or the one a known other URL with that key leads to."""
    for lookup in _ARTICLE:
        row = session.scalars(lookup, {"key": key}).first()
        if row is not None:
            return row
    return None


def article_dict(row: Article, duplicate_of: str | None = None) -> dict[str, Any]:
    """An archived article as a contract dict (extra fields, revision and duplicate_of too)."""
    data = {name: getattr(row, name) for name in ARTICLE_COLUMNS}
    data.update(row.extra or {})
    data["revision"] = row.revision
    data["duplicate_of"] = duplicate_of
    data["removed_at"] = utc_iso(row.removed_at)
    return data


def utc_iso(value: datetime | None) -> str | None:
    """A naive UTC time of the archive in ISO 8601 with its offset, or None.

    >>> utc_iso(datetime(2026, 11, 30, 8, 5)), utc_iso(None)
    ('2026-11-30T08:05:00+00:00', None)
    """
    return value.replace(tzinfo=UTC).isoformat() if value else None


#: The fields of an exported revision, in order.
REVISION_FIELDS = (
    "url", "page_url", "site", "revision", "seen_at", "source", "title", "authors",
    "published_at", "modified_at", "description", "body", "word_count", "content_hash",
    "removed_at",
)  # fmt: skip


def revision_dict(
    revision: ArticleRevision,
    url: str,
    site: str,
    removed_at: datetime | None,
    page_url: str | None = None,
) -> dict[str, Any]:
    """One revision of the article at ``url`` as an export record (times in ISO 8601).

    ``page_url``: where the revision's page was fetched (the article's URL then; None where
    its raw page is not kept).
    """
    data = {name: getattr(revision, name) for name in REVISION_FIELDS[3:-1]}
    data["seen_at"] = utc_iso(revision.seen_at)
    return {
        "url": url,
        "page_url": page_url,
        "site": site,
        **data,
        "removed_at": utc_iso(removed_at),
    }


def original_url(session: Session, row: Article) -> str | None:
    """Canonical URL of the article ``row`` is a copy of, or None."""
    if row.duplicate_of is None:
        return None
    return session.scalar(select(Article.canonical_url).where(Article.id == row.duplicate_of))
