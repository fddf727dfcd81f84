from __future__ import annotations

import json

import pytest

from newscrawl.extract import extract_article
from newscrawl.extract.authors import clean_author_list, clean_authors
from newscrawl.extract.listing import Listing
from newscrawl.extract.names import fix_caps


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By SETH J. FRANTZMAN", ["Seth J. Frantzman"]),
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("Jane Doe, John Roe and Ann Poe", ["Jane Doe", "John Roe", "Ann Poe"]),
        ("Jane Doe & John Roe", ["Jane Doe", "John Roe"]),
        ("By Jane Doe, Staff Writer", ["Jane Doe"]),
        ("Posted on September 21, 2020 by Adi Tzlil", ["Adi Tzlil"]),
        ("Veröffentlicht am 3. Mai 2021 von Eva Schmidt", ["Eva Schmidt"]),
        ("By Jane Doe, Senior Political Correspondent", ["Jane Doe"]),
        # A title with its beat or place, after the name: not a second author.
        ("By Carl Dean, Transport Correspondent", ["Carl Dean"]),
        ("By Carl Dean and Ann Lee, Washington Bureau", ["Carl Dean", "Ann Lee"]),
        ("Carl Dean, Middle East Editor", ["Carl Dean"]),
        ("Von Eva Schmidt, Wirtschaftsredakteurin", ["Eva Schmidt"]),
        # An agency after a person's name without a separator (the AP's own bylines).
        ("By EVA VERGARA Associated Press", ["Eva Vergara", "Associated Press"]),
        (
            "By JANE DOE and JOHN SMITH Associated Press",
            ["Jane Doe", "John Smith", "Associated Press"],
        ),
        ("By Anna Schmidt dpa", ["Anna Schmidt", "dpa"]),
        ("Por Agencia EFE", ["Agencia EFE"]),
        # The serial comma: its "and" is no part of the next name.
        ("By Carl Dean, Political Editor, and Ann Lee", ["Carl Dean", "Ann Lee"]),
        ("Ann Lee, Tom Roe, and Eva Poe", ["Ann Lee", "Tom Roe", "Eva Poe"]),
        ("Jane Doe | Editor", ["Jane Doe"]),
        ("Jane Doe jane.doe@example.com", ["Jane Doe"]),
        ("Jane Doe @janedoe", ["Jane Doe"]),
        ("Jane Doe https://twitter.com/janedoe", ["Jane Doe"]),
        ("Jane Doe Updated June 14, 2020 08:35", ["Jane Doe"]),
        ("Jane Doe | 14.06.2020", ["Jane Doe"]),
        ("By REUTERS", ["Reuters"]),
        ("By AP", ["AP"]),
        ("Jane Doe (AFP)", ["Jane Doe", "AFP"]),
        ("The Associated Press", ["The Associated Press"]),
        ("BY RONALD MCDONALD", ["Ronald McDonald"]),
        ("BASHAR AL-ASSAD", ["Bashar al-Assad"]),
        ("LUDWIG VAN DER BERG", ["Ludwig van der Berg"]),
        ("CONOR O'BRIEN", ["Conor O'Brien"]),
        ("Ronald McDonald", ["Ronald McDonald"]),
        # Press agencies' and French style: the surname in capitals.
        ("Von Bill MCCARTHY, Marisha GOLDHAMER", ["Bill McCarthy", "Marisha Goldhamer"]),
        ("Par Jean-Pierre LE GALL", ["Jean-Pierre Le Gall"]),
        ("MARINE LE PEN", ["Marine Le Pen"]),
        ("JEAN DE LA FONTAINE", ["Jean de la Fontaine"]),
        ("Jane Doe III", ["Jane Doe III"]),
        ("Redaktion MSM", ["Redaktion MSM"]),
        ("Von Hans Müller und Eva Schmidt", ["Hans Müller", "Eva Schmidt"]),
        ("Par Marie Curie et Pierre Curie", ["Marie Curie", "Pierre Curie"]),
        ("Por Ana Pérez y Luis Gómez", ["Ana Pérez", "Luis Gómez"]),
        ("מאת דנה כהן", ["דנה כהן"]),
        ("Staff", []),
        # A CMS account named after the desk: "News" in German, Spanish.
        ("Nachrichten", []),
        ("Noticias", []),
        ("", []),
        (None, []),
        ("Jane Doe is a reporter covering climate for the paper", ["Jane Doe"]),
        ("capital von Jemima Kelly 05. November 2024 15:36 Uhr 3 Min", ["Jemima Kelly"]),
        ("Elena Oberholzer (obe), Oliver Maksan (oma)", ["Elena Oberholzer", "Oliver Maksan"]),
        ("신현주 기자", ["신현주"]),
        ("박준석 기자 외 1명", ["박준석"]),  # "and 1 other"
        ("red", []),
        ("dpa", ["dpa"]),
        ("LTO", ["LTO"]),
        # name particles and lead words
        ("Alexa von Heyden", ["Alexa von Heyden"]),
        ("Erstellt von Andri Bryner", ["Andri Bryner"]),
        ("Eingestellt von der Michel", ["der Michel"]),
        ("Rezept von Zum Profil von jesusfreak jesusfreak", ["jesusfreak"]),
        ("Author: Bo2man", ["Bo2man"]),
        ("Auteur: Anna Kubišta", ["Anna Kubišta"]),
        ("Published by Ann Lee", ["Ann Lee"]),
        ("Veröffentlicht von HansG", ["HansG"]),
        ("Interview: Julia Lauter", ["Julia Lauter"]),
        ("Text Interview: Harald Willenbrock", ["Harald Willenbrock"]),
        ("Posted by Günter W. Kienitz at 10:42", ["Günter W. Kienitz"]),
        ("r23 »", ["r23"]),
        # form labels, buttons and fragments are no names; a user name is one word
        ("Please enter your name here", []),
        ("Afficher mon profil complet", []),
        ("Gàbor Muniér, Datum", ["Gàbor Muniér"]),
        ("Schließen", []),
        ("happyface313", ["happyface313"]),
        # a short lower-case word after "by" is a user name; alone, an editor's initials
        ("by marc", ["marc"]),
        ("Text von Christian Seiler Illustration von Markus Roost", ["Christian Seiler"]),
        ("By Ann Lee Photos by Max Roe", ["Ann Lee"]),
        ("Jane Doe Senior Staff Writer", ["Jane Doe"]),
        ("No Author", []),
        ("marc", []),
        ("Von red.", []),
        # dates and their announcements after the name
        ("Isabella Dibiase am Samstag, 19. Oktober 2019", ["Isabella Dibiase"]),
        ("MORITZ GATHMANN am 21. April 2020", ["Moritz Gathmann"]),
        ("Matthieu Hy le 20 février 2020", ["Matthieu Hy"]),
        ("John Walk - January 5, 2020", ["John Walk"]),
        ("Tomas Spahn Fr, 18. Oktober 2019", ["Tomas Spahn"]),
        ("Sara Zinnecker Stand: 05.02.2020", ["Sara Zinnecker"]),
        ("Tobi, 29. Juni 2019", ["Tobi"]),
        # what is no name at all
        ("By", []),
        ("Name (erforderlich)", []),
        ("Publiziert am 3. März 2020", []),
        ("Art Edwards says", []),
        ("Nuño Domínguez Twitter", ["Nuño Domínguez"]),
        ("~ Cem Basman", ["Cem Basman"]),
        ("Johanna Kropfitsch Alle Artikel", ["Johanna Kropfitsch"]),
        ("Houzz Deutschland vor 3 Tagen", ["Houzz Deutschland"]),
        ("Grant Tinsley, PhD", ["Grant Tinsley"]),
        ("edilson.la.rosa", []),
        ("mdr.de", ["mdr.de"]),
        ("Artikel von", []),
        # the period of an initial or a suffix stays, a sentence's goes
        ("Perry Bacon Jr.", ["Perry Bacon Jr."]),
        ("Joe S.", ["Joe S."]),
        ("Jane Doe.", ["Jane Doe"]),
        # the publication written for, in a title-case byline
        ("Glen Owen And Brendan Carlin For The Mail On Sunday", ["Glen Owen", "Brendan Carlin"]),
        ("By Jane Doe For Mailonline", ["Jane Doe"]),
        ("© Kathrin Führes Kathrin Führes", ["Kathrin Führes"]),  # a credit, then the name
        # a parenthesised aside: an agency or names are kept, an affiliation or label goes
        ("By Ann Lee (Reuters)", ["Ann Lee", "Reuters"]),
        ("Ann Lee (Tim Cook and Eva Roe)", ["Ann Lee", "Tim Cook", "Eva Roe"]),
        ("Published by Ann Lee (TELUQ)", ["Ann Lee"]),
        ("Von Samuel Diekmann (Sponsored Post)", ["Samuel Diekmann"]),
        # paid-content labels and a CMS's administrator account are nobody
        ("Sponsored Post", []),
        ("Anzeige", []),
        ("von wordpressadmin |", []),
        ("WP_Admin", []),
        # a rights holder's "Copyright", a legal form alone, a picture's source
        ("Copyright Haufe-Lexware GmbH", ["Haufe-Lexware GmbH"]),
        ("GmbH", []),
        ("Фото из Инстаграма Лукаша Подольски", []),
        # markup and addresses in a value: a CMS's author links
        ('<a href="/pl/eksperci/ann-lee" hreflang="pl">Ann Lee</a>', ["Ann Lee"]),
        ("/pages/dr.-ann-lee.html", []),
        ("Ann Lee /author/ann-lee/", ["Ann Lee"]),
        ("Ann Lee / Reuters", ["Ann Lee", "Reuters"]),
        # placeholders in other languages, and "by the newsroom"
        ("publisher", []),
        ("Unbenannt", []),
        ("anónimo", []),
        ("Von der Redaktion und dpa", ["dpa"]),
        ("Redaktion: Eberhard Fuhr (Pressesprecher)", ["Eberhard Fuhr"]),
        ("Redaktion", []),
        ("Redacción", []),
        ("Zespół", []),
        ("Auteurs", []),
        # an organisation's own "and" joins no two names
        (
            "Bundesministerium für Wirtschaft und Klimaschutz",
            ["Bundesministerium für Wirtschaft und Klimaschutz"],
        ),
        (
            "U.S. Department of Health and Human Services",
            ["U.S. Department of Health and Human Services"],
        ),
        ("Ann Lee and Department of Defense", ["Ann Lee", "Department of Defense"]),
        # ... but further on, such a word is an affiliation
        ("Jane Doe for the Department of Energy and Tom Roe", ["Jane Doe", "Tom Roe"]),
        ("Hudson Institute for the Study of War", ["Hudson Institute for the Study of War"]),
        ("Ann Lee, Mykolo Romerio universiteto fakulteto profesorius", ["Ann Lee"]),
        # A broadcaster's staff: its channel number is no date, its brand stays as written.
        ("By KXNT 7 News Staff", ["KXNT 7 News"]),
        ("By FOX 5 Digital Team", ["FOX 5"]),
        ("By NBC 4 New York Staff", ["NBC 4 New York"]),
        ("By Joe Li, KING 5", ["Joe Li", "KING 5"]),
        ("By John Doe, WSB-TV", ["John Doe", "WSB-TV"]),
        ("By Staff Report", []),
        # A generation's numeral after a name in capitals.
        ("By JAMES SMITH III", ["James Smith III"]),
        ("By ANN LEE 3 Min", ["Ann Lee"]),
    ],
)
def test_clean_authors(raw: str | None, expected: list[str]) -> None:
    assert clean_authors(raw) == expected


