"""What a batch looks up at once for all its articles, before deciding each of them.

Archived articles by URL key and by content hash, near-duplicate candidates, and the
archived articles that pages of unknown URLs may be; :mod:`~newscrawl.storage.decisions`
then judges each article with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from newscrawl.storage import neardup, rows
from newscrawl.storage.engine import lock_keys
from newscrawl.storage.inserts import NewArticle
from newscrawl.storage.models import Article, ArticleUrl
from newscrawl.storage.signatures import Signature
from newscrawl.urls import url_key

if TYPE_CHECKING:
    from newscrawl.items import ArticlePage

# SQLite allows 32766 bound parameters per statement; stay far below.
_IN_CHUNK = 500
#: Advisory lock key under which PostgreSQL writers take turns at the near-duplicate index.
NEAR_DUPLICATE_INDEX = "near-duplicate index"


#: An archived article, or one the batch will insert together with the other new ones.
Row = Article | NewArticle


@dataclass(frozen=True)
class Batch:
    """What a transaction looked up once for all its articles."""

    now: datetime
    #: Archived articles by URL key (and those stored by this batch so far).
    known: dict[str, Row]
    #: Archived articles by content hash, oldest first.
    by_hash: dict[str, list[Row]]
    near: neardup.Candidates
    #: Signatures of the articles that may be new, by position in the batch.
    signatures: dict[int, Signature | None]
    #: Whether raw pages are stored with the articles.
    keep_raw: bool
    #: What the revisions the batch makes are recorded as made by ("crawl", "import").
    source: str = "crawl"
    #: What to write to the near-duplicate index when the batch is stored: id -> signature.
    to_index: dict[int, Signature] = field(default_factory=dict)
    #: Ids of the articles this batch inserted.
    inserted: set[int] = field(default_factory=set)
    #: The new articles to insert together once the batch is decided, by provisional id;
    #: None when each is inserted as soon as it is found new.
    new: dict[int, NewArticle] | None = None
    #: By position, the archived article a page whose URL key the archive does not have
    #: may be (:func:`_moved_from`): its key is another URL of that article, or the page
    #: came by a redirect from that article's URL.
    moved: dict[int, Article] = field(default_factory=dict)
    #: (archived copy's id, new article's id, provisional in a batch insert): originals
    #: stored after a copy that named them; the copies point at them once they are written.
    originals: list[tuple[int, int]] = field(default_factory=list)

    def row(self, session: Session, article_id: int) -> Row | None:
        """The article with this id, be it archived or one the batch will insert."""
        if self.new is not None and article_id in self.new:
            return self.new[article_id]
        return session.get(Article, article_id)


def look_up(
    session: Session,
    articles: Sequence[dict[str, Any]],
    pages: Sequence[ArticlePage | None],
    keys: Sequence[str],
    now: datetime,
    keep_raw: bool,
    source: str = "crawl",
) -> Batch:
    """Look up, for a whole batch, what its decisions need: known keys, hashes, candidates."""
    known: dict[str, Row] = {
        a.url_key: a for a in _load_by(session, Article.url_key, keys, lock=True)
    }
    hashes = [a["content_hash"] for a in articles]
    by_hash: dict[str, list[Row]] = {}
    for row in sorted(_load_by(session, Article.content_hash, hashes), key=_row_id):
        by_hash.setdefault(row.content_hash, []).append(row)
    # Near-duplicate candidates of every article that may be new, in a few queries.
    signatures = {
        i: rows.signature(article, page)
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
    moved = _moved_from(session, pages, keys, known)
    return Batch(now, known, by_hash, near, signatures, keep_raw, source, moved=moved)


def _moved_from(
    session: Session,
    pages: Sequence[ArticlePage | None],
    keys: Sequence[str],
    known: dict[str, Row],
) -> dict[int, Article]:
    """The archived article each page of an unknown key may be, by position (see Batch).

    An article that moved (a new slug, a new section) answers at its old URL with a
    redirect, or is linked at the new one, which the archive may know as another URL of
    it; without this, it became a second record, a "copy" of itself.
    """
    candidates = {
        position: [key, *(url_key(u) for u in (page.redirect_urls if page else ()))]
        for position, (key, page) in enumerate(zip(keys, pages, strict=True))
        if key not in known
    }
    wanted = list(dict.fromkeys(k for ks in candidates.values() for k in ks))
    if not wanted:
        return {}
    owners: dict[str, int] = {}
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start : start + _IN_CHUNK]
        for column, article_id in (
            (ArticleUrl.url_key, ArticleUrl.article_id),
            (Article.url_key, Article.id),
        ):
            query = select(column, article_id).where(column.in_(chunk))
            owners.update((key, owner) for key, owner in session.execute(query))
    moved = {}
    for position, keys_of_page in candidates.items():
        owner = next((owners[k] for k in keys_of_page if k in owners), None)
        row = session.get(Article, owner, with_for_update=True) if owner is not None else None
        if row is not None:
            moved[position] = row
    return moved


def new_keys_distinct(batch: Batch, keys: Sequence[str]) -> bool:
    """Whether no URL key the archive lacks comes twice in the batch.

    A repeat (the same article twice in one batch: the second is compared with the first)
    needs the first one's row before the batch is decided; such a batch is stored one
    article at a time.
    """
    new = [key for key in keys if key not in batch.known]
    return len(new) == len(set(new))


def _row_id(row: Row) -> int:
    return row.id


def _load_by(
    session: Session, column: Any, values: Sequence[str], *, lock: bool = False
) -> list[Article]:
    unique = list(dict.fromkeys(values))
    loaded: list[Article] = []
    for start in range(0, len(unique), _IN_CHUNK):
        chunk = unique[start : start + _IN_CHUNK]
        query = select(Article).where(column.in_(chunk))
        # Row locks on PostgreSQL (a concurrent revision waits); SQLite ignores it, its
        # write transactions being serialized anyway.
        loaded.extend(session.scalars(query.with_for_update() if lock else query))
    return loaded
