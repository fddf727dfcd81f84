"""The mock news site over real HTTP on 127.0.0.1: pages, feeds, edge cases, faults, log."""

from __future__ import annotations

import gzip
import http.client
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.message import Message

import pytest
from lxml import etree, html

from newscrawl.demo import DEMO_SECTIONS, load_demo_articles
from tests.mockserver import MockServer
from tests.mockserver.edge import (
    BROKEN_PARAGRAPHS,
    BROKEN_TITLE,
    EdgeCase,
    copied_article,
    copy_path,
    edge_cases,
    original_article,
)
from tests.mockserver.resources.encoding import TITLES
from tests.mockserver.server import REPO_ROOT

ARTICLES = load_demo_articles()
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "atom": "http://www.w3.org/2005/Atom",
}


@dataclass
class Reply:
    status: int
    headers: Message
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")


def get(server: MockServer, path: str, headers: dict[str, str] | None = None) -> Reply:
    """GET without following redirects or raising on error statuses."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return Reply(response.status, response.msg, response.read())
    finally:
        conn.close()


def links(reply: Reply) -> list[str]:
    return [str(h) for h in html.fromstring(reply.body).xpath("//a/@href")]


# --- the demo site through the mock server ----------------------------------------------

PAGES = [
    ("/", 200, "text/html"),
    ("/section/world", 200, "text/html"),
    ("/section/world?page=2", 200, "text/html"),
    ("/section/world?page=3", 404, "text/html"),
    ("/section/nowhere", 404, "text/html"),
    (ARTICLES[0].path, 200, "text/html"),
    (ARTICLES[0].path + "/", 200, "text/html"),
    ("/tag/elections", 200, "text/html"),
    ("/author/eleanor-voss", 200, "text/html"),
    ("/about", 200, "text/html"),
    ("/private/staff-directory", 200, "text/html"),
    ("/rss.xml", 200, "application/rss+xml"),
    ("/atom.xml", 200, "application/atom+xml"),
    ("/sitemap.xml", 200, "application/xml"),
    ("/sitemap-articles.xml", 200, "application/xml"),
    ("/sitemap-news.xml", 200, "application/xml"),
    ("/robots.txt", 200, "text/plain"),
    (ARTICLES[0].image_path, 200, "image/jpeg"),
    ("/no/such/page", 404, "text/html"),
]


@pytest.mark.parametrize(("path", "status", "content_type"), PAGES)
def test_page_types(mockserver: MockServer, path: str, status: int, content_type: str) -> None:
    reply = get(mockserver, path)
    assert reply.status == status
    assert reply.content_type.startswith(content_type)
    assert reply.body


def test_article_canonical_uses_the_request_host(mockserver: MockServer) -> None:
    article = ARTICLES[3]
    for host in (f"127.0.0.1:{mockserver.port}", f"localhost:{mockserver.port}"):
        tree = html.fromstring(get(mockserver, article.path + "/", {"Host": host}).body)
        assert tree.xpath("//link[@rel='canonical']/@href") == [f"http://{host}{article.path}"]


def test_article_with_wrong_slug_redirects(mockserver: MockServer) -> None:
    article = ARTICLES[5]
    wrong = article.path.replace(article.slug, "old-slug")
    reply = get(mockserver, wrong)
    assert reply.status == 301
    assert reply.headers["Location"].endswith(article.path)


def test_conditional_requests(mockserver: MockServer) -> None:
    path = ARTICLES[1].path
    first = get(mockserver, path)
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag and last_modified
    assert get(mockserver, path, {"If-None-Match": etag}).status == 304
    assert get(mockserver, path, {"If-Modified-Since": last_modified}).status == 304
    assert get(mockserver, path, {"If-None-Match": '"other"'}).status == 200


def test_pagination_reaches_every_article_newest_first(mockserver: MockServer) -> None:
    found: list[str] = []
    for section in DEMO_SECTIONS:
        path: str | None = f"/section/{section}"
        seen = []
        while path:
            tree = html.fromstring(get(mockserver, path).body)
            seen += tree.xpath("//ul[@class='article-list']//h2/a/@href")
            nxt = tree.xpath("//nav[@class='pagination']//a[@rel='next']/@href")
            head_next = tree.xpath("//link[@rel='next']/@href")
            assert [mockserver.url(n) for n in nxt] == head_next
            path = nxt[0] if nxt else None
        assert seen == [a.path for a in ARTICLES if a.section == section]
        found += seen
    assert sorted(found) == sorted(a.path for a in ARTICLES)


def test_feeds_and_sitemaps_list_article_urls(mockserver: MockServer) -> None:
    urls = {a.url(mockserver.base) for a in ARTICLES}
    rss = etree.fromstring(get(mockserver, "/rss.xml").body)
    assert len(rss.xpath("//item")) == 20 and set(rss.xpath("//item/link/text()")) <= urls
    atom = etree.fromstring(get(mockserver, "/atom.xml").body)
    assert set(atom.xpath("//atom:entry/atom:link/@href", namespaces=NS)) <= urls
    index = etree.fromstring(get(mockserver, "/sitemap.xml").body)
    listed: set[str] = set()
    for loc in index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS):
        assert loc.startswith(mockserver.base)
        sitemap = etree.fromstring(get(mockserver, loc.removeprefix(mockserver.base)).body)
        listed |= set(sitemap.xpath("//sm:url/sm:loc/text()", namespaces=NS))
    assert urls <= listed


def test_robots_txt(mockserver: MockServer) -> None:
    text = get(mockserver, "/robots.txt").body.decode()
    assert "Disallow: /private/" in text
    assert f"Sitemap: {mockserver.url('/sitemap.xml')}" in text


# --- edge cases --------------------------------------------------------------------------


def test_edge_section_links_every_case(mockserver: MockServer) -> None:
    page_links = links(get(mockserver, "/section/edge-cases"))
    for case in edge_cases():
        assert case.path in page_links


@pytest.mark.parametrize("case", edge_cases(), ids=lambda c: c.reason)
def test_edge_cases_are_served(mockserver: MockServer, case: EdgeCase) -> None:
    reply = get(mockserver, case.path)
    assert reply.status == 200
    kinds = {"non-html": ("application/pdf", "image/jpeg", "application/json")}
    assert reply.content_type.startswith(kinds.get(case.reason, ("text/html",)))
    assert bool(reply.body) == (case.reason != "empty")


def test_amp_variant_is_canonical_to_the_article(mockserver: MockServer) -> None:
    article = original_article()
    tree = html.fromstring(get(mockserver, f"/amp{article.path}").body)
    assert tree.xpath("//link[@rel='canonical']/@href") == [mockserver.url(article.path)]
    assert tree.xpath("/html/@amp") == [""]


def test_copy_has_identical_content_and_no_canonical(mockserver: MockServer) -> None:
    article = copied_article()
    original = get(mockserver, article.path).body
    copy = get(mockserver, copy_path(article)).body
    assert b'rel="canonical"' not in copy
    without_canonical = b"".join(
        line for line in original.splitlines(keepends=True) if b'rel="canonical"' not in line
    )
    assert copy == without_canonical


def test_broken_markup_still_holds_the_article(mockserver: MockServer) -> None:
    case = next(c for c in edge_cases() if c.reason == "broken-markup")
    tree = html.fromstring(get(mockserver, case.path).body)
    assert tree.findtext(".//title").startswith(BROKEN_TITLE)
    text = tree.text_content()
    assert all(p in text for p in BROKEN_PARAGRAPHS)


def test_soft_404_and_untitled(mockserver: MockServer) -> None:
    soft = next(c for c in edge_cases() if c.reason == "soft-404")
    assert b"Page not found" in get(mockserver, soft.path).body
    untitled = next(c for c in edge_cases() if c.reason == "no-title")
    tree = html.fromstring(get(mockserver, untitled.path).body)
    assert not tree.xpath("//title | //h1")


# --- request log ---------------------------------------------------------------------------


def test_request_log_counts_requests_with_headers(mockserver: MockServer) -> None:
    path = f"/about?probe={uuid.uuid4().hex}"
    for n in range(3):
        get(mockserver, path, {"User-Agent": f"probe/{n}", "If-None-Match": '"x"'})
    entries = mockserver.requests(path)
    assert [e["headers"]["user-agent"] for e in entries] == ["probe/0", "probe/1", "probe/2"]
    assert all(e["method"] == "GET" and e["status"] == 200 for e in entries)
    assert all(e["headers"]["if-none-match"] == '"x"' for e in entries)
    times = [e["monotonic"] for e in entries]
    assert times == sorted(times) and all(e["finished"] >= e["monotonic"] for e in entries)
    assert not mockserver.requests("/_log")


def test_request_log_clear() -> None:
    with MockServer() as server:
        get(server, "/")
        assert len(server.requests()) == 1
        assert server.clear_log() == 1
        assert server.requests() == []


# --- faults ----------------------------------------------------------------------------------


def test_status_with_retry_after(mockserver: MockServer) -> None:
    reply = get(mockserver, "/fault/status?n=429&retry_after=7")
    assert (reply.status, reply.headers["Retry-After"]) == (429, "7")
    reply = get(mockserver, "/fault/status?n=503&retry_after=date:60")
    assert reply.status == 503 and reply.headers["Retry-After"].endswith("GMT")


def test_flaky_fails_then_recovers(mockserver: MockServer) -> None:
    path = f"/fault/flaky?key={uuid.uuid4().hex}&fail=2&n=429&retry_after=1"
    assert [get(mockserver, path).status for _ in range(4)] == [429, 429, 200, 200]


def test_delay_is_visible_in_the_log(mockserver: MockServer) -> None:
    path = f"/fault/delay?n=0.3&probe={uuid.uuid4().hex}"
    assert get(mockserver, path).status == 200
    (entry,) = mockserver.requests(path)
    assert entry["finished"] - entry["monotonic"] >= 0.3


def test_a_held_delay_answers_when_released(mockserver: MockServer) -> None:
    key = uuid.uuid4().hex
    path = f"/fault/delay?n=30&hold={key}"
    with ThreadPoolExecutor(1) as pool:
        reply = pool.submit(get, mockserver, path)
        wait_until = time.monotonic() + 10
        while not mockserver.requests(path) and time.monotonic() < wait_until:
            time.sleep(0.05)
        assert not reply.done()
        assert mockserver.release(key) == 1
        assert reply.result(timeout=10).status == 200
    (entry,) = mockserver.requests(path)
    assert entry["finished"] - entry["monotonic"] < 15


def test_redirects(mockserver: MockServer) -> None:
    reply = get(mockserver, "/fault/redirect?to=http://169.254.169.254/latest/meta-data/")
    assert (reply.status, reply.headers["Location"]) == (
        302,
        "http://169.254.169.254/latest/meta-data/",
    )
    first = get(mockserver, "/fault/loop")
    second = get(mockserver, first.headers["Location"].removeprefix(mockserver.base))
    third = get(mockserver, second.headers["Location"].removeprefix(mockserver.base))
    assert first.headers["Location"] == third.headers["Location"]


def test_compressed_bomb(mockserver: MockServer) -> None:
    reply = get(mockserver, "/fault/compress?enc=gzip&size=10000000")
    assert reply.headers["Content-Encoding"] == "gzip"
    assert len(reply.body) < 100_000
    assert len(gzip.decompress(reply.body)) == 10_000_000


def test_drop_and_partial_break_the_response(mockserver: MockServer) -> None:
    with pytest.raises((http.client.HTTPException, ConnectionError)):
        get(mockserver, "/fault/drop?abort=1&before=1")
    with pytest.raises(http.client.IncompleteRead):
        get(mockserver, "/fault/partial?size=5000&sent=100")


@pytest.mark.parametrize(
    ("charset", "lang"),
    [("windows-1255", "he"), ("iso-8859-8", "he"), ("windows-1256", "ar"), ("shift_jis", "ja")],
)
def test_legacy_encodings(mockserver: MockServer, charset: str, lang: str) -> None:
    reply = get(mockserver, f"/fault/encoding/{charset}?meta=none")
    assert reply.content_type == f"text/html; charset={charset}"
    assert TITLES[lang] in reply.body.decode(charset)
    lying = get(mockserver, f"/fault/encoding/{charset}?header=utf-8")
    assert f'charset="{charset}"'.encode() in lying.body and "utf-8" in lying.content_type


def test_robots_variants() -> None:
    with MockServer(robots="crawl-delay:2") as server:
        assert "Crawl-delay: 2" in get(server, "/robots.txt").body.decode()
    with MockServer(robots="status:503:30") as server:
        reply = get(server, "/robots.txt")
        assert (reply.status, reply.headers["Retry-After"]) == (503, "30")


def test_mockserver_stops_on_exit() -> None:
    server = MockServer()
    with server:
        proc = server._proc
        assert proc is not None and proc.poll() is None
    assert proc.poll() is not None


def test_listen_demo_site_in_a_running_reactor() -> None:
    script = (
        "from twisted.internet import reactor\n"
        "from newscrawl.demo import listen_demo_site\n"
        "import urllib.request, threading\n"
        "port = listen_demo_site(reactor).getHost().port\n"
        "def fetch():\n"
        "    with urllib.request.urlopen(f'http://127.0.0.1:{port}/section/science') as r:\n"
        "        print(r.status, len(r.read()) > 1000, flush=True)\n"
        "    reactor.callFromThread(reactor.stop)\n"
        "reactor.callWhenRunning(lambda: threading.Thread(target=fetch).start())\n"
        "reactor.run()\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert out.stdout.strip() == "200 True"
