"""A ``rel=canonical`` that names another story is not believed (newscrawl.storage.decisions).

A CMS that puts one article's canonical link in another's page would otherwise lose that
page (stored as the other one, or dropped as its duplicate), or make it a revision of the
other. Canonical links to the same story (a print URL, a changed slug) still hold.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

from benchmarks.near_duplicates import edit, story
from newscrawl.pipelines._drop import Dropped
from newscrawl.pipelines.dedupe import DedupePipeline
from newscrawl.storage import Archive
from newscrawl.storage.models import Article
from newscrawl.storage.same_story import other_story
from tests.unit.test_archive import article, page
from tests.utils import project_crawler

FERRY = "https://example.example/harbour-ferry-returns-40000"
BRIDGE = "https://example.example/bridge-repairs-delayed-40018"
FERRY_TEXT = story(random.Random(1), "transport")
BRIDGE_TEXT = story(random.Random(2), "election")


@pytest.fixture
def archive(database_url: str) -> Iterator[Archive]:
    opened = Archive(database_url)
    yield opened
    opened.close()


def _ferry(**fields: Any) -> dict[str, Any]:
    return article(FERRY, "h-ferry", title="Harbour ferry returns", body=FERRY_TEXT, **fields)


def _bridge(canonical: str = FERRY, **fields: Any) -> dict[str, Any]:
    """The bridge story, its page naming the ferry story's URL as canonical (a CMS bug)."""
    fields.setdefault("title", "Bridge repairs delayed until summer")
    fields.setdefault("body", BRIDGE_TEXT)
    return article(BRIDGE, "h-bridge", canonical_url=canonical, **fields)


def _stored(archive: Archive) -> dict[str, tuple[str, str]]:
    """canonical URL -> (fetched URL, title) of every archived article."""
    return {a["canonical_url"]: (a["url"], a["title"]) for a in archive.iter_articles()}


def test_a_claim_on_an_archived_story_fetched_at_its_own_url_is_refused(
    archive: Archive,
) -> None:
    archive.store_articles([_ferry()], [page(FERRY)])
    [result] = archive.store_articles([_bridge()], [page(BRIDGE)])
    assert (result.status, result.canonical_refused) == ("new", FERRY)
    assert _stored(archive) == {
        FERRY: (FERRY, "Harbour ferry returns"),
        BRIDGE: (BRIDGE, "Bridge repairs delayed until summer"),
    }
    # The ferry story is as it was: no revision made of the bridge story.
    assert [r["revision"] for r in archive.revisions(FERRY)] == [1]
    # Both URLs are archived: neither is fetched again as new by the next run.
    assert archive.is_archived(FERRY) and archive.is_archived(BRIDGE)


def test_a_claim_refused_before_is_known_at_the_next_revisit(archive: Archive) -> None:
    """The CMS keeps naming the other story: the record remembers the refused URL, so the
    crawl says so once, not at every revisit."""
    archive.store_articles([_ferry()], [page(FERRY)])
    [first] = archive.store_articles([_bridge()], [page(BRIDGE)])
    [again] = archive.store_articles([_bridge()], [page(BRIDGE)])
    assert (first.canonical_refused, first.refused_before) == (FERRY, False)
    assert (again.status, again.canonical_refused, again.refused_before) == (
        "unchanged",
        FERRY,
        True,
    )
    stored = {a["url"]: a for a in archive.iter_articles()}
    assert stored[BRIDGE]["canonical_refused"] == FERRY
    assert "canonical_refused" not in stored[FERRY]
    # Another URL named later is another refusal, said again.
    other = "https://example.example/council-budget-40100"
    archive.store_articles([article(other, "h-other", title="Council budget")], [page(other)])
    [third] = archive.store_articles([_bridge(canonical=other)], [page(BRIDGE)])
    assert (third.canonical_refused, third.refused_before) == (other, False)


def test_a_claim_on_the_same_story_holds(archive: Archive) -> None:
    """A print URL, a changed slug: the same story, edited or not, is the same record."""
    archive.store_articles([_ferry()], [page(FERRY)])
    rng = random.Random(3)
    edited = edit(rng, FERRY_TEXT, "transport", "light")
    print_url = "https://example.example/print/40000"
    copy = article(print_url, "h-ferry-2", canonical_url=FERRY, title="Ferry back", body=edited)
    [result] = archive.store_articles([copy], [page(print_url)])
    assert result.status in ("changed", "unchanged") and result.canonical_refused is None
    assert list(_stored(archive)) == [FERRY]


