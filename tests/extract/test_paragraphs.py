"""Paragraph-level rules: prompts, reading times, credits and pointers leave; story text stays."""

from __future__ import annotations

import pytest

from newscrawl.extract import extract_article
from newscrawl.extract.paragraphs import drop_headline_repeats, postclean

STORY = "The council voted on Tuesday to extend the night bus network to three more districts."


@pytest.mark.parametrize(
    "prompt",
    [
        # Newsletters, alerts and follow prompts, in several orders and languages.
        "Want more stories like this? Sign up to our free weekly newsletter here.",
        "The Morning Brief newsletter lands in your inbox every weekday. Register now!",
        "Unser Newsletter erscheint jeden Freitag direkt in Ihrem Postfach. Zur Anmeldung",
        "Get breaking stories from the Daily Example straight into your inbox.",
        "Turn on push alerts to never miss a story from our newsroom.",
        "Folge unserem WhatsApp-Kanal für die wichtigsten Nachrichten des Tages.",
        "Follow the Daily Example on Google News to see our stories first.",
        "Stay informed with credible local reporting for a small fee. Subscribe now!",
        "Got a tip? Get in touch with our news team by emailing us at tips@example.com.",
        # Comment sections.
        "Please take a moment to read our house rules before commenting.",
        "Set a display name in your profile settings to join the discussion.",
        "Du musst angemeldet sein, um einen Kommentar abzugeben.",
        # Consent placeholders, feedback and rating widgets.
        "Hier steht ein externer Inhalt, der den Artikel ergänzt.",
        "Ich bin damit einverstanden, dass mir Inhalte von Drittanbietern angezeigt werden.",
        "Fehler gefunden? Schreiben Sie uns.",
        "Wie hat Ihnen dieser Artikel gefallen?",
        "Was this article helpful? Let us know.",
        # Trial offers, account prompts, notices.
        "Testen Sie die Zeitung vier Wochen kostenlos und unverbindlich.",
        "Esta función está disponible solo para suscriptores.",
        "¿Quieres cambiar tu suscripción a la modalidad familiar?",
        "Bu haberlerin tamamı için abonelik gerekmektedir.",
        "Welcome! You are using an outdated browser, so some features may not work.",
        "<Copyright © Example Daily. All rights reserved.>",
        "© 예시일보 무단 전재 및 재배포 금지",
        "例示新聞の会員登録をすると全記事が読めます",
        "カテゴリーをフォローする",
        "例示新聞電子版が利用できる",
        "半月谈记者 史卫燕",
        "（记者 张三 李四）",
        "कॉपी लिंक",
        "Lue seuraavaksi:",
        "Empfohlener redaktioneller Inhalt",
        "Noticia relacionada",
        "Category : Press Releases",
        "Wird geladen",
        "Sieh dir diesen Beitrag auf Instagram an",
        "View this post on Instagram",
        "Folge uns auf Facebook | Instagram",
        "O conhecimento liberta. Saiba mais. Siga-nos no Telegram.",
        "loading...",
        "Seguir leyendo:",
        "MÁS INFORMACIÓN:",
        "Diese Artikel könnten dich auch interessieren:",
        "Our readers get special offers from partners. Read our Privacy Policy.",
        "（责任编辑：李华）",
        "اقرأ أيضا: الحكومة تعلن خطة جديدة للنقل",
        "İlgili Haberler",
        "Haberin devamı için tıklayın",
        "Читайте также: Центробанк сохранил ставку",
        "קראו עוד: הממשלה אישרה את התקציב",
    ],
)
def test_calls_to_action_leave_the_body(prompt: str) -> None:
    assert postclean([STORY, prompt]) == [STORY]


@pytest.mark.parametrize(
    "label",
    [
        "4 Minuten Lesezeit",
        "Reading time: 6 min",
        "12 min read",
        "Lesedauer: ca. 4 Minuten",
        "Kilde: Example Health Agency",
    ],
)
def test_reading_times_and_source_labels_leave_the_body(label: str) -> None:
    assert postclean([STORY, label]) == [STORY]


def test_captions_ending_in_a_credit_and_live_blog_pointers_leave_the_body() -> None:
    texts = [
        STORY,
        "The new depot on opening day. Foto: Jana Beispiel",
        "All the latest on the storm can be found in our live blog:",
        "Weitere Entwicklungen lesen Sie in unserem Liveblog:",
    ]
    assert postclean(texts) == [STORY]


def test_affiliate_commission_disclosures_leave_the_body() -> None:
    note = "Products are picked by our editors. The Daily may earn an affiliate commission."
    assert postclean([STORY, note]) == [STORY]


