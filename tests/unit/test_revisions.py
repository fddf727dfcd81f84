from datetime import datetime, timedelta

import pytest

from newscrawl.items import ArticlePage
from newscrawl.storage import Archive, NotModified
from newscrawl.storage.reading import REVISION_FIELDS
from newscrawl.storage.revisions import revision_fingerprint, strip_noise
from tests.unit.test_archive import article, page

BODY = "The council approved the budget on Monday.\n\nThe vote was 31 to 12."


@pytest.fixture
def archive(database_url: str):
    opened = Archive(database_url)
    yield opened
    opened.close()


@pytest.mark.parametrize(
    "noisy",
    [
        BODY.replace(" ", "  "),
        BODY + " Updated 5 minutes ago.",
        BODY + "\n\nupdated 2 hours ago",
        BODY + " 1.2K shares · 23 comments",
        BODY + " Shares: 45",
        "Last updated at 10:32 GMT. " + BODY,
        BODY.replace("Monday.", "Monday. Posted just now."),
        "4 min read " + BODY,
        BODY.upper(),
        BODY + "\n\nThis article has been viewed 1,211 times.",
        BODY + "\n\nMost read: 1. Ferry fares cut 2. Tram line extended",
    ],
)
def test_noise_is_not_a_change(noisy: str) -> None:
    assert strip_noise(noisy) == strip_noise(BODY)


@pytest.mark.parametrize(
    "edited",
    [
        BODY.replace("31 to 12", "30 to 13"),
        BODY.replace("Monday", "Tuesday"),
        BODY + "\n\nThe mayor said she would appeal.",
        BODY.replace("approved", "rejected"),
        # Numbers corrected in sentences: not counters, however their nouns read.
        BODY + " The fund sold 12,000 shares of the bank.",
        BODY + " The ministry received 300 comments on the draft.",
        BODY + " He was arrested 2 hours ago.",
        BODY + " Shares were 5% lower.",
    ],
)
def test_real_edits_are_changes(edited: str) -> None:
    assert strip_noise(edited) != strip_noise(BODY)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("The fund sold 12,000 shares of the bank.", "The fund sold 120,000 shares of the bank."),
        ("It got 300 comments on the draft law.", "It got 3,000 comments on the draft law."),
        ("He was arrested 2 hours ago.", "He was arrested 12 hours ago."),
        ("The storm hit the coast 3 days ago.", "The storm hit the coast 5 days ago."),
        ("The post got 500 likes.", "The post got 50 likes."),
        ("Shares 5% lower at the open.", "Shares 9% lower at the open."),
    ],
)
def test_a_corrected_number_in_a_sentence_is_a_change(before: str, after: str) -> None:
    assert strip_noise(before) != strip_noise(after)


def test_fingerprint_covers_title_standfirst_body_and_authors() -> None:
    base = article("https://e.com/a-1", body=BODY)
    same = revision_fingerprint(base)
    assert revision_fingerprint({**base, "tags": ["x"], "modified_at": "2030-01-01"}) == same
    for field, value in [
        ("title", "Other"),
        ("description", "Other standfirst"),
        ("authors", ["Someone Else"]),
    ]:
        assert revision_fingerprint({**base, field: value}) != same, field


def test_changed_content_adds_a_revision_and_keeps_the_old_one(archive: Archive) -> None:
    url = "https://example.com/a-1"
    [first] = archive.store_articles([article(url, "h1", body=BODY)], [page(url)])
    assert (first.status, first.revision) == ("new", 1)
    edited = BODY.replace("31 to 12", "30 to 13")
    [second] = archive.store_articles(
        [article(url, "h2", body=edited, title="Budget passes")], [page(url, b"<html>2</html>")]
    )
    assert (second.status, second.revision) == ("changed", 2)
    revisions = archive.revisions(url)
    assert [(r["revision"], r["title"], r["source"]) for r in revisions] == [
        (1, "A title", "crawl"),
        (2, "Budget passes", "crawl"),
    ]
    assert revisions[0]["body"] == BODY and revisions[1]["body"] == edited
    assert revisions[0]["raw_page_id"] != revisions[1]["raw_page_id"]
    [latest] = archive.iter_articles()
    assert (latest["title"], latest["revision"]) == ("Budget passes", 2)


def test_revisions_export_the_revised_articles_every_version(archive: Archive) -> None:
    urls = [f"https://example.com/{slug}" for slug in ("a-1", "b-2", "c-3")]
    archive.store_articles(
        [article(url, f"h{n}", body=BODY, site=f"s{n}") for n, url in enumerate(urls)],
        [None] * 3,
    )
    edited = [
        article(url, "e", body=BODY + " Corrected.", site=f"s{n}")
        for n, url in enumerate(urls)
        if n
    ]
    archive.store_articles(edited, [None, None])
    exported = list(archive.iter_revisions())
    assert [(r["url"], r["revision"]) for r in exported] == [
        (urls[1], 1),
        (urls[1], 2),
        (urls[2], 1),
        (urls[2], 2),
    ]  # the article never revised is left out
    first = exported[0]
    assert list(first) == list(REVISION_FIELDS)
    assert (first["site"], first["body"], first["source"]) == ("s1", BODY, "crawl")
    assert first["seen_at"].endswith("+00:00") and first["removed_at"] is None
    assert exported[1]["body"] == BODY + " Corrected."
    assert [r["url"] for r in archive.iter_revisions(site="s2")] == [urls[2], urls[2]]
    # Since a time: the revisions first seen since then.
    since = datetime.fromisoformat(exported[1]["seen_at"])
    assert {r["revision"] for r in archive.iter_revisions(since=since)} == {2}
    assert list(archive.iter_revisions(since=since + timedelta(days=1))) == []
    assert list(archive.iter_revisions(language="de")) == []


