"""``/fault/encoding/<charset>[?header=CS][&meta=CS][&bom=1]``: an article in a legacy encoding.

The page's text is Hebrew (windows-1255, iso-8859-8), Arabic (windows-1256) or Japanese
(shift_jis, euc-jp, iso-2022-jp), encoded in ``<charset>``. ``header`` is the charset named in
the Content-Type header and ``meta`` the one in ``<meta charset>``; each defaults to
``<charset>``, ``none`` leaves it out, and any other value makes the page lie (header and meta
disagreeing). ``bom=1`` prefixes a UTF-8 BOM (only meaningful for ``utf-8``); ``byline=no``
leaves the author's line out (the page then names no one, and gives no date anywhere).
:data:`TITLES` holds the expected titles.
"""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING

from twisted.web.resource import Resource

from tests.mockserver.resources._args import arg, int_arg

if TYPE_CHECKING:
    from twisted.web.server import Request

TEXTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "he": (
        "rtl",
        "מעבורת הנמל חוזרת לשירות אחרי שיפוץ החורף",
        (
            "מעבורת הנמל של פורט אלדר חזרה לשירות ביום שישי אחרי שיפוץ של שלושה חודשים, "
            "שכלל מנוע חדש, מעלית לכיסאות גלגלים ותא נוסעים מחומם.",
            "המעבורת מסיעה כ-900 נוסעים ביום בין העיר העתיקה לשכונת נורתבנק, ובחורף נאלצו "
            "הנוסעים לנסוע באוטובוס בדרך ארוכה פי שלושה.",
            "רשות הנמל מסרה כי לוח הזמנים יחזור לשגרה ביום שני, עם הפלגה ראשונה בשש ורבע בבוקר.",
        ),
    ),
    "ar": (
        "rtl",
        "عودة عبارة الميناء إلى الخدمة بعد صيانة الشتاء",
        (
            "عادت عبارة ميناء بورت ألدر إلى الخدمة يوم الجمعة بعد أعمال صيانة استمرت ثلاثة أشهر "
            "شملت محركا جديدا ومصعدا للكراسي المتحركة.",
            "تنقل العبارة نحو 900 راكب يوميا بين المدينة القديمة وحي نورثبانك، واضطر الركاب في "
            "الشتاء إلى ركوب حافلة تستغرق ثلاثة أضعاف الوقت.",
            "وقالت إدارة الميناء إن الجدول الزمني سيعود إلى طبيعته يوم الاثنين.",
        ),
    ),
    "ja": (
        "ltr",
        "港のフェリー、冬の改修を終えて運航再開",
        (
            "ポートアルダーの港のフェリーが金曜日、三か月にわたる改修を終えて運航を再開した。"
            "新しいエンジンと車いす用のリフトが設置された。",
            "フェリーは旧市街とノースバンク地区の間で一日約900人の乗客を運んでいる。"
            "冬の間、乗客は三倍の時間がかかるバスを利用していた。",
            "港湾局によると、月曜日から通常の時刻表に戻る。",
        ),
    ),
}
#: Language of the text served in each charset (utf-8: ``?lang=`` picks, Hebrew by default).
LANGUAGES = {
    "windows-1255": "he",
    "iso-8859-8": "he",
    "windows-1256": "ar",
    "shift_jis": "ja",
    "euc-jp": "ja",
    "iso-2022-jp": "ja",
}
#: Expected title per language.
TITLES = {lang: text[1] for lang, text in TEXTS.items()}


def render_page(lang: str, meta: str | None, byline: bool = True) -> str:
    """Return the article page in ``lang`` as text, with ``<meta charset=meta>`` if given."""
    direction, title, paragraphs = TEXTS[lang]
    meta_tag = f'<meta charset="{meta}">' if meta else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    signed = '<p class="byline">By Ruth Ellery</p>' if byline else ""
    return (
        f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head>{meta_tag}'
        f"<title>{title}</title></head><body><article><h1>{title}</h1>"
        f'{signed}<div class="body">{body}</div></article></body></html>'
    )


class Encoding(Resource):
    """``/fault/encoding/<charset>``: see the module docstring."""

    def getChild(self, path: bytes, request: Request) -> Resource:
        return _EncodedPage(path.decode("ascii", "replace").lower())


class _EncodedPage(Resource):
    isLeaf = True

    def __init__(self, charset: str) -> None:
        super().__init__()
        self.charset = charset

    def render_GET(self, request: Request) -> bytes:
        lang = LANGUAGES.get(self.charset) or arg(request, "lang", "he")
        header = arg(request, "header", self.charset)
        meta = arg(request, "meta", self.charset)
        try:
            codecs.lookup(self.charset)
            byline = arg(request, "byline", "yes") != "no"
            page = render_page(lang, None if meta == "none" else meta, byline)
            body = page.encode(self.charset)
        except (LookupError, UnicodeEncodeError, KeyError) as exc:
            request.setResponseCode(400)
            return f"cannot serve {self.charset!r}: {exc}".encode()
        if int_arg(request, "bom", 0):
            body = codecs.BOM_UTF8 + body
        content_type = "text/html" if header == "none" else f"text/html; charset={header}"
        request.setHeader("Content-Type", content_type)
        return body
