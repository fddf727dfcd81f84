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
    redactor redactora periodista corresponsal giornalista inviato inviata corrispondente
    correspondante correspondente корреспондент кореспондент
    agenturen agencies agences agencias agenzie wire wires newsdesk enviado enviada especial
    nachrichten nieuws notizie noticias nouvelles actualités aktuell actualidad attualità
    phd md mph msc
    """
    )
)
# A post after a name: a role, a preposition and a place ("envoyé spécial à Kharkiv",
# "correspondent in Kyiv", "enviada especial a Kiev"), up to the next separator or "and".
_ROLE_AT_PLACE = re.compile(
    r",\s*(?:(?:"
    + "|".join(sorted(map(re.escape, ROLE_WORDS), key=len, reverse=True))
    + r")\s+)+(?:in|at|à|a|au|aux|en|em|no|na|nach|aus|from|de|desde|da|w|we|в|во|у)\s+"
    r"(?P<place>[^\W\d_][^,;|/]*?)(?=\s*[,;|/]|\s+(?:and|et|y|e|und|i|и|і)\s|$)",
    re.IGNORECASE,
)


def without_post(byline: str) -> str:
    """The byline without the post that follows a name, its place being no name.

    >>> without_post("Par Jean Dupont, envoyé spécial à Kharkiv, et Anne Roy")
    'Par Jean Dupont, et Anne Roy'
    >>> without_post("Por Ana Pérez, corresponsal en Bruselas y Luis Gil")
    'Por Ana Pérez y Luis Gil'
    >>> without_post("Ann Lee, reporter at large")  # no place: left to the role rules
    'Ann Lee, reporter at large'
    """
    return _ROLE_AT_PLACE.sub(lambda m: "" if m["place"][0].isupper() else m[0], byline)


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
        authors autoren auteur auteurs autores autori autorzy
        redazione redacción rédaction redactie redakcja redação equipe équipe equipo zespół
        publisher unbekannt unbenannt anonyme anónimo anonimo inconnu desconocido sconosciuto
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
    "staff report",
    "staff reports",
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


def _fix_caps_words(words: list[str], first: bool) -> list[str]:
    """Proper-case the ALL-CAPS words of a name (``first``: they open it).

    A particle is lower-cased, except an article that opens a surname: "Le Pen", "La
    Fontaine" (French), but "de la Fuente" (Spanish), "van der Berg".

    >>> _fix_caps_words(["MARINE", "LE", "PEN"], True)
    ['Marine', 'Le', 'Pen']
    >>> _fix_caps_words(["DE", "LA", "FUENTE"], False)
    ['de', 'la', 'Fuente']
    >>> _fix_caps_words(["JAMES", "SMITH", "III"], True)
    ['James', 'Smith', 'III']
    """
    fixed: list[str] = []
    for index, word in enumerate(words):
        opens = first and index == 0
        after_particle = index > 0 and words[index - 1].lower() in PARTICLES
        if index and len(word.rstrip(".")) > 1 and _ROMAN_NUMERAL.match(word):
            fixed.append(word)  # a generation: "JAMES SMITH III"
        elif not opens and word.lower() in _ARTICLES and not after_particle:
            fixed.append(word[:1] + word[1:].lower())
        else:
            fixed.append(_fix_caps_word(word, opens))
    return fixed


# Particles that, opening a surname, are capitalised: "Le Pen", "La Fontaine".
_ARTICLES = frozenset({"le", "la"})


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
    """Proper-case a name written in capitals, or whose surname is (AFP's "Bill MCCARTHY").

    Other names with a lower-case letter are kept.

    >>> fix_caps("SETH J. FRANTZMAN")
    'Seth J. Frantzman'
    >>> fix_caps("LUDWIG VAN DER BERG"), fix_caps("BASHAR AL-ASSAD"), fix_caps("Ronald McDonald")
    ('Ludwig van der Berg', 'Bashar al-Assad', 'Ronald McDonald')
    >>> fix_caps("Bill MCCARTHY"), fix_caps("Jean-Pierre DUPONT"), fix_caps("Ludwig VAN DER BERG")
    ('Bill McCarthy', 'Jean-Pierre Dupont', 'Ludwig van der Berg')
    >>> fix_caps("John Doe III"), fix_caps("Redaktion MSM"), fix_caps("Ann Lee REUTERS")
    ('John Doe III', 'Redaktion MSM', 'Ann Lee REUTERS')
    >>> fix_caps("ANGUS McDONALD"), fix_caps("Angus McDONALD")
    ('Angus McDonald', 'Angus McDonald')
    """
    letters = [c for c in name if c.isalpha()]
    if (len(letters) <= 4 or _STATION.match(name)) and " " not in name:
        return name  # an acronym ("LTO", "BBC") or a station ("WSB-TV"), not a name
    if len(letters) < 2 or not any(c.isupper() for c in letters):
        return name
    if not all(_in_capitals(word) for word in name.split() if any(map(str.isalpha, word))):
        return _fix_caps_surname(name)
    return " ".join(_fix_caps_words(name.split(), True))


_ROMAN_NUMERAL = re.compile(r"^[IVX]+\.?$")
# A broadcaster's call sign, which its staff's bylines name: "WSB-TV", "KQED-FM".
_STATION = re.compile(r"^[A-Z]{3,5}-(?:TV|FM|AM|DT)$")
# A Scottish or Irish surname in capitals as sites set them: "McDONALD", "MacLEOD".
_MC_IN_CAPITALS = re.compile(r"^(?:Mc|Mac)[A-Z][A-Z'’-]+$")


def _in_capitals(word: str) -> bool:
    """Whether ``word`` is set in capitals (a Mc or Mac prefix aside)."""
    return word.isupper() or bool(_MC_IN_CAPITALS.match(word))


def _fix_caps_surname(name: str) -> str:
    """Proper-case the surname of "Bill MCCARTHY" (press agencies' and French style).

    Given names as written, then the surname in capitals, particles included ("Ludwig VAN
    DER BERG"); anything else is kept as written.
    """
    words = name.split()
    first = next((i for i in range(1, len(words)) if _caps_surname(words[i:])), None)
    if first is None:
        return name
    return " ".join([*words[:first], *_fix_caps_words(words[first:], False)])


def _caps_surname(words: list[str]) -> bool:
    """Whether ``words`` are a surname in capitals.

    Particles, and words of four letters or more ("MSM", "WBF", "ORF" are acronyms); no
    Roman numeral ("III"), no agency ("Ann Lee REUTERS").
    """
    core = [w for w in words if w.lower() not in PARTICLES]
    return (
        bool(core)
        and all(_in_capitals(w) for w in words)
        and all(sum(map(str.isalpha, w)) >= 4 for w in core)
        and not any(_ROMAN_NUMERAL.match(w) or w.casefold() in AGENCIES for w in core)
    )
