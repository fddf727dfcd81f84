"""The lead image: its URL, its caption and its credit, kept apart.

Captions often end with the credit in the page's own words: "(photo credit: X)", "Photo: X",
"Foto: X", "© X", "X/Reuters". The credit is cut off the caption and returned separately,
so neither field carries the other and the body cleaner can drop both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from lxml.html import HtmlElement

from newscrawl.extract.page import HIDDEN_CLASS
from newscrawl.extract.pictures import CAPTION_HINT, first_picture, lead_picture
from newscrawl.extract.processors import clean_text

# Possessive spaces (``\s*+``), started where no space stands before, and a credit that
# ends with a letter, not a space: the same matches on cleaned text, but a run of spaces
# is read once, not split every way between the optional parts (1,000 raw spaces took the
# plain pattern 89 s).
_CREDIT_IN_CAPTION = re.compile(
    r"(?<!\s)\s*+[\(\[]?\s*+(?:(?:photo|image|picture|video|foto|bild|grafik|photographie|"
    r"imagen)\s*+)?"
    r"(?:credits?|source|quelle|crédits?|créditos?|copyright|©|foto|fotos|фото|bild|photo|photos|"
    r"image|imagen|"
    r"picture|photograph|illustration|graphic|grafik|video|تصوير|צילום)\s*+(?::|\.{3}|…)\s*+"
    r"(?P<credit>[^()\[\]]*?[^()\[\]\s])\s*+[\)\]]?\s*+$"
    # "… ended. Photo by Ann Lee", "… (Photo by Ann Lee)", "… | Foto von Ann Lee"
    r"|(?:(?<=[.!?])\s*+|\s*+[|•·–—]\s*+|\s*+\(\s*+)"
    r"(?:photo(?:graph)?s?|image|picture|foto)\s++(?:by|von|de|par|por|di)\s++"
    r"(?P<by>[^()\[\]]*?[^()\[\]\s])\s*+\)?\s*+$"
    r"|(?<!\s)\s*+[\(\[]?\s*+©\s*+(?P<copy>[^()\[\]]*?[^()\[\]\s])\s*+[\)\]]?\s*+$",
    re.IGNORECASE,
)
_CREDIT_HINT = re.compile(r"credit|copyright|source|author|photographer", re.IGNORECASE)
# A credit's label opening an element's text: "© Ann Lee", "Photo: Ann Lee/AFP".
_CREDIT_LABEL = re.compile(
    r"\s*(?:©|(?:photo|foto|фото|bild|image|credits?|crédits?|copyright|quelle|source|تصوير|צילום)"
    # "Credit...Ann Lee" (the New York Times' ellipsis for a colon)
    r"\s*(?::|\.{3}|…)|(?:photo(?:graph)?s?|image|picture|foto)\s+(?:by|von|de|par|por|di)\s)",
    re.IGNORECASE,
)


def split_credit(caption: str | None) -> tuple[str | None, str | None]:
    """Split a caption into (caption, credit).

    >>> split_credit("Ministers meet in Moscow (photo credit: PAVEL GOLOVKIN/POOL VIA REUTERS)")
    ('Ministers meet in Moscow', 'PAVEL GOLOVKIN/POOL VIA REUTERS')
    >>> split_credit("Die Kanzlerin in Berlin. Foto: dpa")
    ('Die Kanzlerin in Berlin.', 'dpa')
    >>> split_credit("Just a caption")
    ('Just a caption', None)
    >>> split_credit("Students watch the vote. (ELEANOR VOSS/THE DAILY MERIDIAN)")
    ('Students watch the vote.', 'ELEANOR VOSS/THE DAILY MERIDIAN')
    >>> split_credit("An artist's impression. Illustration: Jonah Perry")
    ("An artist's impression.", 'Jonah Perry')
    >>> split_credit("Legende: Biden traf seine Berater.")
    ('Biden traf seine Berater.', None)
    >>> split_credit("Demonstration nach dem Tod von Mahsa Amini. Uncredited/AP/dpa")
    ('Demonstration nach dem Tod von Mahsa Amini.', 'Uncredited/AP/dpa')
    >>> split_credit("/Getty Images/iStockphoto"), split_credit("jdoe - stock.adobe.com")
    ((None, 'Getty Images/iStockphoto'), (None, 'jdoe - stock.adobe.com'))
    >>> split_credit("8 Min"), split_credit("Jaurès à l'Assemblée. Crédits : Getty")
    ((None, None), ("Jaurès à l'Assemblée.", 'Getty'))
    >>> split_credit("The harbour at dawn. Photo by Ann Lee")
    ('The harbour at dawn.', 'Ann Lee')
    >>> split_credit("The ferry on Monday. Credit...John Roe for The Daily")
    ('The ferry on Monday.', 'John Roe for The Daily')
    >>> split_credit("A photo by the lake shows the old pier"), split_credit("المرفأ (تصوير: علي)")
    (('A photo by the lake shows the old pier', None), ('المرفأ', 'علي'))
    >>> split_credit("Порт на рассвете Фото: Анна Ли"), split_credit("Der Hafen / Foto: Envato")
    (('Порт на рассвете', 'Анна Ли'), ('Der Hafen', 'Envato'))
    """
    text = clean_text(_CAPTION_LABEL.sub("", caption or ""))
    if not text:
        return None, None
    if _DURATION.match(text):
        return None, None  # a video's running time, where its caption would be
    match = _CREDIT_IN_CAPTION.search(text)
    if not match:
        if _ONLY_CREDIT.match(text):
            return None, text.lstrip("/ ")
        trailing = _BRACKETED.search(text) or _AGENCY_AFTER_SENTENCE.search(text)
        if trailing and _looks_like_credit(trailing.group("credit")):
            return clean_text(text[: trailing.start()]), clean_text(trailing.group("credit"))
        return text, None
    credit = clean_text(match.group("credit") or match.group("copy") or match.group("by"))
    return _without_trailing_dash(clean_text(text[: match.start()])), credit


# A video's running time where its caption goes: "8 Min", "3:18 min".
_DURATION = re.compile(r"^\d{1,3}(?::\d{2})?\s*(?:min|mins|minuten|minutes|sek|sec|s)\.?$", re.I)
# What a page prints before a caption: "Legende:", "Bildunterschrift:", "Caption:".
_CAPTION_LABEL = re.compile(
    r"^\s*(?:legende|bildlegende|bildunterschrift|légende|caption|leyenda|didascalia)\s*:\s*",
    re.IGNORECASE,
)
# A caption that is only a credit: "/Getty Images/iStockphoto", "jdoe - stock.adobe.com".
_ONLY_CREDIT = re.compile(
    r"^\s*/\s*\S.{0,60}$|^[^.!?]{0,40}?\b(?:stock\.adobe\.com|adobe ?stock|istockphoto|"
    r"stock ?adobe|getty ?images|shutterstock|unsplash|pexels|pixabay)\s*$",
    re.IGNORECASE,
)
# A credit after the caption's last sentence, unbracketed: "... Mahsa Amini. Uncredited/AP/dpa".
_AGENCY_AFTER_SENTENCE = re.compile(r"(?<=[.!?])\s+(?P<credit>[^\s/]+(?:\s?/\s?[^\s/]+)+)\s*$")


# A credit in brackets at the end of a caption, without a label: "(REUTERS/JANE DOE)".
_BRACKETED = re.compile(r"\s*[\(\[](?P<credit>[^()\[\]]{2,80})[\)\]]\s*$")
_CREDIT_WORDS = re.compile(
    r"\b(?:photo|photos|foto|getty|reuters|afp|ap|epa|dpa|shutterstock|imago|istock|"
    r"alamy|ansa|efe|xinhua|picture alliance|keystone|anp|tass)\b",
    re.IGNORECASE,
)


def _looks_like_credit(text: str) -> bool:
    """Whether bracketed text is a credit: agency words, "Name/Agency", or all capitals.

    >>> _looks_like_credit("ELEANOR VOSS/THE DAILY MERIDIAN"), _looks_like_credit("AP Photo")
    (True, True)
    >>> _looks_like_credit("left"), _looks_like_credit("2019"), _looks_like_credit("FILE")
    (False, False, False)
    """
    if _CREDIT_WORDS.search(text) or re.search(r"[^\W\d_]\s?/\s?[^\W\d_]", text):
        return True
    words = re.findall(r"[^\W\d_]+", text)
    return len(words) >= 2 and all(word.isupper() for word in words)


# A dash or bar left at the end of a caption its credit was cut from: "The harbour —".
_TRAILING_DASH = re.compile(r"\s+[—–\-|·•/]+$")


def _without_trailing_dash(text: str | None) -> str | None:
    return _TRAILING_DASH.sub("", text) if text else text


def clean_credit(value: str | None) -> str | None:
    """Return a credit without its label and brackets.

    >>> clean_credit("(photo credit: PAVEL GOLOVKIN/POOL VIA REUTERS)")
    'PAVEL GOLOVKIN/POOL VIA REUTERS'
    >>> clean_credit("© AFP"), clean_credit("Foto: Ann Lee (Reuters) | Vídeo: EPV")
    ('AFP', 'Ann Lee (Reuters) | Vídeo: EPV')
    >>> clean_credit("Photo by Perry Knotts/Getty Images"), clean_credit("Photograph by Doug Roe")
    ('Perry Knotts/Getty Images', 'Doug Roe')
    """
    text = clean_text(value)
    if not text:
        return None
    label = _CREDIT_LABEL.match(text)
    if label:  # "Foto: Ann Lee (Reuters) | Vídeo: EPV"
        text = text[label.end() :].strip()
    caption, credit = split_credit(text)
    if credit:
        return credit if not caption else text
    text = _unbracketed(text)
    return text if any(ch.isalnum() for ch in text) else None  # not a lone "©"


def _unbracketed(text: str) -> str:
    """``text`` without the brackets around it, or an unmatched one at its ends.

    >>> _unbracketed("(Reuters)"), _unbracketed("Dieter Mayr (KNA)"), _unbracketed("AP)")
    ('Reuters', 'Dieter Mayr (KNA)', 'AP')
    >>> _unbracketed("(©)"), _unbracketed("(")
    ('©', '')
    """
    text = text.strip()
    for opening, closing in ("()", "[]"):
        while len(text) > 1 and text[0] == opening and text[-1] == closing:
            text = text[1:-1].strip()
        if text.startswith(opening) and text.count(opening) > text.count(closing):
            text = text[1:].strip()
        if text.endswith(closing) and text.count(closing) > text.count(opening):
            text = text[:-1].strip()
    return text


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
        caption = _without_trailing_dash(caption)
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
        label = _CREDIT_LABEL.match(text)
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
# Lower-case words of a name: "Laura de la Cruz", "Jan van Dijk", "Ali bin Said".
_NAME_PARTICLES = frozenset(
    {"de", "del", "della", "di", "da", "dos", "das", "du", "la", "le", "van", "von", "der"}
    | {"den", "ter", "y", "e", "bin", "al", "el"}
)


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
    return last if _reads_as_credit(text) else None


def _reads_as_credit(text: str) -> bool:
    """Whether ``text`` reads as a picture's credit: an agency, "Name/Agency", or a name.

    >>> _reads_as_credit("Claudio Álvarez"), _reads_as_credit("J. Scott Applewhite/AP")
    (True, True)
    >>> _reads_as_credit("Laura de la Cruz"), _reads_as_credit("EFE")
    (True, True)
    >>> _reads_as_credit("The harbour at dawn."), _reads_as_credit("Berlin, 2019")
    (False, False)
    """
    if _looks_like_credit(text) or _ONLY_CREDIT.match(text):
        return True
    words = text.split()
    return (
        2 <= len(words) <= 5
        and words[0][0].isupper()
        and all(word[0].isupper() or word in _NAME_PARTICLES for word in words)
        and all(re.fullmatch(r"[^\W\d_][^\W\d_'’.-]*", word) for word in words)
        and not (text.endswith(".") and len(words[-1]) > 2)  # a sentence, not "Ann B."
    )
