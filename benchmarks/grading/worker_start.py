"""Worker start: fresh interpreter, medl's fork server, and the bare lower bound of a fork.

For each assignment, the same work is timed three ways, interleaved, median of repeats:

* fresh: ``WorkerSession`` with ``MEDL_WORKER_START=fresh`` (a sandboxed ``python -s``
  running ``autograder.sandbox.jail.worker``): load the reference notebook's definitions, answer one
  call, shut down;
* medl forked: the same with ``MEDL_WORKER_START=fork`` (root only): the worker is forked
  from medl's jailed fork server (own uid, mount and pid namespace; autograder/sandbox/zygote.py);
* fork of a warm parent: a parent that has already imported numpy and matplotlib (and
  torch where the notebook does) forks a child per "submission"; the child executes the
  same definitions and answers the same call through a pipe. No sandbox: the lower bound
  of any fork server.

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

from autograder.authoring.assignment import load_assignment
from autograder.grading.extract import extract_definitions
from autograder.notebook import code_cells, read_notebook
from autograder.sandbox.session import StudentProxy, WorkerSession

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


def fresh_once(chunks, call, start: str = "fresh") -> float:
    """One sandboxed worker through medl's real path; ``start`` is MEDL_WORKER_START
    ("fresh" interpreter, or "fork" from medl's fork server, root only)."""
    os.environ["MEDL_WORKER_START"] = start
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

    forks = os.geteuid() == 0  # medl forks workers from its fork server as root only
    print(
        "| assignment | imports | fresh worker (s, median) | medl forked worker (s) | "
        "fork of a warm parent, no sandbox (s) | fresh / medl forked |"
    )
    print("|---|---|---:|---:|---:|---:|")
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
        fresh, fork, forked = [], [], []
        if forks:
            fresh_once(chunks, CALLS.get(aid), "fork")  # the fork server starts once per process
        for _ in range(args.repeats):  # interleaved
            fresh.append(fresh_once(chunks, CALLS.get(aid)))
            if forks:
                forked.append(fresh_once(chunks, CALLS.get(aid), "fork"))
            parent.stdin.write("go\n")
            parent.stdin.flush()
            fork.append(float(parent.stdout.readline()))
        parent.stdin.close()
        parent.wait()
        f, k = statistics.median(fresh), statistics.median(fork)
        m = statistics.median(forked) if forked else float("nan")
        print(
            f"| {aid} | {'numpy + torch' if heavy else 'numpy'} | {f:.3f} | {m:.3f} | {k:.3f} | "
            f"{f / m:.1f}x |"
        )


if __name__ == "__main__":
    main()
