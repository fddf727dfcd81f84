"""The article loader: one itemloaders processor chain per contract field.

The orchestrator offers each field's candidates in priority order; the field's input
processor decides whether a candidate survives normalization (junk becomes an empty list),
and the output processor shapes the value the contract promises.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import partial
from typing import Any

from itemloaders import ItemLoader
from itemloaders.processors import Compose, Identity, MapCompose, TakeFirst
from w3lib.html import remove_tags

from newscrawl.extract.fields import squash
from newscrawl.extract.image_credits import clean_credit
from newscrawl.extract.language import normalize_code
from newscrawl.extract.page import CONTAINER_WORDS
from newscrawl.extract.processors import (
    clean_paragraph_text,
    clean_text,
    split_list,
    title_case_segment,
    unique,
)
from newscrawl.extract.titles import clean_title

# What CMSs put among keywords that no reader would call a tag: ids, UUIDs, host names.
# Host names: lower case, and top-level domains of news sites ("ASP.NET", "node.js" stay).
# Also a template's placeholders ("[NAME]") and WordPress's default category, in the
# languages it ships in: a post nobody filed under a category, not a topic.
_NOT_A_TAG = re.compile(
    r"\d{5,}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|(?:[a-z0-9-]+\.)+(?:com|net|org|info|news|uk|de|at|ch|fr|it|es|nl|be|ca|au|in|jp|br)"
    r"|\[[A-Z_ ]+\]|(?i:uncategori[sz]ed|allgemein|non classé|sin categoría|senza categoria|"
    r"geen categorie|bez kategorii|sem categoria|okategoriserade|general|misc|miscellaneous|"
    r"sonstiges)"
    # A CMS's switches and layout names among the keywords: "_commerce", "paywall exclude",
    # "comments-enabled", "splitscreenimagerightinset".
    r"|_\S*|(?i:paywall[\w -]*|[\w-]*comments?[- ](?:enabled|disabled|off|on)|[\w -]* exclude)"
    r"|(?:[a-z]*(?:image|text|left|right|small|large|inset|above|below|split|screen|width)){3,}"
    r"[a-z]*"
    # A site path, a security's id: "/article", "ISIN_US3453708600".
    r"|/\S*|[A-Z]{2,}_[A-Z0-9]{8,}"
    # Search-engine phrases: "Bhopal latest news", "news today", "Breaking news".
    r"|(?i:(?:.*\b)?(?:latest|live|today'?s?|breaking|top)\b.*\bnews\b.*"
    r"|(?:.*\b)?news\b.*\b(?:latest|live|today|updates?|headlines)\b.*)"
)
# A CMS's label in front of a keyword: "Category: Travel", "NLP Entity Tokens: Jasper".
_TAG_LABEL = re.compile(
    r"^(?:nlp\s+)?(?:categor(?:y|ies)|tags?|topics?|keywords?|entity\s+tokens|sections?|subjects?|"
    r"rubrik|thema|themen|kategorie)\s*:\s*",
    re.IGNORECASE,
)


def is_tag_label(keyword: str) -> bool:
    """Whether ``keyword`` opens with a topical label ("Category: Travel", "Subject: Gaza")."""
    return _TAG_LABEL.match(keyword) is not None


# A list item that goes on from the one before: the commas were a name's own.
_JOINED_PART = re.compile(r"(?:&|and|und|et|y)\s", re.IGNORECASE)
# A CMS's ordering number in front of a keyword: "(1) 無料記事".
_TAG_NUMBER = re.compile(r"^\(\d{1,3}\)\s*")
# The kind of a keyword a CMS keeps it under, as a path: "topic/misshandel & överfall".
_TAG_KIND = re.compile(r"^\s*[a-z]{3,}/(?=\S)")
# Chinese and Japanese keywords separated by spaces: "深空探测 探月工程". Not Korean, whose
# words are spaced within a keyword ("국민의힘 지방선거 전략").
_CJK = "\u3040-\u30ff\u3400-\u9fff"
_CJK_SPACED = re.compile(f"[{_CJK}]\\s+[{_CJK}]")


#: Loader context key: the site's own names, squashed (see :func:`_not_site_name`).
SITE_NAMES = "site_names"


def _not_site_name(tag: str, loader_context: dict[str, Any]) -> str | None:
    """The tag, unless it is the site's own name: a CMS lists it among every page's keywords.

    Equal to one of the names in the loader's context (``SITE_NAMES``), not merely
    starting with one.
    """
    site = loader_context.get(SITE_NAMES)
    return None if site and squash(tag) in site else tag


def split_tags(value: str) -> list[str]:
    """Split a keyword list; drop ids, UUIDs and host names a CMS put among the keywords.

    >>> split_tags("Travel, 26157981-b4f7-4929-adc1-e860c6f03636, 100312362, o.canada.com")
    ['Travel']
    >>> split_tags("深空探测 探月工程 航天技术"), split_tags("أوروبا، السفر")
    (['深空探测', '探月工程', '航天技术'], ['أوروبا', 'السفر'])
    >>> split_tags("국민의힘 지방선거 전략,장동혁 대표"), split_tags("東京 新宿区, 地震")
    (['국민의힘 지방선거 전략', '장동혁 대표'], ['東京 新宿区', '地震'])
    >>> split_tags("欧洲，旅游"), split_tags("南海トラフ、地震")
    (['欧洲', '旅游'], ['南海トラフ', '地震'])
    >>> split_tags("Frank Warren, G7, 2024, 9/11, ASP.NET, node.js")
    ['Frank Warren', 'G7', '2024', '9/11', 'ASP.NET', 'node.js']
    >>> split_tags("Category: Life, NLP Category: General, NLP Entity Tokens: Jasper park")
    ['Life', 'Jasper park']
    >>> split_tags("Governance &amp; Affairs; sections/sverige; topic/Brand & Feuer")
    ['Governance & Affairs', 'sverige', 'Brand & Feuer']
    >>> split_tags("Uncategorized, Torwand, [NAME], Allgemein")
    ['Torwand']
    >>> split_tags("gear, _commerce, paywall exclude, textaboveleftsmall, comments-enabled")
    ['gear']
    >>> split_tags("Bhopal, Bhopal latest news, Bhopal news today, Breaking news, Newsroom")
    ['Bhopal', 'Newsroom']
    >>> split_tags("Ford Motor, ISIN_US3453708600, /article, 9/11")
    ['Ford Motor', '9/11']
    >>> split_tags("Business, Finance, & Economics"), split_tags("(1) 無料記事")
    (['Business, Finance, & Economics'], ['無料記事'])
    """
    # Entities escaped twice ("Governance &amp; Affairs") would split at their ";".
    value = html.unescape(value)
    # The Arabic comma, and the full-width and ideographic commas of Chinese and Japanese;
    # spaces only between Chinese or Japanese words in a list that has no other separator.
    separators = ",;|،，、"
    if _CJK_SPACED.search(value) and not any(mark in value for mark in separators):
        separators += " "
    parts = split_list(value, separators)
    if any(_JOINED_PART.match(part) for part in parts[1:]):
        parts = split_list(value, ";|")  # "Business, Finance, & Economics" is one name
    tags = [_TAG_LABEL.sub("", _TAG_KIND.sub("", _TAG_NUMBER.sub("", tag))) for tag in parts]
    return [tag for tag in tags if tag and not _NOT_A_TAG.fullmatch(tag)]


# Sections are a word or a few; longer is a sentence a template put there.
_SECTION_MAX_WORDS = 6
_HAS_LETTER = re.compile(r"[^\W\d_]")
_CMS_CODE = re.compile(r"[a-z0-9]+(?:_[a-z0-9-]+)+")


# What a CMS calls the place of every story, or its home page, declared as the section.
_CONTAINER_WORDS = CONTAINER_WORDS | {"home", "homepage", "startseite"}


def _one_section(value: str) -> str | None:
    """The section in what a page declares as its section, or None for no section.

    Templates write every category of a post into ``articleSection`` or
    ``article:section`` as one string: the first is the section. A single comma and a
    space may be part of a section's name ("Arts, Culture"); a URL gives its last path
    segment; a date, an issue number or a sentence is no section.

    >>> _one_section("Politics,Highlight,Legal,National"), _one_section("Arts, Culture")
    ('Politics', 'Arts, Culture')
    >>> _one_section("Netzwerk, Windows, Cmd, Installation")
    'Netzwerk'
    >>> _one_section("https://blog.example/category/learn/")
    'Learn'
    >>> _one_section("06/2019"), _one_section("2022"), _one_section("news_news")
    (None, None, None)
    >>> _one_section("Articles"), _one_section("Home")
    (None, None)
    """
    text = clean_text(value)
    if not text:
        return None
    if text.startswith(("http://", "https://")):
        segments = [s for s in text.split("?")[0].split("/")[3:] if s]
        return title_case_segment(segments[-1]) if segments else None
    items = [item for item in re.split(r"\s*,\s*", text) if item]
    if items and (len(items) >= 3 or re.search(r",\S", text)):
        text = items[0]
    if not _HAS_LETTER.search(text) or len(text.split()) > _SECTION_MAX_WORDS:
        return None
    if text.casefold() in _CONTAINER_WORDS:
        return None  # "Articles", "Home": what holds every story, no section of the site
    if _CMS_CODE.fullmatch(text):
        return None  # "news_news", "culture_culture-lifestyle": the CMS's key, not a name
    return text


# German spelled without umlauts, as URL slugs and some CMSes' keywords are.
_TRANSLITERATED = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _tag_keys(tag: str) -> tuple[str, str]:
    """A tag's spellings to compare: umlauts written out, and accents dropped.

    "Thüringen" and "Thueringen", "Zürich" and "Zurich" are one tag each.

    >>> unique(["Thüringen", "Politik", "Thueringen", "thüringen", "Zurich", "Zürich"], _tag_keys)
    ['Thüringen', 'Politik', 'Zurich']
    """
    folded = tag.casefold()
    unaccented = unicodedata.normalize("NFKD", folded)
    return (
        folded.translate(_TRANSLITERATED),
        "".join(ch for ch in unaccented if not unicodedata.combining(ch)),
    )


def _plain_description(value: str) -> str | None:
    """A description as text, not markup nor entities.

    CMSes put markup in JSON-LD's (``<p>...</p>``) and escape a meta tag's twice
    (``K&amp;uuml;hlt&amp;uuml;rme``, which reads ``K&uuml;hlt&uuml;rme``).

    >>> _plain_description("<p>Cooling towers fall.</p>")
    'Cooling towers fall.'
    >>> _plain_description("K&uuml;hlt&uuml;rme"), _plain_description("PNC&amp;nbsp;informó")
    ('Kühltürme', 'PNC informó')
    >>> _plain_description("If a < b and c > d")
    'If a < b and c > d'
    """
    text = value
    for _ in range(3):  # escaped twice or three times: "&amp;amp;nbsp;" reads "&amp;nbsp;"
        if "&" not in text or (unescaped := html.unescape(text)) == text:
            break
        text = unescaped
    return clean_text(remove_tags(text) if "<" in text else text)


def _real_url(value: str) -> str | None:
    text = clean_text(value)
    return text if text and text.startswith(("http://", "https://", "//", "/")) else None


#: Most authors and tags an article keeps: a story's byline names a few people, its
#: keywords a few dozen subjects; a list of thousands is a template's or an attacker's.
MAX_AUTHORS = 50
MAX_TAGS = 100


def _first(count: int, values: list[Any]) -> list[Any]:
    return values[:count]


class ArticleLoader(ItemLoader):
    """Normalizes candidate values into the article dict (see the module docstring)."""

    default_item_class = dict
    default_input_processor = MapCompose(clean_text)
    default_output_processor = TakeFirst()

    title_in = MapCompose(clean_title)
    # Names come cleaned by clean_author_list, which chose them knowing their context ("by
    # marc" is a user name, a lone "marc" might be initials): cleaning again would lose it.
    authors_in = MapCompose(clean_text)
    authors_out = Compose(unique, partial(_first, MAX_AUTHORS))
    tags_in = MapCompose(split_tags, _not_site_name)
    # One of several spellings of a tag (see _tag_keys).
    tags_out = Compose(partial(unique, keys=_tag_keys), partial(_first, MAX_TAGS))
    language_in = MapCompose(normalize_code)
    body_in = MapCompose(clean_paragraph_text)
    section_in = MapCompose(_one_section)
    description_in = MapCompose(_plain_description)
    image_url_in = MapCompose(_real_url)
    image_credit_in = MapCompose(clean_credit)
    # Dates are chosen and formatted by newscrawl.extract.dates before loading.
    published_at_in = Identity()
    modified_at_in = Identity()

    def add_if_kept(self, field: str, value: Any) -> bool:
        """Add ``value`` if anything of it survives the field's input processor.

        :meth:`add_value`, telling whether it added anything: sources are tried in order
        until one's value survives.
        """
        if value in (None, "", [], ()):
            return False
        before = len(self.get_collected_values(field))
        self.add_value(field, value)
        return len(self.get_collected_values(field)) > before
