"""Grade the ch07 reference and some mutants or alternatives on speed questions only, and
print each speed test's measured figures (the grader's own path, as the variant checks of
tests/test_assignments.py use it). Usage (from the repository root)::

    .venv/bin/python benchmarks/ch07/grade_speed.py q8s,q9s \
        solutions/ch07_sequences/mutants/q8s_*.py

One line per (submission, question): the score and, from ``extra_data["speed"]``, the
median ratio, the scored ratio, the spread of the per-round ratios, the number of rounds,
the reference's median CPU time and the share of it spent on the transport of the inputs.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from autograder.authoring.assignment import load_assignment  # noqa: E402
from autograder.grading.runner import grade  # noqa: E402
from autograder.grading.submission import from_notebook, with_override  # noqa: E402

FIELDS = ("ratio", "scored_ratio", "spread", "rounds", "reference_median_s", "codec_share")


def main(questions: str, files: list[str]) -> None:
    a = load_assignment("ch07")
    base = from_notebook(a.solution_notebook, "reference")
    subs = [("reference", base)]
    subs += [(Path(f).name, with_override(base, Path(f).stem, Path(f))) for f in files]
    for name, sub in subs:
        res = grade(a, sub, questions=set(questions.split(",")))
        for t in res["tests"]:
            speed = (t.get("extra_data", {}).get("speed") or [{}])[0]
            figures = ", ".join(
                f"{k} {speed[k]:.3g}" for k in FIELDS if isinstance(speed.get(k), (int, float))
            )
            print(f"{name:42s} {t['number']:4s} {t['score']:.2f}/{t['max_score']:g}  {figures}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
