import pytest

from newscrawl.urls import canonicalize_url, join_url, registered_host, strip_tracking, url_key

SAME_ARTICLE = [
    "https://www.example.com/world/talks-resume-123456",
    "http://www.example.com/world/talks-resume-123456",
    "https://example.com/world/talks-resume-123456/",
    "https://www.example.com/world/talks-resume-123456?utm_source=twitter&utm_medium=social",
    "https://www.example.com/world/talks-resume-123456?fbclid=IwAR0abc#comments",
    "https://WWW.EXAMPLE.COM:443/world/talks-resume-123456",
    "https://www.example.com/world/talks-resume-123456/amp/",
    "https://www.example.com/world/talks-resume-123456?amp=1",
    "https://www.example.com/world/talks-resume-123456?outputType=amp",
    "https://m.example.com/world/talks-resume-123456",
    "https://amp.example.com/world/talks-resume-123456",
    # Session ids, which a server without a cookie puts in every link, new on every visit.
    "https://www.example.com/world/talks-resume-123456;jsessionid=6E16038CD8F3.2_cid387",
    "https://www.example.com/world/talks-resume-123456?PHPSESSID=9f8e7d6c5b4a",
    # Print versions: one article, not one record each.
    "https://www.example.com/world/talks-resume-123456?view=print",
    "https://www.example.com/world/talks-resume-123456?print=1",
    "https://www.example.com/world/talks-resume-123456/print",
]


@pytest.mark.parametrize("variant", SAME_ARTICLE)
def test_url_variants_share_one_key(variant: str) -> None:
    assert url_key(variant) == "example.com/world/talks-resume-123456"


def test_different_articles_keep_different_keys() -> None:
    assert url_key("https://example.com/story?id=1") != url_key("https://example.com/story?id=2")
    # A rendering parameter whose value is no print version's chooses another page.
    assert url_key("https://example.com/a?view=gallery") != url_key("https://example.com/a")
    assert url_key("https://example.com/news/blueprint") == "example.com/news/blueprint"
    assert url_key("https://example.com/a/story") != url_key("https://example.com/b/story")
    assert url_key("https://example.com/a") != url_key("https://other.com/a")


def test_canonical_url_keeps_scheme_and_meaningful_query() -> None:
    assert (
        canonicalize_url("http://Example.com/news.php?b=2&id=7&utm_campaign=x")
        == "http://example.com/news.php?b=2&id=7"
    )
    assert canonicalize_url("https://example.com:8443/a/") == "https://example.com:8443/a"
    assert canonicalize_url("https://example.com/") == "https://example.com/"


def test_canonical_url_escapes_unicode_paths() -> None:
    assert (
        canonicalize_url("https://example.com/מאמר")
        == "https://example.com/%D7%9E%D7%90%D7%9E%D7%A8"
    )


def test_strip_tracking_changes_nothing_else() -> None:
    url = "https://example.com/A/Story/?z=1&a=2"
    assert strip_tracking(url) == url
    assert strip_tracking(url + "&gclid=x") == "https://example.com/A/Story/?z=1&a=2"
    # A link to a print version is followed to the article itself.
    assert strip_tracking(url + "&view=print") == url


def test_registered_host() -> None:
    assert registered_host("https://www.jpost.com/x") == "jpost.com"
    assert registered_host("https://edition.cnn.com/x") == "edition.cnn.com"


def test_join_url_refuses_malformed_links() -> None:
    assert join_url("https://example.com/a/b", "c") == "https://example.com/a/c"
    assert join_url("https://example.com/a/b", "  ") is None
    for malformed in ("http://[ccpa-preferences]", "https://example.com:99999/", "http://[::1"):
        assert join_url("https://example.com/a/b", malformed) is None


def test_session_path_parameters_go_other_path_parameters_stay() -> None:
    assert strip_tracking("https://example.com/a.html;jsessionid=AB12.cid3?nn=9") == (
        "https://example.com/a.html?nn=9"
    )
    kept = "https://example.com/Leserbriefe;art44,16"
    assert strip_tracking(kept) == kept and canonicalize_url(kept) == kept
