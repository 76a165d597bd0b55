"""A partial bench run (`--only`) updates its rows of RESULTS.md and keeps the others."""

from __future__ import annotations

from bench.results_table import merged

HEAD = ["| case | fsdl-tui | floor | ratio | target | met | peers |", "|---|"]


def test_a_run_without_peers_keeps_the_earlier_peers_marked() -> None:
    old = [*HEAD, "| launch | 1.0 s | 0.5 s | 2.00× | ≤ 1.3× | no | visidata 0.9 s |",
           "| sort | 2.0 s | 2.0 s | 1.00× | ≤ 1.3× | yes |  |"]  # fmt: skip
    new = [*HEAD, "| launch | 0.8 s | 0.5 s | 1.60× | ≤ 1.3× | no |  |"]
    rows = merged(old, new)
    assert rows[2] == (
        "| launch | 0.8 s | 0.5 s | 1.60× | ≤ 1.3× | no | visidata 0.9 s (an earlier run) |"
    )
    assert rows[3] == old[3]  # a case the run did not measure stays as it was
    again = merged(rows, new)  # marked once, however many runs go by
    assert again[2] == rows[2]
    with_peers = [*HEAD, "| launch | 0.7 s | 0.5 s | 1.40× | ≤ 1.3× | no | visidata 1.0 s |"]
    assert merged(rows, with_peers)[2] == with_peers[2]
