"""A picture's credit, in text: cut off its caption, and cleaned of its label.

Captions often end with the credit in the page's own words: "(photo credit: X)", "Photo: X",
"Foto: X", "© X", "X/Reuters". :func:`split_credit` cuts the credit off the caption and
returns it separately, so neither field carries the other and the body cleaner can drop
both; :func:`clean_credit` reads a credit's own element. Which element of the page holds
the caption and which the credit is :mod:`newscrawl.extract.images`' question.
"""

from __future__ import annotations

import re

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
# A credit's label opening an element's text: "© Ann Lee", "Photo: Ann Lee/AFP".
CREDIT_LABEL = re.compile(
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
    return without_trailing_dash(clean_text(text[: match.start()])), credit


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


def without_trailing_dash(text: str | None) -> str | None:
    """``text`` without a dash or a bar left at its end (where a credit stood after it).

    >>> without_trailing_dash("The harbour —"), without_trailing_dash("Left | Right")
    ('The harbour', 'Left | Right')
    """
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
    label = CREDIT_LABEL.match(text)
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


# Lower-case words of a name: "Laura de la Cruz", "Jan van Dijk", "Ali bin Said".
_NAME_PARTICLES = frozenset(
    {"de", "del", "della", "di", "da", "dos", "das", "du", "la", "le", "van", "von", "der"}
    | {"den", "ter", "y", "e", "bin", "al", "el"}
)


def reads_as_credit(text: str) -> bool:
    """Whether ``text`` reads as a picture's credit: an agency, "Name/Agency", or a name.

    >>> reads_as_credit("Claudio Álvarez"), reads_as_credit("J. Scott Applewhite/AP")
    (True, True)
    >>> reads_as_credit("Laura de la Cruz"), reads_as_credit("EFE")
    (True, True)
    >>> reads_as_credit("The harbour at dawn."), reads_as_credit("Berlin, 2019")
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
