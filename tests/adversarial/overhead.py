"""Measure what the sandbox costs per submission: ``python tests/adversarial/overhead.py [N]``.

Grades the toy reference N times (after one warm-up) with ``MEDL_SANDBOX=bwrap`` and with
``MEDL_SANDBOX=rlimits``, alternating the two so that drift on a shared machine hits both,
and also times a bare worker start (start, load one definition, one call, kill). Prints
medians in milliseconds; docs/security.md records the figures.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main(n: int) -> None:
    from toy import make_root

    from autograder.authoring.assignment import load_assignment
    from autograder.authoring.release import build_all
    from autograder.grading.extract import Chunk
    from autograder.grading.runner import grade
    from autograder.grading.submission import from_notebook
    from autograder.sandbox.session import StudentProxy, WorkerSession

    tmp = tempfile.TemporaryDirectory(prefix="medl-overhead-")
    root = Path(tmp.name)
    make_root(root)
    build_all(["toy01"], root)
    toy = load_assignment("toy01", root)
    sub = from_notebook(toy.solution_notebook, "reference")
    chunk = [Chunk(1, 1, "def f(x):\n    return x + 1\n")]
    times: dict[str, dict[str, list[float]]] = {}
    for i in range(n + 1):
        for mode in ("bwrap", "rlimits"):
            os.environ["MEDL_SANDBOX"] = mode
            t0 = time.perf_counter()
            res = grade(toy, sub)
            t1 = time.perf_counter()
            with WorkerSession(chunk) as s:
                assert StudentProxy(s).f(1) == 2
            t2 = time.perf_counter()
            assert res["score"] == res["max_score"], res["output"]
            if i:  # the first round warms caches (imports, the bwrap probe)
                m = times.setdefault(mode, {"grade": [], "worker": []})
                m["grade"].append(t1 - t0)
                m["worker"].append(t2 - t1)
    for what in ("grade", "worker"):
        b = statistics.median(times["bwrap"][what]) * 1000
        r = statistics.median(times["rlimits"][what]) * 1000
        print(
            f"{what:6s}  bwrap {b:7.1f} ms   rlimits-only {r:7.1f} ms   "
            f"difference {b - r:+6.1f} ms  (median of {n})"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
