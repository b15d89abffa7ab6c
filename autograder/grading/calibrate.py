"""``medl calibrate``: do a chapter's speed thresholds separate loops from vectorized code
on *this* machine? And the thresholds stored per machine that grading then uses.

For every speed question (a question with a ``[questions.speed]`` table) the real harness
grades, through :func:`autograder.grading.runner.grade` restricted to that question:

- the reference (the solution notebook) and every file in ``alternatives/`` whose header
  says ``# medl-alternative: qNs``: honest vectorized code, which must land **well inside
  full marks**;
- every file in ``mutants/`` or ``alternatives/`` whose header says ``# medl-breaks: qNs``
  and that computes the right output: loops (over pixels, rows, samples, heads, units,
  nodes, edges) and other slow formulations, which must land **past zero**. A variant whose
  output is wrong fails the speed test's output check instead; it is listed, not timed.

"With margin" means the slowest vectorized ratio times :data:`MARGIN` is at most ``full``
and the fastest loop ratio is at least ``zero`` times :data:`MARGIN`. Where the thresholds
in force do not separate with margin, the smallest change that does is suggested (``full``
raised to the slowest vectorized ratio times the margin, ``zero`` lowered to the fastest
loop over the margin, as long as ``zero / full`` stays at least :data:`MIN_BAND`).

``--write`` stores the suggested thresholds for this machine's device, keyed by its name
(``cpu: <model name>`` or ``cuda: <GPU name>``), in :func:`store_path`
(``$XDG_CONFIG_HOME/medl/speed-thresholds.json``, else ``~/.config/...``); grading on that
machine then uses them and names them in the feedback (:meth:`SpeedHarness.thresholds`).
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "MARGIN",
    "MIN_BAND",
    "QuestionCalibration",
    "calibrate",
    "device_name",
    "speed_questions",
    "store_path",
    "stored_thresholds",
    "write_thresholds",
]

MARGIN = 1.25  # vectorized x MARGIN <= full; loops >= zero x MARGIN
MIN_BAND = 1.5  # zero / full at least this: room for partial credit between them


# -- the per-machine store --------------------------------------------------------------
def device_name(device: str) -> str:
    """``"cpu: <model name>"`` (from /proc/cpuinfo) or ``"cuda: <GPU name>"``."""
    if device == "cuda":
        try:
            import torch

            return f"cuda: {torch.cuda.get_device_name(0)}"
        except (ImportError, RuntimeError, AssertionError):  # no CUDA here
            return "cuda: (none on this machine)"
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.lower().startswith(("model name", "hardware", "cpu model")):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"cpu: {model or platform.processor() or platform.machine()}"


def store_path() -> Path:
    """Where ``--write`` keeps this machine's thresholds (one JSON file per user)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "medl" / "speed-thresholds.json"


