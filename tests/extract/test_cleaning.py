from __future__ import annotations

import json
import re
from typing import Any

import pytest

from newscrawl.extract import body as body_module
from newscrawl.extract import extract_article
from newscrawl.extract.body import boilerplate_texts, preclean
from newscrawl.extract.image_credits import clean_credit, split_credit
from newscrawl.extract.paragraphs import _PROMPT, postclean
from newscrawl.extract.parse import parse
from newscrawl.extract.processors import (
    clean_paragraph_text,
    clean_text,
    lowercase,
    normalize_for_hash,
    split_list,
    unique,
)
from newscrawl.extract.title_parts import strip_site_name
from newscrawl.extract.walls import WALL_PROMPT

PARAGRAPH = "This sentence belongs to the article and says something worth reading. " * 4


def test_clean_text_entities_nfc_whitespace() -> None:
    assert clean_text("Cafe\u0301 &amp; bar&nbsp;\n\t x") == "Café & bar x"
    assert clean_text("soft\u00adhyphen zero\u200bwidth") == "softhyphen zerowidth"
    assert clean_text("") is None


def test_paragraph_text_keeps_one_blank_line() -> None:
    assert clean_paragraph_text("a  b\n\n\n\nc\n d") == "a b\n\nc d"


def test_split_list_and_unique() -> None:
    assert split_list("a, b; c|d") == ["a", "b", "c", "d"]
    assert unique(["A", "a", "b"]) == ["A", "b"]


def test_normalize_for_hash_ignores_whitespace_and_case() -> None:
    assert normalize_for_hash("Hello\n\n  World") == normalize_for_hash("hello world")


def test_whitespace_is_what_regex_calls_whitespace() -> None:
    # Runs of any Unicode whitespace (line separators, ideographic and no-break spaces, the
    # ASCII separators) collapse to one space, none left at the ends; others stay.
    for space in ["\u2028", "\u3000", "\u00a0", "\x1c", "\x85", "\u200a", "\t\r\n"]:
        assert re.fullmatch(r"\s+", space)
        assert clean_text(f"{space}a{space}{space}b{space}") == "a b"
        assert normalize_for_hash(f"{space}A{space}{space}B{space}") == "a b"
    assert clean_text("a\u200bb\u2060c") == "abc"  # invisible, not whitespace
    assert normalize_for_hash("\u200b") == "\u200b"


def test_prompts_match_at_word_starts_only() -> None:
    # Both prompt patterns share one word boundary in front of all their Latin prompts.
    # The paragraph prompts are matched on lowercased text (a Turkish capital "İ" too).
    for text in [
        "Sign up for our newsletter",
        "Get it into your inbox",
        "Read our privacy policy.",
        "Tüm hakları saklıdır. ABONELİK",
        "無断転載を禁じます",
    ]:
        assert _PROMPT.search(lowercase(text)), text
    for text in ["Resubscribe now!", "The nonprivacy policy", "Lokalprivacy policy"]:
        assert not _PROMPT.search(lowercase(text)), text
    assert WALL_PROMPT.search("Subscribe to read the full story")
    assert WALL_PROMPT.search("Dieser Artikel ist nur für Abonnenten")
    assert not WALL_PROMPT.search("Unsubscribe to read less")


def test_strip_site_name() -> None:
    assert strip_site_name("Story title | The Daily", ["The Daily"]) == "Story title"
    assert (
        strip_site_name("Story title - daily.example.com", ["daily.example.com"]) == "Story title"
    )
    assert strip_site_name("Story: a title", ["The Daily"]) == "Story: a title"


def test_split_credit_variants() -> None:
    assert split_credit("A caption (photo credit: X/REUTERS)") == ("A caption", "X/REUTERS")
    assert split_credit("A caption. Photo: Jane Doe") == ("A caption.", "Jane Doe")
    assert split_credit("Eine Bildunterschrift. Foto: dpa") == ("Eine Bildunterschrift.", "dpa")
    assert split_credit("A caption © AFP") == ("A caption", "AFP")
    assert split_credit("A plain caption") == ("A plain caption", None)
    assert clean_credit("(Credit: Getty Images)") == "Getty Images"
    # Russian's label; a slash before the label is no part of the caption.
    assert split_credit("Порт на рассвете Фото: Анна Ли") == ("Порт на рассвете", "Анна Ли")
    assert split_credit("Der Hafen / Foto: Envato") == ("Der Hafen", "Envato")


def test_postclean_drops_boilerplate_paragraphs() -> None:
    kept = postclean(
        [
            PARAGRAPH,
            "Read more: Another story entirely",
            "Subscribe for our daily newsletter",
            "Advertisement",
            "Share this article",
            "The caption of the photo",
            PARAGRAPH,  # an exact repeat of a short-enough paragraph
            "Subscribe to a view: this long paragraph starts like a prompt but is text. " * 5,
        ],
        ["The caption of the photo"],
    )
    assert kept[0] == PARAGRAPH
    assert len(kept) == 2
    assert kept[1].startswith("Subscribe to a view")


@pytest.mark.parametrize(
    "prompt",
    [
        "Weiterlesen: Vitamin D im Winter",
        "weiterlesen →",
        "Recommended Videos",
        "Teilen auf",
        "Folgen Sie uns auf Twitter Liken Sie uns auf Facebook",
        "Tags:Uncategorized",
        "Schlagworte: Hafen, Fähre",
        "Hauptinhalt",
        "Skip to main content",
        "Suscribete",
        "Kommentar abgeben",
        "Leave a Reply",
        "showPaywallPiano:",
        "initPhotoGallery();",
        "isSubscriber:",
        "false",
        "« Zurück zu den Veranstaltungen",
        "Back to top",
        # Where an advertisement, the print edition or a paywall cut into the story.
        "Story continues below advertisement",
        "Continue reading the main story",
        "Article continues after this advertisement",
        "Continue reading your article with a Journal subscription",
        "A version of this article appears in print on Nov. 29, 2026, Section A, Page 1.",
        "Order Reprints | Today's Paper | Subscribe",
        "Most Read",
        # A newsletter's blurb without the word "newsletter"; Spanish sign-ups.
        "Get the news you need to start your day, delivered to your inbox every weekday.",
        "Recibe cada tarde el boletín Diario de la tarde con las noticias más importantes. "
        "Apúntate aquí",
        "Más información",
        # An opinion page's disclaimer, a nonprofit's reprint box, a station's app promo.
        "The views expressed in this column are those of the author and do not necessarily "
        "reflect those of The Northern Post. Want to submit a guest column? Email us.",
        "Republish this story: Capitol Watch is a nonprofit newsroom. You may republish our "
        "stories for free under a Creative Commons license.",
        "Stay with KXNT 7 News for updates on this developing story. Download the KXNT 7 "
        "app for breaking news alerts.",
        "___",
    ],
)
def test_prompts_and_labels_in_german_and_english_leave_the_body(prompt: str) -> None:
    assert postclean([PARAGRAPH, prompt, PARAGRAPH + " Again."], []) == [
        PARAGRAPH,
        PARAGRAPH + " Again.",
    ]