def test_long_sentences_are_not_names() -> None:
    assert clean_authors("Click here to read more stories from our newsroom every day") == []


def test_author_list_deduplicates_across_values() -> None:
    assert clean_author_list(["By Jane Doe", "JANE DOE", "Reuters", "reuters"]) == [
        "Jane Doe",
        "Reuters",
    ]


def test_fix_caps_keeps_mixed_case_and_initials() -> None:
    assert fix_caps("SETH J. FRANTZMAN") == "Seth J. Frantzman"
    assert fix_caps("danah boyd") == "danah boyd"
    assert fix_caps("J.R.R. Tolkien") == "J.R.R. Tolkien"


def test_byline_parts_in_separate_elements_are_read_apart() -> None:
    from lxml.html import fromstring

    from newscrawl.extract.bylines import bylines

    tree = fromstring(
        '<div><span class="author vcard"><span class="label">Author</span>'
        '<a href="#">Andreas Kalt</a></span><ul class="comments">'
        '<li><span class="comment-author">Vera Nym</span> says</li></ul></div>'
    )
    assert bylines(tree) == ["Author Andreas Kalt"]
    assert clean_author_list(bylines(tree)) == ["Andreas Kalt"]


def _article_with(byline: str) -> dict:
    from newscrawl.extract import extract_article

    text = "<p>" + "A post long enough to be kept as an article body. " * 12 + "</p>"
    page = f"<html><body><article><h1>Faircoin explained</h1>{byline}{text}</article></body></html>"
    return extract_article(page, "https://blog.example/faircoin")


