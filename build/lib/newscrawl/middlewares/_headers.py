"""Response headers as text, and validators sent back as the bytes the server sent.

Header bytes are read as latin-1: RFC 9110 allows visible ASCII and "obs-text" bytes in
them, and latin-1 maps every byte to one character and back. A validator (``ETag``,
``Last-Modified``) read so and sent back in a conditional request through
:func:`header_bytes` is the server's, byte for byte; Scrapy would encode the text as UTF-8,
and an ETag with a byte above 127 would never match again.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.http import Response

# Control bytes, which RFC 9110 allows in no field value (a tab aside). Such a value is
# malformed, and unstorable too: PostgreSQL's text holds no NUL.
_CONTROL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")


def header_text(response: Response, name: bytes) -> str | None:
    r"""The first value of header ``name`` as text, None if absent, empty or malformed.

    >>> from scrapy.http import Response
    >>> header_text(Response("https://e.com/", headers={"ETag": b'"caf\xe9"'}), b"ETag")
    '"café"'
    >>> header_text(Response("https://e.com/", headers={"ETag": b'"a\x00b"'}), b"ETag")
    """
    value = response.headers.get(name)
    if not value or _CONTROL.search(value):
        return None
    return value.decode("latin-1")


def header_bytes(text: str) -> bytes:
    r"""A header value read by :func:`header_text`, as the bytes it was.

    >>> header_bytes('"café"')
    b'"caf\xe9"'
    """
    return text.encode("latin-1", "replace")