@pytest.mark.parametrize(
    "prompt",
    [
        # Comment sections, a subscription's device limit, "keep reading" (Spanish).
        "Normas de participación",
        "Para comentar, ingresá con tu cuenta.",
        "Comentarios (112)",
        "Si continúas leyendo en este dispositivo, no se podrá leer en el otro.",
        "Seguí leyendo:",
        # Channel and follow prompts (Portuguese, Turkish).
        "📲 Participe do canal do Portal Notícias SP no WhatsApp",
        "VÍDEOS: veja mais notícias de São Paulo",
        "Gündem Haber'i Google News üzerinden takip edin",
    ],
)
def test_prompts_in_spanish_portuguese_and_turkish_leave_the_body(prompt: str) -> None:
    # A sentence about commenting is the story's.
    said = "El ministerio no respondió a las llamadas para comentar el caso."
    assert postclean([PARAGRAPH, prompt, said, PARAGRAPH + " Again."], []) == [
        PARAGRAPH,
        said,
        PARAGRAPH + " Again.",
    ]


@pytest.mark.parametrize(
    "label", ["iPhone:", "eBay", "True", "Fazit:", "Zurück zur Normalität", "Back to school"]
)
def test_words_that_only_look_like_code_stay(label: str) -> None:
    assert postclean([PARAGRAPH, label, PARAGRAPH + " Again."], [])[1] == label


def test_preclean_removes_blocks_but_spares_the_article() -> None:
    tree = parse(
        "<html><body><div class='content share-enabled'><h1>T</h1><p>"
        + PARAGRAPH
        + "</p></div><div class='newsletter-signup'><p>Sign up now</p></div>"
        "<div class='related-articles'><p>Other story</p></div>"
        "<figure><img src='a.jpg'><figcaption>Caption</figcaption></figure></body></html>"
    )
    preclean(tree)
    text = tree.text_content()
    assert PARAGRAPH.strip() in text
    assert "Sign up now" not in text and "Other story" not in text and "Caption" not in text


def test_fact_boxes_and_polls_leave_the_tree() -> None:
    tree = parse(
        "<html><body><article><p>" + PARAGRAPH * 4 + "</p>"
        "<div class='site-factbox'><h2>Key facts</h2><p>A fact set apart</p></div>"
        "<div class='article-body-infobox'><p>A note on risks</p></div>"
        "<div class='article-poll'><p>Should this be allowed?</p></div>"
        "<news-factbox class='fact-box'><p>A boxed custom element</p></news-factbox>"
        "</article></body></html>"
    )
    preclean(tree)
    text = tree.text_content()
    assert PARAGRAPH.strip() in text
    boxed_texts = ("Key facts", "A fact set apart", "A note on risks", "Should this be", "A boxed")
    for boxed in boxed_texts:
        assert boxed not in text


def test_lists_quotes_and_headings_are_kept_as_paragraphs() -> None:
    html = (
        "<html><body><article><h1>Title</h1><p>" + PARAGRAPH + "</p><h2>A subheading</h2>"
        "<ul><li>First point of the list</li><li>Second point of the list</li></ul>"
        "<blockquote><p>A quoted sentence from someone important.</p></blockquote><p>"
        + PARAGRAPH
        + "</p></article></body></html>"
    )
    body = extract_article(html, "https://x.com/a/b")["body"].split("\n\n")
    assert "A subheading" in body
    assert "First point of the list" in body and "Second point of the list" in body
    assert "A quoted sentence from someone important." in body


def test_paragraphs_written_as_double_line_breaks_stay_apart() -> None:
    sentences = [
        "The council voted on Tuesday to close the old river bridge for six months of repairs.",
        "Drivers will be sent over the new bypass, which can take the extra traffic.",
        '"We had no choice once the report came in," the mayor said after the vote.',
    ]
    poem = "Roses are red,<br>violets are blue"
    html = (
        "<html><body><article><h1>Title</h1><div class='story'>"
        + "<br><br>\n".join(sentences * 3)
        + f"<br> <br><b>{poem}</b></div></article></body></html>"
    )
    body = extract_article(html, "https://x.com/a/b")["body"].split("\n\n")
    assert body == [*sentences, "Roses are red, violets are blue"]


_TABLE_STORY = [
    "The county fair board on Tuesday named a longtime volunteer as the fair's new director.",
    "She replaces a director who retired in January after twenty-two years in the position.",
    '"She knows this fair inside and out," the president of the board said after the vote.',
    "The board also approved a small increase in gate admission for adults this summer.",
]


def test_a_page_laid_out_in_a_table_gives_its_story_not_one_row_of_cells() -> None:
    """Older sites put the navigation in one cell and the story in the next."""
    story = "".join(f"<p>{sentence}</p>" for sentence in _TABLE_STORY)
    html = (
        "<html><body><table><tr><td colspan=2><img src=/logo.gif alt=Gazette></td></tr>"
        "<tr><td class=nav><a href=/news/>News</a><br><a href=/sports/>Sports</a></td>"
        f"<td class=main><h1>Fair board names a director</h1>{story}"
        "<p><a href=/comments/1>Comments (4)</a></p></td></tr>"
        "<tr><td colspan=2>&copy; 2026 The Gazette</td></tr></table></body></html>"
    )
    body = extract_article(html, "https://gazette.example/news/fair-director.html")["body"]
    assert body.split("\n\n") == _TABLE_STORY