def test_a_user_name_after_by_reaches_the_article() -> None:
    assert _article_with('<span class="byline">by marc</span>')["authors"] == ["marc"]


def test_drupal_submitted_line_is_a_byline() -> None:
    byline = (
        '<div class="submitted">Gespeichert von <span class="username">rasos</span> am'
        " 24. Juli 2017 - 18:05</div>"
    )
    assert _article_with(byline)["authors"] == ["rasos"]


def test_a_chinese_pages_editor_credit_names_its_authors() -> None:
    text = "<p>" + "中国与拉美国家在航天领域的合作不断深化，成果惠及各国人民。" * 8 + "</p>"
    credit = '<div class="edit">(责编：牛镛、岳弘彬)</div><p class="paper">人民网</p>'
    page = f"<html><body><article><h1>航天合作</h1>{text}{credit}</article></body></html>"
    assert extract_article(page, "http://politics.example.cn/n1/2024/0424/c1001.html")[
        "authors"
    ] == ["牛镛", "岳弘彬"]


def test_a_chinese_pages_writer_credit_beats_its_editor_credit() -> None:
    text = "<p>" + "国务院常务会议部署进一步扩大内需，推动消费持续恢复。" * 8 + "</p>"
    info = '<div class="info">2026-03-05 10:21　来源：新华社　作者：王小明　责任编辑：李华</div>'
    page = f"<html><body><article><h1>扩大内需</h1>{info}{text}</article></body></html>"
    assert extract_article(page, "http://news.example.cn/2026/03/05/c1.shtml")["authors"] == [
        "王小明"
    ]


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("<address>By Tim Anderson</address>", ["Tim Anderson"]),
        ('<p class="entry-meta">Posted by Ann Lee on May 4, 2019</p>', ["Ann Lee"]),
        ('<div class="authorbox">von Dennis Kochinky</div>', ["Dennis Kochinky"]),
        ("<p>von Klaus Stanjek</p>", ["Klaus Stanjek"]),
        ("<p>Gastbeitrag von Ann Lee</p>", ["Ann Lee"]),
        ("<p>Blog Beitrag von Margarita Koreneva</p>", ["Margarita Koreneva"]),
        (
            '<div class="metaInfo">Ein Artikel von <b>Pamela Sladky</b> | 27.01.2022</div>',
            ["Pamela Sladky"],
        ),
        # "by" and a name alone in an element nothing marks
        ('<span class="teaser-cat"> von Andreas Kürten </span>', ["Andreas Kürten"]),
        ("<div><span>By J.R. Stone</span></div>", ["J.R. Stone"]),
        ("<span>Vom Grätzltelefon zu Cloud</span>", []),
        ("<span>By CUSTOMS AND BORDER PROTECTION</span>", []),
        # no byline: a phrase with "von" in it, a comment's signature, a sentence
        ("<p>Klimaneutralität von Unternehmen</p>", []),
        ("<p>Kommentar von Ann Lee</p>", []),
        ("<p>By the way</p>", []),
    ],
)
def test_names_introduced_by_by_where_no_byline_is_marked(byline: str, expected: list[str]) -> None:
    assert _article_with(byline)["authors"] == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ('<ul class="author clipboard"><li>Stefan Loibl</li></ul>', ["Stefan Loibl"]),
        ('<span class="authorname-txt"><span>Anna Fazackerley</span></span>', ["Anna Fazackerley"]),
        # a CMS field set as a small heading (Drupal's author field)
        (
            '<h5 class="field--name-field-term-author">Christian Mihatsch</h5>',
            ["Christian Mihatsch"],
        ),
        # a heading that labels a menu of the site's authors names no one
        ('<h3 class="title-authors"><a href="/auteurs/">Auteurs</a></h3>', []),
        # an author's card: the linked name, not its tagline and button below
        (
            '<div class="author"><a href="/@tmoll"><img src="/a.png"></a><div class="name">'
            '<a href="/@tmoll">Tessa Moll</a><span>Building Search Engine APIs</span>'
            "<button>Message</button></div></div>",
            ["Tessa Moll"],
        ),
        # a forum post's line: the first link is the post's, the name comes after "von"
        (
            '<p class="author"><a href="#p4"><span>Beitrag</span></a> von '
            '<a href="/member/5">Henrik Aalto</a> » 21.01.2009</p>',
            ["Henrik Aalto"],
        ),
    ],
)
def test_bylines_marked_as_the_author(byline: str, expected: list[str]) -> None:
    assert _article_with(byline)["authors"] == expected


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ("<h5>Datum: </h5>03.11.2021<br><h5>Autor: </h5>Peter Maahn/SP-X<br>", ["Peter Maahn"]),
        ("<span>Datum:</span> 19.11.2021<br><span>Autor:</span> Fritz Imhof<br>", ["Fritz Imhof"]),
        ("<dl><dt>Author</dt><dd>Ann Lee</dd></dl>", ["Ann Lee"]),
        # a menu's link to the list of authors; a label before no name
        (
            '<div class="menu"><a href="/authors">Authors</a><a href="/new">Latest News</a></div>',
            [],
        ),
        ("<dl><dt>Autor</dt><dd>unbekannt</dd></dl>", []),
        # "Von:" as a label, the name lines below it
        ("<b>Von:</b> <br> <br> Götz Warnke", ["Götz Warnke"]),
        # a role after a name is no label of the next line's name
        ("<b>Marie Arana</b>, <span>author</span><br>\n<b>Margaret Atwood</b><br>", []),
        # a label opening the element whose links name the authors
        (
            '<ul><li>3 Minuten</li><li>Von: <a href="/eva-roebuck">Eva  ROEBUCK</a>, '
            '<a href="/tim-poe">Tim Poe</a></li></ul>',
            ["Eva Roebuck", "Tim Poe"],
        ),
        # the first label: the next ones are other stories' teasers
        (
            "<span>Written by <a>Ann Lee, PhD</a></span>"
            '<div class="more"><span>Written by <a>Tim Cook</a></span>'
            "<span>Written by <a>Eva Roe</a></span></div>",
            ["Ann Lee"],
        ),
    ],
)
def test_names_a_label_introduces_as_the_author(facts: str, expected: list[str]) -> None:
    assert _article_with(facts)["authors"] == expected


