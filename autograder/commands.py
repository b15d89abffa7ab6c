"""The verbs behind ``medl``: each takes parsed arguments and returns an exit code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from .assignment import load_assignment
from .batch import BatchOutcome, collect, grade_batch
from .errors import UsageError
from .submission import from_notebook

__all__ = ["cmd_check", "cmd_grade", "cmd_release"]

console = Console(stderr=False, highlight=False, soft_wrap=True)


def cmd_release(args: argparse.Namespace) -> int:
    from .release import build_all, check_all

    if args.check:
        problems = check_all(args.ids or None)
        for p in problems:
            console.print(f"[red]x[/] {p}")
        if problems:
            console.print(f"release check: {len(problems)} problem(s)")
            return 1
        console.print("release check: clean (up to date, no solution or hidden test leaked)")
        return 0
    for out in build_all(args.ids or None):
        console.print(f"released {out.relative_to(out.parent.parent)}")
    return 0


def _score_table(title: str, outcomes: list[BatchOutcome]) -> Table:
    table = Table(title=title, show_lines=False)
    table.add_column("student")
    table.add_column("score", justify="right")
    table.add_column("%", justify="right")
    table.add_column("failed tests (first)", overflow="fold")
    for o in outcomes:
        if o.skipped or o.results is None:
            table.add_row(o.student, "-", "-", "already graded (use --force to regrade)")
            continue
        r = o.results
        pct = 100 * r["score"] / r["max_score"] if r["max_score"] else 0.0
        failed = [t for t in r["tests"] if t["status"] != "passed"]
        first = f"{failed[0]['number']}: {failed[0]['output'][:90]}" if failed else ""
        if failed and len(failed) > 1:
            first += f"  (+{len(failed) - 1} more)"
        table.add_row(o.student, f"{r['score']:g} / {r['max_score']:g}", f"{pct:.0f}", first)
    return table


def cmd_grade(args: argparse.Namespace) -> int:
    assignment = load_assignment(args.id)
    if args.reference:
        subs = [from_notebook(assignment.solution_notebook, "reference")]
    elif args.stub:
        stub = assignment.release_dir / assignment.notebook
        if not stub.exists():
            raise UsageError(f"{stub} does not exist: run `medl release {assignment.id}` first")
        subs = [from_notebook(stub, "stub")]
    else:
        if not args.paths:
            raise UsageError("give notebooks or folders to grade, or --reference / --stub")
        subs = collect(args.paths)
        if not subs:
            raise UsageError("no notebooks found in " + ", ".join(map(str, args.paths)))
    out_dir: Path = args.out
    interactive = sys.stderr.isatty()
    err = Console(stderr=True)
    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeRemainingColumn(), console=err,
                  disable=not interactive) as progress:
        task = progress.add_task(f"grading {assignment.id}", total=len(subs))

        def done(o: BatchOutcome) -> None:
            progress.advance(task)
            if not interactive:
                score = "skipped" if o.skipped or o.results is None else (
                    f"{o.results['score']:g}/{o.results['max_score']:g}")
                err.print(f"graded {o.student}: {score}")

        outcomes = grade_batch(assignment, subs, out_dir, args.gradebook, args.jobs,
                               args.force, done)
    console.print(_score_table(f"{assignment.id} {assignment.title}", outcomes))
    if not args.quiet and len(outcomes) == 1 and outcomes[0].results:
        for t in outcomes[0].results["tests"]:
            mark = "[green]pass[/]" if t["status"] == "passed" else "[red]FAIL[/]"
            console.print(f"  {mark} {t['number']:>4} {t['score']:g}/{t['max_score']:g}  "
                          f"{t['extra_data']['test']}"
                          + ("" if t["status"] == "passed" else f"\n        {t['output']}"))
    console.print(f"results: {out_dir}/<student>/results.json"
                  + (f"; gradebook: {args.gradebook}" if args.gradebook else ""))
    faults = sum(o.results["extra_data"].get("grader_faults", 0) for o in outcomes
                 if o.results)
    if faults:
        console.print(f"[red]{faults} test(s) hit an internal grader fault[/]")
        return 1
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .check import check_notebook

    path: Path = args.notebook
    report = check_notebook(path, echo=lambda m: console.print(m, markup=False))
    console.print(f"\n{path.name}: {len(report.verdicts)} visible checks in "
                  f"{report.seconds:.1f} s")
    counts: dict[str, int] = {}
    for v in report.verdicts:
        counts[v.status] = counts.get(v.status, 0) + 1
    console.print(", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no checks ran")
    if report.cell_errors:
        console.print(f"{len(report.cell_errors)} cell(s) raised an error (see above)")
    return 0 if report.all_passed else 1
