"""Paragraph-level cleaning of an extracted body: what is boilerplate by its own text.

The tree-level cleaning in :mod:`newscrawl.extract.body` cuts blocks by their class/id
words; what it cannot see is left to the rules here, which read each paragraph of the
extractor's output: "Read more: ..." prompts, captions and credits, datelines, the
article's own byline and author biography, affiliate disclosures, subscription prompts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newscrawl.extract.body_edges import (
    CJK_BYLINE,
    NUMERIC_DATE,
    is_bio,
    is_byline,
    is_dateline,
    is_written_dateline,
    with_place_joined,
)
from newscrawl.extract.datelines import DATE_LABELS
from newscrawl.extract.dates import parse_date
from newscrawl.extract.fields import squash
from newscrawl.extract.processors import lowercase, normalize_for_hash
from newscrawl.extract.walls import LOWERCASE_WALL_PROMPT

# Paragraphs that are boilerplate by their text; only short ones, so a sentence that merely
# starts with "Subscribe" in a long paragraph survives.
_BOILERPLATE_TEXT = re.compile(
    r"^(?:read more|read also|see also|related|more:|also read|more from|"
    r"lesen sie auch|mehr zum thema|das könnte sie auch interessieren|auch interessant|"
    r"ähnliche:|lire aussi|[aà] lire aussi|siehe auch:?$|leer más|lea también|leggi anche|les også|"
    r"lea:|lea más|lee (?:también|más)|vea (?:también|más)|ver también|te puede interesar|"
    r"(?:notas?|noticias?|contenidos?|artículos?) relacionad[oa]s?|hazte (?:miembro|socio)|"
    r"suscr[ií]bete|s[ií]guenos en|(?:puedes )?ver:|mir[ae]:|"
    # a skip link's text, a comment form's prompt
    r"(?:zum )?hauptinhalt$|skip to (?:the )?(?:main )?content|zum inhalt springen|"
    r"aller au contenu|ir al contenido|kommentar (?:abgeben|schreiben)|"
    r"leave a (?:comment|reply)|schreiben sie einen kommentar|schreibe einen kommentar|"
    r"auch lesen|mehr themen:|zum weiterlesen|weiterlesen\b|schon gelesen\?|lust auf mehr\?|"
    r"recommended (?:videos?|stories|articles|reading|for you)|"
    r"(?:jetzt |artikel )?teilen(?: auf\b|:|$)|(?:folgen|liken) sie uns\b|folge uns auf\b|"
    r"follow us on\b|suivez-nous\b|"
    # What an Instagram embed shows until its script runs.
    r"sieh dir diesen beitrag auf instagram an|view this post on instagram|"
    r"ver esta publicación en instagram|voir cette publication sur instagram|"
    r"kommentare insgesamt|kommentierte artikel|beiträge aus dem forum|temas$|más sobre |"
    r"werden sie mitglied|release date:|"
    # headings of lists of other stories, not a sentence that points to more of them
    r"weitere (?:aktuelle )?(?:themen|artikel|beiträge|nachrichten|meldungen)"
    r"(?:\s+(?:aus|zum|zu|von|vom|im|in|der|dem|den|des)\b[^.!?:]{0,40})?:?$|"
    r"läs också|læs også|lees ook|lue (?:myös|lisää|seuraavaksi|aiheesta)|"
    r"czytaj (?:więcej|też|także)|leia (?:também|mais)|seguir leyendo:|más información:?$|"
    r"segu[ií] leyendo:?$|comentarios(?: \(\d+\))?$|"
    r"diese artikel könnten dich (?:auch|ebenfalls) interessieren|"
    r"subscribe|sign up|already a subscriber|jetzt abonnieren|abonnieren sie|"
    r"\d+ wochen kostenlos|bereits abonnent|folgst du schon|tu suscripción|"
    r"click here|advertisement|anzeige|werbung|publicité|publicidad|pubblicità|"
    r"share this|share on|follow us|download our app|listen to|watch:|photo:|image:|"
    r"foto:|bild:|credit:|quelle:|source:|kilde:|källa:|fuente:|fonte:|bron:|newsletter:|"
    r"copyright|©|\(photo credit|\(credit|getty images|"
    r"join (?:our|the) (?:commenting|conversation)|comments$|"
    r"this (?:is a breaking news?|story is developing)|"
    r"link zum (?:youtube|twitter|x|instagram|facebook|tiktok)[- ]inhalt|externer inhalt|"
    r"empfohlener (?:externer|redaktioneller) inhalt|ein klick für den datenschutz|"
    # Notes about the publication, not the story: sponsorship, syndication, registration.
    # An editor's note about the story itself ("This article has been updated with ...")
    # is text the reader is shown as part of the article, and stays.
    r"this (?:article|story) (?:is free to read|is (?:a )?joint publication|"
    r"is (?:part of|published|produced|sponsored|brought to you|paid for|funded)\b|"
    r"was (?:originally )?(?:published|produced|sponsored|paid for|funded|made possible)\b)|"
    r"all rights reserved|"
    # Where an advertisement, the print edition or a paywall cut into the story.
    r"(?:the )?(?:story|article) continues (?:below|after)|"
    r"continue reading (?:the main story|below|after|your article)|"
    r"a version of this article appears in print|order reprints|"
    r"most (?:read|popular|viewed|shared)(?: (?:stories|articles))?$|"
    r"この記事は会員限定|有料会員|会員登録|関連キーワード|"
    # Prompts seen across many sites and languages: more to read, log in, comment, donate.
    r"das thema könnte dich auch interessieren|das könnte dich auch interessieren|"
    r"lesen sie hier:|weitere themen$|inhaltsverzeichnis$|table of contents$|"
    r"keine kommentare|no comments|view comments|(?:kategorie|category|categories)\s?:|"
    r"tags?:|schlagw(?:orte|örter):|stichw(?:orte|örter):|"
    r"weitere artikel zum thema|alle angaben ohne gewähr|"
    r"(?:kontakt|telefon|weitere informationen|further information|contact):$|"
    r"sie sind (?:aktuell )?nicht eingeloggt|du musst eingeloggt sein|you must be logged in|"
    r"klicken sie auf den (?:unteren )?button|"
    r"dowiedz się więcej|czytaj także|zapraszamy (?:też )?do subskrypcji|ten tekst przeczytasz|"
    r"pour lire la suite|pour accéder en illimité|crédits? photos?\s*:|"
    r"titelbild:|beitragsbild:|image illustrative|abbildung \d+:|"
    r"never miss the latest news|we want to hear what you think|"
    r"got a story\?|have you got a story|for more stories like this|"
    r"follow (?:us|[\w.]+(?: [\w.]+){0,3}) on (?:twitter|facebook|x|instagram|tiktok)\b|"
    r"more ?:\s|more ?:$|join (?:the |our )?(?:thought-provoking )?conversations?\b|"
    r"if you enjoyed (?:reading )?this|do you want to be informed|"
    r"please support|support our work|embed$|"
    # Arrow-led link teasers: ">> Hier finden Sie ...", "► Mehr dazu".
    r">>|►|▶|→|"
    r"会員向け|読み放題|登録すると|おすすめ情報|分享让更多人看到|分享到|评论$|关注$|"
    r"copy link$|कॉपी लिंक$|"
    # The editor's credit Chinese pages end with; "read also" and its kin in other scripts.
    r"[（(]\s*(?:责任编辑|责编)|(?:责任编辑|责编)\s*[:：]|"
    r"إ?اقرأ (?:أيضا|أيضاً|المزيد)|ilgili haberler|haberin devamı|devamı için tıklayın|"
    r"ayrıca (?:okuyun|bakınız)|читайте также|читать далее|קראו עוד|קרא עוד|לכתבה המלאה)",
    re.IGNORECASE,
)
_SHORT = 25  # words
# The patterns below marked "lowercased" are matched on the lowercased paragraph, without
# IGNORECASE: Python's engine then compares letters as they are, three times as fast on
# long alternations. They run on nearly every paragraph of every page.
# Affiliate and advertising disclosures, wherever they stand in the paragraph (lowercased).
_DISCLOSURE = re.compile(
    r"affiliate[- ]links?|we may (?:earn|receive) (?:a )?commission|"
    r"may earn (?:us )?(?:an? )?(?:affiliate )?commission|"
    r"erhalten wir (?:eine|ggf\. eine) provision|contains references to products from|"
    r"enthält (?:unbezahlte )?werbung|\*werbung\b"
)
# Calls to action that give a short paragraph away wherever they stand in it: newsletters
# and alerts, comment sections, consent placeholders of embedded content, feedback and
# rating widgets, trial offers, browser notices, copyright lines (in several scripts);
# lowercased.
_PROMPT = re.compile(
    # One "\b" in front of all the prompts that start a word, rather than one in each:
    # inside a word the engine then fails once per letter, not once per prompt. This runs
    # on nearly every paragraph of every page.
    r"\b(?:"
    r"newsletters?\b.{0,200}\b(?:sign(?:ing)? up|subscribe|inbox|postfach|anmeld\w*|"
    r"abonn\w*|registr\w*|inscri\w*|suscr\w*|iscriv\w*)|"
    r"(?:sign(?:ing)? up|subscribe|anmelden|abonnieren|abonniere|inscrivez-vous|suscríbete|"
    r"iscriviti)\b.{0,100}\bnewsletters?\b|"
    r"in(?:to)? your inbox\b|delivered (?:\w+ ){0,2}to your inbox\b|"
    r"in ihr(?:em|en) (?:privaten )?(?:postfach|posteingang)\b|"
    r"bolet[ií]n\b.{0,200}\b(?:ap[uú]nta\w*|suscr\w*|rec[ií]b\w*)|"
    r"(?:recibe|ap[uú]ntate|suscr[ií]bete)\b.{0,100}\bbolet[ií]n\b|"
    # An opinion page's disclaimer and call for columns; a nonprofit's reprint box; a
    # broadcaster's app promotion ("Download the KXNT 7 app for breaking news alerts").
    r"(?:views|opinions) expressed\b.{0,160}\bnecessarily (?:reflect|represent)\b|"
    r"submit (?:a|your) guest (?:column|essay|post|op-ed)\b|"
    r"republish (?:this|our) (?:stor(?:y|ies)|articles?)\b|"
    r"download (?:the|our) (?:[\w.-]+ ){0,3}app\b.{0,40}\b(?:breaking news|news alerts|"
    r"the latest|latest news)\b|"
    r"push[- ](?:alerts|notifications|nachrichten|benachrichtigungen|mitteilungen)\b|"
    r"whats ?app[- ](?:kanal|channel|canal)\b|on google news\b|preferred source\b|"
    r"siga-nos no\b|participe do canal\b|veja mais not[ií]cias\b|google news üzerinden\b|"
    # a comment section's rules and login, a subscription's device limit (Spanish)
    r"normas de participación\b|para comentar,? (?:ingres|inici|reg[ií]str)\w*|"
    r"si contin[uú]as leyendo en este dispositivo\b|"
    r"(?:unser(?:em|en)?|our|nuestro) (?:whats ?app|telegram|youtube)[- ]?(?:kanal|channel|"
    r"canal)\b|canal de (?:whats ?app|telegram|youtube)\b|apps? (?:for|für|para) (?:ios|"
    r"android|iphone)\b|cancel (?:at )?any ?time\b|cancela cuando quieras\b|"
    r"(?:itunes|app ?store|apple) (?:und|and|y|et) google play\b|rss[- ]feed (?:abonnieren|"
    r"subscribe)\b|hier klicken\b|(?:unseren?|our|nuestro) \w*newsletter\b|"
    r"im abo\b|als e-paper\b|suscribirse\b|wesprzyj nas\b|we need your help\b|"
    r"first-time subscribers\b|unterstütze\w* (?:uns|\S+ (?:bereits |schon )?(?:ab |mit )\d)|"
    r"(?:findest du|finden sie) (?:\w+ )?hier\.?$|"
    r"copyrighted (?:property|material)\b|permission (?:must be obtained|is required) "
    r"(?:before|to|for) (?:reprint|republish|reproduc)|"
    r"subscribe now\b|jetzt abonnieren\b|privacy policy\b|please subscribe\b|"
    r"already a subscriber\b|to view the full (?:story|article)\b|"
    r"get in touch with (?:our|the) \w+ team\b|email(?:ing)? us at\b|"
    r"(?:before|to) comment(?:ing)?\b|comment(?:ing)? policy\b|display name\b|"
    r"comment on this (?:article|story)\b|kommentar(?:e)? (?:abzugeben|zu schreiben)\b|"
    r"externe[nr]? inhalt|ich bin damit einverstanden, dass mir\b|"
    # a comment section's and a login's prompts and messages
    r"kommentar zu hinterlassen\b|um die kommentarfunktion zu nutzen\b|"
    r"kommentarfunktion (?:ist|wurde) (?:\w+ )?(?:deaktiviert|geschlossen|abgeschaltet)\b|"
    r"ihr kommentar ist zu lang\b|"
    r"beim absenden ihres kommentars?\b|loggen sie sich (?:bitte )?ein\b|"
    r"sie müssen (?:sich )?(?:anmelden|angemeldet sein|eingeloggt sein|registrieren)\b|"
    r"must be logged in\b|log ?in to (?:comment|reply|post|check access|continue reading)\b|"
    r"login (?:oder|or) (?:neu )?regist\w*|login für vote\b|"
    r"start your (?:\w+ ){0,3}subscription (?:today|now)\b|"
    r"submit your letter to the editor\b|"
    r"on your (?:chosen|favou?rite|preferred) podcast (?:platform|app)\b|"
    r"click here to (?:watch|listen|read|see|view)\b|(?:drucken|print) (?:teilen|share)\b|"
    r"fehler gefunden\?|melden sie (?:den|einen) fehler\b|"
    r"wie hat ihnen (?:dieser|der) (?:artikel|beitrag) gefallen|durchschnittliche bewertung\b|"
    r"was this (?:article|story) helpful\b|rate this (?:article|story)\b|"
    r"ihre meinung ist uns wichtig\b|senden sie uns ihr feedback\b|"
    r"journalismus braucht (?:deine|ihre) unterstützung\b|support independent journalism\b|"
    r"testen sie\b.{0,60}\b(?:kostenlos|gratis|wochen)\b|das angebot endet automatisch\b|"
    r"(?:sólo|solo) para suscriptores\b|tu suscripción\b|"
    r"(?:compartir|compartiendo|usando) tu cuenta\b|abonelik\b|"
    r"browser version with limited support\b|"
    r"you are using an? (?:outdated|old|unsupported) browser\b|"
    r"all rights reserved\b)|"
    r"무단\s*전재|재배포\s*금지|복사되었습니다|無断転載|版权所有|"
    r"会員限定|有料会員|会員登録|登録すると|読み放題|メールマガジン|"
    r"電子版(?:が|を|の)?(?:利用|購読|お?申し?込)|"
    # A follow button's label: "カテゴリーをフォローする" (follow the category).
    r"をフォロー(?:する)?$"
)
_PROMPT_MAX_CHARS = 400  # CJK text has few "words": limit the length too
# A cookie banner or the consent notice of an embed (a chart, a video) left in the text:
# one that opens in the site's own voice ("We use cookies to ...", "Auf unserer Website
# werden Cookies ..."; a story quoting a company's words opens otherwise), or one that
# asks the reader's consent anywhere in it ("Please accept YouTube cookies to play this
# video", "Ihre IP-Adresse wird dabei an externe Server ... übertragen", a consent
# manager's list of purposes: "Zweck: ... Verarbeitungsvorgänge: ..."). Such notices run
# long: they are matched up to :data:`_CONSENT_MAX_WORDS` words (lowercased).
_COOKIE_NOTICE = re.compile(
    r"(?:(?:we|wir) (?:use|verwenden|nutzen|setzen) (?:\w+ ){0,3}cookies\b|"
    r"(?:this|our) (?:web)?site uses (?:\w+ ){0,2}cookies\b|"
    r"(?:diese|unsere) (?:website|webseite|seite|internetseite) (?:verwendet|nutzt) "
    r"(?:\w+ ){0,2}cookies\b|auf (?:dieser|unserer) (?:website|webseite|seite|internetseite) "
    r"werden (?:\w+ ){0,2}cookies\b|nous utilisons (?:des )?cookies\b|"
    r"(?:utilizamos|usamos) (?:las )?cookies\b|utilizziamo (?:i )?cookie)"
)
_CONSENT_PROMPT = re.compile(
    r"\b(?:accept(?:ing)? (?:\w+ ){0,2}cookies to (?:play|view|watch|see|load)\b|"
    r"(?:stimmen sie|stimmst du) der (?:verwendung|nutzung) (?:von cookies )?zu\b|"
    r"ihre ip-adresse wird (?:dabei |hierbei )?an\b|your ip address (?:will be|is) "
    r"(?:transmitted|sent|shared)\b|verarbeitungsvorgänge\s*:|"
    r"datenschutzerklärung habe ich zur kenntnis genommen)"
)
_CONSENT_MAX_WORDS = 300
# Reading-time labels: "3 Minuten Lesezeit", "Reading time: 5 min", "Lesedauer: 4 Minuten".
_READING_TIME = re.compile(
    r"^(?:lesezeit|lesedauer|reading time|read time|temps de lecture|tiempo de lectura|"
    r"tempo di lettura|leestijd|lästid|lesetid)?\s*:?\s*(?:ca\.\s*)?\d+\s*"
    r"(?:min\.?|mins?|minutes?|minuten|minuti|minutos)\.?(?:\s+(?:lesezeit|read|reading time|"
    r"de lecture|de lectura|di lettura|leestijd|lästid|lesetid|läsning))?$",
    re.IGNORECASE,
)
# A caption that ends in its picture credit: "The new station. Bild: Jane Doe".
_CREDIT_END = re.compile(
    r"\b(?:bild|foto|photo|image|credit|crédit|fotó|zdjęcie)\s*:\s*[^.:!?]{2,60}$",
    re.IGNORECASE,
)
# A pointer to the live blog, ending in the colon before its (removed) link.
_LIVEBLOG_POINTER = re.compile(
    r"\b(?:in|im|to) (?:unserem|unserer|our|the) (?:live|news)[- ]?(?:blog|ticker)\s*:?$",
    re.IGNORECASE,
)
# A letter or digit: a line of underscores ("___", the AP's separator) has none.
_HAS_WORD = re.compile(r"[^\W_]")
# A script's identifier printed as text: "showPaywallPiano:", "initGallery();", a key of
# two words with its colon ("isPaid:"; not "iPhone:"), and the values "true", "false".
_CODE_TOKEN = re.compile(
    r"^(?:[a-z]+(?:[A-Z][a-z0-9]+){2,}\s*(?:[:;=]|\(\)\s*;?)?"
    r"|[a-z]{2,}(?:[A-Z][a-z0-9]+)+\s*[:=]|true|false|null|undefined)$"
)
# A picture gallery's controls left in the text: its counter ("2 von 17", "Bild 3 of 12")
# and its buttons ("Bild anzeigen Bild schließen").
# ("1/2" alone may be a recipe's quantity: a slash counts after "Bild", "Photo" only.)
_GALLERY_CONTROL = re.compile(
    r"^(?:(?:bild|foto|image|photo|slide)\s+\d{1,3}\s*/\s*\d{1,3}|"
    r"(?:(?:bild|foto|image|photo|slide)\s+)?\d{1,3}\s+(?:von|of|de|di|sur|z|av|af)\s+\d{1,3}|"
    r"(?:(?:bild|foto|image|photo)\s+(?:anzeigen|schließen|vergrößern|zeigen|show|close|"
    r"enlarge|open)\s*)+)$",
    re.IGNORECASE,
)
# A link back to where the page was reached from: "« Zurück zu den Veranstaltungen",
# "Back to top", "Zurück zur Übersicht" (without an arrow, only to a page's top or an index:
# "Zurück zur Normalität" is a subheading).
_BACK_LINK = re.compile(
    r"^(?:[«‹←<]+\s*(?:zurück|back|retour|volver|torna|terug|tilbake|tillbaka)\b"
    r"|(?:zurück|back|retour)\s+(?:zu[rm]?|to|à|au)\s+(?:the\s+|la\s+|l')?(?:top|übersicht|"
    r"overview|home|homepage|startseite|seitenanfang|anfang|liste?|index|accueil|sommaire)$)",
    re.IGNORECASE,
)
# The caption of a video teaser ends with its date and running time: "12.04.2024 | 3:18 min".
_VIDEO_TEASER = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}\s*\|\s*\d{1,3}:\d{2}\s*min\.?$")
# What a dateline leaves behind when the extractor drops its <time> elements: "· Updated".
_LABEL_ONLY = re.compile(
    rf"^[\W_]*(?:last\s+)?(?:{DATE_LABELS})(?:\s+(?:on|am|le|el))?[\W_]*$|"
    # A lazy-loading placeholder's text, left where its content never came.
    r"^(?:loading|wird geladen|lädt|cargando|chargement|caricamento)\s*(?:\.{3}|…)?$",
    re.IGNORECASE,
)
# Photo captions that made it into the text: "Pictured from left, ...", "Above: ...".
_CAPTION_TEXT = re.compile(
    r"^(?:pictured\b|picture:|photo:|photograph:|image:|above:|below:|top:|main picture:|"
    r"im bild:|auf dem bild|bildunterschrift:|légende\s*:)",
    re.IGNORECASE,
)
# A dateline left in the text: "Published: March 5, 2023 2:30 PM", "Stand: 14.06.2020".
_DATELINE = re.compile(
    rf"^(?:(?:first|last)\s+)?(?:{DATE_LABELS}|stand)\s*:?\s*(?:on|am|le|el)?\s+"
    r"(?P<rest>.{6,60})$",
    re.IGNORECASE,
)


def postclean(
    paragraphs: Iterable[str],
    unwanted: Iterable[str | None] = (),
    authors: Iterable[str] = (),
) -> list[str]:
    """Drop boilerplate paragraphs and those equal to ``unwanted`` texts (caption, credit).

    Also drops, by their text: "Read more"-style prompts, datelines, the byline of the
    article's ``authors`` and, near the end, their biography ("Jane Doe is a reporter...").

    >>> postclean(["Real text here.", "Read more: other story", "A caption"], ["A caption"])
    ['Real text here.']
    >>> postclean(["Published: March 5, 2023 2:30 PM", "Published reports say 3 men left."])
    ['Published reports say 3 men left.']
    >>> postclean(["· Updated", "This article has been updated with new figures."])
    ['This article has been updated with new figures.']
    >>> bio = "Jane Doe is a reporter covering towns."
    >>> postclean(["By Jane Doe", "Text.", bio], (), ["Jane Doe"])
    ['Text.']
    """
    banned = {normalize_for_hash(text) for text in unwanted if text}
    names = {normalize_for_hash(name) for name in authors}
    paragraphs = [_without_link_hints(paragraph) for paragraph in paragraphs]
    kept: list[str] = []
    seen: set[str] = set()
    for index, paragraph in enumerate(paragraphs):
        key = normalize_for_hash(paragraph)
        if key in banned or key in seen:
            continue
        words = len(paragraph.split())
        if words <= _SHORT and _BOILERPLATE_TEXT.match(paragraph.lstrip("(*[ ")):
            continue  # "(Alle Angaben ohne Gewähr)" too
        if words <= 2 * _SHORT and _CAPTION_TEXT.match(paragraph):
            continue
        lowered = lowercase(paragraph)
        if words <= 3 * _SHORT and _DISCLOSURE.search(lowered):
            continue
        if words <= 3 * _SHORT and _VIDEO_TEASER.search(paragraph):
            continue
        if words <= 2 * _SHORT and len(paragraph) <= _PROMPT_MAX_CHARS and _PROMPT.search(lowered):
            continue
        if words <= _CONSENT_MAX_WORDS and (
            _COOKIE_NOTICE.match(lowered) or _CONSENT_PROMPT.search(lowered)
        ):
            continue  # a cookie banner, an embed's consent notice
        if words <= 6 and _READING_TIME.match(paragraph):
            continue
        if words <= 40 and (_CREDIT_END.search(paragraph) or _LIVEBLOG_POINTER.search(paragraph)):
            continue
        if words <= _SHORT and LOWERCASE_WALL_PROMPT.search(lowered):
            continue  # "This article is for subscribers only": the wall, not the story
        if (
            not _HAS_WORD.search(paragraph)
            or _LABEL_ONLY.match(paragraph)
            or _CODE_TOKEN.match(paragraph)
        ):
            continue  # a lone separator or bullet, a date label without its date, code
        if words <= 6 and (_GALLERY_CONTROL.match(paragraph) or _BACK_LINK.match(paragraph)):
            continue
        dateline = _DATELINE.match(paragraph) if words <= 12 else None
        # The languages of the labels above; unknown languages make dateparser try all.
        if dateline and parse_date(dateline.group("rest"), languages=_LABEL_LANGUAGES):
            continue
        # At the top: among the first three, or after one paragraph kept at most (a headline
        # and a byline the extractor read first are dropped above, and push the dateline
        # down; an event's "Termin: 21.02.2020, 19 Uhr" after two of its lines is its text).
        edge = index < 3 or len(kept) < 2 or index >= len(paragraphs) - 3
        if edge and (is_dateline(paragraph, words) or is_written_dateline(paragraph, words)):
            continue
        if names and words <= 8 and is_byline(paragraph, names):
            continue
        if edge and words <= 6 and CJK_BYLINE.match(paragraph):
            continue
        if names and edge and words <= 60 and is_bio(key, names):
            continue
        seen.add(key)
        kept.append(paragraph)
    return with_place_joined(_without_source_list(kept))


# What a link tells screen readers, in a visually hidden element the text runs into:
# "Akkus von Panasonic(öffnet im neuen Fenster) mit 271 Wh/kg".
_LINK_HINT = re.compile(
    r"\s?[(\[](?:link )?(?:öffnet (?:sich )?in (?:einem )?neuen (?:fenster|tab)|"
    r"öffnet im neuen (?:fenster|tab)|opens? in (?:a )?new (?:window|tab)|external link|"
    r"externer link|s'ouvre dans (?:un )?(?:nouvel onglet|nouvelle fenêtre)|"
    r"se abre en (?:una )?(?:nueva ventana|nueva pestaña))[)\]]",
    re.IGNORECASE,
)


def _without_link_hints(paragraph: str) -> str:
    """``paragraph`` without the hints links give screen readers.

    >>> _without_link_hints("Akkus von Panasonic(öffnet im neuen Fenster) mit 271 Wh/kg")
    'Akkus von Panasonic mit 271 Wh/kg'
    >>> _without_link_hints("Read the report (opens in a new window).")
    'Read the report.'
    >>> _without_link_hints("The governor has a veto. \u21a9\ufe0e")
    'The governor has a veto.'
    """
    # A footnote's link back to its marker: "... veto power over spending items. ↩".
    paragraph = paragraph.rstrip(" \u21a9\ufe0e\ufe0f") if "\u21a9" in paragraph else paragraph
    if "(" not in paragraph and "[" not in paragraph:
        return paragraph
    return _LINK_HINT.sub("", paragraph)


# The heading of the list of sources a story ends with ("Quellen:", "Sources").
_SOURCES_HEADING = re.compile(
    r"^(?:sources?|quellen?|quellenangaben|verwendete quellen|eigene recherchen?|fuentes?|"
    r"fontes?|fonti|"
    r"kilder|källor|bronnen|źródła|lähteet)\s*:?$",
    re.IGNORECASE,
)
_SOURCE_ITEM_WORDS = 25
_SOURCES_NEAR_END = 12  # paragraphs


def _without_source_list(paragraphs: list[str]) -> list[str]:
    """Cut the list of sources at the end of a story: its heading and the short items after.

    >>> _without_source_list(["Story.", "Sources:", "City council minutes", "Interview"])
    ['Story.']
    >>> _without_source_list(["Story.", "Sources", "A long paragraph " * 10])[-1][:6]
    'A long'
    """
    start = max(0, len(paragraphs) - _SOURCES_NEAR_END)
    for index in range(start, len(paragraphs)):
        if _SOURCES_HEADING.match(paragraphs[index]):
            rest = paragraphs[index + 1 :]
            if all(len(item.split()) <= _SOURCE_ITEM_WORDS for item in rest):
                return paragraphs[:index]
    return paragraphs


_LABEL_LANGUAGES = ("en", "de", "fr", "es")


def drop_breadcrumb(paragraphs: list[str], crumbs: Iterable[str]) -> list[str]:
    """Drop the page's breadcrumb trail from the start of the body, one item a paragraph.

    ``crumbs``: the names of the trail's items ("Hindi News", "Local", "Bihar"), which a
    page that marks its trail by no class word shows as the story's first lines.

    >>> drop_breadcrumb(["News", "Local", "Story.", "Local"], ["News", "Local"])
    ['Story.', 'Local']
    """
    names = {normalize_for_hash(crumb) for crumb in crumbs}
    start = 0
    while start < len(paragraphs) and normalize_for_hash(paragraphs[start]) in names:
        start += 1
    return paragraphs[start:]


# How long a kicker or section label in front of a repeated headline may be, in letters
# and digits (about eight words).
_KICKER_CHARS = 60
# Shorter headlines ("Recipe muffins") end ordinary sentences too often.
_MIN_HEADLINE = 20
# Only the first paragraphs can be the page's headline block.
_HEAD_PARAGRAPHS = 3


def drop_headline_repeats(paragraphs: list[str], headlines: Iterable[str | None]) -> list[str]:
    """Drop the opening paragraphs that repeat a headline, with or without its kicker.

    A headline block set inside the article container reaches the body as "Kicker
    Headline", often glued together ("MigrationChiesa ruft ..."), so it matches neither the
    chosen title nor the ``<h1>`` exactly. Compared on letters and digits only, a paragraph
    among the first three that ends with one of the page's headlines, after a few words at
    most, is that block.

    >>> title = "Dockers walk out over pay"
    >>> drop_headline_repeats(["Port strikeDockers walk out over pay", "Text."], [title])
    ['Text.']
    >>> drop_headline_repeats(["Dockers walk out over pay, the union said.", "Text."], [title])
    ['Dockers walk out over pay, the union said.', 'Text.']
    """
    keys = {key for text in headlines if text and len(key := squash(text)) >= _MIN_HEADLINE}
    if not keys:
        return paragraphs
    kept = []
    for index, paragraph in enumerate(paragraphs):
        if index < _HEAD_PARAGRAPHS and _repeats_headline(paragraph, keys):
            continue
        kept.append(paragraph)
    return kept


def _repeats_headline(paragraph: str, keys: set[str]) -> bool:
    if NUMERIC_DATE.search(paragraph):
        # A wire dateline quoting the headline ("BEIJING, 4月24日 -- Title: ...") opens
        # the story itself.
        return False
    squashed = squash(paragraph)
    # A kicker is shorter than the headline it tops; a longer lead-in is a sentence that
    # happens to end with the headline's words ("... under the motto: <headline>").
    return any(
        squashed.endswith(key) and len(squashed) - len(key) <= min(_KICKER_CHARS, len(key))
        for key in keys
    )


#: Longest closing heading dropped (words): a section's title, not a sentence.
_CLOSING_HEADING_WORDS = 6


def drop_closing_headings(paragraphs: list[str], headings: set[str]) -> list[str]:
    """Drop the headings the text ends with: they head what was cut as boilerplate.

    A "Related articles" or "Social media" heading stays behind when the links under it
    are cut; a heading that heads nothing is no part of the story. ``headings`` are the
    page's ``<h2>``-``<h6>`` texts, normalized (:func:`normalize_for_hash`); the first
    paragraph always stays.

    >>> drop_closing_headings(["Text.", "More text.", "Related articles"], {"related articles"})
    ['Text.', 'More text.']
    >>> drop_closing_headings(["Text.", "Related articles"], set())
    ['Text.', 'Related articles']
    """
    end = len(paragraphs)
    while end > 1:
        last = paragraphs[end - 1]
        if len(last.split()) > _CLOSING_HEADING_WORDS or normalize_for_hash(last) not in headings:
            break
        end -= 1
    return paragraphs[:end]