def test_a_data_table_in_a_story_keeps_its_rows() -> None:
    story = "".join(f"<p>{sentence}</p>" for sentence in _TABLE_STORY)
    html = (
        f"<html><body><article><h1>Fair results</h1>{story}<table>"
        "<tr><th>Class</th><th>Winner</th></tr><tr><td>Cattle</td><td>A. Berg</td></tr>"
        "</table></article></body></html>"
    )
    body = extract_article(html, "https://gazette.example/news/fair-results.html")["body"]
    assert "Class | Winner\n\nCattle | A. Berg" in body


def test_a_breadcrumb_trail_shown_as_the_first_lines_leaves_the_body() -> None:
    crumbs = [("News", "https://x.com/"), ("Local", "https://x.com/local/")]
    items = [
        {"@type": "ListItem", "position": n, "item": {"@id": url, "name": name}}
        for n, (name, url) in enumerate(crumbs, 1)
    ]
    declared = json.dumps({"@type": "BreadcrumbList", "itemListElement": items})
    html = (
        f'<html><head><script type="application/ld+json">{declared}</script></head><body>'
        "<article><p>News</p><p>Local</p><h1>Title</h1>"
        f"<p>{PARAGRAPH}</p><p>{PARAGRAPH} Again.</p></article></body></html>"
    )
    body = extract_article(html, "https://x.com/local/story-1")["body"].split("\n\n")
    assert body == [PARAGRAPH.strip(), PARAGRAPH.strip() + " Again."]


_GALLERY_CAPTIONS = [
    "Thousands of visitors crowded the quay on Saturday morning to watch the ships.",
    "A brass band from the twin town played on the old fish market square until dusk.",
    "Children tried their hand at knot-tying with volunteers from the sailing club.",
    "The evening ended with fireworks over the harbour mouth, watched from every pier.",
]


def _gallery(captions: list[str], extra: str = "") -> str:
    figures = "".join(
        f"<figure><img src='/img/{n}.jpg'><figcaption>{text} Photo: Jane Doe</figcaption></figure>"
        for n, text in enumerate(captions)
    )
    return (
        "<html><head><meta property='og:type' content='article'></head><body>"
        f"<article><h1>In pictures: the harbour festival</h1>"
        f"<p>The festival is back after four years.</p>{figures}</article>{extra}</body></html>"
    )


def test_a_gallerys_captions_are_its_text() -> None:
    article = extract_article(_gallery(_GALLERY_CAPTIONS), "https://x.com/news/festival")
    body = article["body"].split("\n\n")
    assert body == ["The festival is back after four years.", *_GALLERY_CAPTIONS]
    assert article["field_sources"]["body"] == "captions"
    assert article["word_count"] >= 50


def test_a_page_with_few_captions_or_a_paywall_is_no_gallery() -> None:
    few = extract_article(_gallery(_GALLERY_CAPTIONS[:2]), "https://x.com/news/festival")
    assert few["body"] == "The festival is back after four years."
    walled = _gallery(_GALLERY_CAPTIONS, "<div class='paywall'>Subscribe to read on</div>")
    article = extract_article(walled, "https://x.com/news/festival")
    assert article["paywalled"] and _GALLERY_CAPTIONS[0] not in article["body"]
    # A page that does not say it is an article is none the more for its pictures.
    undeclared = _gallery(_GALLERY_CAPTIONS).replace("content='article'", "content='website'")
    assert _GALLERY_CAPTIONS[0] not in extract_article(undeclared, "https://x.com/a/b")["body"]
    # A story long enough to be one keeps its captions out of its text.
    story = _gallery(_GALLERY_CAPTIONS).replace(
        "<p>The festival is back after four years.</p>", f"<p>{PARAGRAPH * 2}</p>"
    )
    body = extract_article(story, "https://x.com/news/festival")["body"]
    assert body == (PARAGRAPH * 2).strip()


def test_the_name_of_a_declared_creator_shown_above_the_text_leaves_it() -> None:
    """JSON-LD names the publisher as the author and the reporter as the creator; the page
    shows the reporter's name alone above the text, in markup no class names a byline."""
    declared = json.dumps(
        {
            "@type": "NewsArticle",
            "headline": "Title",
            "author": {"@type": "Organization", "name": "Example Digital"},
            "creator": ["Yosuke Watanabe"],
        }
    )
    html = (
        f'<html><head><script type="application/ld+json">{declared}</script></head><body>'
        f"<article><h1>Title</h1><div><span>Yosuke Watanabe</span></div>"
        f"<p>{PARAGRAPH}</p><p>{PARAGRAPH} Again.</p></article></body></html>"
    )
    body = extract_article(html, "https://x.com/news/story-1")["body"]
    assert body.split("\n\n") == [PARAGRAPH.strip(), PARAGRAPH.strip() + " Again."]


def test_bem_modifier_naming_ads_is_not_an_ad_block() -> None:
    tree = parse(
        "<html><body><section class='Report__Section Report__Section--Ads'><p>"
        + PARAGRAPH
        + "</p></section><div class='ad-slot'><p>Advertisement text</p></div>"
        + ("<p>" + PARAGRAPH + "</p>") * 3
        + "</body></html>"
    )
    preclean(tree)
    text = tree.text_content()
    assert text.count(PARAGRAPH.strip()) == 4
    assert "Advertisement text" not in text


def test_forms_with_much_text_are_pages_not_newsletter_boxes() -> None:
    tree = parse(
        "<html><body><form action='/page.aspx'><h2>Heading</h2><p>"
        + PARAGRAPH * 3
        + "</p></form><form><p>Sign up</p><input name='email'></form></body></html>"
    )
    preclean(tree)
    text = tree.text_content()
    assert PARAGRAPH.strip() in text
    assert "Sign up" not in text


def test_boilerplate_texts_are_collected_before_cutting() -> None:
    tree = parse(
        "<html><body><article><p>"
        + PARAGRAPH * 4
        + "</p></article><div class='related-stories'><ul><li>Another story title</li>"
        "<li>Yet another story</li></ul></div></body></html>"
    )
    texts = boilerplate_texts(tree)
    assert "another story title" in texts and "yet another story" in texts
    assert normalize_for_hash(PARAGRAPH * 4) not in texts


