"""Bytes to text: the page's encoding from the HTTP layer, a BOM, ``<meta>``, or a guess.

Browsers (and the WHATWG encoding standard) give a byte-order mark precedence over
everything, then the transport's declaration, then ``<meta charset>`` /
``<meta http-equiv=Content-Type>`` in the first kilobytes. Legacy pages (windows-1255 Hebrew,
windows-1256 Arabic, Shift_JIS Japanese) often declare their charset only in ``<meta>``, so
that step must not be skipped when the HTTP layer had nothing to say.
"""

from __future__ import annotations

import codecs
import re

from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

from newscrawl.extract.errors import ExtractionError

# Magic numbers of formats that are served by mistake where HTML was expected.
_BINARY_SIGNATURES = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"PK\x03\x04",  # zip, docx, epub
    b"\x1f\x8b",  # gzip that was not decompressed
    b"RIFF",  # webp, wav, avi
    b"\x00\x00\x00",  # mp4/ftyp boxes and other binary headers
    b"ID3",  # mp3
    b"wOFF",
    b"wOF2",
)

# WHATWG maps these labels to supersets; decoding with the narrow codec garbles text that
# every browser shows correctly (e.g. curly quotes on "iso-8859-1" pages are cp1252 bytes).
_SUPERSETS = {
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "ascii": "cp1252",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "iso8859_9": "cp1254",
    "iso8859_11": "cp874",
    "tis_620": "cp874",
    "iso8859_8": "cp1255",  # visual Hebrew pages are long gone; logical order is cp1255
    "iso8859_8_i": "cp1255",
}


def _codec(label: str | None) -> str | None:
    """Python codec name for an encoding label, widened to the browser's superset.

    >>> _codec("Shift_JIS"), _codec("ISO-8859-1"), _codec("windows-1255"), _codec("nope")
    ('cp932', 'cp1252', 'cp1255', None)
    """
    if not label:
        return None
    try:
        info = codecs.lookup(resolve_encoding(label.strip().strip("\"'")) or label.strip())
    except (LookupError, ValueError):  # ValueError: a label with a NUL in it
        return None
    # A name Python knows that is no document encoding (rot13, base64, idna) would not
    # decode a page, or would fail on its bytes.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_DOCUMENT:
        return None
    name = info.name.replace("-", "_")
    return _SUPERSETS.get(name, name)


#: Codecs Python takes for text that no page is encoded in.
_NOT_DOCUMENT = frozenset(
    {"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape", "mbcs", "oem"}
)


def sniff_binary(data: bytes) -> str | None:
    """Say why ``data`` is not text, or None when it may be.

    >>> sniff_binary(b"%PDF-1.7 ...")
    'starts with a %PDF signature'
    >>> sniff_binary(b"<html>hi</html>") is None
    True
    """
    head = data[:1024]
    for signature in _BINARY_SIGNATURES:
        if head.startswith(signature):
            return f"starts with a {signature.decode('latin-1')!r} signature".replace("'", "")
    # UTF-16 text has many NULs but then also a BOM, which the caller handled already.
    if head.count(b"\x00") > 2:
        return "contains NUL bytes"
    return None


#: How far into a page its head (and a <meta charset> in it) is looked for.
_HEAD_LIMIT = 256 * 1024
_META = re.compile(rb"<meta\b", re.IGNORECASE)


def declared_encoding(data: bytes) -> str | None:
    r"""The charset the page's ``<meta>`` declares, wherever in its head it stands.

    w3lib reads the first 4 KB, where the HTML standard's prescan reads 1 KB; a browser
    that meets a ``<meta charset>`` later, after the inline scripts and styles a news page
    carries in its head, decodes the page again with it. So does this: without it, such a
    page in windows-1251 or Shift_JIS came out as mojibake.

    >>> declared_encoding(b"<head><script>" + b"x" * 9000 + b"</script><meta charset=cp1251>")
    'cp1251'
    >>> declared_encoding(b"<head></head><body><meta charset=cp1251>") is None
    True
    """
    found = html_body_declared_encoding(data[:4096])
    if found:
        return found
    end = data.find(b"</head", 0, _HEAD_LIMIT)
    head = data[: end if end >= 0 else _HEAD_LIMIT]
    for match in _META.finditer(head):
        found = html_body_declared_encoding(head[match.start() : match.start() + 1024])
        if found:
            return found
    return None


