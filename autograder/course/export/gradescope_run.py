"""What the exported ``run_autograder`` executes on Gradescope, once per submission.

    python -m autograder.course.export.gradescope_run --root /autograder --assignment ch01

Grades the notebook in ``ROOT/submission`` (the one named like the assignment's notebook,
else the newest ``.ipynb``) and writes ``ROOT/results/results.json``. A submission without a
notebook gets a results file that says so; a fault of medl itself exits 1 with no results
file, which Gradescope shows as an autograder failure instead of a wrong zero.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from autograder.authoring.assignment import load_assignment
from autograder.grading.runner import grade
from autograder.grading.submission import from_notebook

__all__ = ["main", "pick_notebook"]


def pick_notebook(folder: Path, wanted: str) -> Path | None:
    """The submitted notebook: named ``wanted`` if present, else the newest one."""
    found = [
        p
        for p in folder.rglob("*.ipynb")
        if p.is_file() and not any(s.startswith(".") for s in p.relative_to(folder).parts)
    ]
    named = [p for p in found if p.name == wanted]
    pool = named or found
    return max(pool, key=lambda p: (p.stat().st_mtime, str(p))) if pool else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="gradescope_run")
    ap.add_argument("--root", type=Path, default=Path("/autograder"))
    ap.add_argument("--assignment", required=True)
    args = ap.parse_args(argv)
    assignment = load_assignment(args.assignment, args.root / "source")
    results_dir = args.root / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    nb = pick_notebook(args.root / "submission", assignment.notebook)
    if nb is None:
        res = {
            "score": 0.0,
            "max_score": assignment.max_score,
            "execution_time": 0.0,
            "output": f"No notebook (.ipynb) found in your submission. Upload "
            f"{assignment.notebook}.",
            "tests": [],
        }
    else:
        res = grade(assignment, from_notebook(nb, "submission"))
        res["output_format"] = "text"
    (results_dir / "results.json").write_text(json.dumps(res, indent=2, allow_nan=False))
    print(f"{assignment.id}: {res['score']:g} / {res['max_score']:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