@pytest.mark.parametrize(
    ("meta_line", "expected"),
    [
        ("<small>04.02.2022 | 13:10 Uhr | Uta Helkenberg</small>", ["Uta Helkenberg"]),
        (
            '<div class="time">05.02.2020 <span>- Redaktion: Eberhard Fuhr</span></div>',
            ["Eberhard Fuhr"],
        ),
        ("<span>2022-10-25 – Reiner Nagel</span>", ["Reiner Nagel"]),
        # a date and what is no name
        ("<p>12.03.2021 - 3 Kommentare</p>", []),
        ("<p>12.03.2021 - Neue Regeln für den Hafen</p>", []),
        ('<ul><li><a href="/news/storm">12.03.2021 - Storm Hits Coast</a></li></ul>', []),
        ('<small>04.02.2022 | <a href="/autor/uta">Uta Helkenberg</a></small>', ["Uta Helkenberg"]),
        # the name, then a separator, in the element before the date's
        (
            '<div><span>Sehernur Karsu &nbsp;|</span><span class="tarih">05.04.2025</span></div>',
            ["Sehernur Karsu"],
        ),
    ],
)
def test_the_name_after_the_date_in_a_meta_line(meta_line: str, expected: list[str]) -> None:
    assert _article_with(meta_line)["authors"] == expected