def test_noise_makes_no_revision(archive: Archive) -> None:
    url = "https://example.com/a-1"
    archive.store_articles([article(url, "h1", body=BODY)], [page(url)])
    noisy = BODY + " Updated 3 minutes ago · 120 shares"
    [result] = archive.store_articles([article(url, "h-noisy", body=noisy)], [page(url)])
    assert (result.status, result.revision) == ("unchanged", 1)
    assert len(archive.revisions(url)) == 1
    assert next(archive.iter_articles())["body"] == BODY


def test_not_modified_counts_as_a_check(archive: Archive) -> None:
    url = "https://example.com/a-1"
    archive.store_articles([article(url)], [page(url)])
    before = archive.fetch_state(url)
    assert before is not None
    [(result, stored), missing] = archive.mark_not_modified(
        [NotModified(url + "/", etag='"v2"'), NotModified("https://example.com/other-9")]
    )
    assert missing is None
    assert (result.status, stored["title"], stored["revision"]) == ("unchanged", "A title", 1)
    after = archive.fetch_state(url)
    assert after is not None and after.etag == '"v2"'
    assert after.last_seen_at >= before.last_seen_at
    # A 304 from an article taken down: back online, the period it was down ended.
    archive.record_gone([(url, "example", "http-404")])
    [(result, _)] = archive.mark_not_modified([NotModified(url)])
    assert result.status == "restored"
    [(down, back)] = archive.takedowns(url)
    assert back is not None and back >= down


def test_validators_of_the_last_response_are_kept(archive: Archive) -> None:
    url = "https://example.com/a-1"
    response = ArticlePage(
        url=url, body=b"<html/>", site="example", etag='"abc"', last_modified="Tue, 1 Jul"
    )
    archive.store_articles([article(url)], [response])
    state = archive.fetch_state("http://www.example.com/a-1?utm_source=x")
    assert state is not None
    assert (state.etag, state.last_modified) == ('"abc"', "Tue, 1 Jul")
    assert state.first_seen_at - state.last_seen_at < timedelta(seconds=1)


def test_other_urls_of_an_article_are_remembered(archive: Archive) -> None:
    url = "https://example.com/world/a-1"
    redirected = ArticlePage(
        url="https://example.com/print/a-1",
        body=b"<html/>",
        site="example",
        redirect_urls=("https://example.com/s/abc",),
    )
    [stored] = archive.store_articles(
        [article("https://example.com/print/a-1", canonical_url=url)], [redirected]
    )
    [copy] = archive.store_articles([article("https://example.com/other/a-1")], [None])
    assert copy.status == "duplicate"
    for alias in (
        "https://example.com/print/a-1",
        "https://example.com/s/abc",
        "https://example.com/other/a-1",
    ):
        state = archive.fetch_state(alias)
        assert state is not None and state.article_id == stored.article_id, alias
    assert archive.revisions("https://example.com/s/abc")[0]["url"] == url


def test_rejected_pages_are_remembered_until_they_become_articles(archive: Archive) -> None:
    url = "https://example.com/a-1"
    archive.record_rejected([(url, "example", "short-body")])
    archive.record_rejected([(url, "example", "error-page")])  # again: updated
    state = archive.fetch_state(url)
    assert state is not None and (state.article_id, state.rejected) == (None, "error-page")
    assert not archive.is_archived(url)
    archive.store_articles([article(url)], [None])
    state = archive.fetch_state(url)
    assert state is not None and state.rejected is None and archive.is_archived(url)


def test_noise_lookahead_changes_no_match() -> None:
    # The anchored pattern is an optimisation: it must find exactly what the plain
    # alternation of the noise phrases finds.
    import re

    from newscrawl.storage import revisions

    alternation = "|".join(f"(?:{p})" for p in revisions._NOISE)
    plain = re.compile(
        revisions._BEFORE + f"(?:{alternation})" + revisions._AFTER, re.IGNORECASE | re.MULTILINE
    )
    phrases = [
        "Updated 5 minutes ago", "posted an hour ago", "About 3 HRS AGO", "a few days ago",
        "Edited: one week ago", "just now", "Posted moments ago", "Updated: 10:32",
        "Last updated at 10.32 am GMT", "1.2K shares", "(12) comments", "Shares: 45",
        "likes 3", "Reactions (9)", "4 min read", "Reading time: 4 minutes", "ſhares: 4",
        "٣ comments", "Over 2 months ago", "almost 1 day ago", "12 retweets",
    ]  # fmt: skip
    text = " ".join(f"{BODY} {p} • {p.upper()}." for p in phrases)
    assert len(plain.findall(text)) == 2 * len(phrases)
    assert [m.span() for m in revisions._NOISE_RE.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]
    assert revisions._NOISE_RE.sub(" ", text) == plain.sub(" ", text)