def _load_store() -> dict:
    try:
        data = json.loads(store_path().read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def stored_thresholds(key: str, device: str) -> tuple[float, float, str] | None:
    """(full, zero, where from) stored for ``key`` ("ch06/q2s") on this machine's
    ``device``, or None. A malformed entry is ignored (assignment.toml then holds)."""
    name = device_name(device)
    entry = _load_store().get(name, {}).get(key)
    try:
        full, zero = float(entry["full"]), float(entry["zero"])  # type: ignore[index]
    except (TypeError, KeyError, ValueError):
        return None
    if not (0 < full < zero and math.isfinite(zero)):
        return None
    when = entry.get("written", "") if isinstance(entry, dict) else ""
    return full, zero, f"medl calibrate for {name}" + (f", {when}" if when else "")


def write_thresholds(device: str, entries: dict[str, dict[str, Any]]) -> Path:
    """Store ``{key: {"full", "zero", ...}}`` for this machine's ``device``."""
    data = _load_store()
    mine = data.setdefault(device_name(device), {})
    today = _dt.date.today().isoformat()
    for key, entry in entries.items():
        mine[key] = {**entry, "written": today}
    path = store_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    tmp.replace(path)
    return path


# -- measuring ------------------------------------------------------------------------------
@dataclass
class Measured:
    """One submission graded on one speed question."""

    name: str  # "reference", "alternatives/q2_einsum.py"
    role: str  # "vectorized" (must earn full marks) or "slow" (must earn none)
    ratio: float = math.nan  # the scored ratio (of the slowest speed test, if several)
    median: float = math.nan  # the median per-round ratio
    wall: float = math.nan  # the median per-round ratio of wall times
    fraction: float = math.nan  # of the question's points
    reference_s: float = math.nan  # the reference's median time per call
    problem: str = ""  # why it has no ratio (wrong output, error)


@dataclass
class QuestionCalibration:
    assignment: str
    question: str
    device: str
    functions: tuple[str, ...]
    full: float
    zero: float
    source: str  # where the thresholds in force come from
    measured: list[Measured] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.assignment}/{self.question}"

    def _ratios(self, role: str) -> list[float]:
        return [m.ratio for m in self.measured if m.role == role and not m.problem]

    @property
    def vectorized_max(self) -> float:
        r = self._ratios("vectorized")
        return max(r) if r else math.nan

    @property
    def slow_min(self) -> float:
        r = self._ratios("slow")
        return min(r) if r else math.nan

    @property
    def separates(self) -> bool:
        """Every vectorized ratio x MARGIN <= full, every slow ratio >= zero x MARGIN."""
        v, s = self.vectorized_max, self.slow_min
        ok_v = not math.isnan(v) and v * MARGIN <= self.full
        ok_s = math.isnan(s) or s >= self.zero * MARGIN  # no slow variant: nothing to fail
        return ok_v and ok_s

    def suggested(self) -> tuple[float, float] | None:
        """The thresholds in force, moved as little as needed to separate with margin;
        None when no pair with ``zero / full >= MIN_BAND`` does."""
        full, zero = self.full, self.zero
        v, s = self.vectorized_max, self.slow_min
        if not math.isnan(v):
            full = max(full, round(v * MARGIN, 2))
        if not math.isnan(s):
            zero = min(zero, round(s / MARGIN, 2))
        if zero < full * MIN_BAND:
            return None
        return full, zero


def speed_questions(assignment: Any) -> list[Any]:
    return [q for q in assignment.questions if q.speed]


def _variants_for(assignment: Any, qid: str) -> list[tuple[Path, str]]:
    from autograder.authoring.variants import variants

    out: list[tuple[Path, str]] = []
    for v in variants(assignment):
        if qid in v.earns:
            out.append((v.path, "vectorized"))
        elif qid in v.breaks:
            out.append((v.path, "slow"))
    return out


def _measure(assignment: Any, qid: str, sub: Any, name: str, role: str) -> Measured:
    from autograder.grading.runner import grade

    res = grade(assignment, sub, questions={qid})
    m = Measured(name, role)
    tests = [t for t in res["tests"] if t["number"] == qid]
    got = sum(t["score"] for t in tests)
    most = sum(t["max_score"] for t in tests)
    m.fraction = got / most if most else math.nan
    speeds = [s for t in tests for s in t.get("extra_data", {}).get("speed", [])]
    if not speeds:
        failed = [t for t in tests if t["status"] != "passed"]
        m.problem = (failed[0]["output"] if failed else "no speed test ran")[:160]
        return m
    worst = max(speeds, key=lambda s: s["scored_ratio"] or math.inf)

    def num(x: Any) -> float:
        return math.inf if x is None else float(x)

    m.ratio, m.median = num(worst["scored_ratio"]), num(worst["ratio"])
    m.wall = num(worst.get("wall_ratio"))
    m.reference_s = num(worst.get("reference_median_s"))
    return m


