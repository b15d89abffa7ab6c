"""medl beside nbgrader and otter-grader on the same ch01 submissions, and medl's start-up.

    .venv/bin/python benchmarks/grading/versus.py --n 20 --rounds 2      # throughput
    .venv/bin/python benchmarks/grading/versus.py --startup --repeats 7  # start-up

Throughput: ``--n`` submissions whose code is ch01's reference solution (full marks in every
tool), each in the notebook format its tool grades: medl grades the solution notebook (one
comment cell added so each file differs), nbgrader the source notebook of ``medl export
nbgrader`` (``nbgrader autograde``, one process for the batch), otter the autograder
notebook of ``medl export otter`` (``otter run`` once per submission, no docker: otter grades
a batch only through docker). Each tool runs as a fresh subprocess, as an instructor would
run it, and the tools alternate within each round (medl --jobs 1, nbgrader, otter, medl
--jobs 2), so a machine loaded by other work slows them alike. Every run's scores are checked.

Start-up: ``medl check`` of the untouched ch01 release and ``medl grade`` of one ch01
submission, each a fresh process, alternating, wall clock from spawn to exit.

Raw figures go to ``benchmarks/grading/results/versus-*.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
OUT = ROOT / "benchmarks" / "grading" / "results"

from autograder.authoring.assignment import load_assignment  # noqa: E402
from benchmarks.grading.bench import make_submissions  # noqa: E402

AID = "ch01"


def _env() -> dict[str, str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env["MPLBACKEND"] = "Agg"
    env.pop("MEDL_ROOT", None)
    return env


def _run(cmd: list[str], cwd: Path, timeout: float = 1800) -> float:
    """Seconds from spawn to exit; raise with the output when the command fails."""
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=timeout)
    dt = time.perf_counter() - t0
    if p.returncode not in (0, 1) or "Traceback" in p.stderr[-2000:]:
        raise RuntimeError(f"{cmd}: exit {p.returncode}\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    return dt


def _load() -> float:
    return os.getloadavg()[0]


class Setup:
    """The same submissions in each tool's format, under one temporary folder."""

    def __init__(self, work: Path, n: int) -> None:
        self.a = load_assignment(AID, ROOT)
        self.n = n
        self.medl_dir = work / "medl-subs"
        make_submissions(AID, n, self.medl_dir, {"correct": 1.0})
        medl = str(BIN / "medl")
        self.course = work / "nbgrader"
        subprocess.run([medl, "export", "nbgrader", AID, "--out", str(self.course)], check=True)
        src = self.course / "source" / AID / self.a.notebook
        subprocess.run(
            [str(BIN / "nbgrader"), "generate_assignment", AID],
            cwd=self.course,
            env=_env(),
            check=True,
            capture_output=True,
        )
        for i in range(n):
            sub = self.course / "submitted" / f"s{i:03d}" / AID
            sub.mkdir(parents=True)
            nb = nbformat.read(src, as_version=4)
            nb.cells.append(nbformat.v4.new_code_cell(f"# synthetic student {i}"))
            nbformat.write(nb, sub / self.a.notebook)
        otter_root = work / "otter"
        subprocess.run([medl, "export", "otter", AID, "--out", str(otter_root)], check=True)
        self.master = otter_root / AID
        subprocess.run(
            [str(BIN / "otter"), "assign", self.a.notebook, "dist"],
            cwd=self.master,
            env=_env(),
            check=True,
            capture_output=True,
        )
        (self.zip,) = (self.master / "dist" / "autograder").glob("*.zip")
        solved = self.master / "dist" / "autograder" / self.a.notebook
        self.otter_subs = []
        for i in range(n):
            nb = nbformat.read(solved, as_version=4)
            nb.cells.append(nbformat.v4.new_code_cell(f"# synthetic student {i}"))
            path = work / "otter-subs" / f"s{i:03d}.ipynb"
            path.parent.mkdir(exist_ok=True)
            nbformat.write(nb, path)
            self.otter_subs.append(path)
        self.work = work

    def medl(self, jobs: int) -> float:
        out = self.work / f"medl-out-{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        cmd = [
            str(BIN / "medl"),
            "grade",
            AID,
            str(self.medl_dir),
            "--out",
            str(out),
            "--jobs",
            str(jobs),
            "--quiet",
        ]
        dt = _run(cmd, ROOT)
        scores = [json.loads(p.read_text())["score"] for p in out.glob("*/results.json")]
        assert scores == [self.a.max_score] * self.n, scores
        return dt

    def nbgrader(self) -> float:
        shutil.rmtree(self.course / "autograded", ignore_errors=True)
        dt = _run([str(BIN / "nbgrader"), "autograde", AID, "--force"], self.course)
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{self.course / 'gradebook.db'}") as gb:
            scores = [gb.find_submission(AID, f"s{i:03d}").score for i in range(self.n)]
        assert all(abs(s - self.a.max_score) < 1e-6 for s in scores), scores
        return dt

    def otter(self) -> float:
        total = 0.0
        for path in self.otter_subs:
            out = self.work / "otter-out" / path.stem
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir(parents=True)
            total += _run(
                [str(BIN / "otter"), "run", "-a", str(self.zip), "-o", str(out), str(path)],
                self.master,
            )
            tests = json.loads((out / "results.json").read_text())["tests"]
            score = sum(t.get("score", 0.0) for t in tests)
            assert abs(score - self.a.max_score) < 1e-6, (path, score)
        return total


