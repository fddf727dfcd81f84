"""Linked teasers: paragraphs that are nothing but a link to another article.

Related-article rails are often set inside the article's own container ("Mehr zum Thema"
lists, "You might also like" cards, a "Read another story here | <link>" line between
paragraphs), so the extractor keeps them and their class names say nothing. What gives
them away is the markup: the whole paragraph is the text of one link. A single linked
paragraph can be the story's own (a linked heading in a live blog, a linked quote), so a
linked paragraph is dropped only in a run of them, or when a short label introduces the
link ("Zum Artikel: <link>"), which is how a lone teaser presents itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from newscrawl.extract.processors import normalize_for_hash

# Blocks that become one paragraph each in the extractor's output.
_BLOCKS = ("p", "li", "h2", "h3", "h4", "h5", "h6", "dd", "dt")
_BLOCK_SET = frozenset(_BLOCKS)
_MAX_DEPTH = 3
# Share of a block's text that must be link text for the block to be a linked teaser.
_LINK_SHARE = 0.8
# Shorter texts are too short to tell a teaser from a label ("More", "Video").
_MIN_CHARS = 12
# A label before the link: a few words ending in a colon or a bar ("READ MORE |").
_LABEL = re.compile(r"^\W*\w[^:|]{0,40}[:|]\W*$")
_MAX_LABEL_WORDS = 5
# Links that stay on the page, or are not links at all.
_NOT_ELSEWHERE = ("#", "javascript:", "mailto:", "tel:")


@dataclass
class LinkedBlocks:
    """Normalized texts of the page's linked blocks (see the module docstring)."""

    #: Blocks (almost) entirely link text.
    linked: set[str] = field(default_factory=set)
    #: Blocks that are a short label and a link: teasers even alone.
    labelled: set[str] = field(default_factory=set)


def linked_blocks(tree: HtmlElement) -> LinkedBlocks:
    """Find the text blocks of ``tree`` that are a link to another page, and nothing else.

    >>> from lxml.html import fromstring
    >>> page = fromstring(
    ...     "<div><p>Our own story text, with <a href='/x'>a link</a> inside.</p>"
    ...     "<p><a href='/other'>Another story on another page</a></p>"
    ...     "<p><b>Read more:</b> <a href='/more'>A third story here</a></p></div>"
    ... )
    >>> found = linked_blocks(page)
    >>> sorted(found.linked), sorted(found.labelled)
    (['another story on another page'], ['read more: a third story here'])
    """
    found = LinkedBlocks()
    inside_links, holders = _blocks_with_links(tree)
    for block in inside_links:
        text = block.text_content()
        if len(text.strip()) >= _MIN_CHARS and len(text) <= 2000:
            found.linked.add(normalize_for_hash(text))
    for block, links in holders.items():
        if block in inside_links:
            continue
        text = block.text_content()
        if len(text) > 2000:
            continue
        size = _size(text)
        if size < _MIN_CHARS:
            continue
        # Sizes without whitespace first: normalizing every paragraph with a link in it
        # would cost more than the rest of this step.
        link_texts = [link.text_content() for link in links]
        if sum(map(_size, link_texts)) >= _LINK_SHARE * size:
            found.linked.add(normalize_for_hash(text))
        elif len(links) == 1 and text.rstrip().endswith(link_texts[0].strip()):
            key = normalize_for_hash(text)
            if _is_label(key, normalize_for_hash(link_texts[0])):
                found.labelled.add(key)
    return found


def _blocks_with_links(
    tree: HtmlElement,
) -> tuple[set[HtmlElement], dict[HtmlElement, list[HtmlElement]]]:
    """Blocks inside a link to another page, and blocks holding such links (with them).

    A link's block is looked for at most three levels up ("<li><span><b><a>").
    """
    inside: set[HtmlElement] = set()
    holders: dict[HtmlElement, list[HtmlElement]] = {}
    for link in tree.iter("a"):
        href = link.get("href")
        if not href or not (href := href.strip().lower()) or href.startswith(_NOT_ELSEWHERE):
            continue
        if len(link):
            # Card teasers wrap the whole card, paragraphs included, in one link.
            inside.update(link.iter(_BLOCKS))
        holder = link.getparent()
        for _ in range(_MAX_DEPTH):
            if holder is None or holder.tag in _BLOCK_SET:
                break
            holder = holder.getparent()
        if holder is not None and holder.tag in _BLOCK_SET:
            holders.setdefault(holder, []).append(link)
    return inside, holders


def _size(text: str) -> int:
    """Length of ``text`` without its whitespace."""
    return len("".join(text.split()))


def _is_label(key: str, link: str) -> bool:
    """Tell whether ``key`` is a short label followed by the text of the link ``link``."""
    if not link or not key.endswith(link):
        return False
    label = key[: len(key) - len(link)]
    return len(label.split()) <= _MAX_LABEL_WORDS and bool(_LABEL.match(label))


def drop_linked_teasers(paragraphs: Iterable[str], blocks: LinkedBlocks) -> list[str]:
    """Drop the paragraphs that are linked teasers: in a run of two or more, or labelled.

    >>> blocks = LinkedBlocks(linked={"teaser one", "teaser two", "a linked heading"})
    >>> texts = ["Text.", "Teaser one", "Teaser two", "More text.", "A linked heading"]
    >>> drop_linked_teasers(texts, blocks)
    ['Text.', 'More text.', 'A linked heading']
    """
    paragraphs = list(paragraphs)
    keys = [normalize_for_hash(paragraph) for paragraph in paragraphs]
    linked = [key in blocks.linked for key in keys]
    kept = []
    for index, paragraph in enumerate(paragraphs):
        if keys[index] in blocks.labelled:
            continue
        in_run = linked[index] and (
            (index > 0 and linked[index - 1]) or (index + 1 < len(linked) and linked[index + 1])
        )
        if not in_run:
            kept.append(paragraph)
    return kept