def test_a_picture_credit_marked_as_author_is_no_byline() -> None:
    credit = '<div class="credit"><strong>Foto:</strong> <p class="autor">Jaime Roe</p></div>'
    assert _article_with(credit + '<p class="autor">Ann Lee</p>')["authors"] == ["Ann Lee"]
    figure = '<figure><img src="/a.jpg"><span class="author">Jaime Roe</span></figure>'
    assert _article_with(figure)["authors"] == []


def test_a_labelled_person_beats_declared_words_in_lower_case() -> None:
    meta = '<meta name="author" content="deinen Hochzeitsbloggern">'
    assert _declared(meta, "<p><em>Autor: <a>Samuel Roe</a>, Redner</em></p>") == ["Samuel Roe"]


def _declared(meta: str, byline: str = "") -> list[str]:
    """The authors of a story on harbour.example whose head holds ``meta``."""
    text = "<p>" + "A story long enough to be kept as an article body. " * 12 + "</p>"
    page = (
        f"<html><head>{meta}</head><body><article>"
        f"<h1>Ferry resumes</h1>{byline}{text}</article></body></html>"
    )
    return extract_article(page, "https://harbour.example/news/ferry")["authors"]  # type: ignore[no-any-return]


def _published_by_site(byline: str) -> list[str]:
    return _declared('<meta name="author" content="Harbour Example">', byline)


def test_people_a_by_line_names_beat_the_site_declared_as_the_author() -> None:
    assert _published_by_site("<p>Von Volkmar Kabisch und Benedikt Strunz</p>") == [
        "Volkmar Kabisch",
        "Benedikt Strunz",
    ]
    # The desk's place after the site's name in the signature is no author.
    assert _published_by_site("<p>By Nada Tawfik, Harbour Example, New York</p>") == ["Nada Tawfik"]
    # Where a byline names the site, "by" lines are the books a blog reviews.
    reviews = '<span class="author">Harbour Example</span><p>by Akira Arenth</p>'
    assert _published_by_site(reviews) == ["Harbour Example"]
    assert _published_by_site("") == ["Harbour Example"]


def test_a_publication_after_the_people_of_a_byline_is_no_author() -> None:
    """The site's name with "The" before it, or another publication's, beside a reporter."""
    assert _declared("", '<p class="byline">By Jane Doe | The Harbour</p>') == ["Jane Doe"]
    partner = '<p class="byline">By Jane Doe and Tom Roe | The Riverside Herald</p>'
    assert _declared("", partner) == ["Jane Doe", "Tom Roe"]
    # An agency is an author beside the people; a publication alone is kept.
    agency = '<p class="byline">By Jane Doe, The Associated Press</p>'
    assert _declared("", agency) == ["Jane Doe", "The Associated Press"]
    alone = '<p class="byline">By The Riverside Herald</p>'
    assert _declared("", alone) == ["The Riverside Herald"]


