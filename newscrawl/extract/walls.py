"""Login and subscription walls: "Subscribe to read", "Sign in to continue reading".

A page behind a wall shows a teaser (or nothing) and a prompt instead of the article. The
prompt's wording is what gives it away, in every language; a bare "Subscribe" button in
the site header does not count. Prompts are looked for in the text a reader sees: script
data, ``<template>``s and hidden elements are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import XPath
from lxml.html import HtmlElement

#: Wording of a wall prompt. Matched case-insensitively anywhere in a text.
WALL_PROMPT = re.compile(
    # Every prompt starts a word: one "\b" in front of them all (see paragraphs._PROMPT).
    r"\b(?:"
    # English
    r"subscribe (?:now |today )?(?:to|and) (?:read|continue|keep reading|unlock|access|"
    r"get (?:full|unlimited) access)|"
    r"(?:sign|log) ?in (?:or (?:subscribe|register) )?to (?:continue|read|keep reading|"
    r"access|view|unlock)|"
    r"(?:create|register for) (?:a |an )?(?:free )?account to (?:continue|read|keep reading|"
    r"unlock)|register (?:for free )?to (?:continue|read|keep reading|unlock)|"
    r"(?:article|story|content|page) is (?:only )?(?:available )?(?:exclusively )?"
    r"(?:for|to) (?:our )?(?:paid |paying |premium |digital |registered )?"
    r"(?:subscribers|members)\b|"
    r"(?:for|to) (?:paid |paying |premium )?subscribers only\b|"
    r"subscribers[- ]only (?:article|story|content)\b|"
    r"to (?:continue|keep) reading,? (?:please )?(?:subscribe|sign in|log in|register)|"
    r"preview of subscription content\b|"
    r"you(?:'ve| have) reached (?:your|the) (?:limit|(?:monthly )?(?:free )?article limit)|"
    r"this (?:article|story) is free to read,? register|"
    # German, French, Spanish, Italian, Portuguese, Dutch
    r"(?:nur|exklusiv) für (?:abonnenten|abonnentinnen|abonnent\*innen|plus-leser)|"
    r"(?:jetzt )?(?:abonnieren|abo abschließen|registrieren) und weiterlesen|"
    r"sie möchten (?:gerne )?weiterlesen\?|registrieren sie sich (?:jetzt )?(?:kostenlos|gratis)\b|"
    r"um (?:den|diesen) (?:ganzen |vollständigen |kompletten )?artikel (?:zu lesen|"
    r"weiterzulesen)|"
    r"réservée? aux abonnés|abonnez-vous pour (?:lire|continuer)|"
    r"exclusivo para (?:suscriptores|assinantes|socios)|"
    r"suscr[ií]b[ae]te para (?:seguir )?leer|assine para continuar lendo|"
    r"riservat[oa] agli abbonati|abbonati per (?:continuare a )?leggere|"
    r"alleen voor abonnees)",
    re.IGNORECASE,
)
# A word every prompt above contains, to find the few places worth a full match: one pass
# of this over a lowercased page costs a tenth of one pass of the whole pattern.
_ANCHOR = re.compile(
    r"subscribe (?:now |today )?(?:to|and) |(?:sign|log) ?in (?:or (?:subscribe|register) )?to |"
    r"account to |register (?:for free )?to |subscribers|members|reached (?:your|the) |"
    r"reading,? (?:please )?(?:subscribe|sign|log|register)|"
    r"abonn|weiterles|weiterzules|artikel zu|registrieren sie|preview of sub|exclusivo para|"
    r"suscr[ií]b|assine para|abbonat"
)
#: The same, for text already lowercased: without IGNORECASE Python's engine compares
#: letters as they are, three times as fast on a long alternation like this one.
LOWERCASE_WALL_PROMPT = re.compile(WALL_PROMPT.pattern)
_BEFORE, _AFTER = 120, 100  # characters around an anchor that a prompt can span
_HIDDEN = XPath(
    "//script | //style | //noscript | //template | //*[@hidden]"
    " | //*[contains(translate(@style, ' ', ''), 'display:none')]"
)


def shows_wall(tree: HtmlElement, page_text: str) -> bool:
    """Whether the page shows a wall prompt to the reader.

    ``page_text`` is the text of the page's ``<body>`` (scripts included). A prompt found
    there counts if it occurs more often than in the page's scripts, templates and hidden
    elements: many sites ship the prompt of their metered paywall, hidden, on every page.
    Costs milliseconds on a large page: call it only when the answer matters.

    >>> from lxml.html import fromstring
    >>> page = fromstring("<html><body><p>Subscribe to read the full story.</p></body></html>")
    >>> shows_wall(page, page.text_content())
    True
    >>> hidden = fromstring(
    ...     '<html><body><p hidden>Subscribe to read.</p><a>Subscribe</a></body></html>')
    >>> shows_wall(hidden, hidden.text_content())
    False
    """
    lowered = page_text.lower()
    invisible: str | None = None
    for prompt in _prompts(lowered):
        if invisible is None:
            invisible = " ".join(element.text_content() for element in _HIDDEN(tree)).lower()
        if lowered.count(prompt) > invisible.count(prompt):
            return True
    return False


def has_prompt(text: str) -> bool:
    """Whether ``text`` contains a wall prompt.

    >>> has_prompt("Menu Subscribe Sign in ... To keep reading, please log in.")
    True
    >>> has_prompt("Menu Subscribe Sign in ... The story itself.")
    False
    """
    return next(_prompts(text.lower()), None) is not None


def _prompts(lowered: str) -> Iterator[str]:
    """The prompts in a lowercased text, found around cheap anchor words."""
    for anchor in _ANCHOR.finditer(lowered):
        start = max(0, anchor.start() - _BEFORE)
        match = LOWERCASE_WALL_PROMPT.search(lowered, start, anchor.end() + _AFTER)
        if match:
            yield match.group()
