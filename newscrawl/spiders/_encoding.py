"""The encoding an article page is decoded with, when its declarations disagree.

Scrapy's ``response.encoding`` follows browsers: a BOM, then the Content-Type header, then
``<meta charset>``, then a guess. Real pages lie: servers add a default ``charset=iso-8859-1``
or ``utf-8`` to pages their CMS wrote in windows-1255 or Shift_JIS and declared as such in
``<meta>``. :func:`page_encoding` picks the first declaration the bytes actually decode
with, trusting a Latin-1/ASCII header (the usual server default) less than a ``<meta>``
naming another charset; when nothing is declared, Scrapy's guess stands.
"""

from __future__ import annotations

import codecs

from scrapy.http import Response, TextResponse
from w3lib.encoding import http_content_type_encoding, read_bom, resolve_encoding

from newscrawl.extract.decode import declared_encoding

# Charsets servers put in Content-Type by default, whatever the page is written in.
_SERVER_DEFAULTS = frozenset({"cp1252", "latin_1", "iso8859_1", "ascii"})


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    name = resolve_encoding(label)
    if name is None:
        return None
    return codecs.lookup(name).name.replace("-", "_")


def _decodes(body: bytes, codec: str) -> bool:
    try:
        body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def choose_encoding(body: bytes, header: str | None, meta: str | None) -> str | None:
    """The codec to decode ``body`` with, given its header and ``<meta>`` charsets.

    >>> hebrew = "<meta charset=windows-1255><title>שלום</title>".encode("cp1255")
    >>> choose_encoding(hebrew, "utf-8", "windows-1255")
    'cp1255'
    >>> choose_encoding(hebrew, "iso-8859-1", "windows-1255")
    'cp1255'
    >>> japanese = "<meta charset=utf-8><title>港のフェリー</title>".encode("shift_jis")
    >>> choose_encoding(japanese, "shift_jis", "utf-8")
    'cp932'
    >>> choose_encoding(b"plain", None, None) is None
    True
    """
    bom, _ = read_bom(body)
    if bom:
        return _codec(bom)
    header_codec, meta_codec = _codec(header), _codec(meta)
    candidates = [header_codec, meta_codec]
    if header_codec in _SERVER_DEFAULTS and meta_codec not in (None, header_codec):
        candidates.reverse()
    for codec in candidates:
        if codec and _decodes(body, codec):
            return codec
    return None


def page_encoding(response: Response) -> str | None:
    """The encoding to decode ``response`` with, or None (the extractor guesses).

    None for a non-text response, and for one that declares no charset at all.
    """
    if not isinstance(response, TextResponse):
        return None
    content_type = response.headers.get(b"Content-Type")
    header = http_content_type_encoding(content_type.decode("latin-1")) if content_type else None
    meta = declared_encoding(response.body)
    chosen = choose_encoding(response.body, header, meta)
    if chosen or header or meta:
        return chosen or response.encoding
    # Nothing declared: Scrapy guesses windows-1252 for all that is not UTF-8; the
    # extractor's guess goes by the page's language (newscrawl.extract.decode).
    return None
