"""Pages of teasers (a section, tag, author or search page), told from articles.

A listing's URL can look like an article's (``/topics/climate-change-policy``), and a
listing has words enough to pass for one: its teasers' standfirsts. Its "body" is other
articles' summaries, and it changes at every visit. What gives it away is its shape: most of
the body's words sit in teasers, small blocks each holding one heading that links to
another page of the site, and three teasers or more make up the body.

Publishers declare their articles (``og:type`` article, a schema.org Article node), live
blogs and listicles included, whose entries can look like teasers: a page that declares
one is an article whatever its shape. No library tells a listing from an article by its
markup (trafilatura and readability extract whatever the page holds), hence this module.
"""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING

from newscrawl.extract.processors import normalize_for_hash
from newscrawl.urls import join_url, registered_host

if TYPE_CHECKING:
    from lxml.html import HtmlElement

#: Headings a teaser's headline is set in.
_HEADINGS = ("h2", "h3", "h4")
#: A teaser is at most this many words: a headline, a standfirst, a byline and a time.
_TEASER_WORDS = 100
#: A body with fewer teasers than this is an article with a few linked boxes.
_MIN_TEASERS = 3
#: Share of the body's words that must sit in teasers.
_TEASER_SHARE = 0.7
#: Elements a linked heading's link may be, around it, at most this many levels up.
_LINK_LEVELS = 3


def teasers_in_body(tree: HtmlElement, url: str, paragraphs: list[str]) -> int:
    """How many teasers make up the body ``paragraphs`` of ``tree``; 0 unless it is a listing.

    >>> from lxml.html import fromstring
    >>> teaser = (
    ...     '<div class="card"><a href="/world/story-{n}"><h3>Story number {n} today</h3></a>'
    ...     '<p>What happened in story {n}, told in a line for the reader.</p></div>'
    ... )
    >>> page = fromstring("<main>" + "".join(teaser.format(n=n) for n in range(4)) + "</main>")
    >>> body = [f"What happened in story {n}, told in a line for the reader." for n in range(4)]
    >>> teasers_in_body(page, "https://example.com/world", body)
    4
    >>> teasers_in_body(page, "https://example.com/world", [*body, "An article's text. " * 40])
    0
    """
    host = registered_host(url)
    headings = [h for h in tree.iter(_HEADINGS) if _links_within_site(h, url, host)]
    if len(headings) < _MIN_TEASERS:
        return 0
    teasers = _teaser_texts(headings)
    words = sum(len(paragraph.split()) for paragraph in paragraphs)
    covered = 0
    used: set[int] = set()
    for paragraph in paragraphs:
        key = normalize_for_hash(paragraph)
        found = next((n for n, text in enumerate(teasers) if key and key in text), None)
        if found is not None:
            covered += len(paragraph.split())
            used.add(found)
    if len(used) < _MIN_TEASERS or covered < _TEASER_SHARE * words:
        return 0
    return len(used)


def _links_within_site(heading: HtmlElement, url: str, host: str) -> bool:
    """Whether ``heading`` links (or is set in a link) to another page of the site."""
    links = heading.xpath(".//a[@href]")
    if not links:
        # A card's link around its heading (<a><h3>...</h3></a>), a few levels up.
        near = islice(heading.iterancestors(), _LINK_LEVELS)
        links = [a for a in near if a.tag == "a" and a.get("href")][:1]
    own = url.split("#", 1)[0]
    for link in links:
        target = join_url(url, link.get("href"))
        if target and target.split("#", 1)[0] != own and registered_host(target) == host:
            return True
    return False


def _teaser_texts(headings: list[HtmlElement]) -> list[str]:
    """Normalized text of each heading's teaser: its widest block of one linked heading."""
    linked = set(headings)
    texts = []
    for heading in headings:
        teaser = heading
        for ancestor in heading.iterancestors():
            inside = sum(1 for h in ancestor.iter(_HEADINGS) if h in linked)
            if inside != 1 or len(ancestor.text_content().split()) > _TEASER_WORDS:
                break
            teaser = ancestor
        texts.append(normalize_for_hash(teaser.text_content()))
    return texts
