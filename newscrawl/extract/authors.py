"""Author names: from messy bylines and metadata to a clean list of people and agencies.

Bylines carry much that is not a name: "By", roles ("Staff Writer"), e-mail addresses,
social handles, "Updated ..." timestamps, several names in one string ("A, B and C"), and
names set in capitals by the page's CSS author ("SETH J. FRANTZMAN"). News agencies are kept,
under their usual spelling, because "Reuters" is the honest answer to "who wrote this".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from w3lib.html import remove_tags

from newscrawl.extract.datelines import DATE_LABELS
from newscrawl.extract.fields import squash
from newscrawl.extract.names import (
    ADMIN_ACCOUNT,
    AGENCIES,
    NOT_NAMES_OR_PLACEHOLDERS,
    PARTICLES,
    ROLE_WORDS,
    fix_caps,
    without_post,
)
from newscrawl.extract.processors import clean_text, unique

# "By" in the languages of the corpus; only at the start of a byline.
_BY_PREFIX = re.compile(
    r"^(?:(?:an?\s+|ein\s+)?(?:written|reported|posted|published|text|story|words|photos?|"
    r"interview|article|artikel|(?:gast|blog)?[- ]?beitrag|eingestellt|erstellt|geschrieben|"
    r"verfasst|veröffentlicht|publié|écrit|publicado|escrito)\s+)?"
    r"(?:by|from|von|vom|par|por|pela|pelo|door|di|da|av|af|przez|autor(?:in|a|e)?|author|"
    r"auteur|text|texto|"
    r"tekst|testo|redazione|redaktion(?=\s*:)|författare|yazar|автор|редакция|מאת|בקלם|بقلم|كتب|كتبت|إعداد|文|"
    # Indonesian's "by" and "writer"; Greek writes "by" as the genitive article: "Του Γιώργου".
    r"oleh(?=\s*:)|penulis|του|της|των|"
    r"(?=interview\s*:)interview)"
    r"(?:\s*[:\-–—]\s*|\s+)",
    re.IGNORECASE,
)


# Words that join names: split there ("A and B", "A und B", "A & B").
_CONJUNCTION = r"(?:and|und|et|y|e|en|og|och|ja|és|и)"
# A comma may come with its conjunction (the serial comma: "Ann Lee, Editor, and Tom Roe").
_JOINERS = re.compile(
    rf"\s*(?:,(?:\s+{_CONJUNCTION}(?=\s))?|;|\||/|\n|\s&\s|\s\+\s|\s{_CONJUNCTION}\s)\s*",
    re.IGNORECASE,
)
# Words of an organisation's name, whose "and" is its own ("Department of Health and Human
# Services", "Bundesministerium für Wirtschaft und Klimaschutz"): a government's or an
# association's press release names it as the author.
_ORGANISATION = re.compile(
    r"\b(?:\w*ministeri\w*|ministry|minist[eè]re|d[eé]part[ae]?ment\w*|dipartimento|"
    r"bundes\w+|\w*fraktion|\w*verband|verein|stiftung|foundation|association|"
    r"institut\w*|universit\w*|hochschule|council|commission|kommission|agency|behörde)\b",
    re.IGNORECASE,
)
# Starting only where a word starts: tried at every letter of a long word, the pattern
# would read the word to its end each time (300,000 letters in an author field: minutes).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"(?:^|\s)@\w+")
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
# A site path given for a name (an author page's address): "/authors/ann-lee.html".
_PATH = re.compile(r"(?<!\S)(?:(?:/[^\s/]+)+/?|\S+\.(?:html?|php|aspx?))(?!\S)", re.IGNORECASE)
_PARENS = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]")
# "Updated", "Published", "Last modified" and what follows (dates and times); in a byline,
# "Update" too.
_TIMESTAMP_WORDS = re.compile(
    rf"\b(?:{DATE_LABELS}|update|stand(?=\s*:))\b(?!\s+(?:by|von|par|por)\b).*$",
    re.IGNORECASE,
)
# A date label and its date before "by": "Posted on September 21, 2020 by Adi Tzlil".
_DATED_BY = re.compile(
    rf"^(?:{DATE_LABELS})\b[^|]{{0,40}}?\s(by|von|par|por)\s+(?=\w)", re.IGNORECASE
)
# Picture credits after the writer's name: "Text von Ann Lee Illustration von Max Roe".
# ... and the other crafts' credits: "Story by Ann Lee • Photographs by Mark Lin", "Text:
# Ann Lee; Editing: Bob Ray".
_PICTURE_CREDIT = re.compile(
    r"[\s•|;·]\s*(?:illustrations?|fotos?|photos?|photographs?|photography|pictures?|bilder|"
    r"grafiken?|images?|videos?)\s*(?::|by|von|par|por|de|di)\s.*$"
    # (An editor's credit only after a separator: "Revised Edition Edited by Ann Lee" is a
    # book's editor, and no writer stands before it.)
    r"|\s*[•|;·]\s*(?:editing|edited|lektorat|produced|production)\s*(?::|by|von)\s.*$",
    re.IGNORECASE,
)
# A contributor's note after the name: "Ann Lee, Special to The Courier".
_SPECIAL_TO = re.compile(r",?\s+special to\b.*$", re.IGNORECASE)
# A Chinese or Japanese byline's label: "作者：王小明", "记者 李华", "文／王小明".
_CJK_LABEL = re.compile(r"^\s*(?:作者|记者|記者|撰文|文)\s*[:：/／]\s*")
# A biography after the name: "Jane Doe is a reporter at ...".
_BIO = re.compile(
    r"^(\S+\s+\S.*?)\s+(?:is|was|ist|est|es|è|writes|covers|reports)\s+.*$", re.IGNORECASE
)

_BY_INSIDE = re.compile(r"\s(?:by|von|par|por|door|av|af)\s+(?=\w)", re.IGNORECASE)
# "Alexa von Heyden": one capitalised given name before "von" makes "von" a particle.
_GIVEN_NAME = re.compile(r"[^\W\d_][^\s\d]*")
# After the date is cut off, what announced it: "lupa am", "Ann Lee, on", "John Walk - January".
_DATE_WORDS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|januar|februar|märz|mai|juni|juli|oktober|"
    r"dezember|monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|"
    r"mittwoch|donnerstag|freitag|samstag|sonntag)"
)
_DATE_TAIL = re.compile(
    rf"(?:[\s,;–—-]+(?:am|on|um|le|el|il|den|the)?\s*{_DATE_WORDS}\b.*|"
    r"\s+(?:am|at|on|um|le|vor|hace))$",
    re.IGNORECASE,
)
# A weekday abbreviation before the date it introduces: "Tomas Spahn Fr, 18. Oktober".
_WEEKDAY_BEFORE_DATE = re.compile(
    r"\s+(?:Mo|Di|Mi|Do|Fr|Sa|So|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?,?\s+\d.*$"
)
# Comment signatures, not bylines: "Art Edwards says", "Kersti Wolnow sagt".
_SAYS = re.compile(r"\s(?:says|said|sagt|schreibt|écrit|dice|scrive|zegt)$", re.IGNORECASE)
# Profile links printed after the name: "Nuño Domínguez Twitter".
_SOCIAL_TAIL = re.compile(
    r"(?:\s+(?:twitter|facebook|instagram|linkedin|mastodon|bluesky|e-?mail|mail))+$|"
    r"\s+(?:alle\s+(?:artikel|beiträge)|(?:view\s+)?all\s+(?:posts|articles|stories)|"
    r"more\s+by|mehr\s+von|tous\s+ses\s+articles)\b.*$",
    re.IGNORECASE,
)
# The publication or body a person wrote the piece for: "Glen Owen For The Mail On Sunday",
# "By Jane Doe For Mailonline", "Ann Lee for the Department of Energy". (A "for" is in the
# names of bodies too, "Institute for the Study of War": a name that opens as an
# organisation's is left whole.)
_FOR_PUBLICATION = re.compile(r"\s+(?:For|for(?=\s+(?:the\s+)?[^\W\d_]*[A-Z]))\s+\S.*$")
# A user name or URL slug, not a name as the page prints it: "edilson.la.rosa", "gabor_munier"
# (a domain, "mdr.de", "uncut-news.ch", is the publisher's name and stays).
_SLUG = re.compile(
    r"(?![a-z0-9._-]*\.(?:[a-z]{2,3}|info|online|news|media)$)[a-z0-9]+(?:[._-][a-z0-9]+)+"
)
# A lead word with nothing after it: "Artikel von", "Posted by".
_BY_ONLY = re.compile(r"(?:^|\s)(?:by|von|par|por|door)$", re.IGNORECASE)
# Digits in a name are rare ("BR24 Redaktion"); in a date or a time they are the point.
_DATEISH = re.compile(r"\d{1,4}\s*[./:-]\s*\d|\b(?:19|20)\d{2}\b|^[\d\W]+$")
_TRAILING_NUMBERS = re.compile(r"\s+\d.*$")
# The role that ends Korean, Japanese and Chinese bylines ("신현주 기자", "山田太郎記者"),
# and Korean's "and others" after it ("박준석 기자 외 1명": its count is cut before).
_CJK_ROLE = re.compile(
    r"\s*(?:기자|특파원|記者|特派員|编辑|记者|通讯员|論説委員|編集委員)(?:\s*외)?$"
)
# A broadcaster with its channel number, and its staff: "KXNT 7 News Staff", "FOX 5 Digital
# Team", "NBC 4 New York", "Channel 4 News".
_CHANNEL = re.compile(
    r"^(?P<station>(?:[A-Z]{2,5}|Channel)\s+\d{1,2}(?:\s+(?!Staff\b|Team\b|Digital\b)[A-Z]\w*)*)"
    r"(?:\s+(?:Digital\s+)?(?:Staff|Team|Desk)(?:\s+Reports?)?)?$"
)
# Editors' initials ("obe", "amw"): a short lower-case token is a sign-off, not a name.
_INITIALS = re.compile(r"[a-zäöüß]{2,4}\.?")


# "Copyright Haufe-Lexware GmbH": the holder of the rights is named, not the word.
_COPYRIGHT = re.compile(r"^(?:copyright|\(c\))\s+", re.IGNORECASE)
# A picture's credit where a byline goes: "Foto aus Instagram", "Фото из Инстаграма".
_PHOTO_FIRST = re.compile(r"^(?:фото|foto|photo)\s+(?:из|с|aus|from|de)\s", re.IGNORECASE)


# Words between role words: "Chief of the Bureau", "von der Redaktion", "de la rédaction".
_ROLE_FILLERS = frozenset(
    {"the", "of", "for", "at", "der", "die", "das", "den", "des"}
    | {"la", "le", "les", "el", "de", "del", "della", "di", "da"}
)


def _is_role(segment: str) -> bool:
    """Tell whether every word of the segment is a role word ("Senior Staff Writer")."""
    words = re.findall(r"[^\W\d_]+", segment.casefold())
    return bool(words) and all(word in ROLE_WORDS or word in _ROLE_FILLERS for word in words)


def _clean_segment(segment: str) -> str | None:
    """Return one candidate name from one split segment, or None."""
    edges = " -–—:·•,()[]~»«›‹@©"  # a credit's "©" too
    segment = _strip_period(_COPYRIGHT.sub("", segment.strip(edges)))
    if _PHOTO_FIRST.match(segment):
        return None  # "Фото из Инстаграма ...": a picture's credit
    # What follows "by" is meant as a name, a short lower-case one too: "by marc" is a user
    # name; a lone "obe" after a name is an editor's initials.
    introduced = _BY_PREFIX.match(segment) is not None
    segment = _BY_PREFIX.sub("", segment).strip(edges)
    # A kicker or label before the byline: "capital von Jemima Kelly", "Rezept von Zum
    # Profil von anna": the name follows the last "by".
    inner = next(reversed(list(_BY_INSIDE.finditer(segment))), None)
    if inner and not _is_particle(inner, segment):
        segment = segment[inner.end() :]
    if segment[:1].isdigit() or _SAYS.search(segment):
        return None  # a date ("19. Oktober") or a commenter's signature
    channel = _CHANNEL.match(segment)
    if channel:
        # A broadcaster's staff: "KXNT 7 News Staff" is KXNT 7 News, whose number is its
        # channel, not a date.
        segment = channel["station"]
    # Trailing dates and reading times: "Jemima Kelly 05. November 2024 15:36 Uhr 3 Min".
    segment = _TRAILING_NUMBERS.sub("", segment).strip(edges) if not channel else segment
    segment = _strip_period(_SOCIAL_TAIL.sub("", _DATE_TAIL.sub("", segment)).strip(edges))
    publication = None if _is_organisation(segment) else _FOR_PUBLICATION.search(segment)
    if publication and len(segment[: publication.start()].split()) >= 2:
        person = segment[: publication.start()]
        segment = person if looks_like_person(person) else segment
    # Korean, Japanese and Chinese bylines end with the role: "신현주 기자", "山田太郎記者".
    segment = _CJK_ROLE.sub("", segment).strip()
    if not segment:
        return None
    agency = AGENCIES.get(segment.casefold())
    if agency:
        return agency
    if _INITIALS.fullmatch(segment) and not introduced:
        return None
    if _SLUG.fullmatch(segment) or _BY_ONLY.search(segment) or ADMIN_ACCOUNT.fullmatch(segment):
        return None
    if _DATEISH.search(segment) or _is_role(segment):
        return None
    # "Jane Doe, Staff Writer" became two segments; "Staff Writer Jane Doe" is one.
    words = segment.split()
    organisation = channel is not None or _is_organisation(segment)  # "Department of Defense"
    while words and words[0].casefold() in ROLE_WORDS and len(words) > 2 and not organisation:
        words.pop(0)
    # ... and "Jane Doe Staff Writer" one too.
    while words and words[-1].casefold() in ROLE_WORDS and len(words) > 2 and not organisation:
        words.pop()
    segment = " ".join(words)
    longest = (10, 90) if organisation else (6, 60)
    if len(words) > longest[0] or len(segment) > longest[1] or not any(map(str.isalpha, segment)):
        return None
    segment = _undouble(segment)  # "jesusfreak jesusfreak": a name and its profile link
    if segment.casefold() in NOT_NAMES_OR_PLACEHOLDERS:
        return None
    if _is_phrase(segment.split()) and not organisation:
        return None
    return segment if channel else fix_caps(segment)  # a station's brand: "FOX 5"


def _is_phrase(words: list[str]) -> bool:
    """Whether the words are a phrase, not a name: two or more of them in lower case.

    Names are capitalised but for their particles ("van der", "al"); a user name is one
    word. Form labels, buttons and sentence fragments that end up in bylines are not
    ("Please enter your name here", "Afficher mon profil complet", "ich bin nicht da").
    (German capitalises its nouns: "Anzahl der Kommentare" passes for a name here.)

    >>> _is_phrase("Please enter your name here".split()), _is_phrase(["happyface313"])
    (True, False)
    >>> _is_phrase("Ludwig van der Berg".split()), _is_phrase("Anzahl der Kommentare".split())
    (False, False)
    """
    lower = [w for w in words if w.islower() and w not in PARTICLES]
    return len(lower) >= 2


def _is_particle(by: re.Match[str], segment: str) -> bool:
    """Whether a "von" is a name particle ("Alexa von Heyden"), not "by".

    >>> _is_particle(_BY_INSIDE.search("Alexa von Heyden"), "Alexa von Heyden")
    True
    >>> _is_particle(_BY_INSIDE.search("Erstellt von Andri Bryner"), "Erstellt von Andri Bryner")
    False
    """
    before, after = segment[: by.start()], segment[by.end() :]
    return (
        by.group().strip().casefold() == "von"
        and before[:1].isupper()
        and bool(_GIVEN_NAME.fullmatch(before))
        and bool(_GIVEN_NAME.fullmatch(after))
    )


def _strip_period(segment: str) -> str:
    """Drop a sentence's final period, but not an initial's or "Jr."'s.

    >>> _strip_period("Jane Doe."), _strip_period("Perry Bacon Jr."), _strip_period("Joe S.")
    ('Jane Doe', 'Perry Bacon Jr.', 'Joe S.')
    """
    if not segment.endswith("."):
        return segment
    last = segment.split()[-1]
    if len(last) <= 2 or last.casefold() in {"jr.", "sr.", "jun.", "sen."}:
        return segment
    return segment.rstrip(".")


def _undouble(name: str) -> str:
    """Collapse a name printed twice by the markup ("Ann Lee Ann Lee" -> "Ann Lee").

    >>> _undouble("Martin Gramnæs Martin Gramnæs"), _undouble("Ann Ann")
    ('Martin Gramnæs', 'Ann')
    """
    words = name.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return " ".join(words[:half])
    return name


def starts_with_by(text: str) -> bool:
    """Whether ``text`` opens with "By" or a byline's lead words ("Posted by", "Text von").

    >>> starts_with_by("Posted by Ann Lee"), starts_with_by("Klimaneutralität von Firmen")
    (True, False)
    >>> starts_with_by("Posted on March 5, 2024 by Ann Lee")  # WordPress's, with no class
    True
    """
    text = text.lstrip(" -–—:·•|")
    return _BY_PREFIX.match(text) is not None or _DATED_BY.match(text) is not None


def looks_like_person(name: str) -> bool:
    """Whether a cleaned name reads as a person's: 2-5 words, capitalized or particles.

    >>> looks_like_person("Ingrid Treborg"), looks_like_person("Ludwig van der Berg")
    (True, True)
    >>> looks_like_person("Sep"), looks_like_person("Tuva Løland Tips meg")
    (False, False)
    """
    words = name.split()
    if not 2 <= len(words) <= 5:
        return False
    return all(w[:1].isupper() or w.lower() in PARTICLES for w in words if w[:1].isalpha())


def _aside(match: re.Match[str]) -> str:
    """A parenthesised aside in a byline, set apart as a name of its own or left out.

    Asides are affiliations, handles and labels ("(TELUQ)", "(Sponsored Post)"); an agency
    in them, or names ("(Ann Lee and Tim Cook)"), are kept.
    """
    aside = (match.group(1) or match.group(2) or "").strip()
    if " " in aside or aside.casefold() in AGENCIES:
        return f", {aside}, "
    return " "


def clean_authors(raw: str | None) -> list[str]:
    """Split and clean one byline or metadata value into names.

    >>> clean_authors("By SETH J. FRANTZMAN")
    ['Seth J. Frantzman']
    >>> clean_authors("By Jane Doe, John Roe and Ann Poe, Staff Writers")
    ['Jane Doe', 'John Roe', 'Ann Poe']
    >>> clean_authors("Jane Doe (jane@example.com) | Updated June 14, 2020 08:35")
    ['Jane Doe']
    >>> clean_authors("By REUTERS"), clean_authors("Von Hans Müller und Eva Schmidt")
    (['Reuters'], ['Hans Müller', 'Eva Schmidt'])
    >>> clean_authors("מאת דנה כהן"), clean_authors("بقلم سارة الأحمد")
    (['דנה כהן'], ['سارة الأحمد'])
    >>> clean_authors("Posted on September 21, 2020 by Adi Tzlil")
    ['Adi Tzlil']
    >>> clean_authors('<a href="/pl/eksperci/ann-lee" hreflang="pl">Ann Lee</a>')
    ['Ann Lee']
    >>> clean_authors("Story by Jane Doe • Photographs by Mark Lin")
    ['Jane Doe']
    >>> clean_authors("By Jane Doe, Special to The Courier"), clean_authors("作者：王小明")
    (['Jane Doe'], ['王小明'])
    >>> clean_authors("Text: Jane Doe; Editing: Bob Ray")
    ['Jane Doe']
    >>> clean_authors("By KXNT 7 News Staff"), clean_authors("By JAMES SMITH III, WSB-TV")
    (['KXNT 7 News'], ['James Smith III', 'WSB-TV'])
    """
    text = clean_text(raw)
    if not text:
        return []
    if "<" in text:
        # Markup in a value: CMSes print author links into JSON-LD names
        # ("<a href=\"/experts/ann-lee\">Ann Lee</a>"); its attributes are no names.
        text = remove_tags(text)
    text = _PATH.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", text)))
    text = _HANDLE.sub(" ", text)
    text = _PARENS.sub(_aside, text)
    text = _WEEKDAY_BEFORE_DATE.sub("", _TIMESTAMP_WORDS.sub("", _DATED_BY.sub(r"\1 ", text)))
    text = _PICTURE_CREDIT.sub("", text)
    text = without_post(_SPECIAL_TO.sub("", _CJK_LABEL.sub("", text)))
    text = _BIO.sub(r"\1", text)
    names = []
    for position, segment in enumerate(_split_names(text)):
        if position and _is_qualified_role(segment):
            continue
        for part in _agency_apart(segment):
            name = _clean_segment(part)
            if name:
                names.append(name)
    return unique(names)


# An agency's name after a person's, without a separator: the Associated Press's own
# bylines ("By EVA VERGARA Associated Press"), "Anna Schmidt dpa".
_AGENCY_TAIL = re.compile(
    r"^(?P<person>.+?)\s+(?P<agency>"
    + "|".join(re.escape(name) for name in sorted(AGENCIES, key=len, reverse=True))
    + r")\.?$",
    re.IGNORECASE,
)


def _agency_apart(segment: str) -> list[str]:
    """The person and the agency of "Eva Vergara Associated Press", else the segment.

    >>> _agency_apart("EVA VERGARA Associated Press"), _agency_apart("Anna Schmidt")
    (['EVA VERGARA', 'Associated Press'], ['Anna Schmidt'])
    >>> _agency_apart("Por Agencia EFE"), _agency_apart("Fuente: Agencia EFE")
    (['Por Agencia EFE'], ['Fuente: Agencia EFE'])
    """
    match = _AGENCY_TAIL.match(segment.strip())
    if match is None:
        return [segment]
    words = match["person"].split()
    # Two words or more, a name's ("Agencia EFE", "Fuente: Agencia EFE": the agency's own
    # name, a label).
    if len(words) < 2 or ":" in match["person"] or words[-1].casefold() in _AGENCY_WORDS:
        return [segment]
    return [match["person"], match["agency"]]


# The word an agency's full name puts before it: "Agencia EFE", "Agence France-Presse".
_AGENCY_WORDS = frozenset(
    {"agencia", "agence", "agentur", "agency", "agenzia", "agência", "nachrichtenagentur"}
)


# The nouns a journalist's title ends with: "Transport Correspondent", "Middle East Editor".
_ROLE_HEADS = frozenset(
    {"correspondent", "correspondents", "editor", "editors", "reporter", "reporters"}
    | {"writer", "writers", "columnist", "columnists", "journalist", "journalists"}
    | {"contributor", "contributors", "producer", "producers", "photographer"}
    | {"photographers", "analyst", "analysts", "chief", "bureau", "desk", "team", "staff"}
    | {"korrespondent", "korrespondentin", "redakteur", "redakteurin", "correspondant"}
    | {"correspondante", "rédacteur", "rédactrice", "journaliste", "corresponsal"}
    | {"redactor", "redactora", "periodista", "giornalista", "inviato", "inviata"}
    | {"corrispondente"}
)


def _is_qualified_role(segment: str) -> bool:
    """Whether a byline's later segment is a title with its beat: "Transport Correspondent".

    After a name and a comma, a few words ending with a journalist's title name the
    previous segment's job (its beat or place: "Transport", "Middle East"), where
    :func:`_is_role` knows only titles made of role words. (A segment that opens a byline
    may be a name and a title run together: "Jane Doe Correspondent".)

    >>> _is_qualified_role("Transport Correspondent"), _is_qualified_role("Ann Lee")
    (True, False)
    >>> _is_qualified_role("Middle East Editor"), _is_qualified_role("Editor")
    (True, False)
    >>> _is_qualified_role("Wirtschaftsredakteurin"), _is_qualified_role("Autor")
    (True, False)
    """
    words = segment.split()
    if len(words) == 1:
        return _GERMAN_ROLE_COMPOUND.fullmatch(segment.strip(".")) is not None
    return 2 <= len(words) <= 4 and words[-1].strip(".").casefold() in _ROLE_HEADS


# German writes the beat into the title: "Wirtschaftsredakteurin", "Auslandskorrespondent".
_GERMAN_ROLE_COMPOUND = re.compile(
    r"[A-ZÄÖÜ][a-zäöüß]+(?:redakteur|korrespondent|reporter|autor|kolumnist|journalist)(?:in)?"
)


def _is_organisation(name: str) -> bool:
    """Whether ``name`` opens as an organisation's ("Department of ...", "The Ministry ...").

    Only its first two words are looked at: further on, such a word is a person's
    affiliation ("Ann Lee, professor at the University of ...").
    """
    return _ORGANISATION.search(" ".join(name.split()[:2])) is not None


def _split_names(text: str) -> list[str]:
    """Split a byline where names are joined, but not inside an organisation's name.

    A segment opening with an organisation's word ("Department", "Bundesministerium") is
    an organisation's name, and an "and" in it is the name's.

    >>> _split_names("Ann Lee, Tom Roe and Eva Poe")
    ['Ann Lee', 'Tom Roe', 'Eva Poe']
    >>> _split_names("Department of Health and Human Services, Ann Lee and Tom Roe")
    ['Department of Health and Human Services', 'Ann Lee', 'Tom Roe']
    >>> _split_names("Ann Lee for the Department of Energy and Tom Roe")
    ['Ann Lee for the Department of Energy', 'Tom Roe']
    """
    segments: list[str] = []
    start = 0
    for joiner in _JOINERS.finditer(text):
        word = joiner.group().strip()
        if (word.isalpha() or word == "&") and _is_organisation(text[start : joiner.start()]):
            continue  # the organisation's own "and"
        segments.append(text[start : joiner.start()])
        start = joiner.end()
    segments.append(text[start:])
    return segments


def clean_author_list(values: Iterable[str | None]) -> list[str]:
    """Clean several author values (one per metadata entry) into one list.

    >>> clean_author_list(["By Jane Doe", "jane doe", "AFP"])
    ['Jane Doe', 'AFP']
    """
    names: list[str] = []
    for value in values:
        names.extend(clean_authors(value))
    return unique(names)


def strip_publisher(name: str, sites: Iterable[str]) -> str:
    """Cut the publisher's name, written before or after a person's, out of ``name``.

    ``sites`` are the site's names squashed (:func:`~newscrawl.extract.fields.squash`). A
    word goes that is one of them, or a compound that starts with one ("FOCUS-Online-
    Experte"), unless what would be left is one word beside a word set as a surname
    ("Henry Steinhau" on a blog named "Steinhau" is a person).

    >>> strip_publisher("Adam Lee PhillyVoice", ["phillyvoice"])
    'Adam Lee'
    >>> strip_publisher("FOCUS-Online-Experte Robin Tschöpe", ["focusonline"])
    'Robin Tschöpe'
    >>> strip_publisher("Matthias herrpfleger", ["herrpfleger"])
    'Matthias'
    >>> strip_publisher("Henry Steinhau", ["steinhau"])
    'Henry Steinhau'
    >>> strip_publisher("BR24 Redaktion", ["br24"]), strip_publisher("news - Ann Lee", ["news"])
    ('BR24 Redaktion', 'Ann Lee')
    """
    keys = [key for key in sites if len(key) >= 4]
    if not keys:
        return name

    def names_site(word: str) -> bool:
        squashed = squash(word)
        return any(squashed == key or ("-" in word and squashed.startswith(key)) for key in keys)

    words = name.split()
    for end in (0, -1):  # the first words, then the last
        while len(words) > 1 and names_site(words[end]):
            if len(words) == 2 and words[end].istitle():
                break
            words.pop(end)
    if len(words) == len(name.split()):
        return name
    # What is left must still be a name: "BR24 Redaktion" is no "Redaktion".
    return _clean_segment(" ".join(words)) or name