def test_article_shipped_only_as_script_data_is_found() -> None:
    paragraph = (
        "\\u003cp\\u003eThe council met on Monday and agreed on a new budget plan.\\u003c/p\\u003e"
    )
    data = '{"props": {"article": {"contentHtml": "' + paragraph * 8 + '"}}}'
    html = (
        "<html><head><title>Budget agreed</title></head><body><h1>Budget agreed</h1>"
        f'<div id="root"></div><script id="__NEXT_DATA__" type="application/json">{data}</script>'
        "</body></html>"
    )
    article = extract_article(html, "https://x.com/news/budget-agreed")
    assert article["body"].startswith("The council met on Monday")
    assert article["field_sources"]["body"] == "script"


def test_standfirst_shown_on_the_page_leads_the_body() -> None:
    lead = "The city will close three schools next year, the council decided on Monday."
    html = (
        f'<html><head><meta name="description" content="{lead}"></head><body>'
        f"<header><h1>Schools to close</h1><p class='standfirst'>{lead}</p></header>"
        "<article>" + ("<p>" + PARAGRAPH + "</p>") * 3 + "</article></body></html>"
    )
    body = extract_article(html, "https://x.com/news/schools")["body"].split("\n\n")
    assert body[0] == lead
    assert body.count(lead) == 1


def test_a_standfirst_longer_than_the_description_leads_the_body_whole() -> None:
    """The description is the standfirst's first sentence, as sites often cut it."""
    lead = "The city will close three schools next year, the council decided on Monday."
    shown = f"{lead} Parents will be told <b>this week</b> which schools are affected."
    html = (
        f'<html><head><meta name="description" content="{lead}"></head><body>'
        f"<header><h1>Schools to close</h1><p class='standfirst'>{shown}</p></header>"
        "<article>" + ("<p>" + PARAGRAPH + "</p>") * 3 + "</article></body></html>"
    )
    body = extract_article(html, "https://x.com/news/schools")["body"].split("\n\n")
    assert body[0] == f"{lead} Parents will be told this week which schools are affected."


def test_a_standfirst_the_text_holds_after_its_summary_is_not_put_before_it() -> None:
    # The article opens with a summary's bullet points; the description is its first
    # paragraph after them, not a standfirst set above the story.
    lead = "The city will close three schools next year, the council decided on Monday."
    bullets = "".join(
        f"<li>{point}</li>"
        for point in (
            "Three schools will close",
            "Pupils are to move next year",
            "Parents plan a protest",
            "The council votes again in May",
        )
    )
    html = (
        f'<html><head><meta name="description" content="{lead}"></head><body><article>'
        f"<h1>Schools to close</h1><ul class='summary'>{bullets}</ul><p>{lead}</p>"
        + ("<p>" + PARAGRAPH + "</p>") * 3
        + "</article></body></html>"
    )
    body = extract_article(html, "https://x.com/news/schools")["body"].split("\n\n")
    assert body.count(lead) == 1
    assert body.index(lead) > 0


def test_description_not_shown_on_the_page_stays_out_of_the_body() -> None:
    lead = "A summary written for search engines only, never shown to readers."
    html = (
        f'<html><head><meta name="description" content="{lead}"></head><body>'
        "<h1>Schools to close</h1><article>"
        + ("<p>" + PARAGRAPH + "</p>") * 3
        + "</article></body></html>"
    )
    assert lead not in extract_article(html, "https://x.com/news/schools")["body"]


def test_bare_datelines_and_author_bios_leave_the_body() -> None:
    kept = postclean(
        ["14.06.2020, 08:35 Uhr", PARAGRAPH, "Jane Doe is a reporter covering city hall."],
        authors=["Jane Doe"],
    )
    assert kept == [PARAGRAPH]


def test_caption_paragraphs_and_embed_placeholders_leave_the_body() -> None:
    kept = postclean(
        [
            PARAGRAPH,
            "Pictured from left are the mayor, two council members and the head of the school.",
            "Link zum YouTube-Inhalt",
            "This is a breaking news story - more to follow",
        ]
    )
    assert kept == [PARAGRAPH]


def test_multilingual_prompts_leave_the_body() -> None:
    prompts = [
        "Das Thema könnte dich auch interessieren:",
        "Pour lire la suite, créez votre compte",
        "Dowiedz się więcej: inny artykuł",
        "Never miss the latest news by signing up to our newsletter today!",
        "Inhaltsverzeichnis",
        "Crédits photos : Agence",
        "To view the full story, please subscribe to The Daily Example.",
        "If you are seeing this message but you are already a subscriber, please log in.",
        "View Comments",
        "Weitere Artikel zum Thema",
        "Kontakt:",
        "Alle Angaben ohne Gewähr",
    ]
    assert postclean([PARAGRAPH, *prompts]) == [PARAGRAPH]
    # A label with what it labels is the story's: "Contact: the town hall, 9 to 5".
    contact = "Kontakt: Rathaus, Zimmer 12, montags bis freitags von 9 bis 12 Uhr"
    assert postclean([PARAGRAPH, contact]) == [PARAGRAPH, contact]


def test_chinese_share_bar_labels_leave_the_body() -> None:
    labels = ["分享让更多人看到", "评论", "关注"]
    comment = "评论员文章：航天合作惠及人民"  # a commentary's heading stays
    assert postclean([PARAGRAPH, *labels, comment]) == [PARAGRAPH, comment]


def test_spanish_read_more_prompts_leave_the_body() -> None:
    prompts = [
        "Lea más: El Gobierno propone otra reforma",
        "Lea: Consejo Permanente aborda la crisis",
        "VEA TAMBIÉN: Entre heces y guaricha",
        "Te puede interesar: Otra noticia",
        "NOTAS RELACIONADAS",
        "HAZTE MIEMBRO Y DISFRUTA DE BENEFICIOS EXCLUSIVOS",
    ]
    # A sentence that only starts with the same letters stays.
    name = "Lea Seydoux dijo que volverá al festival el próximo año."
    assert postclean([PARAGRAPH, *prompts, name]) == [PARAGRAPH, name]


@pytest.mark.parametrize(
    "sentence",
    [
        "The agency said the alerts are delivered to officials, not to your inbox.",
        "Critics said the views expressed by the minister reflect a wider shift in the party.",
        "Residents can download the county's app to report potholes, the mayor said.",
    ],
)
def test_story_sentences_near_the_prompts_stay(sentence: str) -> None:
    assert postclean([PARAGRAPH, sentence], []) == [PARAGRAPH, sentence]


