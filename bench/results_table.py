"""Merging a partial run's rows (`--only`) into RESULTS.md; no bench dependencies, so the test
suite checks it."""

from __future__ import annotations


def merged(old: list[str], new: list[str]) -> list[str]:
    """The table and notes of `old` (a RESULTS.md), with `new`'s rows and notes in place of
    those of the same case; a new case goes after the one it follows in `new` (at the end when
    it comes first)."""

    def case(row: str) -> str:
        return row[2:].split(" | ")[0]

    def rows_of(lines: list[str]) -> list[str]:
        return [line for line in lines if line.startswith("| ") and not line.startswith("| case |")]

    old_rows, new_rows = rows_of(old), rows_of(new)
    cases = sorted({case(r) for r in old_rows + new_rows}, key=len, reverse=True)

    def note_case(line: str) -> str:  # a case's name may hold ": " itself
        return next((c for c in cases if line.startswith(f"- {c}: ")), line)

    fresh = {case(r): r for r in new_rows}
    known = {case(r) for r in old_rows}
    rows = [_keep_peers(fresh[case(r)], r) if case(r) in fresh else r for r in old_rows]
    for before, row in zip([None, *new_rows], new_rows, strict=False):
        if case(row) in known:
            continue
        after = [case(r) for r in rows].index(case(before)) + 1 if before is not None else len(rows)
        rows.insert(after, row)
    notes = [n for n in old if n.startswith("- ") and note_case(n) not in fresh]
    notes += [n for n in new if n.startswith("- ")]
    order = {c: i for i, c in enumerate(case(r) for r in rows)}
    notes.sort(key=lambda n: order.get(note_case(n), len(order)))
    return new[:2] + rows + (["", *notes] if notes else [])


def _keep_peers(row: str, old_row: str) -> str:
    """`row`, with `old_row`'s peers when `row` has none (a run without the peers group): the
    peers' figures stay beside ours, marked as from the earlier run."""
    cells, old_cells = row.split(" | "), old_row.split(" | ")
    peers, old_peers = cells[-1].rstrip(" |"), old_cells[-1].rstrip(" |")
    if peers or not old_peers:
        return row
    if not old_peers.endswith(EARLIER):
        old_peers += EARLIER
    return " | ".join([*cells[:-1], f"{old_peers} |"])


EARLIER = " (an earlier run)"