def test_the_page_of_a_claimed_url_takes_it_back(archive: Archive) -> None:
    """The bridge page stored first under the ferry story's URL; then the ferry page."""
    [first] = archive.store_articles([_bridge()], [page(BRIDGE)])
    assert first.status == "new"  # nothing to tell the claim false by, yet
    # The claimed URL's own page was never fetched: the next run asks for it.
    assert not archive.is_archived(FERRY) and archive.is_archived(BRIDGE)
    [second] = archive.store_articles([_ferry()], [page(FERRY)])
    assert second.status == "new"
    assert _stored(archive) == {
        FERRY: (FERRY, "Harbour ferry returns"),
        BRIDGE: (BRIDGE, "Bridge repairs delayed until summer"),
    }
    # The bridge story's record moved, its revisions with it.
    assert [r["title"] for r in archive.revisions(BRIDGE)] == [
        "Bridge repairs delayed until summer"
    ]
    # Fetched again, each page is its own record's, unchanged.
    again = archive.store_articles([_bridge(), _ferry()], [page(BRIDGE), page(FERRY)])
    assert [r.status for r in again] == ["unchanged", "unchanged"]


def test_the_page_of_a_url_claimed_for_the_same_story_becomes_its_url(
    archive: Archive,
) -> None:
    print_url = "https://example.example/print/40000"
    claim = article(print_url, "h-ferry", canonical_url=FERRY, title="Harbour ferry returns")
    archive.store_articles([{**claim, "body": FERRY_TEXT}], [page(print_url)])
    assert not archive.is_archived(FERRY)  # asked for once
    [result] = archive.store_articles([_ferry()], [page(FERRY)])
    assert (result.status, result.canonical_refused) == ("unchanged", None)
    assert archive.is_archived(FERRY) and archive.is_archived(print_url)  # not again
    assert _stored(archive) == {FERRY: (FERRY, "Harbour ferry returns")}


def test_another_sites_copy_naming_this_page_keeps_no_record_from_its_site(
    archive: Archive,
) -> None:
    """A syndicated copy names the original as canonical, and is archived first: the
    original's site still gets a record of its own when its page is fetched."""
    copy_url = "https://partner.example/wire/harbour-ferry"
    copy = article(copy_url, "h-ferry", canonical_url=FERRY, site="partner", body=FERRY_TEXT)
    archive.store_articles([copy], [page(copy_url)])
    [result] = archive.store_articles([_ferry()], [page(FERRY)])
    assert result.status == "new"
    sites = {a["canonical_url"]: a["site"] for a in archive.iter_articles()}
    assert sites == {FERRY: "example", copy_url: "partner"}


def test_two_stories_naming_one_url_neither_was_fetched_at_are_two_records(
    archive: Archive,
) -> None:
    """A CMS that writes its section page as every article's canonical URL: the first
    page's record holds the section's URL by its claim alone; the second page, another
    story naming it too, is stored under its own URL, not made a revision of the first."""
    section = "https://example.example/politics/"
    ferry = article(FERRY, "h-ferry", canonical_url=section, title="Harbour ferry returns")
    [first] = archive.store_articles([{**ferry, "body": FERRY_TEXT}], [page(FERRY)])
    [second] = archive.store_articles([_bridge(section)], [page(BRIDGE)])
    assert first.status == "new"
    assert (second.status, second.canonical_refused) == ("new", section)
    assert {url for url, _ in _stored(archive).values()} == {FERRY, BRIDGE}
    assert [r["revision"] for r in archive.revisions(FERRY)] == [1]
    # The same story's page naming the URL again is still the first record's.
    [again] = archive.store_articles([{**ferry, "body": FERRY_TEXT}], [page(FERRY)])
    assert (again.status, again.canonical_refused) == ("unchanged", None)