def test_a_writers_tagline_and_footnote_back_links_leave_the_body() -> None:
    tagline = "Rebecca Liu covers health care for Metro Daily. She can be reached at rl@md.com."
    footnote = "The governor has line-item veto power over spending items. \u21a9"
    kept = postclean([PARAGRAPH, footnote, tagline], [], ["Rebecca Liu"])
    assert kept == [PARAGRAPH, footnote[:-2]]


def test_disclosures_arrow_teasers_and_lone_separators_leave_the_body() -> None:
    kept = postclean(
        [
            PARAGRAPH,
            ">> Hier finden Sie außerdem alle Termine im Überblick",
            "Die gekennzeichneten Links sind Affiliate-Links. Kommt ein Kauf zustande, erhalten "
            "wir eine Provision.",
            "|",
        ]
    )
    assert kept == [PARAGRAPH]


def test_declared_article_body_completes_an_extraction_that_stopped_early() -> None:
    first = " ".join(f"Sentence {n} of the part every reader sees in the page." for n in range(6))
    rest = " ".join(f"Sentence {n} of the part that loads later in a browser." for n in range(40))
    data = {"@type": "NewsArticle", "headline": "Story", "articleBody": f"{first}\n{rest}"}
    html = (
        f'<html><head><script type="application/ld+json">{json.dumps(data)}</script></head>'
        f"<body><h1>Story</h1><article><p>{first}</p></article></body></html>"
    )
    article = extract_article(html, "https://x.com/news/story")
    assert article["body"].split("\n\n") == [first, rest]
    assert article["field_sources"]["body"] == "json-ld"


def test_a_paywalled_page_showing_only_a_caption_gets_the_declared_body() -> None:
    # What the page shows a reader without a subscription is the lead picture's caption
    # (long enough for trafilatura to keep it); the whole text is declared for search
    # engines.
    text = [f"Paragraph {n} of the story that subscribers read in full here." for n in range(9)]
    caption = (
        "The harbour board chair speaks during a public meeting on the future of the old "
        "ferry terminal in the town hall on Monday evening, in the run-up to the vote on the "
        "plan that is due next month, with residents of both banks of the river listening "
        "in the packed hall."
    )
    data = {
        "@type": "NewsArticle",
        "headline": "Story",
        "isAccessibleForFree": False,
        "articleBody": "\n\n".join(text),
        "image": {"@type": "ImageObject", "url": "https://x.com/a.jpg", "caption": caption},
    }
    html = (
        f'<html><head><script type="application/ld+json">{json.dumps(data)}</script></head>'
        f"<body><h1>Story</h1><article><p>{caption}</p></article></body></html>"
    )
    article = extract_article(html, "https://x.com/news/story")
    assert article["body"].split("\n\n") == text
    assert article["field_sources"]["body"] == "json-ld"
    assert article["paywalled"] is True


def test_an_article_inside_an_unclosed_sidebar_is_found() -> None:
    # A theme's sidebar <aside> left open wraps the rest of the page, article included:
    # trafilatura's default mode drops asides whole.
    sentence = "the council met on Monday to discuss the plan for the new bridge, and members"
    paragraphs = [
        f"Paragraph {n}: {sentence} argued about its cost for a long time." for n in range(8)
    ]
    story = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (
        '<html lang="en"><head><title>Bridge plan</title></head><body>'
        "<div class='header'>Your most important touchpoint for the news.</div>"
        "<aside class='sidebar'><ul><li><a href='/a'>Section A</a></li></ul>"
        f"<div class='main'><article><h1>Bridge plan</h1><div>{story}</div></article></div>"
        "</aside></body></html>"
    )
    article = extract_article(html, "https://news.example.com/city/bridge-plan")
    assert article["body"].split("\n\n") == paragraphs


def test_editors_note_about_the_story_stays_in_the_body() -> None:
    notes = [
        "This article has been updated with comments from workers at the plant.",
        "This article was updated to include the final cost of the restoration.",
        "This story has been corrected to show that the vote took place on Tuesday.",
    ]
    assert postclean([PARAGRAPH, *notes]) == [PARAGRAPH, *notes]


def test_notes_about_the_publication_leave_the_body() -> None:
    notes = [
        "This article was originally published on The Example Review.",
        "This article is a joint publication of two newsrooms.",
        "This article is free to read. Register to unlock more.",
        "This story was produced by the Example Brand Studio for a sponsor.",
    ]
    assert postclean([PARAGRAPH, *notes]) == [PARAGRAPH]


def test_credit_labels_and_bracketed_credits() -> None:
    assert split_credit("An artist's impression. Illustration: Jonah Perry") == (
        "An artist's impression.",
        "Jonah Perry",
    )
    assert split_credit("Crowds on the bridge. (REUTERS/NINA BERG)") == (
        "Crowds on the bridge.",
        "REUTERS/NINA BERG",
    )
    assert split_credit("The mayor (AP Photo/Evan Vucci)") == ("The mayor", "AP Photo/Evan Vucci")
    # Brackets that are part of the caption, not a credit.
    assert split_credit("The new wing (left) and the old hall") == (
        "The new wing (left) and the old hall",
        None,
    )
    assert split_credit("The old hall (1920)") == ("The old hall (1920)", None)
    assert clean_credit("PHOTO: ERIK SANDVIK") == "ERIK SANDVIK"


PICTURE_PAGE = """<html><body><article><h1>Story</h1>
<div class="{cls}"><img src="/p.jpg" alt="">{inner}</div>
<div class="text">{paragraphs}</div></article></body></html>"""


def _picture_page(cls: str, inner: str) -> dict:
    paragraphs = f"<p>{PARAGRAPH}</p>" * 3
    html = PICTURE_PAGE.format(cls=cls, inner=inner, paragraphs=paragraphs)
    return extract_article(html, "https://x.com/news/story")


def test_picture_block_without_figure_gives_caption_and_credit() -> None:
    article = _picture_page("photo", "<p><em>Ministers meet.</em> (JANE ROE/THE DAILY)</p>")
    assert article["image_url"] == "https://x.com/p.jpg"
    assert (article["image_caption"], article["image_credit"]) == (
        "Ministers meet.",
        "JANE ROE/THE DAILY",
    )
    assert "Ministers meet" not in article["body"] and "JANE ROE" not in article["body"]


