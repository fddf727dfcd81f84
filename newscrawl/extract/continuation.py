"""Bodies split in two: the paragraphs of the article that the extractor left behind.

Some sites break the article's container in two around an advertisement, a paywall or a
"read also" box, so the text continues in a second container further down. trafilatura
scores containers and takes the best one, and the rest of the story is lost. What marks
the rest is the markup of the paragraphs trafilatura did take: CMSs give every paragraph of
the story the same class list (``articleBodyBlock article--paragraph``, ``paywall``), which
teasers, captions and prompts do not carry exactly. Where the paragraphs carry no class, the
container around them does: magazine layouts set the story as a run of text modules between
picture modules (``<div class="editorial-module--text">`` after ``<figure>``), and the rest of
the story is the unclassed paragraphs of the other containers of that tag and class list.
No library does this: trafilatura and readability both keep one container by design.
"""

from __future__ import annotations

from collections import Counter
from itertools import islice

from lxml.html import HtmlElement

from newscrawl.extract.body import word_shingles
from newscrawl.extract.processors import clean_text, normalize_for_hash

# Fewer matched paragraphs say too little about the story's markup.
_MIN_MATCHED = 3
# The story's class list must be that of this share of the matched paragraphs; a block
# with more classes ("has-dropcap paywall") is the story's too.
_SHARED = 0.6
# Shorter blocks under the story's class are list numbers, labels and the like.
_MIN_WORDS = 3
# A block sharing this share of its word 4-grams with the body repeats it.
_REPEATS = 0.5
# Levels up to the element that holds the containers of one story's modules.
_COUSIN_LEVELS = 3


def continued(tree: HtmlElement, paragraphs: list[str]) -> list[str]:
    """``paragraphs`` with the article's paragraphs found elsewhere in ``tree`` merged in.

    >>> from lxml.html import fromstring
    >>> story = "".join(f"<p class='story'>Paragraph {n} of the story here.</p>" for n in "123")
    >>> rest = "<p class='story'>It goes on after the ad.</p><p class='story'>Then it ends.</p>"
    >>> page = fromstring(f"<div><div>{story}</div><div>Ad</div><div>{rest}</div></div>")
    >>> continued(page, [f"Paragraph {n} of the story here." for n in "123"])[-2:]
    ['It goes on after the ad.', 'Then it ends.']
    """
    paragraph_keys = [normalize_for_hash(p) for p in paragraphs]
    keys = set(paragraph_keys)
    blocks = [(block, normalize_for_hash(block.text_content())) for block in tree.iter("p")]
    order: dict[str, int] = {}  # a paragraph's key -> the index of its first block
    for index, (_, key) in enumerate(blocks):
        if key in keys:
            order.setdefault(key, index)
    if len(order) < _MIN_MATCHED:
        return paragraphs
    classes = Counter(_classes(blocks[index][0]) for index in order.values())
    story, count = classes.most_common(1)[0]
    if count < _SHARED * len(order):
        return paragraphs
    unread = [
        (index, block, key)
        for index, (block, key) in enumerate(blocks)
        if key not in keys
        and len(key.split()) >= _MIN_WORDS
        and next(block.iterancestors("a"), None) is None
    ]
    if story:
        candidates = [item for item in unread if story <= _classes(item[1])]
    else:
        candidates = _in_sibling_containers([blocks[index][0] for index in order.values()], unread)
    if not candidates:
        return paragraphs
    shingles = set().union(*map(word_shingles, keys))
    found: list[tuple[int, str]] = []
    for index, block, key in candidates:
        grams = word_shingles(key)
        if len(grams & shingles) >= _REPEATS * len(grams):
            continue
        text = clean_text(block.text_content())
        if text:
            shingles |= grams
            found.append((index, text))
    # One paragraph under the story's class after all of the story is an end note ("Read
    # more about ... here", a plea to subscribe), not a continuation.
    end = max(order.values())
    if sum(index > end for index, _ in found) == 1:
        found = [(index, text) for index, text in found if index < end]
    if not found:
        return paragraphs
    # Each found paragraph goes after the last paragraph whose block comes before it;
    # paragraphs of no block (headings, lists) stay after the one before them.
    merged: list[tuple[int, int, str]] = []
    last = -1
    for paragraph, key in zip(paragraphs, paragraph_keys, strict=True):
        last = max(last, order.get(key, -1))
        merged.append((last, 0, paragraph))
    merged += [(index, 1, text) for index, text in found]
    merged.sort(key=lambda item: (item[0], item[1]))  # stable: equal keys keep their order
    return [text for _, _, text in merged]


def _classes(element: HtmlElement) -> frozenset[str]:
    return frozenset((element.get("class") or "").split())


def _container(block: HtmlElement) -> HtmlElement | None:
    """The nearest element around ``block`` that has a class."""
    return next((a for a in block.iterancestors() if a.get("class")), None)


def _in_sibling_containers(
    matched: list[HtmlElement], unread: list[tuple[int, HtmlElement, str]]
) -> list[tuple[int, HtmlElement, str]]:
    """The unclassed blocks of ``unread`` in other containers like the story's, beside it.

    The story's container is what most of the ``matched`` paragraphs sit in: the nearest
    element with a class, told by its tag and class list and those of the nearest classed
    element around it (a module's ``text`` wrapper in an ``editorial-module--text``; the
    same wrapper in a page's loading overlay is no story's). A paragraph in one of the
    containers the story was read from stays out (the extractor left it there on purpose:
    a prompt, a caption). One in another container of that kind is the story's when the
    two containers are cousins: as many levels below one element, at most
    ``_COUSIN_LEVELS`` (the modules of one story side by side). Comments, the answers
    under a question and the teasers of other stories sit in containers of the same kind
    further away, or nested in the story's.
    """
    homes = [home for block in matched if (home := _container(block)) is not None]
    kinds = Counter(_kind(home) for home in homes)
    if not kinds:
        return []
    kind, count = kinds.most_common(1)[0]
    if count < _SHARED * len(matched):
        return []
    read = set(homes)
    around = {pair for home in homes for pair in _ancestors(home)}
    found = []
    for item in unread:
        block = item[1]
        if _classes(block):
            continue
        home = _container(block)
        if (
            home is not None
            and home not in read
            and _kind(home) == kind
            and not around.isdisjoint(_ancestors(home))
        ):
            found.append(item)
    return found


def _ancestors(element: HtmlElement) -> set[tuple[int, HtmlElement]]:
    """(level, element) of the elements up to ``_COUSIN_LEVELS`` above ``element``.

    Elements, not their ``id()``: a set that holds lxml's proxies keeps them alive, so the
    same element met again is the same object (a dropped proxy's id may be reused).
    """
    return set(enumerate(islice(element.iterancestors(), _COUSIN_LEVELS), start=1))


def _kind(element: HtmlElement) -> tuple[str, frozenset[str], str, frozenset[str]]:
    """An element's tag and class list, and those of the nearest classed element around it."""
    outer = _container(element)
    if outer is None:
        return element.tag, _classes(element), "", frozenset()
    return element.tag, _classes(element), outer.tag, _classes(outer)