def decode_html(data: bytes, encoding: str | None = None) -> str:
    r"""Decode an HTML page the way a browser would.

    >>> decode_html("<meta charset='windows-1255'><p>שלום".encode("cp1255"))
    "<meta charset='windows-1255'><p>שלום"
    >>> decode_html(b"\xef\xbb\xbf<p>caf\xc3\xa9", encoding="latin-1")
    '<p>café'
    >>> decode_html("<meta charset=gb2312><p>人民网".encode("utf-8"))
    '<meta charset=gb2312><p>人民网'
    """
    bom_encoding, bom = read_bom(data)
    if bom_encoding and bom:
        return data[len(bom) :].decode(_codec(bom_encoding) or "utf_8", errors="replace")
    reason = sniff_binary(data)
    if reason:
        raise ExtractionError("binary", reason)
    codec = _codec(encoding) or _codec(declared_encoding(data))
    if codec not in (None, "utf_8") and not data.isascii():
        # Pages re-saved or transcoded by a CMS keep their old <meta charset>: bytes that
        # are valid UTF-8 with multi-byte sequences are, in practice, never legacy text.
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if codec == "utf_8" and not data.isascii():
        return _declared_utf8(data)
    if codec is not None:
        return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # An undeclared legacy page: decoded as a browser of its language would.
        return data.decode(language_default(data), errors="replace")


def _declared_utf8(data: bytes) -> str:
    r"""Decode a page declared UTF-8; one with no valid UTF-8 beyond ASCII is legacy text.

    Servers and CMSs send ``charset=utf-8`` for pages saved in windows-1252 (or what their
    ``<meta>`` says): decoded as declared, every accented letter would be a replacement
    character ("Jos� M�ller"). A page whose every byte beyond ASCII fails as
    UTF-8 (or nearly: legacy bytes make a valid sequence by chance) is decoded as its
    ``<meta>`` says, else as its language's default (:func:`language_default`); one that
    holds as many valid multi-byte letters as bytes that fail is UTF-8 with stray bytes,
    and stays so.

    >>> _declared_utf8("José Müller".encode("cp1252"))
    'José Müller'
    >>> _declared_utf8("café ".encode() + b"\x92")
    'café \ufffd'
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
    # Legacy bytes now and then make a valid UTF-8 sequence by chance (Shift_JIS does
    # often): UTF-8 with stray bytes has no more bytes that fail than letters that decode.
    failed = text.count("\ufffd")
    if sum(ord(char) > 127 for char in text) - failed >= failed:
        return text
    meta = _codec(declared_encoding(data))
    fallback = meta if meta not in (None, "utf_8") else language_default(data)
    return data.decode(fallback, errors="replace")


# The HTML standard's default encodings by the user's locale (§13.2.3.3, "the suggested
# default encoding"): what a browser set to that language decodes an undeclared page with.
# Here the page's own language tag stands for the reader's locale; the rest: windows-1252.
_LOCALE_DEFAULTS = {
    "ar": "cp1256", "fa": "cp1256", "he": "cp1255", "el": "iso8859_7", "th": "cp874",
    "tr": "cp1254", "ku": "cp1254", "vi": "cp1258", "ja": "cp932", "ko": "cp949",
    "cs": "cp1250", "hr": "cp1250", "sk": "cp1250", "hu": "iso8859_2", "pl": "iso8859_2",
    "sl": "iso8859_2", "et": "cp1257", "lt": "cp1257", "lv": "iso8859_13",
    "ba": "cp1251", "be": "cp1251", "bg": "cp1251", "kk": "cp1251", "ky": "cp1251",
    "mk": "cp1251", "ru": "cp1251", "sah": "cp1251", "sr": "cp1251", "tg": "cp1251",
    "tt": "cp1251", "uk": "cp1251", "zh-cn": "gb18030", "zh-tw": "big5", "zh": "gb18030",
}  # fmt: skip
_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([a-zA-Z]{2,3}(?:-[a-zA-Z]{2})?)", re.I)


def language_default(data: bytes) -> str:
    r"""The codec of an undeclared page: its language's legacy default, else windows-1252.

    >>> language_default(b'<html lang="he"><p>\xf9\xec\xe5\xed'), language_default(b"<p>x")
    ('cp1255', 'cp1252')
    >>> language_default(b"<html dir=rtl lang='ZH-TW'>")
    'big5'
    """
    found = _HTML_LANG.search(data, 0, 4096)
    if not found:
        return "cp1252"
    tag = found.group(1).decode("ascii").lower()
    return _LOCALE_DEFAULTS.get(tag) or _LOCALE_DEFAULTS.get(tag.split("-")[0], "cp1252")