def test_picture_block_with_marked_caption_and_credit() -> None:
    inner = (
        '<p class="image-caption">Ministers meet.</p><p class="image-credit">Photo: JANE ROE</p>'
    )
    article = _picture_page("image-wrap", inner)
    assert (article["image_caption"], article["image_credit"]) == ("Ministers meet.", "JANE ROE")
    assert "Ministers meet" not in article["body"]


def test_author_photo_is_not_the_lead_picture() -> None:
    article = _picture_page("author-photo", "<p>Jane Roe writes about towns.</p>")
    assert article["image_url"] is None and article["image_caption"] is None


@pytest.mark.parametrize(
    "figcaption",
    [
        '<span class="copy">© Jane Roe</span><p>Ministers meet in the hall.</p>',
        "<span>Photo: Jane Roe</span> Ministers meet in the hall.",
        '<p class="legal">© Jane Roe</p><p class="caption">Ministers meet in the hall.</p>',
        # A <cite> in the caption; the New York Times' "Credit..." for a colon.
        "Ministers meet in the hall.<cite>Jane Roe</cite>",
        "Ministers meet in the hall. Credit...Jane Roe",
        # An empty credit element takes nothing from the caption (it spaced its letters).
        '<span class="credit"></span>Ministers meet in the hall. Photo: Jane Roe',
    ],
)
def test_a_labelled_credit_element_in_a_caption_ends_where_the_element_does(
    figcaption: str,
) -> None:
    paragraphs = f"<p>{PARAGRAPH}</p>" * 3
    figure = f'<figure><img src="/p.jpg"><figcaption>{figcaption}</figcaption></figure>'
    page = f"<html><body><article><h1>Story</h1>{figure}{paragraphs}</article></body></html>"
    article = extract_article(page, "https://x.com/news/story")
    assert (article["image_caption"], article["image_credit"]) == (
        "Ministers meet in the hall.",
        "Jane Roe",
    )


def test_a_lazy_images_real_source_is_taken_not_its_placeholder() -> None:
    paragraphs = f"<p>{PARAGRAPH}</p>" * 3
    img = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/a-1600.jpg">'
    figure = f"<figure><picture>{img}</picture><figcaption>The ferry.</figcaption></figure>"
    page = f"<html><body><article><h1>Story</h1>{figure}{paragraphs}</article></body></html>"
    article = extract_article(page, "https://x.com/news/story")
    assert article["image_url"] == "https://x.com/img/a-1600.jpg"


def test_a_pull_quotes_cite_is_no_picture_credit() -> None:
    paragraphs = f"<p>{PARAGRAPH}</p>" * 3
    quote = "<figure><blockquote><p>Words of the day.</p><cite>Ann Lee</cite></blockquote></figure>"
    page = f"<html><body><article><h1>Story</h1>{quote}{paragraphs}</article></body></html>"
    assert extract_article(page, "https://x.com/news/story")["image_credit"] is None


def test_a_credit_keeps_its_own_brackets() -> None:
    assert clean_credit("© Dieter Mayr (KNA)") == "Dieter Mayr (KNA)"
    assert clean_credit("(Reuters)") == "Reuters"
    assert clean_credit("(©)") is None


def test_a_wide_picture_in_the_text_leads_where_nothing_else_does() -> None:
    paragraphs = f"<p>{PARAGRAPH}</p>" * 3
    pictures = (
        '<img src="/avatar.jpg" width="60"><a href="/other-story"><img src="/t.jpg" width="800">'
        '</a><p><img src="/harbour.jpg" srcset="/harbour-640.jpg 640w, /harbour.jpg 1280w"></p>'
    )
    page = f"<html><body><article><h1>Story</h1>{pictures}{paragraphs}</article></body></html>"
    assert extract_article(page, "https://x.com/news/story")["image_url"] == (
        "https://x.com/harbour.jpg"
    )
    declared = page.replace(
        "<body>", '<head><meta property="og:image" content="/lead.jpg"></head><body>'
    )
    assert extract_article(declared, "https://x.com/news/story")["image_url"] == (
        "https://x.com/lead.jpg"
    )


@pytest.mark.parametrize(
    "declared",
    [
        "https://s0.wp.com/i/blank.jpg",
        "https://x.com/wp-content/uploads/2012/10/logo2.png",
        "https://x.com/images/social_placeholder.png",
        "https://secure.gravatar.com/avatar/02fc26e5?s=80",
    ],
)
def test_a_declared_site_logo_or_placeholder_is_no_lead_image(declared: str) -> None:
    paragraphs = f"<p>{PARAGRAPH}</p>" * 3
    head = f'<meta property="og:image" content="{declared}">'
    page = f"<html><head>{head}</head><body><article><h1>Story</h1>{paragraphs}</article>"
    assert extract_article(page, "https://x.com/news/story")["image_url"] is None
    # The picture the article shows is its lead image then.
    shown = page.replace("</h1>", '</h1><figure><img src="/p.jpg"></figure>')
    assert extract_article(shown, "https://x.com/news/story")["image_url"] == "https://x.com/p.jpg"


def test_story_tips_follow_prompts_and_video_teasers_leave_the_body() -> None:
    kept = postclean(
        [
            PARAGRAPH,
            "Got a story? Get in touch with our news team by emailing us.",
            "For more stories like this, check our news page.",
            "Follow Example News on Twitter and Facebook for the latest news updates.",
            "MORE : The daily cartoon",
            "Join thought-provoking conversations, follow other readers and see their replies",
            "Der Minister sprach über neue Sanktionen gegen Iran. 18.04.2024 | 0:21 min",
        ]
    )
    assert kept == [PARAGRAPH]


def test_more_and_follow_inside_real_sentences_stay() -> None:
    texts = [
        "More than 200 people attended the meeting on Tuesday evening.",
        "Follow-up talks are planned for next week, officials said.",
    ]
    assert postclean(texts) == texts


def test_a_galleries_counter_and_buttons_leave_the_text() -> None:
    steps = [
        "Fette den Boden der Springform mit etwas Butter ein.",
        "Bild anzeigen Bild schließen",
        "2 von 17",
        "Photo 3/17",
        "Heize den Backofen auf 180 Grad vor.",
        # a quantity alone, and a sentence with a count, stay
        "1/2",
        "2 von 17 Kuchen waren schon am Mittag verkauft.",
    ]
    assert postclean(steps) == [steps[0], steps[4], steps[5], steps[6]]


