"""A fixed seed of the fuzz harness (tests/fuzz): mutated Parquet, CSV, .dvc, dvc.lock, dvc.yaml
and `.dir` files through the app's own paths. The full run: `uv run python -m tests.fuzz`."""

from __future__ import annotations

import pytest

from .fuzz.run import cases, run_case, summary
from .fuzz.targets import feed

SEED, COUNT = 2026, 240  # 30 of each kind, a few seconds


def test_a_fixed_seed_of_mutated_inputs_gives_only_clear_messages() -> None:
    outcomes = [run_case(case) for case in cases(SEED, COUNT)]
    bad = [o for o in outcomes if o.verdict not in ("ok", "degraded", "error")]
    assert not bad, summary(outcomes)
    assert {o.kind for o in outcomes} == {"parquet", "csv", "dvc", "lock", "dvc_yaml", "dir",
                                          "types", "int96"}  # fmt: skip


def test_cases_are_reproducible() -> None:
    assert cases(SEED, 3, start=5) == cases(SEED, 8)[5:]


@pytest.mark.parametrize(
    ("kind", "data", "expected"),
    [  # what the harness found, kept as regressions
        ("dir", b'[{"relpath": 1, "md5": null}, {"relpath": "a", "md5": "../../x"}, 5]', "ok"),
        ("lock", b"stages:\n  a:\n    outs: 7\n", "ok"),
        ("dvc", b"outs:\n- path: ../../../etc/passwd\n", "outside the repository"),
        ("dvc", b"outs:\n- path: x\n  md5: ../../../.ssh/id_rsa\n", "is not an MD5 hash"),
        ("parquet", b"PAR1\x15\x00garbage\x00\x00\x00\x08PAR1", "Not readable as Parquet"),
    ],
)
def test_found_by_fuzzing(tmp_path, kind: str, data: bytes, expected: str) -> None:
    assert expected in feed(kind, data, tmp_path)
