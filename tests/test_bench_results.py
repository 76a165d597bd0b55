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


def test_a_new_case_goes_beside_the_one_it_follows() -> None:
    old = [*HEAD, "| launch | 1.0 s | | | | |  |", "| sort | 2.0 s | | | | |  |"]
    new = [*HEAD, "| launch | 0.9 s | | | | |  |", "| launch via uv | 1.1 s | | | | |  |",
           "| launch installed | 1.0 s | | | | |  |"]  # fmt: skip
    cases = [row.split(" | ")[0][2:] for row in merged(old, new)[2:]]
    assert cases == ["launch", "launch via uv", "launch installed", "sort"]
    first = [*HEAD, "| brand new | 1.0 s | | | | |  |"]  # follows nothing: at the end
    assert merged(old, first)[-1] == first[2]