@pytest.mark.parametrize(
    "prompt",
    [
        # app downloads, channels, cancel-anytime offers, reprint notices
        "For the latest stories and breaking news updates download the Nationnews apps for"
        " iOS and Android.",
        "¡Mira lo que tiene nuestro canal de YouTube!",
        "¿Ya sabías que en Guatemala.com tenemos canal de Telegram? Únete desde tu celular.",
        "Tú también puedes hacer periodismo incómodo. Cancela cuando quieras.",
        "© 2022, Harbour News. This article is the copyrighted property of Harbour News."
        " Written permission must be obtained before reprint in online or print media.",
        # follow-us prompts and the headings of lists of other stories
        "Siguenos en Telegram, Instagram, Facebook y Twitter para recibir las noticias",
        "MIRA: Madre se acerca a conocer los motivos de captura de su hijo",
        "PUEDES VER: ¿Qué es la Sunedu y para qué sirve?",
        "Contenido Relacionado",
        "Auch lesen: Diese 3 Sternzeichen verschenken ihr Herz",
        "Schon gelesen?",
        "Mehr Themen:",
        "Weitere Beiträge aus der Kolumne:",
        "Weitere aktuelle Themen aus der Arbeitswelt",
        # membership, app-store, feed, click and issue prompts; comment counts; disclosures
        "Werden Sie Mitglied bei for me und erhalten Sie exklusive Angebote!",
        "Lesen Sie das Magazin. Einfach digital in der App (iTunes und Google Play).",
        "Online-Pressemappe - alle Pressemitteilungen | RSS-Feed abonnieren",
        "DHB jetzt auch digital! Einfach hier klicken und registrieren!",
        "Sie möchten mehr? Schauen Sie mal in unseren Musiknewsletter!",
        "Die aktuelle Ausgabe jetzt an jedem Bahnhofskiosk, im Abo, als e-Paper.",
        "Puede escribirnos o suscribirse aquí a nuestra newsletter.",
        "Kommentare insgesamt: 0 |",
        "(Alle Angaben ohne Gewähr)",
        "*Werbung. Dieser Beitrag enthält Werbung für MYMARINI.",
        "Release Date:",
        "Temas",
        # support and subscription appeals; pointers to more elsewhere
        "Unterstütze RosaMag bereits mit 2,50!",
        "Deshalb unterstütze uns und wir sorgen weiterhin für Journalismus im Internet.",
        "We need your help Help us continue to spread the magic of words Donate",
        "Czytasz właśnie nowy rodzaj materiału. Wesprzyj nas!",
        "First-time subscribers also receive a special welcome gift!",
        "Alles über nachhaltige Wanderschuhe findest Du hier.",
        "Weitere Informationen zum Thema finden Sie hier.",
    ],
)
def test_prompts_and_teaser_headings_leave_the_text(prompt: str) -> None:
    assert postclean([PARAGRAPH, prompt]) == [PARAGRAPH]


def test_a_sentence_pointing_to_more_articles_stays() -> None:
    sentence = (
        "Weitere Beiträge zu unseren Arbeiten sind in diesen Medium-Beiträgen und dieser"
        " wissenschaftlichen Publikation zum Thema erschienen."
    )
    assert postclean([PARAGRAPH, sentence]) == [PARAGRAPH, sentence]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # the label a page prints before the caption goes
        ("Legende: Biden traf seine Berater.", ("Biden traf seine Berater.", None)),
        ("Bildunterschrift: Der Hafen im Nebel", ("Der Hafen im Nebel", None)),
        # a credit after the last sentence, without a label or brackets
        (
            "Demonstration nach dem Tod von Mahsa Amini. Uncredited/AP/dpa",
            ("Demonstration nach dem Tod von Mahsa Amini.", "Uncredited/AP/dpa"),
        ),
        # a caption that is only a credit is a credit
        ("/Getty Images/iStockphoto", (None, "Getty Images/iStockphoto")),
        ("cristianstorto - stock.adobe.com", (None, "cristianstorto - stock.adobe.com")),
        ("praca / ShutterStock", (None, "praca / ShutterStock")),
        # a labelled credit keeps being cut off as before; plain captions stay
        ("Foto: Getty Images", (None, "Getty Images")),
        ("Und er war's. Ein Satz / zwei Sätze", ("Und er war's. Ein Satz / zwei Sätze", None)),
        ("Tom Alweendo", ("Tom Alweendo", None)),
        # a video's running time where the caption would be; a French credit label
        ("8 Min", (None, None)),
        ("Jaurès à l'Assemblée. Crédits : Getty", ("Jaurès à l'Assemblée.", "Getty")),
    ],
)
def test_split_credit_labels_and_bare_credits(
    raw: str, expected: tuple[str | None, str | None]
) -> None:
    assert split_credit(raw) == expected


def test_a_social_links_icon_is_no_lead_picture() -> None:
    from newscrawl.extract.images import visible_image

    tree = parse(
        '<html><body><div class="social-media-header-item"><a href="https://x.example/site">'
        '<span class="hidden">Our Twitter page link</span><img src="/tw.png"></a></div>'
        "<article><p>Text.</p></article></body></html>"
    )
    assert visible_image(tree) == {}


def test_a_list_of_sources_under_quellenangaben_leaves_the_text() -> None:
    kept = postclean([PARAGRAPH, "Quellenangaben:", "Umweltbundesamt 2021", "FAO 2020"])
    assert kept == [PARAGRAPH]


def _story_page(story_words: int) -> str:
    sentences = " ".join(["The council voted to rebuild the old bridge next spring."] * 60)
    story = " ".join(sentences.split()[:story_words])
    teasers = "".join(
        f"<div class='teaser'><a href='/s/{n}'>Another story number {n} with a long teaser "
        f"text that runs on for a while to look like content</a></div>"
        for n in range(30)
    )
    return (
        "<html><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>Bridge vote</h1><p>{story}</p></article>"
        f"<aside>{teasers}</aside><footer>Imprint and contact details</footer></body></html>"
    )


