"""Generate the cases of a seed and run them, in this process or supervised in child processes."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .mutate import mutate
from .seeds import KINDS, seeds
from .targets import DEGRADED, feed

CASE_TIMEOUT_S = 30.0
VERDICTS = ("ok", "degraded", "error", "bug", "crash", "hang")
MAX_LINE = 300


@dataclass(frozen=True)
class Case:
    index: int
    kind: str
    mutation: str
    data: bytes


@dataclass(frozen=True)
class Outcome:
    index: int
    kind: str
    mutation: str
    verdict: str  # "ok" (read), "degraded" (read, with a warning), "error" (a clear message),
    # or what must never happen: "bug" (an exception escaped), "crash", "hang"
    message: str
    seconds: float


def cases(seed: int, count: int, start: int = 0) -> list[Case]:
    """Case i is the same for a given seed whatever `start`/`count` slice is asked for."""
    with tempfile.TemporaryDirectory() as folder:
        valid = seeds(Path(folder))
    out = []
    for index in range(start, start + count):
        rng = random.Random(f"{seed}:{index}")
        kind = KINDS[index % len(KINDS)]
        other = valid[rng.choice([k for k in KINDS if k != kind])]
        name, data = mutate(rng, valid[kind], other)
        out.append(Case(index, kind, name, data))
    return out


def is_clear(message: str) -> bool:
    first = message.strip().splitlines()[0] if message.strip() else ""
    return bool(first) and len(first) <= MAX_LINE and "Traceback" not in message


def run_case(case: Case) -> Outcome:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fsdl-fuzz-") as folder:
        try:
            message = feed(case.kind, case.data, Path(folder))
        except Exception as error:  # the point: anything escaping the app's paths is a bug
            message = f"{type(error).__name__}: {error}"
            verdict = "bug"
        else:
            if message == "ok":
                verdict = "ok"
            elif message.startswith(DEGRADED):
                verdict = "degraded"
            else:
                verdict = "error" if is_clear(message) else "bug"
    first = message.strip().splitlines()[0][:MAX_LINE] if message.strip() else ""
    return Outcome(case.index, case.kind, case.mutation, verdict, first,
                   time.perf_counter() - started)  # fmt: skip


def worker(seed: int, start: int, count: int) -> None:
    """In a child: run cases, announcing each before it runs (so a crash names its case)."""
    for case in cases(seed, count, start):
        print(json.dumps({"start": case.index}), flush=True)
        print(json.dumps(run_case(case).__dict__), flush=True)


def supervise(seed: int, count: int) -> list[Outcome]:
    """Run every case in child processes; a child that dies or stalls is a crash or a hang,
    and a new child goes on from the next case."""
    outcomes: list[Outcome] = []
    next_index = 0
    all_cases = {c.index: c for c in cases(seed, count)}
    while next_index < count:
        command = [sys.executable, "-m", "tests.fuzz", "--worker", "--seed", str(seed),
                   "--start", str(next_index), "--count", str(count - next_index)]  # fmt: skip
        child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True,
                                 stderr=subprocess.DEVNULL)  # fmt: skip
        current: int | None = None
        assert child.stdout is not None
        import selectors

        selector = selectors.DefaultSelector()
        selector.register(child.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + CASE_TIMEOUT_S
        while True:
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                child.kill()
                case = all_cases[current if current is not None else next_index]
                outcomes.append(
                    Outcome(
                        case.index,
                        case.kind,
                        case.mutation,
                        "hang",
                        f"no answer in {CASE_TIMEOUT_S:.0f} s",
                        CASE_TIMEOUT_S,
                    )
                )
                next_index = case.index + 1
                break
            line = child.stdout.readline()
            if not line:  # the child ended
                code = child.wait()
                if current is not None:
                    case = all_cases[current]
                    outcomes.append(
                        Outcome(
                            case.index,
                            case.kind,
                            case.mutation,
                            "crash",
                            f"the process died (exit {code})",
                            0.0,
                        )
                    )
                    next_index = case.index + 1
                else:
                    next_index = count
                break
            record = json.loads(line)
            if "start" in record:
                current = record["start"]
                deadline = time.monotonic() + CASE_TIMEOUT_S
            else:
                outcomes.append(Outcome(**record))
                current = None
                next_index = record["index"] + 1
        child.wait()
    return outcomes


def summary(outcomes: list[Outcome]) -> str:
    verdicts = Counter(o.verdict for o in outcomes)
    by_kind: dict[str, Counter] = {}
    for o in outcomes:
        by_kind.setdefault(o.kind, Counter())[o.verdict] += 1
    lines = [f"{len(outcomes)} cases: " + ", ".join(f"{v} {verdicts[v]}" for v in
             VERDICTS)]  # fmt: skip
    for kind in KINDS:
        counts = by_kind.get(kind, Counter())
        lines.append(f"  {kind:9s} " + "  ".join(f"{v} {counts[v]:4d}" for v in
                     VERDICTS))  # fmt: skip
    slowest = max(outcomes, key=lambda o: o.seconds, default=None)
    if slowest is not None:
        lines.append(f"  slowest case: #{slowest.index} ({slowest.kind}, {slowest.mutation}) "
                     f"{slowest.seconds:.2f} s")  # fmt: skip
    for o in outcomes:
        if o.verdict in ("bug", "crash", "hang"):
            lines.append(f"  {o.verdict.upper()} #{o.index} {o.kind} {o.mutation}: {o.message}")
    return "\n".join(lines)
