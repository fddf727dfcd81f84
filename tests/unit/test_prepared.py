"""Values prepared in extraction workers are the archive's own, and the archive uses them."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH
from sqlalchemy import select

from benchmarks.near_duplicates import story
from newscrawl.demo import load_demo_articles
from newscrawl.storage import Archive, minhash, neardup, signatures
from newscrawl.storage.models import MinhashBand, MinhashSignature, RawPage
from newscrawl.storage.prepared import PrepareOptions, compress, decompress, prepare
from newscrawl.storage.revisions import revision_fingerprint
from tests.unit.test_archive import article, page

TEXTS = [
    *("\n\n".join(a.paragraphs) for a in load_demo_articles()[:5]),
    story(random.Random(3), "storm"),
    "Straße Ärger ſhares ÉTÉ été " * 20 + "١٢٣ words in other scripts: 東京 " * 10,
]


def _datasketch(text: str) -> MinHash:
    """datasketch's MinHash of ``text``'s shingles, with our signatures' parameters."""
    reference = MinHash(num_perm=signatures.NUM_PERM, seed=signatures.SEED, scheme="affine32")
    reference.update_batch(list(signatures.shingles(text)))
    return reference


@pytest.mark.parametrize("text", TEXTS)
def test_signatures_are_datasketch_signatures(text: str) -> None:
    reference = _datasketch(text)
    sig = minhash.signature(text)
    assert sig is not None
    assert np.array_equal(np.frombuffer(sig.to_bytes(), dtype="<u4"), reference.hashvalues)


def test_similarity_is_datasketch_s_estimate() -> None:
    first, second = TEXTS[0], TEXTS[0].replace("e", "a", 40)
    a, b = minhash.signature(first), minhash.signature(second)
    assert a is not None and b is not None
    expected = _datasketch(first).jaccard(_datasketch(second))
    assert 0 < expected < 1
    assert a.similarity(b) == pytest.approx(expected)


def test_lsh_bands_are_datasketch_s() -> None:
    lsh = MinHashLSH(threshold=neardup.LSH_THRESHOLD, num_perm=signatures.NUM_PERM)
    assert neardup.lsh_parameters() == (lsh.b, lsh.r)
    assert signatures.LSH_BANDS * signatures.LSH_ROWS <= signatures.NUM_PERM


def test_prepare_computes_what_the_archive_would() -> None:
    body = TEXTS[0]
    extracted = article("https://example.com/a", body=body)
    raw = b"<html>" + body.encode() + b"</html>"
    prepared = prepare(extracted, raw, PrepareOptions(raw=True, fingerprint=True))
    sig = neardup.signature(body)
    assert sig is not None and prepared.signature == sig.to_bytes()
    assert prepared.fingerprint == revision_fingerprint(extracted)
    assert prepared.raw is not None and decompress(*prepared.raw) == raw
    assert prepared.matches(extracted)
    assert not prepared.matches({**extracted, "content_hash": "other"})
    lean = prepare(extracted, raw, PrepareOptions(raw=False))
    assert lean.raw is None and lean.fingerprint is None and lean.signature == prepared.signature
    assert prepare({**extracted, "body": "Too short."}, raw, PrepareOptions()).signature is None


def _stored(archive: Archive) -> tuple[list, list, list]:
    with archive._read_sessions() as session:
        return (
            list(session.execute(select(MinhashSignature.article_id, MinhashSignature.signature))),
            sorted(session.execute(select(MinhashBand.article_id, MinhashBand.band_key))),
            [decompress(r.compression, r.body) for r in session.scalars(select(RawPage))],
        )


def test_prepared_pages_are_stored_as_unprepared_ones(tmp_path: Path) -> None:
    stored = []
    for name, prepared in (("plain", False), ("prepared", True)):
        archive = Archive(f"sqlite:///{tmp_path}/{name}.sqlite")
        try:
            items = [
                article(f"https://example.com/{n}", f"h{n}", body=t) for n, t in enumerate(TEXTS)
            ]
            pages = [page(a["url"], a["body"].encode()) for a in items]
            if prepared:
                pages = [
                    dataclasses.replace(p, prepared=prepare(a, p.body, PrepareOptions()))
                    for a, p in zip(items, pages, strict=True)
                ]
            archive.store_articles(items, pages)
            stored.append(_stored(archive))
        finally:
            archive.close()
    assert stored[0] == stored[1]
    assert len(stored[0][0]) == len(TEXTS)


def test_the_archive_uses_prepared_values(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path}/a.sqlite")
    try:
        first = article("https://example.com/a", "h1", body=TEXTS[0])
        other = prepare(first, b"<html>other</html>", PrepareOptions())
        archive.store_articles([first], [dataclasses.replace(page(first["url"]), prepared=other)])
        assert _stored(archive)[2] == [b"<html>other</html>"]
        # A revisit whose prepared fingerprint says "same revision" is unchanged...
        edited = {**first, "content_hash": "h2", "body": TEXTS[1]}
        same = dataclasses.replace(
            prepare(edited, b"", PrepareOptions(raw=False)), fingerprint=revision_fingerprint(first)
        )
        [result] = archive.store_articles(
            [edited], [dataclasses.replace(page(first["url"]), prepared=same)]
        )
        assert result.status == "unchanged"
        # ...and values prepared for another content are not used.
        stale = dataclasses.replace(same, content_hash="h-other")
        [result] = archive.store_articles(
            [edited], [dataclasses.replace(page(first["url"]), prepared=stale)]
        )
        assert result.status == "changed"
    finally:
        archive.close()


def test_compress_round_trips() -> None:
    assert decompress(*compress(b"<html>x</html>")) == b"<html>x</html>"
