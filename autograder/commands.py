"""The verbs behind ``medl``: each takes parsed arguments and returns an exit code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from autograder import settings
from autograder.authoring.assignment import load_assignment
from autograder.errors import UsageError
from autograder.printable import printable

if TYPE_CHECKING:  # imported where used: grading's modules cost 0.3 s that `medl check` skips
    from autograder.course.batch import BatchOutcome, Collection

__all__ = [
    "cmd_calibrate",
    "cmd_check",
    "cmd_export",
    "cmd_grade",
    "cmd_release",
    "cmd_report",
]

console = Console(stderr=False, highlight=False, soft_wrap=True)


def sandbox_mode() -> str:
    """The sandbox mode; a usage error (exit 2) when MEDL_SANDBOX asks for one that cannot
    run. Imported on use: the sandbox's modules are for the verbs that grade."""
    from autograder.sandbox.launch import sandbox_mode as mode

    return mode()


def _said(text: object, newlines: bool = False):
    """Student-controlled text for the terminal: control and bidi characters escaped
    (:mod:`autograder.printable`) and never read as rich markup."""
    from rich.text import Text

    return Text(printable(text, newlines=newlines))


def _brief(text: str, width: int = 100) -> str:
    """The first line of ``text``, cut at a word boundary to about ``width`` characters."""
    line = printable(text.strip().split("\n", 1)[0])
    if len(line) <= width:
        return line
    cut = line.rfind(" ", 0, width)
    return line[: cut if cut > width // 2 else width].rstrip(" ,;:") + " ..."


def cmd_release(args: argparse.Namespace) -> int:
    from autograder.authoring.release import build_all, check_all

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
    table = Table(title=_said(title), show_lines=False)
    table.add_column("student")
    table.add_column("score", justify="right")
    table.add_column("%", justify="right")
    table.add_column("first failed test", overflow="fold")
    for o in outcomes:
        if o.error:
            table.add_row(_said(o.student), "-", "-", _said(f"internal error: {_brief(o.error)}"))
            continue
        if o.skipped or o.results is None:
            table.add_row(_said(o.student), "-", "-", "already graded (use --force to regrade)")
            continue
        r = o.results
        pct = 100 * r["score"] / r["max_score"] if r["max_score"] else 0.0
        failed = [t for t in r["tests"] if t["status"] != "passed"]
        first = f"{failed[0]['number']}: {_brief(failed[0]['output'])}" if failed else ""
        if len(failed) > 1:
            first += f" (and {len(failed) - 1} more failed)"
        score = f"{r['score']:g} / {r['max_score']:g}"
        table.add_row(_said(o.student), score, f"{pct:.0f}", _said(first))
    return table


def _print_collection(found: Collection) -> None:
    """Before grading: decisions an instructor may want to undo (Ctrl-C) before they cost."""
    for c in found.choices:
        console.print(_said(f"newest wins: {c}"))
    for c in found.collisions:
        console.print(_said(f"names collide: {c}"), style="yellow")
    for u in found.unmapped:
        console.print(_said(f"not mapped to a student: {u}"), style="yellow")
    for r in found.rejected:
        console.print(_said(f"rejected: {r}"), style="red")


def _print_accounting(found: Collection, shown: int = 20) -> None:
    """After grading: every input file, graded or not and why."""
    rows = found.accounting()
    files = sum(len(f) for _, f in rows) + found.system
    if not files:
        return
    console.print(
        f"inputs: {files} file(s): "
        + ", ".join(f"{len(f) or found.system} {what}" for what, f in rows)
    )
    for what, names in rows[1:]:
        for name in names[:shown]:
            console.print(_said(f"  {what}: {name}"))
        if len(names) > shown:
            console.print(f"  {what}: ... and {len(names) - shown} more")
    for c in found.collisions:
        console.print(_said(f"  names collide: {c}"), style="yellow")


def cmd_grade(args: argparse.Namespace) -> int:
    assignment = load_assignment(args.id)
    settings.check()  # a misspelled MEDL_* value: exit 2 before any submission
    # The sandbox probe and the fork server's start (about 1 s together) run on a thread
    # while this one imports the grader and reads the submissions.
    sandbox = _Background(lambda: _start_sandbox(assignment))
    from autograder.course.batch import Collection, collect, grade_batch, wrong_assignment
    from autograder.course.progress import BatchProgress, print_summary, summarize
    from autograder.grading.submission import from_notebook

    found = Collection()
    if args.reference:
        found.subs = [from_notebook(assignment.solution_notebook, "reference")]
    elif args.stub:
        stub = assignment.release_dir / assignment.notebook
        if not stub.exists():
            raise UsageError(f"{stub} does not exist: run `medl release {assignment.id}` first")
        found.subs = [from_notebook(stub, "stub")]
    else:
        if not args.paths:
            raise UsageError(
                "give notebooks, folders or LMS zips to grade, or --reference / --stub"
            )
        found = collect(args.paths)
        _print_collection(found)
        if not found.subs:
            _print_accounting(found)
            raise UsageError("no notebooks found in " + ", ".join(map(str, args.paths)))
    warning = None if args.reference or args.stub else wrong_assignment(assignment, found.subs)
    if warning:
        console.print(_said(f"warning: {warning}"), style="yellow")
    sandbox.result()  # MEDL_SANDBOX=bwrap where bwrap cannot run: exit 2 before grading
    subs = found.subs
    out_dir: Path = args.out
    err = Console(stderr=True, highlight=False)
    with BatchProgress(f"grading {assignment.id}", len(subs), err, sys.stderr.isatty()) as bar:
        outcomes = grade_batch(
            assignment,
            subs,
            out_dir,
            args.gradebook,
            args.jobs,
            args.force,
            bar.done,
            identities=found.identities,
            executor=args.executor,
            scheduler=args.scheduler,
        )
    console.print(_score_table(f"{assignment.id} {assignment.title}", outcomes))
    if not args.quiet and len(outcomes) == 1 and outcomes[0].results:
        for t in outcomes[0].results["tests"]:
            mark = "[green]pass[/]" if t["status"] == "passed" else "[red]FAIL[/]"
            console.print(
                f"  {mark} {t['number']:>4} {t['score']:g}/{t['max_score']:g}  ",
                _said(t["extra_data"]["test"]),
                _said("" if t["status"] == "passed" else f"\n        {t['output']}", True),
                sep="",
            )
    if len(outcomes) > 1:
        print_summary(console, summarize(outcomes))
    if len(found.subs) > 1 or any(f for _, f in found.accounting()[1:]):
        _print_accounting(found)
    if warning:
        console.print(_said(f"warning: {warning}"), style="yellow")
    console.print(
        f"results: {out_dir}/<student>/results.json"
        + (f"; gradebook: {args.gradebook}" if args.gradebook else "")
    )
    faults = sum(o.results["extra_data"].get("grader_faults", 0) for o in outcomes if o.results)
    errors = sum(1 for o in outcomes if o.error)
    if faults or errors:
        console.print(
            f"[red]{faults} test(s) hit an internal grader fault, {errors} "
            "submission(s) an internal error[/]"
        )
        return 1
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """The student's check (the release's ``medl_check.py`` runs the same code)."""
    from autograder.authoring.check import check_notebook

    path: Path = args.notebook
    report = check_notebook(path, echo=lambda m: print(printable(m, newlines=True)))
    print("\n" + report.summary(printable(path.name)))
    return 0 if report.all_passed else 1


class _Background:
    """``fn()`` on a daemon thread from now on; :meth:`result` waits and re-raises."""

    def __init__(self, fn) -> None:
        import threading

        self._error: BaseException | None = None

        def run() -> None:
            try:
                fn()
            except BaseException as exc:  # noqa: BLE001 - handed to result()
                self._error = exc

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    def result(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error


def _start_sandbox(assignment) -> None:
    """Probe the sandbox (a usage error when MEDL_SANDBOX asks for what cannot run), then
    start the fork server with the slow imports of the assignment's reference notebook."""
    from autograder.sandbox.launch import prestart
    from autograder.sandbox.zygote import heavy_imports

    sandbox_mode()
    prestart(heavy_imports(_reference_chunks(assignment)))


def _reference_chunks(assignment):
    from autograder.grading.extract import extract_definitions
    from autograder.notebook import code_cells, read_notebook

    return extract_definitions(code_cells(read_notebook(assignment.solution_notebook))).chunks


def cmd_export(args: argparse.Namespace) -> int:
    if args.format == "csv":
        from autograder.course.export.table import export_csv

        n = export_csv(args.db, args.out, args.assignment, args.lms)
        console.print(f"wrote {args.out}: {n} student(s), {args.lms} columns")
        return 0
    if args.format in ("nbgrader", "otter"):
        return _export_interop(args)
    from autograder.course.export.gradescope import export_gradescope

    assignment = load_assignment(args.id)
    out = export_gradescope(assignment, args.out)
    console.print(f"wrote {out}: upload it as the Gradescope autograder of {assignment.id}")
    return 0


def _export_interop(args: argparse.Namespace) -> int:
    """``medl export nbgrader|otter``: hand an assignment to a course running those tools."""
    from autograder.course.export.interop import speed_questions

    assignment = load_assignment(args.id)
    if args.format == "nbgrader":
        from autograder.course.export.nbgrader import export_nbgrader

        export_nbgrader(assignment, args.out, args.course_id)
        console.print(
            f"wrote {args.out}/source/{assignment.id}/{assignment.notebook}, "
            f"{args.out}/medl_hidden/{assignment.id}/ (instructor only) and "
            f"nbgrader_config.py; next: cd {args.out} && nbgrader generate_assignment "
            f"{assignment.id}"
        )
    else:
        from autograder.course.export.otter import export_otter

        export_otter(assignment, args.out)
        nb = args.out / assignment.id / assignment.notebook
        console.print(f"wrote {nb}; next: otter assign {nb} dist")
    for q in speed_questions(assignment):
        console.print(
            f"note: {q.id} ({q.points:g} points) is a speed question: not exported, "
            "grade it with `medl grade`"
        )
    console.print(
        "note: these tools grade in the notebook's own process, without medl's "
        "sandbox (docs/instructors.md)"
    )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from autograder.course.report import write_report

    pages = write_report(args.db, args.out, args.assignment, args.students)
    console.print(
        f"wrote {args.out}"
        + (f" and {pages} student page(s) in {args.students}" if args.students else "")
    )
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Per speed question: measured ratios, thresholds in force, separation; exit 1 when one
    does not separate with margin (autograder/grading/calibrate.py)."""
    import os

    if args.device == "cpu":  # before torch is imported here or in a worker
        os.environ["CUDA_VISIBLE_DEVICES"] = ""
    from autograder.grading import calibrate as cal
    from autograder.grading.fixtures import cuda_available

    settings.check()
    sandbox_mode()
    cuda = cuda_available()
    if args.device == "cuda" and not cuda:
        raise UsageError("--device cuda: no CUDA device on this machine")
    device = args.device or ("cuda" if cuda else "cpu")
    work = []
    for aid in args.ids:
        a = load_assignment(aid)
        qs = [q for q in cal.speed_questions(a) if args.question in (None, q.id)]
        if not qs:
            console.print(
                f"{aid}: no speed question" + (f" {args.question}" if args.question else "")
            )
        # a question without a cuda threshold (NumPy code) is timed on the CPU anyway
        work += [(a, q, device if "cuda" in q.speed else "cpu") for q in qs]
    err = Console(stderr=True, highlight=False)
    results = []
    for a, q, dev in work:
        c = cal.calibrate(a, q.id, dev, sample=args.sample, progress=lambda s: err.print(f"  {s}"))
        results.append(c)
        print(cal.question_markdown(c), flush=True)
    print(f"speed separation (margin {cal.MARGIN:g}x on both sides):\n")
    print(cal.summary_markdown(results), flush=True)
    if args.markdown:
        args.markdown.write_text(cal.markdown(results))
        console.print(f"tables written to {args.markdown}")
    if args.write:
        by_device: dict[str, dict] = {}
        for c in results:
            sug = c.suggested()
            if sug is None:
                console.print(f"{c.key}: not written (no thresholds separate it with margin)")
                continue
            by_device.setdefault(c.device, {})[c.key] = {
                "full": sug[0],
                "zero": sug[1],
                "vectorized_max": _finite(c.vectorized_max),
                "loops_min": _finite(c.slow_min),
            }
        for dev, entries in by_device.items():
            path = cal.write_thresholds(dev, entries)
            console.print(f"thresholds for {cal.device_name(dev)} written to {path}")
    return 0 if all(c.separates for c in results) else 1


def _finite(x: float) -> float | None:
    import math

    return round(x, 3) if math.isfinite(x) else None


def cmd_mutate(args: argparse.Namespace) -> int:
    """``medl mutate ID``: kill rates of mechanical mutants per question; exit 1 when a
    question kills under 90% of its non-equivalent mutants."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from autograder.authoring.mutation.report import markdown, print_report
    from autograder.authoring.mutation.run import mutate, plan

    if args.jobs < 1:
        raise UsageError(f"--jobs {args.jobs}: use 1 or more")
    if args.sample is not None and args.sample < 1:
        raise UsageError(f"--sample {args.sample}: use 1 or more")
    assignment = load_assignment(args.id)
    jobs = plan(assignment, set(args.question or []) or None, args.sample)
    console = Console(stderr=True)
    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(f"{assignment.id} mutants", total=len(jobs))
        reports = mutate(assignment, jobs, workers=args.jobs, on_done=lambda _o: bar.advance(task))
    print_report(assignment.id, reports)
    if args.markdown:
        args.markdown.write_text(markdown(assignment.id, reports))
    return 0 if all(r.rate >= 0.9 for r in reports) else 1


def cmd_similarity(args: argparse.Namespace) -> int:
    """``medl similarity ID INPUT... [--out DIR]``: which submissions share code."""
    from autograder.course.similarity import THRESHOLD, print_summary, similarity
    from autograder.course.similarity.progress import StageProgress

    threshold = THRESHOLD if args.threshold is None else args.threshold
    out_dir = args.out or Path("similarity") / args.id
    err = Console(stderr=True, highlight=False)
    with StageProgress(err, sys.stderr.isatty()) as bar:
        done = similarity(args.id, args.inputs, out_dir, args.top, threshold, bar.tick)
    print_summary(console, done, threshold)
    return 0