def test_another_sites_copy_naming_a_url_a_copy_holds_is_its_own_sites_record(
    archive: Archive,
) -> None:
    """Two partners' copies of a wire story name the original, not archived: each site
    keeps a record of its own (the second is not a revision of the first site's)."""
    first_url, second_url = "https://one.example/wire/ferry", "https://two.example/wire/ferry"
    one = article(first_url, "h-ferry", canonical_url=FERRY, site="one", body=FERRY_TEXT)
    two = article(second_url, "h-ferry", canonical_url=FERRY, site="two", body=FERRY_TEXT)
    archive.store_articles([one], [page(first_url)])
    [result] = archive.store_articles([two], [page(second_url)])
    assert result.status == "new"
    sites = sorted(a["site"] for a in archive.iter_articles())
    assert sites == ["one", "two"]


def test_both_in_one_batch(archive: Archive) -> None:
    results = archive.store_articles([_ferry(), _bridge()], [page(FERRY), page(BRIDGE)])
    assert [(r.status, r.canonical_refused) for r in results] == [("new", None), ("new", FERRY)]
    assert len(_stored(archive)) == 2


def test_other_story_needs_both_title_and_text_to_differ() -> None:
    row = Article(title="Harbour ferry returns", body=FERRY_TEXT, content_hash="h-ferry")
    assert other_story(row, _bridge())
    assert not other_story(row, _bridge(title="Harbour ferry returns at last"))
    assert not other_story(row, _bridge(body=FERRY_TEXT + " One more sentence here."))
    assert not other_story(row, {**_bridge(), "content_hash": "h-ferry"})


def test_the_dedupe_pipeline_leaves_claims_to_the_archive() -> None:
    """With an archive: a claimant after the claimed page, or the page after a claimant,
    is passed on (the archive tells a copy from another story); without one, dropped."""
    crawler = project_crawler()
    dedupe = DedupePipeline(crawler)
    assert dedupe.process_item(_ferry()) and dedupe.process_item(_bridge())
    again = DedupePipeline(crawler)
    other = article("https://example.example/another-claim-40019", canonical_url=FERRY)
    # Two claims, then the claimed page: each goes on.
    assert again.process_item(_bridge()) and again.process_item(other)
    assert again.process_item(_ferry())
    with pytest.raises(Dropped, match="duplicate-url"):
        again.process_item(_ferry())  # the claimed page a second time: a duplicate
    # An ordinary URL variant (the same key) is still a duplicate in the run.
    variant = article(FERRY + "?utm_source=feed", canonical_url=FERRY)
    with pytest.raises(Dropped, match="duplicate-url"):
        again.process_item(variant)
    without = DedupePipeline(project_crawler(NEWSCRAWL_DATABASE_URL=""))
    without.process_item(_ferry())
    with pytest.raises(Dropped, match="duplicate-url"):
        without.process_item(_bridge())


@pytest.mark.parametrize("order", ["original first", "copy first"])
def test_a_syndicated_copy_is_its_sites_record_and_the_original_is_the_original(
    archive: Archive, order: str
) -> None:
    """Another site's copy of a story names the original's URL as canonical. Whichever
    page the crawl reaches first: each site has a record of its own, and the copy, not
    the original, is marked the copy (it was folded into the original's record when that
    came first, and the original marked a copy of it when the copy came first)."""
    copy_url = "https://partner.example/wire/harbour-ferry"

    def copy() -> dict[str, Any]:
        return article(copy_url, "h-ferry", canonical_url=FERRY, site="partner",
                       title="Harbour ferry returns", body=FERRY_TEXT)  # fmt: skip

    items = [(_ferry(), page(FERRY)), (copy(), page(copy_url))]
    for item, fetched in items if order == "original first" else items[::-1]:
        [result] = archive.store_articles([item], [fetched])
        assert (result.status, result.canonical_refused) == ("new", None)
    stored = {a["site"]: a for a in archive.iter_articles()}
    assert stored["partner"]["canonical_url"] == copy_url
    assert stored["partner"]["duplicate_of"] == FERRY
    assert stored["example"]["duplicate_of"] is None
    # The copy's own revisit stays its record.
    [again] = archive.store_articles([copy()], [page(copy_url)])
    assert (again.status, again.duplicate_of) == ("unchanged", FERRY)