def throughput(n: int, rounds: int) -> dict:
    runs: dict[str, list[float]] = {
        "medl --jobs 1": [],
        "nbgrader": [],
        "otter": [],
        "medl --jobs 2": [],
    }
    loads: list[float] = []
    with tempfile.TemporaryDirectory(prefix="medl-versus-") as tmp:
        s = Setup(Path(tmp), n)
        for r in range(rounds):
            for name, fn in (
                ("medl --jobs 1", lambda: s.medl(1)),
                ("nbgrader", s.nbgrader),
                ("otter", s.otter),
                ("medl --jobs 2", lambda: s.medl(2)),
            ):
                loads.append(_load())
                runs[name].append(fn())
                print(
                    f"round {r + 1} {name}: {runs[name][-1]:.1f} s for {n} (load {loads[-1]:.1f})",
                    flush=True,
                )
    best = {k: min(v) for k, v in runs.items()}
    per = {k: v / n for k, v in best.items()}
    return {
        "n": n,
        "rounds": rounds,
        "wall_s": runs,
        "per_submission_s_best": per,
        "ratio_vs_medl_jobs1": {k: per[k] / per["medl --jobs 1"] for k in per},
        "load_1min": loads,
    }


def startup(repeats: int) -> dict:
    a = load_assignment(AID, ROOT)
    release_nb = ROOT / "assignments" / a.name / a.notebook
    one = ROOT / "examples" / AID / "alice_correct.ipynb"
    medl = str(BIN / "medl")
    times: dict[str, list[float]] = {"check": [], "grade": []}
    loads = []
    with tempfile.TemporaryDirectory(prefix="medl-startup-") as tmp:
        for _ in range(repeats):
            loads.append(_load())
            times["check"].append(_run([medl, "check", str(release_nb)], ROOT))
            times["grade"].append(
                _run([medl, "grade", AID, str(one), "--out", tmp, "--quiet"], ROOT)
            )
    return {
        "repeats": repeats,
        "seconds": times,
        "median_s": {k: statistics.median(v) for k, v in times.items()},
        "min_s": {k: min(v) for k, v in times.items()},
        "load_1min": loads,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20, help="submissions per tool (default 20)")
    ap.add_argument("--rounds", type=int, default=2, help="interleaved rounds (default 2)")
    ap.add_argument("--startup", action="store_true", help="measure medl's start-up instead")
    ap.add_argument("--repeats", type=int, default=7, help="start-up repeats (default 7)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.startup:
        res = startup(args.repeats)
        path = OUT / "versus-startup.json"
    else:
        res = throughput(args.n, args.rounds)
        path = OUT / f"versus-{AID}-{args.n}.json"
    res["cpus"] = os.cpu_count()
    path.write_text(json.dumps(res, indent=2))
    print(json.dumps({k: v for k, v in res.items() if k not in ("wall_s", "seconds")}, indent=2))
    print(f"raw: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
