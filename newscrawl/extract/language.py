"""The page's language: declared in markup, else the site's, else guessed from the text.

The guess needs no model: non-Latin scripts name their language almost alone, and for
Latin-script text the share of each language's commonest words is a reliable signal on
article-length text.
"""

from __future__ import annotations

import re
from collections import Counter

_CODE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_].*)?$")
# Deprecated ISO 639-1 codes still found in markup.
_LEGACY = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv"}
_SCRIPTS = (
    ("he", re.compile("[\u0590-\u05ff]")),
    ("ar", re.compile("[\u0600-\u06ff]")),
    ("ja", re.compile("[\u3040-\u30ff]")),  # kana: Japanese even among kanji
    ("ko", re.compile("[\uac00-\ud7af]")),
    ("zh", re.compile("[\u4e00-\u9fff]")),
    ("ru", re.compile("[\u0400-\u04ff]")),
    ("el", re.compile("[\u0370-\u03ff]")),
    ("th", re.compile("[\u0e00-\u0e7f]")),
    ("hi", re.compile("[\u0900-\u097f]")),
    ("bn", re.compile("[\u0980-\u09ff]")),
    ("pa", re.compile("[\u0a00-\u0a7f]")),
    ("gu", re.compile("[\u0a80-\u0aff]")),
    ("ta", re.compile("[\u0b80-\u0bff]")),
    ("te", re.compile("[\u0c00-\u0c7f]")),
    ("kn", re.compile("[\u0c80-\u0cff]")),
    ("ml", re.compile("[\u0d00-\u0d7f]")),
    ("hy", re.compile("[\u0530-\u058f]")),
    ("ka", re.compile("[\u10a0-\u10ff]")),
)
# Other languages each script above writes, by the code it names: a page declared in one of
# them is in that language, not the script's commonest ("uk" stays "uk", not "ru").
_SAME_SCRIPT = {
    "ru": frozenset({"uk", "be", "bg", "sr", "mk", "kk", "ky", "mn", "tg", "tt", "ba"}),
    "ar": frozenset({"fa", "ur", "ps", "ku", "sd", "ug", "ckb"}),
    "he": frozenset({"yi"}),
    "zh": frozenset({"ja"}),
    "hi": frozenset({"mr", "ne", "sa"}),
    "bn": frozenset({"as"}),
}
# Letters of Ukrainian's alphabet that Russian's lacks (і is Belarusian's too).
_UKRAINIAN = re.compile("[єїґЄЇҐ]")
# Any letter of the scripts above: one pass of this settles most pages, which have none.
_ANY_SCRIPT = re.compile("[" + "".join(pattern.pattern[1:-1] for _, pattern in _SCRIPTS) + "]")
_STOPWORDS = {
    "en": "the and of to in is that for it was on with as are this by be at from have",
    "de": "der die und das ist nicht den von zu mit sich des auf für im dem ein eine auch",
    "fr": "le la les et des est une dans que pour pas qui sur du au avec il elle ce",
    "es": "el la los las y de que en un una es por con para del se no su al",
    "it": "il di che la le è per un una non sono del della con gli si anche nel",
    "pt": "o a os as de que em um uma é para com não do da dos das se no na",
    "nl": "de het een en van is dat op te in niet zijn met voor er ook aan",
    "sv": "och att det som en är på av för med till den inte har om ett var",
    "da": "og at det som en er på af for med til den ikke har om et var de",
    "no": "og at det som en er på av for med til den ikke har om et var de",
    "pl": "i w na z że się do nie jest to jak o po przez dla oraz",
    "tr": "ve bir bu da de ile için olarak çok daha gibi olan ama",
    # Languages whose sites often keep a template's lang="en": Malay and Indonesian share
    # most function words, told apart by the rest; Swahili, Zulu and Xhosa.
    "ms": "yang dan di ini itu dengan untuk dari dalam tidak akan pada ke juga oleh telah "
    "bahawa kerana ialah mereka beliau",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada ke juga oleh telah "
    "bahwa karena adalah sudah tersebut",
    "sw": "na ya wa kwa katika za la ni kuwa cha hiyo hii alisema pia lakini hata",
    "zu": "ukuthi futhi kodwa uma kanye lokhu kusho ngoba noma kakhulu ngesikhathi abantu",
    "xh": "ukuba kwaye kodwa ukuze kunye ngenxa xa oko nje noko kakhulu abantu",
}
_STOPWORD_SETS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}


