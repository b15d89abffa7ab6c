"""Grade N synthetic submissions of one assignment and measure throughput, latency, memory.

    .venv/bin/python benchmarks/grading/bench.py --assignment ch01 --n 200 --jobs 2

Submissions are made from the assignment's own files (nothing random is downloaded): the
solution notebook ("correct"), the solution with one of its ``mutants/*.py`` appended
("buggy"), with one graded function replaced by ``os._exit(1)`` ("crashing") or by an endless
loop ("hanging", which costs the question's call timeout). Each gets a unique comment so its
content hash differs. ``medl grade`` runs as a subprocess exactly as an instructor runs it;
a sampler adds up the resident memory of it and all its descendants (the sandboxed workers).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from autograder.authoring.assignment import load_assignment  # noqa: E402

MIX = {"correct": 0.55, "buggy": 0.25, "crashing": 0.10, "hanging": 0.10}


def make_submissions(
    aid: str, n: int, folder: Path, mix: dict[str, float] = MIX, seed: int = 0
) -> dict[str, str]:
    """Write ``n`` notebooks into ``folder`` in the proportions ``mix``; return student -> kind."""
    a = load_assignment(aid, ROOT)
    rng = random.Random(seed)
    mutants = sorted((a.source_dir / "mutants").glob("*.py"))
    functions = [f for q in a.questions for f in q.functions]
    kinds = [k for k, share in mix.items() for _ in range(round(share * n))][:n]
    kinds += ["correct"] * (n - len(kinds))
    rng.shuffle(kinds)
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for i, kind in enumerate(kinds):
        nb = nbformat.read(a.solution_notebook, as_version=4)
        fn = rng.choice(functions)
        extra = {
            "correct": "",
            "buggy": mutants[i % len(mutants)].read_text() if mutants else "",
            "crashing": f"import os\ndef {fn}(*args, **kwargs):\n    os._exit(1)\n",
            "hanging": f"def {fn}(*args, **kwargs):\n    while True:\n        pass\n",
        }[kind]
        nb.cells.append(nbformat.v4.new_code_cell(f"# synthetic student {i}\n{extra}"))
        student = f"s{i:03d}_{kind}"
        nbformat.write(nb, folder / f"{student}.ipynb")
        out[student] = kind
    return out


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    try:
        children = proc.children(recursive=True)
    except psutil.Error:  # a worker exited while we listed them
        children = []
    for p in [proc, *children]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run(aid: str, folder: Path, out: Path, jobs: int) -> dict:
    db = out / "gradebook.db"
    cmd = [
        str(ROOT / ".venv" / "bin" / "medl"),
        "grade",
        aid,
        str(folder),
        "--out",
        str(out / "results"),
        "--gradebook",
        str(db),
        "--jobs",
        str(jobs),
        "--quiet",
        "--force",
    ]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(out / "grade.log", "w")
    )
    peak = {"tree": 0}
    ps = psutil.Process(proc.pid)

    def sample() -> None:
        while proc.poll() is None:
            peak["tree"] = max(peak["tree"], _tree_rss(ps))
            time.sleep(0.1)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    code = proc.wait()
    wall = time.perf_counter() - t0
    t.join()
    return {"exit": code, "wall_s": wall, "peak_tree_rss": peak["tree"]}


def fresh_interpreter_cost(repeats: int = 5) -> float:
    """Median seconds of ``python -I -c 'import numpy, autograder.sandbox.jail.worker'``: the part
    of every worker start a fork server would save."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-I", "-c", "import numpy, autograder.sandbox.jail.worker"],
            check=True,
            cwd="/",
        )
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--assignment", default="ch01")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "bench-grading")
    ap.add_argument(
        "--mix",
        default=",".join(f"{k}={v}" for k, v in MIX.items()),
        help="shares of each kind, e.g. correct=0.7,buggy=0.2,crashing=0.1,hanging=0",
    )
    args = ap.parse_args()
    mix = {k: float(v) for k, v in (part.split("=") for part in args.mix.split(","))}
    args.out.mkdir(parents=True, exist_ok=True)
    folder = args.out / "submissions"
    kinds = make_submissions(args.assignment, args.n, folder, mix)
    m = run(args.assignment, folder, args.out, args.jobs)
    per: list[float] = []
    by_kind: dict[str, list[tuple[float, float]]] = {}
    starts = 0
    for student, kind in kinds.items():
        res = json.loads((args.out / "results" / student / "results.json").read_text())
        per.append(res["execution_time"])
        starts += res["extra_data"].get("worker_starts", 0)
        by_kind.setdefault(kind, []).append(
            (res["score"] / res["max_score"], res["execution_time"])
        )
    per.sort()
    q = statistics.quantiles(per, n=20, method="inclusive")
    report = {
        "assignment": args.assignment,
        "mix": mix,
        "n": args.n,
        "jobs": args.jobs,
        "exit": m["exit"],
        "wall_s": round(m["wall_s"], 1),
        "submissions_per_minute": round(60 * args.n / m["wall_s"], 1),
        "p50_s": round(statistics.median(per), 2),
        "p95_s": round(q[18], 2),
        "max_s": round(per[-1], 2),
        "peak_rss_mib": round(m["peak_tree_rss"] / 2**20),
        "worker_starts_per_submission": round(starts / args.n, 2),
        "fresh_interpreter_s": round(fresh_interpreter_cost(), 3),
        "by_kind": {
            k: {
                "n": len(v),
                "mean_score": round(statistics.fmean(s for s, _ in v), 3),
                "p50_s": round(statistics.median(t for _, t in v), 2),
            }
            for k, v in sorted(by_kind.items())
        },
        "cpus": os.cpu_count(),
    }
    (args.out / "bench.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    return 0 if m["exit"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
