"""The reference graded against itself on its speed questions, beside busy neighbours.

Each speed question of the given assignments is graded ``--gradings`` times (the solution
notebook as the submission, ``grade(..., questions={qid})``, the real harness) while
``--hogs`` processes spin on the CPU beside it. Printed per question: how many gradings
earned full speed points, and the scored ratios (CPU time of the workers) next to the
ratios of wall times, which the same gradings would have scored by a wall clock::

    .venv/bin/python benchmarks/gpu/under_load.py ch05 ch06 ch07 ch08 --gradings 20 --hogs 2
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from autograder.authoring.assignment import load_assignment  # noqa: E402
from autograder.grading.calibrate import device_name, speed_questions  # noqa: E402
from autograder.grading.runner import grade  # noqa: E402
from autograder.grading.speed import curve  # noqa: E402
from autograder.grading.submission import reference_submission  # noqa: E402

HOG = "import time\nend = time.monotonic() + {s}\nwhile time.monotonic() < end:\n    pass\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ids", nargs="+")
    ap.add_argument("--gradings", type=int, default=20)
    ap.add_argument("--hogs", type=int, default=2)
    args = ap.parse_args()
    hogs = [subprocess.Popen([sys.executable, "-c", HOG.format(s=3600)]) for _ in range(args.hogs)]
    print(f"{device_name('cpu')}; {args.hogs} busy neighbour process(es); reference vs itself\n")
    print(
        "| question | gradings | full marks (CPU time) | scored ratio min / median / max "
        "| wall ratio min / median / max | full marks had wall time been scored | s per grading |"
    )
    print("|---|---:|---:|---|---|---:|---:|")
    try:
        for aid in args.ids:
            a = load_assignment(aid)
            sub = reference_submission(a)
            for q in speed_questions(a):
                full_cpu = full_wall = 0
                scored: list[float] = []
                wall: list[float] = []
                t0 = time.perf_counter()
                for _ in range(args.gradings):
                    res = grade(a, sub, questions={q.id})
                    tests = [t for t in res["tests"] if t["number"] == q.id]
                    full_cpu += all(t["score"] == t["max_score"] for t in tests)
                    ok_wall = True
                    for t in tests:
                        for s in t["extra_data"].get("speed", []):
                            scored.append(s["scored_ratio"] or float("inf"))
                            wall.append(s["wall_ratio"] or float("inf"))
                            th = s["threshold"]
                            ok_wall &= curve(wall[-1], th["full"], th["zero"]) >= 1
                    full_wall += ok_wall
                per = (time.perf_counter() - t0) / args.gradings

                def spread(xs: list[float]) -> str:
                    return f"{min(xs):.2f} / {statistics.median(xs):.2f} / {max(xs):.2f}"

                print(
                    f"| {aid}/{q.id} | {args.gradings} | {full_cpu} | {spread(scored)} | "
                    f"{spread(wall)} | {full_wall} | {per:.1f} |",
                    flush=True,
                )
    finally:
        for h in hogs:
            h.kill()
            h.wait()


if __name__ == "__main__":
    main()