@pytest.fixture
def trafilatura_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the trees trafilatura is given, in order, as the extraction runs."""
    seen: list[str] = []
    run = body_module.run_trafilatura

    def spy(tree: Any, url: str, **options: Any) -> list[str]:
        seen.append(" ".join(tree.text_content().split()))
        return run(tree, url, **options)

    monkeypatch.setattr(body_module, "run_trafilatura", spy)
    return seen


def test_the_articles_own_element_is_read_alone(trafilatura_reads: list[str]) -> None:
    article = extract_article(_story_page(300), "https://news.example.com/local/bridge-vote")
    assert article["body"].startswith("The council voted")
    # One run, on the <article> alone: no teasers for trafilatura to score.
    assert len(trafilatura_reads) == 1
    (read,) = trafilatura_reads
    assert read.startswith("Bridge vote") and "The council voted" in read
    assert "Another story" not in read


def test_a_short_article_element_is_not_read_alone(trafilatura_reads: list[str]) -> None:
    # Fewer words than a story: the headline's <article> may be a header box, the story
    # elsewhere on the page; the whole page is read.
    extract_article(_story_page(100), "https://news.example.com/local/bridge-vote")
    assert trafilatura_reads
    assert all("Another story" in text for text in trafilatura_reads)


def test_a_headline_inside_a_menu_does_not_choose_the_story(trafilatura_reads: list[str]) -> None:
    # An unclosed <nav> in the header puts the rest of the page inside it: whatever
    # <article> is there, the page's structure cannot be trusted, and the whole page is read
    # (as the title ignores an <h1> in a menu).
    page = _story_page(300).replace("<nav><a href='/'>Home</a></nav>", "<nav><a href='/'>Home</a>")
    extract_article(page, "https://news.example.com/local/bridge-vote")
    assert trafilatura_reads
    assert "Another story" in trafilatura_reads[0]


def test_a_heading_the_text_ends_with_heads_what_was_cut() -> None:
    """ "Related articles" over a comment prompt: the prompt goes, and so do the headings."""
    texts = [f"Paragraph {n} of the story. {PARAGRAPH}" for n in range(4)]
    page = (
        "<html><body><article><h1>Ferry resumes</h1>"
        + "".join(f"<p>{text}</p>" for text in texts[:3])
        + f"<h2>Why it matters</h2><p>{texts[3]}</p>"
        + "<h2>Ähnliche Artikel</h2><h2>Kommentar abgeben</h2>"
        + "<p>Du musst dich einloggen um einen Kommentar abzugeben.</p></article></body></html>"
    )
    body = extract_article(page, "https://harbour.example/news/ferry")["body"]
    assert body.endswith(texts[3].strip())
    assert "\n\nWhy it matters\n\n" in body  # a heading of the text stays


@pytest.mark.parametrize(
    "notice",
    [
        "We use cookies to give you the best experience on our website. By continuing to "
        "browse you agree to our use of cookies. More information",
        "Auf unserer Website werden Cookies gemäß unserer Datenschutzerklärung verwendet. Sie "
        "können dem Einsatz jederzeit widersprechen.",
        "Nous utilisons des cookies pour améliorer notre offre.",
        "Please accept YouTube cookies to play this video. By accepting you will be accessing "
        "content from YouTube, a service provided by an external third party.",
        # an embedded chart's consent notice, long, with the name of a menu in quotes
        "Für die Darstellung unserer Grafiken nutzen wir die Software eines Anbieters. Erst "
        "wenn Sie hier klicken, werden die Grafiken geladen. Ihre IP-Adresse wird dabei an "
        "externe Server übertragen. Über den Datenschutz des Anbieters können Sie sich auf "
        "seiner Seite informieren. Um Ihre Besuche zu erleichtern, speichern wir Ihre "
        "Zustimmung. Sie können sie im Bereich „Meine Einstellungen“ jederzeit widerrufen. "
        + "Weitere Angaben zum Datenschutz finden Sie in unserer Erklärung. "
        * 3,
        "Zweck: Wiedergabe von Videos Verarbeitungsvorgänge: Erhebung von Verbindungsdaten, "
        "von Daten Ihres Webbrowsers und von Daten über die aufgerufenen Inhalte",
    ],
)
def test_cookie_and_consent_notices_leave_the_body(notice: str) -> None:
    assert postclean([PARAGRAPH, notice]) == [PARAGRAPH]


@pytest.mark.parametrize(
    "paragraph",
    [
        # a company's words, quoted in a story about tracking
        "“We use cookies to understand how readers find us,” a spokeswoman said, adding that "
        "the company would review the practice.",
        "Die Verbraucherzentrale rät, Cookies abzulehnen: Wer einmal zugestimmt hat, kann die "
        "Einwilligung jederzeit widerrufen.",
        "The regulator found that the site had set cookies before users gave their consent.",
    ],
)
def test_a_story_about_cookies_and_consent_keeps_its_text(paragraph: str) -> None:
    assert postclean([PARAGRAPH, paragraph]) == [PARAGRAPH, paragraph]


@pytest.mark.parametrize(
    "prompt",
    [
        "Um einen Kommentar zu hinterlassen, loggen Sie sich bitte ein.",
        "Sie müssen sich anmelden, um die Kommentarfunktion zu nutzen.",
        "Ihr Kommentar ist zu lang. Es sind maximal 2048 Zeichen erlaubt!",
        "You must be logged in to post a comment.",
        "This is a preview of subscription content, log in to check access.",
        "| | | | Login oder neu registrieren?",
        "4 2 Login für Vote",
        "Sie möchten gerne weiterlesen?",
        "Registrieren Sie sich jetzt kostenlos:",
        "Listen here on your chosen podcast platform.",
        "If you're on the Channel 9 app, click here to watch live",
        "12.11.2021 red Artikel: Download PDF Drucken Teilen Feedback",
        "A lire aussi :",
        "Siehe auch:",
        "Want to bookmark your favourite articles? Start your Premium subscription today.",
        "Submit your letter to the editor via this form. Read more Letters to the Editor.",
    ],
)
def test_comment_login_and_pointer_prompts_leave_the_body(prompt: str) -> None:
    assert postclean([PARAGRAPH, prompt]) == [PARAGRAPH]


def test_a_text_that_tells_readers_how_to_comment_stays() -> None:
    # A teacher's post explaining where the class's blog takes comments: its text.
    text = "Den Link zur Kommentarfunktion findet ihr am Ende des Blog-Beitrags."
    assert postclean([PARAGRAPH, text]) == [PARAGRAPH, text]