def calibrate(
    assignment: Any, qid: str, device: str, *, sample: bool = False, progress: Any = None
) -> QuestionCalibration:
    """Grade the reference and the question's declared variants through the real harness.
    ``sample``: the reference, one vectorized alternative and one loop only (for CI)."""
    from autograder.grading.speed import thresholds_in_force
    from autograder.grading.submission import reference_submission, with_override

    q = assignment.question(qid)
    full, zero, source = thresholds_in_force(q.speed, device, f"{assignment.id}/{qid}")
    cal = QuestionCalibration(assignment.id, qid, device, tuple(q.functions), full, zero, source)
    todo = _variants_for(assignment, qid)
    if sample:
        fast = [t for t in todo if t[1] == "vectorized"][:1]
        slow = sorted((t for t in todo if t[1] == "slow"), key=lambda t: "loop" not in t[0].name)
        todo = fast + slow[:1]
    base = reference_submission(assignment)
    subs = [("reference", "vectorized", base)] + [
        (f"{p.parent.name}/{p.name}", role, with_override(base, p.stem, p)) for p, role in todo
    ]
    for name, role, sub in subs:
        if progress is not None:
            progress(f"{assignment.id} {qid}: {name}")
        cal.measured.append(_measure(assignment, qid, sub, name, role))
    return cal


# -- printing ---------------------------------------------------------------------------------
def _fmt(x: float) -> str:
    return "-" if math.isnan(x) else "inf" if math.isinf(x) else f"{x:.2f}"


def question_rows(cal: QuestionCalibration) -> list[list[str]]:
    """One row per submission: name, role, scored ratio, median, wall ratio, points, verdict."""
    rows = []
    for m in cal.measured:
        if m.problem:
            verdict = "not timed: " + m.problem
        elif m.role == "vectorized":
            verdict = "ok" if m.ratio * MARGIN <= cal.full else "TOO CLOSE to full"
        else:
            verdict = "ok" if m.ratio >= cal.zero * MARGIN else "TOO CLOSE to zero"
        rows.append(
            [
                m.name,
                m.role,
                _fmt(m.ratio),
                _fmt(m.median),
                _fmt(m.wall),
                _fmt(m.fraction),
                verdict,
            ]
        )
    return rows


SUMMARY_HEAD = [
    "question",
    "function",
    "device",
    "reference s",
    "vectorized (max)",
    "loops (min)",
    "full",
    "zero",
    "thresholds from",
    "separates with margin",
]


def summary_row(cal: QuestionCalibration) -> list[str]:
    ref = next((m for m in cal.measured if m.name == "reference"), None)
    sug = cal.suggested()
    verdict = (
        "yes"
        if cal.separates
        else "no"
        + (f" (suggested full {sug[0]:g}, zero {sug[1]:g})" if sug else " (no thresholds do)")
    )
    return [
        cal.key,
        ", ".join(cal.functions),
        device_name(cal.device),
        f"{ref.reference_s:.4f}" if ref is not None and math.isfinite(ref.reference_s) else "-",
        _fmt(cal.vectorized_max),
        _fmt(cal.slow_min),
        f"{cal.full:g}",
        f"{cal.zero:g}",
        cal.source,
        verdict,
    ]


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return out + ["| " + " | ".join(c.replace("|", "/") for c in r) + " |" for r in rows]


def question_markdown(cal: QuestionCalibration) -> str:
    """One speed question: its thresholds and every submission measured."""
    head = f"**{cal.key}** ({', '.join(cal.functions)}) on {device_name(cal.device)}: "
    head += f"full {cal.full:g}, zero {cal.zero:g} ({cal.source})"
    cols = ["submission", "role", "scored ratio", "median ratio", "wall ratio", "points", ""]
    return "\n".join([head, "", *_table(cols, question_rows(cal))]) + "\n"


def summary_markdown(cals: list[QuestionCalibration]) -> str:
    """The separation table: one row per speed question."""
    return "\n".join(_table(SUMMARY_HEAD, [summary_row(c) for c in cals])) + "\n"


def markdown(cals: list[QuestionCalibration]) -> str:
    """The summary and per-question tables as Markdown (for benchmarks/*/RESULTS.md)."""
    return summary_markdown(cals) + "".join("\n" + question_markdown(c) for c in cals)
