import random
from pathlib import Path

import pytest
from sqlalchemy import text

from benchmarks.near_duplicates import edit, evaluate, generate, story
from newscrawl.storage import Archive, neardup
from newscrawl.storage.neardup import THRESHOLD, Signature, signature
from tests.unit.test_archive import article

STORY = story(random.Random(7), "storm")


@pytest.fixture
def archive(database_url: str):
    opened = Archive(database_url, keep_raw=False)
    yield opened
    opened.close()


def test_signature_round_trips_and_estimates_similarity() -> None:
    sig = signature(STORY)
    assert sig is not None
    assert Signature.from_bytes(sig.to_bytes()).similarity(sig) == 1.0
    copy = signature(edit(random.Random(1), STORY, "storm", "light"))
    other = signature(story(random.Random(8), "storm"))
    assert copy is not None and other is not None
    assert sig.similarity(copy) > THRESHOLD > sig.similarity(other)


def test_short_bodies_are_not_compared() -> None:
    assert signature("Breaking: storm hits the coast.") is None


def _store(archive: Archive, site: str, body: str, content_hash: str):
    url = f"https://{site}.example/news/story-1"
    [result] = archive.store_articles([article(url, content_hash, site=site, body=body)], [None])
    return result


def test_syndicated_copies_are_kept_and_marked(archive: Archive) -> None:
    original = _store(archive, "first", STORY, "h-original")
    assert (original.status, original.duplicate_of) == ("new", None)
    exact = _store(archive, "second", STORY, "h-original")  # same content, another site
    edited = _store(archive, "third", edit(random.Random(1), STORY, "storm", "light"), "h-ed")
    different = _store(archive, "fourth", story(random.Random(8), "storm"), "h-other")
    first_url = "https://first.example/news/story-1"
    assert (exact.status, exact.duplicate_of) == ("new", first_url)
    assert (edited.status, edited.duplicate_of) == ("new", first_url)
    assert different.duplicate_of is None
    assert archive.count_articles() == 4
    marked = {a["site"]: a["duplicate_of"] for a in archive.iter_articles()}
    assert marked == {"first": None, "second": first_url, "third": first_url, "fourth": None}
    assert [a["site"] for a in archive.iter_articles(copies=False)] == ["first", "fourth"]
    # A copy of a copy points at the first one, never at a copy.
    again = _store(archive, "fifth", edit(random.Random(2), STORY, "storm", "light"), "h-5")
    assert again.duplicate_of == first_url


def test_same_content_on_the_same_site_is_the_same_article(archive: Archive) -> None:
    _store(archive, "first", STORY, "h1")
    [copy] = archive.store_articles(
        [article("https://first.example/print/story-1", "h1", site="first", body=STORY)], [None]
    )
    assert copy.status == "duplicate"
    assert archive.count_articles() == 1


def test_detector_precision_and_recall_on_a_generated_set(tmp_path: Path) -> None:
    corpus = generate(topics=3, stories=8, seed=3)
    scores = evaluate(corpus, f"sqlite:///{tmp_path}/bench.sqlite")
    assert scores.precision() >= 0.95
    assert scores.recall("light") >= 0.95
    assert scores.recall("heavy") >= 0.7


def test_copies_within_one_batch_are_found(archive: Archive) -> None:
    copy = edit(random.Random(1), STORY, "storm", "light")
    items = [
        article(f"https://{site}.example/news/story-1", f"h-{site}", site=site, body=body)
        for site, body in (("first", STORY), ("second", copy), ("third", STORY))
    ]
    results = archive.store_articles(items, [None] * 3)
    first_url = "https://first.example/news/story-1"
    assert [(r.status, r.duplicate_of) for r in results] == [
        ("new", None),
        ("new", first_url),
        ("new", first_url),
    ]


def test_candidate_lists_are_bounded(archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    from newscrawl.storage import neardup

    for n in range(6):
        _store(archive, f"site{n}", edit(random.Random(n), STORY, "storm", "light"), f"h{n}")
    sig = signature(STORY)
    assert sig is not None
    monkeypatch.setattr(neardup, "MAX_PER_BAND", 3)
    monkeypatch.setattr(neardup, "MAX_CANDIDATES", 2)
    with archive._read_sessions() as session:
        candidates = neardup.Candidates(session, [sig])
        by_band = neardup._articles_by_band(session, set(sig.band_keys()))
    assert by_band and all(len(ids) <= 3 for ids in by_band.values())
    kept = candidates._candidates[sig.to_bytes()]
    assert len(kept) == 2
    found = candidates.find_similar(sig)
    assert found and {article_id for article_id, _ in found} <= set(kept)


def test_a_revision_replaces_the_index_entries(archive: Archive) -> None:
    from sqlalchemy import select

    from newscrawl.storage.models import MinhashBand, MinhashSignature
    from newscrawl.storage.signatures import LSH_BANDS

    other = story(random.Random(8), "storm")
    first = _store(archive, "first", STORY, "h1")
    # The same URL with another story, then (in one batch) a third text: two revisions.
    url = "https://first.example/news/story-1"
    third = story(random.Random(9), "election")
    archive.store_articles(
        [
            article(url, "h2", site="first", body=other),
            article(url, "h3", site="first", body=third),
        ],
        [None, None],
    )
    sig = signature(third)
    assert sig is not None
    with archive._read_sessions() as session:
        stored = session.scalars(select(MinhashSignature.signature)).all()
        bands = session.scalars(
            select(MinhashBand.band_key).where(MinhashBand.article_id == first.article_id)
        ).all()
    assert stored == [sig.to_bytes()]
    assert sorted(bands) == sorted(sig.band_keys()) and len(bands) == LSH_BANDS


def test_candidates_are_read_from_the_covering_index(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite", keep_raw=False)
    try:
        query = neardup.band_query([1, 2])
        sql = str(query.compile(archive.engine, compile_kwargs={"literal_binds": True}))
        with archive.engine.connect() as conn:
            plan = " ".join(str(r[-1]) for r in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
    finally:
        archive.close()
    assert "COVERING INDEX ix_minhash_bands_band_key_article_id" in plan
