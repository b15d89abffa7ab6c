"""Time one speed question's corpus through the real harness at candidate sizes.

The hidden speed test is called as under ``medl grade`` (its ``speed`` fixture is a
:class:`~autograder.grading.speed.SpeedHarness` over two sandboxed workers: the reference
notebook, and the reference notebook plus a variant as its last cell), after a module-level
constant of the test file has been replaced, so sizes can be tried without editing it::

    .venv/bin/python benchmarks/gpu/sizes.py ch08 q1s --set 'SIZES["cpu"]=(1000, 32, 8)'
    .venv/bin/python benchmarks/gpu/sizes.py ch07 q3s --only loop --device cpu

Prints, per submission, the scored ratio, median and wall ratios, the reference's time per
call and the share of it spent moving the inputs through the codec.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from autograder.authoring.assignment import load_assignment  # noqa: E402
from autograder.authoring.variants import variants  # noqa: E402
from autograder.grading.extract import extract_definitions  # noqa: E402
from autograder.grading.hidden import collect_tests  # noqa: E402
from autograder.grading.speed import SpeedHarness  # noqa: E402
from autograder.grading.submission import reference_submission, with_override  # noqa: E402
from autograder.sandbox.session import WorkerSession  # noqa: E402


def _session(assignment, sub) -> WorkerSession:
    chunks = extract_definitions(sub.cells).chunks
    return WorkerSession(chunks, seed=0, load_timeout=assignment.load_timeout_s, call_timeout=60.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("id")
    ap.add_argument("question")
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="STMT",
        help="a statement run in the test module first, e.g. 'SIZES[\"cpu\"]=(..)'",
    )
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--only", default="", help="substring of the variant names to time")
    ap.add_argument("--repeat", type=int, default=1, help="measure each submission N times")
    args = ap.parse_args()
    a = load_assignment(args.id)
    q = a.question(args.question)
    tests = [t for t in collect_tests(a) if t.spec.question == q.id and "speed" in t.params]
    if not tests:
        raise SystemExit(f"{args.id} {q.id}: no speed test")
    test = tests[0]
    for stmt in args.set:
        exec(stmt, test.fn.__globals__)
    base = reference_submission(a)
    subs = [("reference", base)]
    for v in variants(a):
        if (q.id in v.earns or q.id in v.breaks) and args.only in v.name:
            subs.append((v.name, with_override(base, v.path.stem, v.path)))
    ref = _session(a, base)
    print(f"{a.id} {q.id} {test.name} on {args.device}: " + "; ".join(args.set))
    print("| submission | scored | median | wall | reference ms | codec share | points |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    try:
        for name, sub in subs:
            student = _session(a, sub)
            try:
                for k in range(args.repeat):
                    rng = np.random.default_rng(k)
                    h = SpeedHarness(student, lambda: ref, q.speed, args.device, rng)
                    kw = {
                        p: v for p, v in (("speed", h), ("device", args.device)) if p in test.params
                    }
                    try:
                        frac = test.fn(**kw)
                    except AssertionError as exc:
                        print(f"| {name} | wrong: {str(exc)[:80]} |")
                        break
                    r = h.results[-1].extra()

                    def f(x):
                        return "inf" if x is None else f"{x:.2f}"

                    ref_ms = r["reference_median_s"] or math.nan
                    print(
                        f"| {name} | {f(r['scored_ratio'])} | {f(r['ratio'])} | "
                        f"{f(r['wall_ratio'])} | {1e3 * ref_ms:.2f} | "
                        f"{f(r['codec_share'])} | {frac:.2f} |",
                        flush=True,
                    )
            finally:
                student.close()
    finally:
        ref.close()


if __name__ == "__main__":
    main()
