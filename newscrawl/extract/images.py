"""The lead image as the page shows it: its URL, its caption and its credit, kept apart.

The picture's elements say which text is which: a ``<figcaption>`` or an element whose class
names a caption, a credit marked by its class, a ``<cite>``, a label for screen readers or
its own label ("Photo: ..."), or set apart at the caption's end. What is left of the
caption's text has its credit cut off by :func:`~newscrawl.extract.image_credits.split_credit`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from lxml.html import HtmlElement

from newscrawl.extract.image_credits import (
    CREDIT_LABEL,
    clean_credit,
    reads_as_credit,
    split_credit,
    without_trailing_dash,
)
from newscrawl.extract.page import HIDDEN_CLASS
from newscrawl.extract.pictures import CAPTION_HINT, first_picture, lead_picture

# Class (or itemprop) words of an element that holds a picture's credit.
_CREDIT_HINT = re.compile(r"credit|copyright|source|author|photographer", re.IGNORECASE)


def _marked_credit(element: HtmlElement) -> bool:
    """Whether the class (or itemprop) of ``element`` says it holds a picture's credit."""
    return (
        _CREDIT_HINT.search(f"{element.get('class') or ''} {element.get('itemprop') or ''}")
        is not None
    )


# What a label for screen readers says before a picture's credit: "Image source, X".
_HIDDEN_CREDIT_LABEL = re.compile(
    r"\s*(?:(?:image|photo|picture|video|bild|foto)\s*)?(?:source|credit|copyright|quelle|©)",
    re.IGNORECASE,
)


def _hidden(element: HtmlElement) -> bool:
    """Whether ``element`` is shown to screen readers only (a label: "Image caption, ")."""
    return HIDDEN_CLASS.search(element.get("class") or "") is not None


def _hidden_credit_label(element: HtmlElement) -> bool:
    """Whether a label for screen readers says ``element`` holds a picture's credit.

    The BBC's ``<span><span class="visually-hidden">Image source, </span>Ann Lee</span>``.
    """
    return any(
        _hidden(child) and _HIDDEN_CREDIT_LABEL.match(child.text_content())
        for child in element
        if isinstance(child.tag, str)
    )


def _cited(element: HtmlElement) -> bool:
    """Whether ``element`` is a ``<cite>`` in a caption: whom the picture is by.

    ("<figcaption>The ferry.<cite>Ann Lee / AP</cite></figcaption>"; a pull quote's
    ``<cite>`` names whom the words are by.)
    """
    return (
        element.tag == "cite"
        and bool(element.text_content().strip())
        and any(parent.tag == "figcaption" for parent in element.iterancestors())
    )


def visible_image(tree: HtmlElement) -> dict[str, str]:
    """Image URL, caption and credit of the article's first picture as the page shows them."""
    figure = first_picture(tree)
    return {} if figure is None else _picture_fields(figure)


def lead_caption(tree: HtmlElement, lead_url: str | None) -> dict[str, str]:
    """Caption and credit of the picture that shows the lead image ``lead_url``.

    None where no picture shows it (see :func:`~newscrawl.extract.pictures.lead_picture`):
    the first picture's caption may be of another picture (a gallery's, one in the text).
    """
    figure = lead_picture(tree, lead_url)
    if figure is None:
        return {}
    found = _picture_fields(figure)
    found.pop("image_url", None)
    return found


def _picture_fields(figure: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    image = next(figure.iter("img", "amp-img"), None)
    if image is not None:
        # A lazy image's src is a placeholder (a data: URL) until a script swaps it.
        sources = (image.get(name) for name in ("src", "data-src", "data-original"))
        src = next((s for s in sources if s and not s.startswith("data:")), None)
        if src:
            found["image_url"] = src
    credit_element = next(
        (
            e
            for e in figure.iterdescendants()
            if (_marked_credit(e) or _cited(e) or _hidden_credit_label(e)) and spaced_text(e)
        ),
        None,
    )
    caption_element = next(figure.iter("figcaption"), None)
    if caption_element is None:
        caption_element = next(
            (e for e in figure.iter() if CAPTION_HINT.search(e.get("class") or "")), None
        )
    if caption_element is None and figure.tag != "figure":
        caption_element = figure  # a picture block's only text is its caption
    if credit_element is None and caption_element is not None:
        credit_element = _labelled_credit(caption_element)
        if credit_element is None:
            credit_element = _unlabelled_credit(caption_element)
    if credit_element is not None:
        credit = clean_credit(spaced_text(credit_element))
        if credit:
            found["image_credit"] = credit
    if caption_element is not None:
        # Every credit the caption holds is left out: some pages print it twice.
        skipped = [e for e in caption_element.iterdescendants() if _marked_credit(e)]
        if credit_element is not None:
            skipped.append(credit_element)
        caption, credit = split_credit(spaced_text(caption_element, skipped))
        # (A dash or a bar that stood before the credit left out: "The pier — <span>…")
        caption = without_trailing_dash(caption)
        if caption and any(ch.isalnum() for ch in caption):  # not a lone "×" or "|"
            found["image_caption"] = caption
        if credit and "image_credit" not in found:
            found["image_credit"] = credit
    return found


_MAX_CREDIT_LENGTH = 120


def _labelled_credit(caption: HtmlElement) -> HtmlElement | None:
    """The element of a caption that holds the picture's credit, told by its label.

    ``<figcaption><span>© Ann Lee</span><p>Caption...</p></figcaption>``: the credit's
    element bounds it, where the text alone would run on into the caption.
    """
    for element in caption.iterdescendants():
        if not isinstance(element.tag, str):
            continue  # a comment
        text = element.text_content()
        label = CREDIT_LABEL.match(text)
        if (
            label
            and len(text.strip()) <= _MAX_CREDIT_LENGTH
            and any(ch.isalpha() for ch in text[label.end() :])  # not a lone "©"
        ):
            return element
    return None


# Elements set on a line of their own: their text never runs on into their neighbours'.
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "section", "header"}
    | {"footer", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th"}
)
_UNSHOWN = frozenset({"script", "style"})