def test_css_in_js_rules_inside_a_byline_are_no_name() -> None:
    byline = (
        '<div class="byline"><style data-emotion="css y">.css-y{font-weight:700}</style>'
        '<span class="css-y">Ann Lee</span></div>'
    )
    assert _article_with(byline)["authors"] == ["Ann Lee"]


def test_a_desk_named_after_the_host_yields_to_a_declared_person() -> None:
    # The microdata author is the site's desk ("Harbour Editorial" on harbour.example);
    # the Dublin Core creator is the reporter.
    desk = (
        '<div itemscope itemtype="https://schema.org/NewsArticle">'
        '<div itemprop="author" itemscope itemtype="https://schema.org/Organization">'
        '<meta itemprop="name" content="Harbour Editorial"></div></div>'
    )
    meta = '<meta name="dc.creator" content="Elizabeth Gibney">'
    text = "<p>" + "A story long enough to be kept as an article body. " * 12 + "</p>"
    page = (
        f"<html><head>{meta}</head><body>{desk}<article><h1>Ferry resumes</h1>{text}"
        "</article></body></html>"
    )
    assert extract_article(page, "https://harbour.example/news/ferry")["authors"] == [
        "Elizabeth Gibney"
    ]
    # Without the person, the desk is what the page declares, and it is kept.
    alone = page.replace(meta, "")
    assert extract_article(alone, "https://harbour.example/news/ferry")["authors"] == [
        "Harbour Editorial"
    ]


def test_an_author_value_with_a_web_address_is_the_site_or_its_builder() -> None:
    # The site's own address: the publisher, whom the reporter's labelled line beats.
    own = '<meta name="author" content="Harbour Radio (www.harbour.example)">'
    assert _declared(own, "<p>Auteur : Kossivi Tiassou</p>") == ["Kossivi Tiassou"]
    # Another site's address: the agency that built the site, no author of the story.
    builder = '<meta name="author" content="Web Commerce GmbH www.w-commerce.example">'
    assert _declared(builder) == []
    assert _declared('<meta name="author" content="Ann Lee">') == ["Ann Lee"]


def test_a_by_line_names_the_people_where_an_organisation_is_declared() -> None:
    # A foundation declared as the author (not the site's name), its press officer shown.
    foundation = '<meta name="author" content="Hanns-Seidel-Stiftung e.V">'
    assert _declared(foundation, "<p>Von Uta Staschewski</p>") == ["Uta Staschewski"]
    # A declared first name: the byline gives the whole name.
    assert _declared('<meta name="author" content="Todd">', "<p>By Todd Bates</p>") == [
        "Todd Bates"
    ]
    # A declared person is not replaced by a "von" line elsewhere (a book's author).
    person = '<meta name="author" content="Vanessa Franke">'
    assert _declared(person, "<p>von Christian Milz</p>") == ["Vanessa Franke"]


def test_shareaholic_meta_gives_author_and_date() -> None:
    meta = (
        "<meta name='shareaholic:article_author_name' content='Wolfgang Michal'>"
        "<meta name='shareaholic:article_published_time' content='2017-06-07T11:19:22+02:00'>"
    )
    text = "<p>" + "A story long enough to be kept as an article body. " * 12 + "</p>"
    page = (
        f"<html><head>{meta}</head><body><article><h1>Sorgfalt</h1>{text}</article></body></html>"
    )
    article = extract_article(page, "https://michal.example/2017/06/07/sorgfalt/")
    assert article["authors"] == ["Wolfgang Michal"]
    assert article["published_at"] == "2017-06-07T11:19:22+02:00"


def test_a_listed_posts_author_term_classes_are_no_byline() -> None:
    # WordPress's post_class names a post's author terms; the item is a teaser, not a byline.
    teaser = (
        '<ul><li class="post type-post status-publish autor-vogt-laura">'
        '<h2><a href="/aufraeumen/">Aufräumen – Resonanz im Nachttischschrank</a></h2></li></ul>'
    )
    assert _article_with(teaser)["authors"] == []
    byline = '<p class="entry-meta">Posted by Nicole Collignon</p>'
    assert _article_with(teaser + byline)["authors"] == ["Nicole Collignon"]


