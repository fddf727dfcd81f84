r"""Placeholder lead images: tiny but valid baseline JPEG files, made without an image library.

The image is plain mid-grey: every 8x8 block has DC difference 0 and no AC coefficients, so
with one-bit Huffman codes the entropy-coded scan is two zero bits per block.

>>> data = placeholder_jpeg(64, 36)
>>> data[:3], data[-2:], len(data) < 400
(b'\xff\xd8\xff', b'\xff\xd9', True)
"""

from __future__ import annotations

import struct
from functools import cache


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


@cache
def placeholder_jpeg(width: int = 640, height: int = 360) -> bytes:
    """Return a mid-grey greyscale JPEG of ``width`` x ``height`` pixels."""
    if not (0 < width < 65536 and 0 < height < 65536):
        raise ValueError("width and height must be between 1 and 65535")
    blocks = ((width + 7) // 8) * ((height + 7) // 8)
    jfif = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    dqt = b"\x00" + bytes([8] * 64)
    sof = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    # DC table: one code of length 1 for "category 0"; AC table: one for "end of block".
    dht_dc = b"\x00" + bytes([1] + [0] * 15) + b"\x00"
    dht_ac = b"\x10" + bytes([1] + [0] * 15) + b"\x00"
    sos = b"\x01\x01\x00\x00\x3f\x00"
    bits = "00" * blocks
    bits += "1" * (-len(bits) % 8)  # pad the last byte with one-bits, as the standard says
    scan = int(bits, 2).to_bytes(len(bits) // 8, "big")
    return b"".join(
        (
            b"\xff\xd8",
            _segment(0xE0, jfif),
            _segment(0xDB, dqt),
            _segment(0xC0, sof),
            _segment(0xC4, dht_dc),
            _segment(0xC4, dht_ac),
            _segment(0xDA, sos),
            scan,
            b"\xff\xd9",
        )
    )