@pytest.mark.parametrize(
    "sentence",
    [
        "The newsletter, which began in 2019, now has 40,000 readers across the region.",
        "She said the bus network would reach the districts by the end of the year.",
        "Readers asked how the new timetable will affect the night buses in winter.",
        "The photo: a crowd at the depot, was shared thousands of times on Monday evening "
        "before the council confirmed the plan.",
        "记者会在北京举行",  # "a press conference was held in Beijing"
    ],
)
def test_story_sentences_that_resemble_prompts_stay(sentence: str) -> None:
    assert postclean([STORY, sentence]) == [STORY, sentence]


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("Von Anna Sleegers, Frankfurt", ["Anna Sleegers"]),
        ("By Nada Tawfik, Example News, New York", ["Nada Tawfik"]),
        ("Posted by Alex Durán, Project Marketing", ["Alex Durán"]),
        ("Autorin: Uta Staschewski, Projektleiterin in Tunis.", ["Uta Staschewski"]),
        ("Von: det/dpa", ["dpa"]),
    ],
)
def test_a_by_line_naming_an_author_beside_a_place_or_desk_leaves_the_body(
    byline: str, authors: list[str]
) -> None:
    assert postclean([STORY, byline, STORY + " More."], (), authors) == [STORY, STORY + " More."]


def test_a_short_paragraph_naming_an_author_among_others_stays() -> None:
    """Without "by", a line naming the author beside another is not a byline."""
    line = "Anna Sleegers, Tim Cook"
    assert postclean([STORY, line], (), ["Anna Sleegers"]) == [STORY, line]
    # And "by" with none of the article's authors names someone else (a book's author).
    book = "Von Thomas Mann, Frankfurt"
    assert postclean([STORY, book], (), ["Anna Sleegers"]) == [STORY, book]


@pytest.mark.parametrize(
    "dateline",
    [
        "20 Nisan 2026•Güncelleme: 20 Nisan 2026",
        "Article mis à jour le 7 janvier 2020.",
        "January 22, 2014",
        "26. März 2004, 16:19",
        "Updated: March 5, 2024, 2:30 PM",
    ],
)
def test_datelines_written_with_month_names_leave_the_edges_of_the_body(dateline: str) -> None:
    middle = [STORY + f" Part {n}." for n in range(4)]
    assert postclean([dateline, *middle]) == middle
    assert postclean([*middle, dateline]) == middle


@pytest.mark.parametrize(
    "line",
    ["12 Monkeys 1995", "On 5 March 2024 the council met.", "Updated 12 times since 2020"],
)
def test_lines_with_a_date_in_them_stay(line: str) -> None:
    assert postclean([line, STORY]) == [line, STORY]


@pytest.mark.parametrize("place", ["WASHINGTON —", "Bergisch Gladbach -", "Madrid-"])
def test_a_datelines_place_split_off_is_joined_to_the_first_sentence(place: str) -> None:
    assert postclean([place, STORY, STORY + " More."]) == [f"{place} {STORY}", STORY + " More."]
    # Further down, a line ending in a dash is the story's own.
    body = [STORY, STORY + " Two.", place, STORY + " Three."]
    assert postclean(body) == body


def test_headline_block_with_its_kicker_leaves_the_body() -> None:
    html = (
        "<html><head><title>Night buses reach three more districts</title></head><body>"
        "<article><p>Transport plan<span>Night buses reach three more districts</span></p>"
        + f"<p>{STORY}</p>" * 4
        + "</article></body></html>"
    )
    body = extract_article(html, "https://x.com/news/night-buses")["body"]
    assert not body.startswith("Transport plan")
    assert body.startswith(STORY)


def test_sentences_and_datelines_ending_with_the_headline_stay() -> None:
    headline = "Night buses reach three more districts"
    texts = [
        f"Campaigners marched through the city centre under the motto: {headline}",
        f"CITY, 4.5.2024 -- Title: {headline}",
        STORY,
    ]
    assert drop_headline_repeats(texts, [headline]) == texts


def test_the_list_of_sources_at_the_end_leaves_the_body() -> None:
    texts = [STORY, "Quellen:", "Stadtrat, Sitzungsprotokoll", "Eigene Recherche vor Ort"]
    assert postclean(texts) == [STORY]


def test_a_sources_heading_before_long_paragraphs_is_not_a_list() -> None:
    texts = [STORY, "Sources", STORY.replace("Tuesday", "Monday") * 2]
    assert postclean(texts) == texts


def test_link_hints_for_screen_readers_leave_the_text() -> None:
    text = "Tesla used cells from Panasonic(öffnet im neuen Fenster) with 271 Wh/kg, it said."
    assert postclean([text]) == ["Tesla used cells from Panasonic with 271 Wh/kg, it said."]
    read = "Read the full report (opens in a new window) before the vote on Friday."
    assert postclean([read]) == ["Read the full report before the vote on Friday."]
    # Brackets of the story's own stay.
    own = "The council (which meets on Fridays) opened a new window for comments."
    assert postclean([own]) == [own]
