"""What an article of a batch is to the archive: new, changed, unchanged, or a copy.

A batch first looks up, at once for all its articles
(:func:`~newscrawl.storage.lookups.look_up`), the archived
articles with the same URL keys and content hashes and the near-duplicate candidates of
those that may be new. Then :func:`decide` judges each article in turn:

* the same URL key (URL variants, ``rel=canonical``): the same record. Its content is
  compared by :func:`~newscrawl.storage.revisions.revision_fingerprint`; a real change adds
  a revision (the old ones are kept), noise does not. A ``rel=canonical`` that names
  another story is not believed (:func:`_claim`): a page whose canonical URL is that of an
  archived article fetched at that URL itself, with another title and text, is stored
  under its own URL (a CMS that puts one article's canonical link in another's page would
  otherwise lose the page, or make it a revision of the other); and where a page fetched
  at its own canonical URL finds that URL taken by another story that claimed it, that
  record moves to its own URL and the page is stored new.
* the same content (``content_hash``) under another URL *of the same site*: the same
  article published twice (two sections, a print URL...). It is not stored again
  (``duplicate``); its URL is remembered so that the next run does not fetch it.
* the same or nearly the same body on *another site*, or a lightly edited copy (MinHash,
  :mod:`~newscrawl.storage.neardup`): a syndicated copy. It is a record of its own site,
  stored with ``duplicate_of`` pointing at the first archived copy, so that a site's
  archive is complete and users choose whether to keep copies.

A new article is either inserted at once (:func:`~newscrawl.storage.rows.insert`) or, when
the batch inserts its new articles together, deferred with a provisional id.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from newscrawl.extract.listing import LISTING
from newscrawl.storage import rows
from newscrawl.storage.inserts import PROVISIONAL, NewArticle, naive_utc
from newscrawl.storage.lookups import Batch, Row
from newscrawl.storage.models import Article, ArticleRevision
from newscrawl.storage.reading import original_url
from newscrawl.storage.revisions import revision_fingerprint
from newscrawl.storage.same_story import other_story, same_text
from newscrawl.storage.signatures import Signature
from newscrawl.urls import registered_host, url_key

if TYPE_CHECKING:
    from newscrawl.items import ArticlePage


@dataclass(frozen=True)
class StoreResult:
    """What the archive did with one article of a batch."""

    #: "new", "changed", "unchanged" or "duplicate" (same content, same site, other URL);
    #: "restored": online again after it was taken down (its URL answered 404 or 410),
    #: changed meanwhile or not (``revised`` tells); for an imported page, also "older"
    #: (:data:`OLDER`).
    status: str
    article_id: int
    url_key: str
    #: The revision the archive now shows.
    revision: int = 1
    #: Canonical URL of the article this one is a (near-)copy of, if any.
    duplicate_of: str | None = None
    #: The canonical URL the page named and was not believed (it is stored under its own).
    canonical_refused: str | None = None
    #: Whether the record's page was refused that same canonical URL before (a revisit of
    #: a page whose CMS still names the other story: said once, not at every revisit).
    refused_before: bool = False
    #: Whether the archive stored a new revision of an archived article ("changed", and a
    #: "restored" one edited while it was down).
    revised: bool = False


#: Key (in the record's ``extra``) of the canonical URL on another site a copy named.
SYNDICATED_FROM = "syndicated_from"
#: Key (in the record's ``extra``) of the canonical URL its page named and was refused
#: (:func:`_claim`): the record's own URL is its canonical one.
CANONICAL_REFUSED = "canonical_refused"
#: Status of an archived article online again, unchanged, after it was taken down.
RESTORED = "restored"
#: Revisions a WARC import makes are recorded as made by this.
IMPORT = "import"
#: Status of an imported page captured before the archive's latest version of its article,
#: and unlike every version the archive has: an older version, not made the current one.
OLDER = "older"


def decide(
    session: Session,
    batch: Batch,
    position: int,
    article: dict[str, Any],
    page: ArticlePage | None,
    key: str,
) -> StoreResult:
    """Decide what the article at ``position`` of the batch is, and write (or defer) it.

    The result's ``url_key`` is the key the article is stored under: ``key``, or its own
    URL's where its canonical URL was not believed.
    """
    named = article["canonical_url"]
    key, refused = _claim(session, batch, article, key)
    if not refused:
        return _decide(session, batch, position, article, page, key)
    article[CANONICAL_REFUSED] = named  # kept in a new record's or revision's extra
    own = batch.known.get(key)
    before = False
    if isinstance(own, Article):
        extra = own.extra or {}
        before = extra.get(CANONICAL_REFUSED) == named
        # Kept on the record too: an unchanged revisit writes no revision.
        own.extra = {**extra, CANONICAL_REFUSED: named}
    result = _decide(session, batch, position, article, page, key)
    return replace(result, canonical_refused=named, refused_before=before)


def _other_site(row: Article, article: dict[str, Any]) -> bool:
    """Whether ``article`` is another site's than the archived ``row``.

    By site name and host both: one site is named by its profile in a crawl and by its host
    in an import without ``--site``.
    """
    if row.site == article.get("site"):
        return False
    return registered_host(row.url) != registered_host(article["url"])


def _own_url(session: Session, batch: Batch, article: dict[str, Any]) -> str:
    """Give ``article`` its own URL as its canonical one; return its key (looked up)."""
    article["canonical_url"] = article["url"]
    sources = article.get("field_sources") or {}
    article["field_sources"] = {**sources, "canonical_url": "url"}
    own = url_key(article["url"])
    if own not in batch.known and (mine := _load_one(session, own)) is not None:
        batch.known[own] = mine
    return own


def _decide(
    session: Session,
    batch: Batch,
    position: int,
    article: dict[str, Any],
    page: ArticlePage | None,
    key: str,
) -> StoreResult:
    row = batch.known.get(key)
    moved = batch.moved.get(position) if row is None else None
    if moved is not None and same_text(moved, article):
        return _moved(session, moved, article, page, batch, key)
    same_content = batch.by_hash.get(article["content_hash"], [])
    if row is None:
        copied = next((r for r in same_content if r.site == article.get("site")), None)
        if isinstance(copied, Article) and copied.removed_at is not None:
            # Taken down at its URL, and the same text at another of its site: it moved.
            return _moved(session, copied, article, page, batch, key)
        if copied is not None:
            return StoreResult("duplicate", copied.id, key, copied.revision)
        taken_down = _taken_down_near(session, batch, position, article)
        if taken_down is not None:
            # Moved and edited in one step (a new headline, a new slug) while its old URL
            # answers 404: a revision of the record, not a new one marked its copy.
            return _moved(session, taken_down, article, page, batch, key)
        if batch.new is not None:
            row, inserted = _defer(batch.new, article, key, batch.now, page), True
        else:
            row, inserted = rows.insert(
                session, article, key, batch.now, page, batch.keep_raw, batch.source
            )
        batch.known[key] = row
        if inserted:
            batch.by_hash.setdefault(row.content_hash, []).append(row)
            # Looked up with the batch: a key new now was not in `known` then (but the key
            # of a page whose canonical URL was refused, found only now).
            sig = (
                batch.signatures[position]
                if position in batch.signatures
                else rows.signature(article, page)
            )
            original = _index_new(session, row, same_content, sig, batch)
            return StoreResult("new", row.id, key, 1, original)
    # Only an archived row: a batch whose new keys repeat is stored one by one.
    assert isinstance(row, Article)
    return _update(session, row, article, page, batch)


def _taken_down_near(
    session: Session, batch: Batch, position: int, article: dict[str, Any]
) -> Article | None:
    """An archived article of the page's site, taken down, whose text the page's nearly is."""
    sig = batch.signatures.get(position)
    if sig is None:
        return None
    for article_id, _ in batch.near.find_similar(sig):
        row = batch.row(session, article_id)
        if (
            isinstance(row, Article)
            and row.removed_at is not None
            and row.site == article.get("site")
            and same_text(row, article)
        ):
            return row
    return None


def _moved(
    session: Session,
    row: Article,
    article: dict[str, Any],
    page: ArticlePage | None,
    batch: Batch,
    key: str,
) -> StoreResult:
    """The archived ``row``, found at another URL (``key``): the same record, a key more.

    The record follows the page: revisits go to where the article is now (its old URL
    may answer 404, which made it "taken down" again at every revisit).
    """
    batch.known[key] = row
    rows.remember_urls(session, [(key, row.id, article["canonical_url"], "moved")], batch.now)
    if batch.source != IMPORT:  # a capture's URL may be an old one
        row.url = article["url"]
    return _update(session, row, article, page, batch)


def _claim(session: Session, batch: Batch, article: dict[str, Any], key: str) -> tuple[str, bool]:
    """The URL key to store ``article`` under, and whether its canonical URL was refused.

    Only an archived record under the key the page claims, fetched at another URL than the
    page, changes anything:

    * the page was fetched at its canonical URL, the record elsewhere (another page named
      this URL as its canonical one): if the record holds the same story of the same site,
      this is its own page, and the record's URL becomes it; if another story, or another
      site's copy, the record moves to its own URL's key (where that is free), and the
      page takes the key as a new article;
    * the page was fetched elsewhere, and the record (fetched at the canonical URL
      itself, or elsewhere and claiming it too) holds another story
      (:func:`other_story`): the page's claim is false, it goes under its own URL's key;
      or the record is another site's: the page is a syndicated copy naming the original,
      and goes under its own URL's key too.

    Each site keeps a record of its own of what it published, whichever page the crawl
    reached first; a copy's record keeps the original it named (:data:`SYNDICATED_FROM`),
    so that the original, archived after it, is not marked a copy of it
    (:func:`_index_new`).
    """
    row = batch.known.get(key)
    if not isinstance(row, Article):
        return key, False  # nothing archived under the key (or only this batch's insert)
    own = url_key(article["url"])
    held = url_key(row.url)
    if own == held:
        return key, False
    other_site = _other_site(row, article)
    if own == key:
        if not other_site and not other_story(row, article):
            if batch.source != IMPORT:  # a capture's URL may be an old one
                row.url = article["url"]  # the story's own page: see ArchiveReader.fetch_state
        elif _load_one(session, held) is None:
            # Another story; or another site's page that named this one as canonical (a
            # syndicated copy): each site keeps a record of its own, the copy marked as such
            # by the near-duplicate index.
            if other_site:
                row.extra = {**(row.extra or {}), SYNDICATED_FROM: row.canonical_url}
            row.url_key, row.canonical_url = held, row.url
            session.flush()  # before the page's insert takes the key
            del batch.known[key]
            batch.known[held] = row
        return key, False
    # The record may hold the key only by a claim itself (its page, fetched elsewhere, named
    # this URL): judged the same, or two stories whose pages name one URL, a section or a
    # home page a CMS writes into every article, would be made one record's revisions.
    if other_site:
        article[SYNDICATED_FROM] = article["canonical_url"]
        return _own_url(session, batch, article), False
    if not other_story(row, article):
        return key, False
    return _own_url(session, batch, article), True


def _load_one(session: Session, key: str) -> Article | None:
    return session.scalars(select(Article).where(Article.url_key == key)).first()


def _index_new(
    session: Session,
    row: Row,
    same_content: list[Row],
    sig: Signature | None,
    batch: Batch,
) -> str | None:
    """Index a new article for near-duplicate search; mark it if it copies another.

    Unless the other is a copy on another site that named this article's URL as its
    canonical one: then this is the original, archived after its copy.
    """
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
    named = (original.extra or {}).get(SYNDICATED_FROM) if isinstance(original, Article) else None
    if isinstance(named, str) and url_key(named) == row.url_key:
        batch.originals.append((original.id, row.id))
        return None
    row.duplicate_of = original.id
    return original.canonical_url


def point_copies_at_originals(session: Session, batch: Batch, ids: dict[int, int]) -> None:
    """Make the copies of :attr:`Batch.originals` (and their copies) point at the original.

    ``ids``: the written ids of the batch's provisional ones.
    """
    for copy, original in batch.originals:
        written = ids.get(original, original)
        session.execute(
            update(Article)
            .where(or_(Article.id == copy, Article.duplicate_of == copy))
            .values(duplicate_of=written)
        )


def _update(
    session: Session,
    row: Article,
    article: dict[str, Any],
    page: ArticlePage | None,
    batch: Batch,
) -> StoreResult:
    if batch.source == IMPORT and page is not None:
        earlier = _earlier_capture(session, row, article, page)
        if earlier is not None:
            return earlier
    row.last_seen_at = batch.now
    if batch.source == IMPORT and page is not None:
        # A capture's own time: the archive saw the page then, not when it was imported.
        row.last_seen_at = max(row.last_seen_at, naive_utc(page.fetched_at))
    taken_down = rows.bring_back(session, row, row.last_seen_at)  # online (again)
    rows.set_validators(row, page)
    original = original_url(session, row)
    _keep_listed(row, article)
    same = row.content_hash == article["content_hash"]
    if same or revision_fingerprint(row) == rows.fingerprint(article, page):
        status = RESTORED if taken_down is not None else "unchanged"
        return StoreResult(status, row.id, row.url_key, row.revision, original)
    sig = rows.revise(session, row, article, page, batch.now, batch.source, batch.keep_raw)
    if sig is not None:
        batch.near.add(row.id, sig)
        batch.to_index[row.id] = sig
    # Back after a takedown, edited meanwhile: what a reader of the feed must learn first is
    # that it is back (its revision says it changed).
    status = RESTORED if taken_down is not None else "changed"
    return StoreResult(status, row.id, row.url_key, row.revision, original, revised=True)


def _earlier_capture(
    session: Session, row: Article, article: dict[str, Any], page: ArticlePage
) -> StoreResult | None:
    """What an imported page captured before the latest version of its article is, or None.

    (None: a later capture, compared as a crawl's page is.) A WARC file holds captures of
    any age, and the same file may be imported twice: an earlier capture is a version the
    archive has ("unchanged") or one it lacks (:data:`OLDER`); neither becomes the
    article's current version, which a later capture replaced.
    """
    revisions = session.scalars(
        select(ArticleRevision).where(ArticleRevision.article_id == row.id)
    ).all()
    captured = naive_utc(page.fetched_at)
    if not revisions or captured >= max(revision.seen_at for revision in revisions):
        return None
    fingerprint = rows.fingerprint(article, page)
    known = any(
        revision.content_hash == article["content_hash"]
        or revision_fingerprint(revision) == fingerprint
        for revision in revisions
    )
    status = "unchanged" if known else OLDER
    return StoreResult(status, row.id, row.url_key, row.revision, original_url(session, row))


#: Sources of a publication day without its time (midnight).
_DAY_ONLY = frozenset({"url", "htmldate"})


def _keep_listed(row: Article, article: dict[str, Any]) -> None:
    """Give a revisited ``article`` what the archive knows of it and its page does not say.

    The publication time: an edit does not change when an article was published (nor
    does a page that now gives only a day, from its URL, htmldate's search or its metadata,
    where the archive has a time the page gave before). The authors and tags, where the archived
    ones came from the feed that listed the page (source "listing"): a revisit the archive
    asks for carries no feed's word, and the page that names no one would otherwise lose
    them (and its authors make a revision of it).
    The article (the item of the run feed) is changed in place.
    """
    extra = row.extra or {}
    sources = extra.get("field_sources") or {}
    now_from = (article.get("field_sources") or {}).get("published_at")
    day_now = now_from in _DAY_ONLY or article.get("published_day_only") is True
    day_before = sources.get("published_at") in _DAY_ONLY or extra.get("published_day_only")
    if row.published_at and (not article.get("published_at") or (day_now and not day_before)):
        _keep(row, article, "published_at", sources)
        # Whether it is a day only goes with the time kept (None, unknown, for a record
        # stored before the extractor said).
        article["published_day_only"] = extra.get("published_day_only")
    for name in ("authors", "tags"):
        if not article.get(name) and getattr(row, name) and sources.get(name) == LISTING:
            _keep(row, article, name, sources)


def _keep(row: Article, article: dict[str, Any], name: str, sources: dict[str, str]) -> None:
    article[name] = getattr(row, name)
    if source := sources.get(name):
        article["field_sources"] = {**(article.get("field_sources") or {}), name: source}


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
        **rows.columns(article),
        "etag": page.etag if page is not None else None,
        "last_modified": page.last_modified if page is not None else None,
    }
    row = NewArticle(PROVISIONAL + len(new), values, page)
    new[row.id] = row
    return row


def aliases(
    result: StoreResult, key: str, article: dict[str, Any], page: ArticlePage | None
) -> list[tuple[str, int, str, str]]:
    """The other URLs that led to the article, so that no run fetches them again.

    (URL key, article id, URL, reason) each: the copy's own URL for a duplicate, the
    fetched URL, and the URLs that redirected to it, leaving out the article's own key.
    ``key`` is the URL key of the article's canonical URL.
    """
    urls: list[tuple[str, str]] = []
    if result.status == "duplicate":
        urls.append((article["canonical_url"], "copy"))
    urls.append((article["url"], "fetched"))
    if page is not None:
        urls += [(u, "redirect") for u in page.redirect_urls]
    own_key = key if result.status != "duplicate" else None
    found = []
    for url, reason in urls:
        # Mostly the canonical URL itself, whose key is known: canonicalizing a URL costs
        # about as much as the rest of the article's aliases.
        alias = key if url == article["canonical_url"] else url_key(url)
        if alias != own_key:
            found.append((alias, result.article_id, url, reason))
    return found
