"""Mutations of a valid input, chosen and applied by a seeded random generator."""

from __future__ import annotations

import random
from collections.abc import Callable

Mutation = Callable[[random.Random, bytes, bytes], bytes]


def bit_flips(rng: random.Random, data: bytes, _: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def tail_flips(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """Flips in the last 64 bytes: a Parquet footer, the end of a YAML list."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        i = len(out) - 1 - rng.randrange(min(64, len(out)))
        out[i] = rng.randrange(256)
    return bytes(out)


def truncate(rng: random.Random, data: bytes, _: bytes) -> bytes:
    return data[: rng.randrange(len(data))]


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """The head of another kind of file on the body of this one (a spliced header)."""
    cut = rng.randrange(1, max(2, min(len(data), 256)))
    return other[: rng.randrange(1, max(2, len(other)))][:cut] + data[cut:]


def huge_sizes(rng: random.Random, data: bytes, _: bytes) -> bytes:
    """Absurd declared sizes and counts: YAML numbers, or a Parquet footer length."""
    huge = str(rng.choice([2**63 - 1, 2**64, 10**30, -1, 0])).encode()
    if data.endswith(b"PAR1") and len(data) > 8:
        length = rng.choice([0xFFFFFFFF, 0x7FFFFFFF, len(data) * 10, 0])
        return data[:-8] + length.to_bytes(4, "little") + b"PAR1"
    for key in (b"size: ", b"nfiles: ", b'"size": '):
        if key in data:
            start = data.index(key) + len(key)
            end = start
            while end < len(data) and data[end : end + 1].isdigit():
                end += 1
            return data[:start] + huge + data[end:]
    return data + b"\n" + huge


def wrong_encoding(rng: random.Random, data: bytes, _: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace") + " ünïcödé ✓ 😀"
    return text.encode(rng.choice(["utf-16", "utf-32", "latin-1", "cp1252", "utf-8-sig"]),
                       errors="replace")  # fmt: skip


def ragged_rows(rng: random.Random, data: bytes, _: bytes) -> bytes:
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 10)):
        i = rng.randrange(len(lines))
        lines[i] = lines[i] + b"," * rng.randint(1, 5) if rng.random() < 0.5 else lines[i][:3]
    return b"\n".join(lines)


def nul_bytes(rng: random.Random, data: bytes, _: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out.insert(rng.randrange(len(out) + 1), 0)
    return bytes(out)


def duplicate_block(rng: random.Random, data: bytes, _: bytes) -> bytes:
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.randint(1, 4096))
    return data[:end] + data[start:end] * rng.randint(1, 3) + data[end:]


def yaml_oddities(rng: random.Random, data: bytes, _: bytes) -> bytes:
    """Valid YAML of the wrong shape: anchors, aliases, tags, wrong types."""
    return rng.choice(
        [
            b"outs: 5\nstages: [1, 2]\n",
            b"stages:\n  a:\n    outs: 7\n",
            b"stages:\n  a:\n    outs:\n    - path: [1, 2]\n      md5: {x: 1}\n",
            b"a: &a [*a]\n",
            b"!!python/object/apply:os.system ['echo pwned']\n",
            b"outs:\n- path: ../../../etc/passwd\n  md5: ../../x\n",
            b"- - - - - - - - - - - - - - - - - - - - - - - - - -\n" * 50,
            b"stages: {" + b"[" * 5000 + b"\n",
            b"[" + b'{"relpath": 1, "md5": null},' * 3 + b"5]",
            data.replace(b"md5", b"md5: x\n  md5"),
        ]
    )


MUTATIONS: dict[str, Mutation] = {
    "bit_flips": bit_flips,
    "tail_flips": tail_flips,
    "truncate": truncate,
    "splice": splice,
    "huge_sizes": huge_sizes,
    "wrong_encoding": wrong_encoding,
    "ragged_rows": ragged_rows,
    "nul_bytes": nul_bytes,
    "duplicate_block": duplicate_block,
    "yaml_oddities": yaml_oddities,
}


def mutate(rng: random.Random, data: bytes, other: bytes) -> tuple[str, bytes]:
    name = rng.choice(sorted(MUTATIONS))
    mutated = MUTATIONS[name](rng, data, other)
    if rng.random() < 0.2:  # sometimes two at once
        second = rng.choice(sorted(MUTATIONS))
        mutated = MUTATIONS[second](rng, mutated, other)
        name = f"{name}+{second}"
    return name, mutated