def _languages_by_word() -> dict[str, tuple[str, ...]]:
    """The languages each common word belongs to.

    Counting a text's common words is then one lookup per word, not one per word and
    language.
    """
    languages: dict[str, tuple[str, ...]] = {}
    for lang, words in _STOPWORD_SETS.items():
        for word in words:
            languages[word] = (*languages.get(word, ()), lang)
    return languages


_LANGUAGES_OF = _languages_by_word()
_WORD = re.compile(r"[^\W\d_]+")
_LETTERS = re.compile(r"[^\W\d_]")


def normalize_code(value: str | None) -> str | None:
    """ISO 639-1 code from a language tag or locale.

    >>> normalize_code("en-US"), normalize_code("de_DE"), normalize_code("iw"), normalize_code("x")
    ('en', 'de', 'he', None)
    """
    if not value:
        return None
    match = _CODE.match(value.strip())
    if not match or len(match.group(1)) != 2:
        return None
    code = match.group(1).lower()
    return _LEGACY.get(code, code)


def script_language(text: str) -> str | None:
    """Return the language a non-Latin script implies, when letters of that script dominate.

    >>> script_language("שלום עולם"), script_language("Hello world")
    ('he', None)
    """
    sample = text[:3000]
    if not _ANY_SCRIPT.search(sample):
        return None
    letters = len(_LETTERS.findall(sample)) or 1
    for code, pattern in _SCRIPTS:
        if len(pattern.findall(sample)) > 0.3 * letters or (
            code == "ja" and len(pattern.findall(sample)) > 0.05 * letters
        ):
            # Ukrainian writes є or ї every few sentences; Russian never does.
            if code == "ru" and len(_UKRAINIAN.findall(sample)) > 0.002 * letters:
                return "uk"
            return code
    return None


def script_fits(code: str, text: str) -> bool:
    """Whether ``text``'s script is one ``code``'s language is written in (or any, if Latin).

    >>> script_fits("uk", "Уряд затвердив програму"), script_fits("bg", "Правителството реши")
    (True, True)
    >>> script_fits("fa", "دولت برنامه را تصویب کرد"), script_fits("en", "Правительство решило")
    (True, False)
    """
    by_script = script_language(text)
    if by_script is None or by_script == code:
        return True
    head = "ru" if by_script == "uk" else by_script
    return code == head or code in _SAME_SCRIPT.get(head, ())


# Below this share of its commonest words a long text is not in the declared language.
_FOREIGN_SHARE = 0.03
_FOREIGN_MIN_WORDS = 80
# ... or when another language's commonest words are this share and five times as many.
_OTHER_SHARE = 0.08


def _common_words(words: list[str]) -> Counter[str]:
    """How many of ``words`` are among each language's commonest words."""
    counts: Counter[str] = Counter()
    for word in words:
        for lang in _LANGUAGES_OF.get(word, ()):
            counts[lang] += 1
    return counts


def contradicts(code: str, text: str) -> bool:
    """Whether ``text`` is too long and too poor in ``code``'s commonest words to be in it.

    A template's ``lang="en"`` stays on pages written in Zulu or Malay.

    >>> contradicts("en", "Umongameli uthe ukuthi futhi kodwa abantu bazohamba " * 12)
    True
    >>> contradicts("en", "Der Minister ist nicht in der Stadt, und die Presse wartet. " * 8)
    True
    >>> contradicts("en", "The minister said that the plan was on track for the year " * 8)
    False
    """
    if code not in _STOPWORD_SETS:
        return False
    words = [w.lower() for w in _WORD.findall(text[:5000])]
    if len(words) < _FOREIGN_MIN_WORDS:
        return False
    counts = _common_words(words)
    declared = counts[code]
    # Few of its words, or far fewer than of another language's (German has English "in").
    best = max(counts.values(), default=0)
    return declared < _FOREIGN_SHARE * len(words) or (
        best >= _OTHER_SHARE * len(words) and declared * 5 < best
    )


def detect(text: str) -> str | None:
    """Guess the language of a text, or None when unsure.

    >>> detect("Der Minister ist nicht in der Stadt, und die Presse wartet auf ihn.")
    'de'
    """
    by_script = script_language(text)
    if by_script:
        return by_script
    words = [w.lower() for w in _WORD.findall(text[:5000])]
    if len(words) < 8:
        return None
    counts = _common_words(words)
    if not counts:
        return None
    (best, best_count), *rest = [*counts.most_common(2), ("", 0)]
    runner_up = rest[0][1]
    if best_count >= 3 and best_count > 1.2 * runner_up:
        return best
    return None