def spaced_text(element: HtmlElement, skipped: Sequence[HtmlElement] = ()) -> str:
    """The text of ``element`` without ``skipped`` elements, its parts apart, on one line.

    Captions set their parts in elements of their own, side by side with nothing between
    them ("<span>The minister.</span><span>Ann Lee</span>"), where ``text_content()`` glues
    them into one word. Two elements with nothing between them are two texts; a block
    element starts a line; a skipped element (the credit) stands between its neighbours,
    and so does a label for screen readers ("Image caption, "), which the page does not
    show. Text inside one element stays as it is ("Photo: <a>Ann Lee</a>/AFP").

    >>> from lxml.html import fromstring
    >>> spaced_text(fromstring("<p><span>The minister.</span><span>Ann Lee</span></p>"))
    'The minister. Ann Lee'
    >>> spaced_text(fromstring("<p><p>The pier</p>at dawn. Photo: <a>Ann Lee</a>/AFP</p>"))
    'The pier at dawn. Photo: Ann Lee/AFP'
    >>> spaced_text(fromstring("<p><b>„Gone“</b><span>: the pier</span></p>"))
    '„Gone“: the pier'
    """
    text = _NO_SPACE_AT_PUNCTUATION.sub("", "".join(_spaced_parts(element, skipped)))
    return " ".join(text.replace(_APART, " ").split())


# What :func:`_spaced_parts` puts between elements side by side; no space before the
# punctuation that starts the second ("<b>„Gone“</b><span>: the pier</span>") or after
# a bracket that ends the first.
_APART = "\x00"
_NO_SPACE_AT_PUNCTUATION = re.compile(r"\x00+(?=[:;,.!?)\]}»”])|(?<=[(\[{«„“])\x00+")


def _spaced_parts(element: HtmlElement, skipped: Sequence[HtmlElement]) -> Iterator[str]:
    yield element.text or ""
    after_element = False  # the last text was a child element's, with no text since
    for child in element:
        if not isinstance(child.tag, str) or child.tag in _UNSHOWN:
            pass  # a comment, a script: only its tail is shown
        elif _hidden(child) or any(child is skip for skip in skipped):
            yield " "
        else:
            block = child.tag in _BLOCK_TAGS
            if block:
                yield " "
            elif after_element:
                yield _APART
            yield from _spaced_parts(child, skipped)
            if block:
                yield " "
            after_element = True
        if child.tail:
            yield child.tail
            after_element = after_element and not child.tail.strip()


# A credit set apart at the end of a caption is short: a name, an agency, both.
_MAX_SET_APART_CREDIT = 80
_SENTENCE_END = re.compile(r"[.!?…:)\]\"”»]$")


def _unlabelled_credit(caption: HtmlElement) -> HtmlElement | None:
    """The last element of a caption when it is whom the picture is by, set apart unlabelled.

    ``<figcaption><span>The minister, on Thursday.</span><span>Ann Lee</span></figcaption>``:
    no label says "credit", but a short last part set apart after the caption's sentence
    that reads as a name or an agency is the credit (a word at the end of the sentence,
    "Protesters in <a>Tehran</a>", follows no full stop).
    """
    children = [
        child
        for child in caption
        if isinstance(child.tag, str) and child.tag not in _UNSHOWN and spaced_text(child)
    ]
    if not children or (children[-1].tail or "").strip():
        return None  # nothing set apart, or text after it: the element is within a sentence
    last = children[-1]
    text = spaced_text(last)
    before = spaced_text(caption, [last])
    if not before or len(text) > _MAX_SET_APART_CREDIT:
        return None
    if last.tag not in _BLOCK_TAGS and not _SENTENCE_END.search(before):
        return None
    return last if reads_as_credit(text) else None
