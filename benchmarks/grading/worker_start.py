"""Fresh interpreter per submission vs fork from a warm parent: what would a fork server save?

For each assignment, the same work is timed two ways, interleaved, median of repeats:

* fresh: medl's real path (``WorkerSession``: sandboxed ``python -s -m autograder.worker``,
  load the reference notebook's definitions, answer one call, shut down);
* fork: a parent that has already imported numpy and matplotlib (and torch where the
  notebook does)
  forks a child per "submission"; the child executes the same definitions and answers the
  same call through a pipe. No sandbox: this is the lower bound a fork server could reach.

    .venv/bin/python benchmarks/grading/worker_start.py --repeats 9

Prints a markdown table (paste into RESULTS.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import textwrap
import time

from autograder.assignment import load_assignment
from autograder.extract import extract_definitions
from autograder.notebook import code_cells, read_notebook
from autograder.session import StudentProxy, WorkerSession

CALLS = {
    "ch01": ("param_count", ([4, 4, 3, 5, 1],)),
    "ch05": ("sigmoid", ([0.0, 1.0],)),
    "ch06": None,
}

FORK_PARENT = textwrap.dedent("""\
    import os, sys, time, json
    import numpy
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot
    heavy = sys.argv[1] == "torch"
    if heavy:
        import torch
    chunks = json.loads(sys.stdin.readline())
    for line in sys.stdin:
        t0 = time.perf_counter()
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            ns = {"__name__": "submission"}
            for src in chunks:
                try:
                    exec(compile(src, "<cell>", "exec"), ns)
                except Exception:
                    pass
            os.write(w, b"ok")
            os._exit(0)
        os.close(w)
        os.read(r, 2)
        os.close(r)
        os.waitpid(pid, 0)
        print(time.perf_counter() - t0, flush=True)
""")


def fresh_once(chunks, call) -> float:
    t0 = time.perf_counter()
    with WorkerSession(chunks) as session:
        session.ensure()
        if call:
            getattr(StudentProxy(session), call[0])(*call[1])
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=9)
    ap.add_argument("--ids", nargs="*", default=["ch01", "ch05", "ch06"])
    args = ap.parse_args()
    import json

    print(
        "| assignment | imports | fresh worker (s, median) | fork of a warm parent (s) | "
        "fresh / fork |"
    )
    print("|---|---|---:|---:|---:|")
    for aid in args.ids:
        a = load_assignment(aid)
        chunks = extract_definitions(code_cells(read_notebook(a.solution_notebook))).chunks
        heavy = any(
            "torch" in c.source for c in chunks if c.source.lstrip().startswith(("import", "from"))
        )
        parent = subprocess.Popen(
            [sys.executable, "-c", FORK_PARENT, "torch" if heavy else "numpy"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        assert parent.stdin and parent.stdout
        parent.stdin.write(json.dumps([c.source for c in chunks]) + "\n")
        fresh, fork = [], []
        for _ in range(args.repeats):  # interleaved
            fresh.append(fresh_once(chunks, CALLS.get(aid)))
            parent.stdin.write("go\n")
            parent.stdin.flush()
            fork.append(float(parent.stdout.readline()))
        parent.stdin.close()
        parent.wait()
        f, k = statistics.median(fresh), statistics.median(fork)
        print(
            f"| {aid} | {'numpy + torch' if heavy else 'numpy'} | {f:.3f} | {k:.3f} | "
            f"{f / k:.1f}x |"
        )


if __name__ == "__main__":
    main()
