"""``/fault/compress?enc=gzip|deflate|br|zstd&size=BYTES[&body=plain|garbage]``: bombs.

The body is ``size`` bytes of HTML (mostly spaces, default 64 MiB) compressed with ``enc`` and
sent with the matching ``Content-Encoding``: a few kilobytes on the wire. ``size`` small makes
it an ordinary compressed page. ``body=plain`` sends the HTML uncompressed under the same
header (a misconfigured server), ``body=garbage`` bytes no decoder reads.
"""

from __future__ import annotations

import zlib
from functools import cache
from typing import TYPE_CHECKING

from twisted.web.resource import Resource

from tests.mockserver.resources._args import arg, int_arg

if TYPE_CHECKING:
    from twisted.web.server import Request

DEFAULT_SIZE = 64 * 1024 * 1024
_CHUNK = 1024 * 1024


def _plain_chunks(size: int) -> list[bytes]:
    head = b"<html><body><p>bomb</p>"
    chunks, left = [head], size - len(head)
    while left > 0:
        chunks.append(b" " * min(_CHUNK, left))
        left -= _CHUNK
    return chunks


@cache
def compressed(encoding: str, size: int) -> bytes:
    """Return ``size`` bytes of HTML compressed with ``encoding`` (cached)."""
    chunks = _plain_chunks(size)
    if encoding in ("gzip", "deflate"):
        wbits = 31 if encoding == "gzip" else 15
        z = zlib.compressobj(9, zlib.DEFLATED, wbits)
        return b"".join(z.compress(c) for c in chunks) + z.flush()
    if encoding == "br":
        import brotli

        br = brotli.Compressor(quality=5)
        return b"".join(br.process(c) for c in chunks) + br.finish()
    if encoding == "zstd":
        import zstandard

        zc = zstandard.ZstdCompressor().compressobj()
        return b"".join(zc.compress(c) for c in chunks) + zc.flush()
    raise ValueError(f"unknown encoding {encoding!r}")


class Compress(Resource):
    """Serve a compressed body whose decompressed size is ``size``."""

    isLeaf = True

    def render_GET(self, request: Request) -> bytes:
        encoding = arg(request, "enc", "gzip")
        size = int_arg(request, "size", DEFAULT_SIZE)
        try:
            body = compressed(encoding, size)
            if arg(request, "body", "") == "plain":
                body = b"".join(_plain_chunks(size))
            elif arg(request, "body", "") == "garbage":
                body = b"\xff\xff not compressed at all" * 8  # no decoder reads it
        except ValueError as exc:
            request.setResponseCode(400)
            return str(exc).encode()
        request.setHeader("Content-Type", "text/html; charset=utf-8")
        request.setHeader("Content-Encoding", encoding)
        return body
