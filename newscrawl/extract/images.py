"""The lead image: its URL, its caption and its credit, kept apart.

Captions often end with the credit in the page's own words: "(photo credit: X)", "Photo: X",
"Foto: X", "© X", "X/Reuters". The credit is cut off the caption and returned separately,
so neither field carries the other and the body cleaner can drop both.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from newscrawl.extract.processors import clean_text

_CREDIT_IN_CAPTION = re.compile(
    r"\s*[\(\[]?\s*(?:(?:photo|image|picture|video|foto|bild|grafik|photographie|imagen)\s*)?"
    r"(?:credits?|source|quelle|crédit|crédito|copyright|©|foto|bild|photo|image)\s*:\s*"
    r"(?P<credit>[^()\[\]]+?)\s*[\)\]]?\s*$"
    r"|\s*[\(\[]?\s*©\s*(?P<copy>[^()\[\]]+?)\s*[\)\]]?\s*$",
    re.IGNORECASE,
)
_CREDIT_HINT = re.compile(r"credit|copyright|source|author|photographer", re.IGNORECASE)
_CAPTION_HINT = re.compile(r"caption|legend|legende|bildunterschrift", re.IGNORECASE)


def split_credit(caption: str | None) -> tuple[str | None, str | None]:
    """Split a caption into (caption, credit).

    >>> split_credit("Ministers meet in Moscow (photo credit: PAVEL GOLOVKIN/POOL VIA REUTERS)")
    ('Ministers meet in Moscow', 'PAVEL GOLOVKIN/POOL VIA REUTERS')
    >>> split_credit("Die Kanzlerin in Berlin. Foto: dpa")
    ('Die Kanzlerin in Berlin.', 'dpa')
    >>> split_credit("Just a caption")
    ('Just a caption', None)
    """
    text = clean_text(caption)
    if not text:
        return None, None
    match = _CREDIT_IN_CAPTION.search(text)
    if not match:
        return text, None
    credit = clean_text(match.group("credit") or match.group("copy"))
    return clean_text(text[: match.start()]), credit


def clean_credit(value: str | None) -> str | None:
    """Return a credit without its label and brackets.

    >>> clean_credit("(photo credit: PAVEL GOLOVKIN/POOL VIA REUTERS)")
    'PAVEL GOLOVKIN/POOL VIA REUTERS'
    >>> clean_credit("© AFP")
    'AFP'
    """
    text = clean_text(value)
    if not text:
        return None
    caption, credit = split_credit(text)
    if credit:
        return credit if not caption else text
    return text.strip("()[] ") or None


def _first_figure(tree: HtmlElement) -> HtmlElement | None:
    """Find the figure that leads the article: inside <article>/<main> when the page has one."""
    for container_tag in ("article", "main"):
        for container in tree.iter(container_tag):
            figure = next(container.iter("figure"), None)
            if figure is not None:
                return figure
    return next(tree.iter("figure"), None)


def visible_image(tree: HtmlElement) -> dict[str, str]:
    """Image URL, caption and credit of the lead ``<figure>`` as the page shows them."""
    figure = _first_figure(tree)
    if figure is None:
        return {}
    found: dict[str, str] = {}
    image = next(figure.iter("img"), None)
    if image is not None:
        src = image.get("src") or image.get("data-src") or image.get("data-original")
        if src and not src.startswith("data:"):
            found["image_url"] = src
    credit_element = None
    for element in figure.iter():
        attrs = f"{element.get('class') or ''} {element.get('itemprop') or ''}"
        if element is not figure and _CREDIT_HINT.search(attrs):
            credit_element = element
            break
    if credit_element is not None:
        credit = clean_credit(credit_element.text_content())
        if credit:
            found["image_credit"] = credit
    caption_element = next(figure.iter("figcaption"), None)
    if caption_element is None:
        caption_element = next(
            (e for e in figure.iter() if _CAPTION_HINT.search(e.get("class") or "")), None
        )
    if caption_element is not None:
        text = caption_element.text_content()
        if credit_element is not None and _is_inside(credit_element, caption_element):
            text = text.replace(credit_element.text_content(), " ")
        caption, credit = split_credit(text)
        if caption:
            found["image_caption"] = caption
        if credit and "image_credit" not in found:
            found["image_credit"] = credit
    return found


def _is_inside(element: HtmlElement, container: HtmlElement) -> bool:
    return any(ancestor is container for ancestor in element.iterancestors())