def test_a_by_line_is_read_from_an_elements_first_words_only() -> None:
    """Each element of a page is asked whether it opens with "by": near its start (an icon
    before the words), not hundreds of elements down, whose walk from every element
    above would cost the square of their number."""
    from lxml.html import fromstring

    from newscrawl.extract.bylines import _opens_with_by

    icon = "<svg>" + "<path d='M0'/>" * 30 + "</svg>"
    assert _opens_with_by(fromstring(f"<p>{icon}By Ann Lee</p>"))
    deep = "<div>" + "<span>" * 300 + "By Ann Lee" + "</span>" * 300 + "</div>"
    assert not _opens_with_by(fromstring(deep))


def _listed(meta: str, byline: str, listed: list[str]) -> tuple[list[str], str | None]:
    """Authors and their source, the feed that listed the page naming ``listed``."""
    text = "<p>" + "A story long enough to be kept as an article body. " * 12 + "</p>"
    page = (
        f"<html><head>{meta}</head><body><article>"
        f"<h1>Ferry resumes</h1>{byline}{text}</article></body></html>"
    )
    listing = Listing(authors=tuple(listed))
    article = extract_article(page, "https://harbour.example/news/ferry", listing=listing)
    return article["authors"], article["field_sources"].get("authors")


def test_the_feed_s_authors_name_who_wrote_a_page_that_names_no_one() -> None:
    """A blog's page shows no byline; its feed's dc:creator names the writer."""
    assert _listed("", "", ["Ann Lee"]) == (["Ann Lee"], "listing")
    assert _listed("", "", ["jdoe@harbour.example (Jane Doe)"]) == (["Jane Doe"], "listing")
    # Or only the publisher.
    site = '<meta name="author" content="Harbour Example">'
    assert _listed(site, "", ["Ann Lee"]) == (["Ann Lee"], "listing")
    # What the page says comes first.
    assert _listed('<meta name="author" content="Bo Chen">', "", ["Ann Lee"])[0] == ["Bo Chen"]
    byline = '<span class="byline">By Bo Chen</span>'
    assert _listed("", byline, ["Ann Lee"])[0] == ["Bo Chen"]
    # The feed's placeholders and the site's own name are nobody.
    assert _listed("", "", ["admin"]) == ([], None)
    assert _listed(site, "", ["Harbour Example"]) == (["Harbour Example"], "meta")


def test_the_feed_s_categories_are_the_tags_of_a_page_that_gives_none() -> None:
    text = "<p>" + "A story long enough to be kept as an article body. " * 12 + "</p>"
    page = f"<html><body><article><h1>Ferry resumes</h1>{text}</article></body></html>"
    listing = Listing(tags=("Harbour", "Uncategorized", "Ferries"))
    article = extract_article(page, "https://harbour.example/news/ferry", listing=listing)
    assert article["tags"] == ["Harbour", "Ferries"]  # the CMS's catch-all is no tag
    assert article["field_sources"]["tags"] == "listing"
    keywords = '<meta name="keywords" content="Boats, Winter">'
    page = page.replace("<html>", f"<html><head>{keywords}</head>")
    article = extract_article(page, "https://harbour.example/news/ferry", listing=listing)
    assert article["tags"] == ["Boats", "Winter"]


def test_by_after_a_separator_in_a_meta_line_introduces_the_author() -> None:
    """A theme's meta line: a label, then "| By" (for screen readers), the name, the date."""
    meta = (
        '<div class="article_meta_info"><span class="trending">yas!</span>'
        ' <span class="screen-reader-text">| By </span> <span>Cara Stiles</span> |'
        ' <time class="entry-date">April 13, 2020</time></div>'
    )
    assert _article_with(meta)["authors"] == ["Cara Stiles"]
    # Not a part that is no name.
    assert _article_with(meta.replace("Cara Stiles", "the numbers"))["authors"] == []


def test_an_agency_story_s_own_byline_element_names_its_author() -> None:
    """NITF's ``<byline>``, kept by a site that publishes dpa's stories as delivered."""
    byline = "<div><byline>Von Anna Beispiel, dpa</byline></div>"
    assert _published_by_site(byline) == ["Anna Beispiel"]
    assert _article_with(byline)["authors"] == ["Anna Beispiel", "dpa"]


@pytest.mark.parametrize(
    ("ending", "expected"),
    [
        # A small site signs its story with the name in bold, as its last paragraph.
        ("<p><b><i>Stefan Beispiel</i></b></p>", ["Stefan Beispiel"]),
        ('<p class="clearfix"> <strong>Marina Muster</strong> </p>', ["Marina Muster"]),
        # A bold line that text follows is a heading; a credit is no name.
        ("<p><b>Weitere Ergebnisse</b></p><ul><li>Spiel 2: 3:1</li></ul>", []),
        ("<p><strong>Foto: IBU</strong></p>", []),
    ],
)
def test_a_name_in_bold_that_closes_the_text_signs_it(ending: str, expected: list[str]) -> None:
    assert (
        _article_with(
            f"<div>{'<p>' + 'Das Spiel endete spät am Abend. ' * 12 + '</p>'}{ending}</div>"
        )["authors"]
        == expected
    )


