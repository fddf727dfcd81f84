import random
import struct

import pytest

from newscrawl.storage.signatures import NUM_PERM, Signature


def _values(data: bytes) -> tuple[int, ...]:
    return struct.unpack(f"<{NUM_PERM}I", data)


@pytest.mark.parametrize("seed", range(40))
def test_similarity_is_the_share_of_equal_values(seed: int) -> None:
    rng = random.Random(seed)
    first = [rng.choice([0, 1, 0xFFFFFFFF, rng.getrandbits(32)]) for _ in range(NUM_PERM)]
    second = list(first)
    for i in rng.sample(range(NUM_PERM), rng.randrange(NUM_PERM + 1)):
        # Values that differ in one bit only (the lowest, the highest, any) or in all.
        flip = rng.choice([1, 1 << 31, 1 << rng.randrange(32), 0xFFFFFFFF])
        second[i] ^= flip
    a = Signature(struct.pack(f"<{NUM_PERM}I", *first))
    b = Signature(struct.pack(f"<{NUM_PERM}I", *second))
    equal = sum(x == y for x, y in zip(_values(a.to_bytes()), _values(b.to_bytes()), strict=True))
    assert a.similarity(b) == b.similarity(a) == equal / NUM_PERM


def test_a_signature_has_one_length() -> None:
    with pytest.raises(ValueError, match="512 bytes"):
        Signature(b"\0" * 12)
    assert Signature.from_bytes(memoryview(b"\1" * 512)).similarity(Signature(b"\1" * 512)) == 1
