"""What names are made of, and what bylines carry that is none.

The vocabulary :mod:`newscrawl.extract.authors` cleans bylines with: news agencies under
their usual spelling, role words ("Staff Writer"), placeholders a CMS prints for a missing
author, administrator accounts; and the particles that decide how a name set in capitals
is proper-cased ("LUDWIG VAN DER BERG" -> "Ludwig van der Berg").
"""

from __future__ import annotations

import re


def _words(text: str) -> list[str]:
    return text.split()


# Written before or after a name and no part of it.
ROLE_WORDS = frozenset(
    _words(
        """
    staff writer writers reporter reporters correspondent correspondents editor editors
    columnist columnists contributor contributors contributing senior chief deputy
    managing political diplomatic foreign military defense defence economics business
    sports science health tech technology culture opinion news national international
    bureau desk team analyst analysts producer producers photographer photographers
    photo photos video special freelance journalist journalists author authors guest
    associate executive editorial board assistant host anchor researcher writer
    contributer redakteur redakteurin redaktion korrespondent korrespondentin autorin
    rédacteur rédactrice journaliste envoyé envoyée spécial spéciale correspondant
    redactor redactora periodista corresponsal giornalista inviato
    agenturen agencies agences agencias agenzie wire wires newsdesk enviado enviada especial
    phd md mph msc
    """
    )
)
# Agencies and their usual spelling; matched case-insensitively on the whole segment.
AGENCIES = {
    name.casefold(): name
    for name in (
        "Reuters",
        "AP",
        "AFP",
        "dpa",
        "APA",
        "ANSA",
        "EFE",
        "Kyodo",
        "Xinhua",
        "TASS",
        "UPI",
        "PA",
        "KNA",
        "epd",
        "SDA",
        "ANP",
        "Belga",
        "JTA",
        "TPS",
        "Bloomberg",
        "Associated Press",
        "The Associated Press",
        "Agence France-Presse",
        "Yonhap",
        "Anadolu",
        "WAFA",
        "Ritzau",
        "NTB",
        "TT",
    )
}
# Single words that bylines carry but that are no names: placeholders, labels, month names.
_NOT_NAMES = frozenset(
    word.casefold()
    for word in _words(
        """
        staff admin administrator editorial unknown none guest redaktion team by name
        erforderlich required author autor anonymous anonym antworten reply text datum
        date interview schließen close red sponsored advertorial anzeige werbung promoted
        gmbh ag inc ltd llc
        jan feb mar apr may jun jul aug sep sept oct nov dec january february march april
        june july august september october november december januar februar märz mai juni
        juli oktober dezember janvier février mars avril juin juillet août septembre
        octobre novembre décembre enero febrero marzo abril mayo junio julio agosto
        septiembre octubre noviembre diciembre
        """
    )
)
# Whole bylines that are no names: those words, and CMSes' placeholders for a missing author.
NOT_NAMES_OR_PLACEHOLDERS = _NOT_NAMES | {
    "no author",
    "not available",
    "n/a",
    "kein autor",
    "sans auteur",
    "sin autor",
    # Labels of paid pieces, written where a byline goes: "Ann Lee (Sponsored Post)".
    "sponsored post",
    "sponsored content",
    "paid post",
    "paid content",
    "partner content",
    "promoted content",
}
# A CMS's administrator account, which published the post: "wordpressadmin", "WP_Admin".
ADMIN_ACCOUNT = re.compile(
    r"(?:wp|wordpress|site|web|blog|super)?[_ -]?admin(?:istrator)?\d*", re.IGNORECASE
)
# Lower-case name particles, kept lower-case when fixing ALL-CAPS names (not as first word).
PARTICLES = frozenset(
    _words(
        """
    van der den de del della di da dos das du la le von zu ter ten bin ibn bint al el y
    """
    )
)
# Arabic article prefixes written with a hyphen: "AL-ASSAD" -> "al-Assad".
_HYPHENPARTICLES = frozenset({"al", "el", "ad", "ash", "as", "at", "az", "ben", "abu", "bin"})


def _fix_caps_word(word: str, first: bool) -> str:
    """Proper-case one ALL-CAPS word of a name.

    >>> _fix_caps_word("MCDONALD", True), _fix_caps_word("O'BRIEN", True)
    ('McDonald', "O'Brien")
    >>> _fix_caps_word("AL-ASSAD", True), _fix_caps_word("VAN", False), _fix_caps_word("J.", False)
    ('al-Assad', 'van', 'J.')
    """
    lower = word.lower()
    if not first and lower in PARTICLES:
        return lower
    parts = re.split(r"([-'’])", word)
    fixed = []
    for index, part in enumerate(parts):
        if part in "-'’" or not part:
            fixed.append(part)
            continue
        low = part.lower()
        followed_by_hyphen = index + 1 < len(parts) and parts[index + 1] == "-"
        if index == 0 and followed_by_hyphen and low in _HYPHENPARTICLES:
            fixed.append(low)
        elif low.startswith("mc") and len(low) > 2:
            fixed.append("Mc" + low[2].upper() + low[3:])
        else:
            fixed.append(low[:1].upper() + low[1:])
    return "".join(fixed)


def fix_caps(name: str) -> str:
    """Proper-case a name written in capitals; names with any lower-case letter are kept.

    >>> fix_caps("SETH J. FRANTZMAN")
    'Seth J. Frantzman'
    >>> fix_caps("LUDWIG VAN DER BERG"), fix_caps("BASHAR AL-ASSAD"), fix_caps("Ronald McDonald")
    ('Ludwig van der Berg', 'Bashar al-Assad', 'Ronald McDonald')
    """
    letters = [c for c in name if c.isalpha()]
    if len(letters) <= 4 and " " not in name:
        return name  # an acronym ("LTO", "BBC"), not a name set in capitals
    if (
        len(letters) < 2
        or any(c.islower() for c in letters)
        or not any(c.isupper() for c in letters)
    ):
        return name
    return " ".join(_fix_caps_word(word, i == 0) for i, word in enumerate(name.split()))