def test_a_signature_is_the_last_resort() -> None:
    """A byline the page marks names the author; the bold line under the text does not."""
    byline = '<span class="author">Ann Lee</span>'
    story = "<p>" + "A sentence of the story. " * 15 + "</p>"
    assert _article_with(f"{byline}<div>{story}<p><b>Bob Roe</b></p></div>")["authors"] == [
        "Ann Lee"
    ]


def test_a_first_name_declared_is_made_whole_by_the_persons_bio() -> None:
    """Yoast's Person: the display name ("Nils"), and a bio that opens with the whole name."""
    person = {"@type": "Person", "name": "Nils", "description": "Nils Beispiel ist freier Autor."}
    data = {"@context": "https://schema.org", "@type": "Article", "headline": "T", "author": person}
    meta = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    assert _declared(meta) == ["Nils Beispiel"]
    person["description"] = "Nils schreibt hier über Fahrräder."
    assert _declared(f'<script type="application/ld+json">{json.dumps(data)}</script>') == ["Nils"]


def test_a_line_break_ends_a_byline() -> None:
    """The dateline's place on the next line is no part of the last name."""
    byline = "<p>Von <strong>Anna Beispiel</strong> und <strong>Bert Muster</strong><br><br>Kakuma /Kenia</p>"
    assert _published_by_site(byline) == ["Anna Beispiel", "Bert Muster"]


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        (
            '<div class="meta"><span class="author">By Jane Doe</span> and '
            '<span class="author">John Smith</span></div>',
            ["Jane Doe", "John Smith"],
        ),
        (
            '<p><span class="author__name">Par Jean-Pierre Dupont</span> et '
            '<span class="author__name">Léa Moreau</span></p>',
            ["Jean-Pierre Dupont", "Léa Moreau"],
        ),
        (
            '<p><a class="byline" href="/a/1">Ann Lee</a>, <a class="byline" href="/a/2">Bo Li'
            '</a> und <a class="byline" href="/a/3">Carl Roe</a></p>',
            ["Ann Lee", "Bo Li", "Carl Roe"],
        ),
        # Two cards side by side, the author's and a translator's: the first one's.
        (
            '<div class="author"><span>Written by</span> <a>Elisa Marvena</a></div> '
            '<div class="author"><span>Translated by</span> <a>Tom Gray</a></div>',
            ["Elisa Marvena"],
        ),
    ],
)
def test_each_author_in_an_element_of_one_byline(byline: str, authors: list[str]) -> None:
    """The first of them alone was the byline: one author of two."""
    assert _declared("", byline) == authors


def test_a_wordpress_post_line_without_a_class_names_the_author() -> None:
    """ "Posted on March 5, 2024 by Jane Doe" under the headline, in a plain <p>."""
    assert _declared("", "<p>Posted on March 5, 2024 by Jane Doe</p>") == ["Jane Doe"]


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("Par Jean Dupont, envoyé spécial à Kharkiv", ["Jean Dupont"]),
        ("Por Ana Pérez, corresponsal en Bruselas", ["Ana Pérez"]),
        ("di Mario Rossi, inviato a Kiev, e Giulia Bianchi", ["Mario Rossi", "Giulia Bianchi"]),
        ("By Jane Doe, correspondent in Kyiv", ["Jane Doe"]),
    ],
)
def test_a_post_at_a_place_after_the_name_is_no_author(byline: str, authors: list[str]) -> None:
    """The place of a correspondent's post was an author of its own: "à Kharkiv"."""
    assert _article_with(f'<span class="byline">{byline}</span>')["authors"] == authors


def test_greek_and_indonesian_bylines_name_the_author_alone() -> None:
    """Greek writes "by" as an article ("Του"); Indonesian labels the writer "Penulis:"."""
    greek = '<span class="author">Του <a href="/author/g">Γιώργου Παπαδόπουλου</a></span>'
    assert _article_with(greek)["authors"] == ["Γιώργου Παπαδόπουλου"]
    labelled = (
        '<div class="credit"><div>Penulis: <a href="/p/budi">Budi Santoso</a></div>'
        '<div>Editor: <a href="/e/siti">Siti Rahma</a></div></div>'
    )
    assert _article_with(labelled)["authors"] == ["Budi Santoso"]
    # A Ukrainian first name is not Indonesian's "by" ("Oleh:").
    assert clean_authors("Oleh Kovalenko") == ["Oleh Kovalenko"]
