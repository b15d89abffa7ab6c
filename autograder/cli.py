"""The ``medl`` command line. Exit codes: 0 done, 1 internal fault, 2 usage error."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from autograder.errors import MedlError, UsageError

__all__ = ["main"]


class _Help(argparse.RawDescriptionHelpFormatter):
    """Every option's help ends with its default, unless the help already names it."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        shown = action.default not in (None, False, argparse.SUPPRESS)
        if shown and action.option_strings and "default" not in text:
            text += " (default: %(default)s)"
        return text


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Help)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # exit 2 with one line, like every usage error
        raise UsageError(message)


def _ids() -> str:
    """The assignment ids of this checkout, for help texts ("ch01, ch02, ...")."""
    try:
        from autograder.authoring.assignment import list_ids

        return ", ".join(list_ids()) or "none yet"
    except (MedlError, OSError):
        return "none found: run medl inside the checkout or set MEDL_ROOT"


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="medl",
        description="Graded exercises for Mathematical Engineering of "
        "Deep Learning: release, grade, check, export, report.",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    ids = _ids()
    aid = f"assignment id: {ids}"

    r = sub.add_parser("release", help="build assignments/ from solutions/")
    r.add_argument("ids", nargs="*", metavar="ID", help=f"{aid} (default: all)")
    r.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the committed release is stale or leaks",
    )

    g = sub.add_parser("grade", help="grade submissions of one assignment")
    g.add_argument("id", metavar="ID", help=aid)
    g.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="notebooks, folders of notebooks or of student folders, LMS zips (Canvas, Moodle)",
    )
    which = g.add_mutually_exclusive_group()
    which.add_argument("--reference", action="store_true", help="grade the solution notebook")
    which.add_argument("--stub", action="store_true", help="grade the untouched release")
    g.add_argument(
        "--out",
        type=Path,
        default=Path("graded"),
        help="results folder: OUT/<student>/results.json",
    )
    g.add_argument(
        "--gradebook", type=Path, help="SQLite gradebook to record results in (exports read it)"
    )
    g.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="submissions graded at once, each in its own sandboxed worker "
        "(default: %(default)s, this machine's cores)",
    )
    g.add_argument("--force", action="store_true", help="regrade files already in the gradebook")
    g.add_argument("--quiet", action="store_true", help="no per-test table")
    g.add_argument(
        "--executor",
        choices=("threads", "dask"),
        default="threads",
        help="threads on this machine (default) or a Dask distributed cluster",
    )
    g.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler address (tcp://host:8786) or scheduler file (.json)",
    )

    c = sub.add_parser("check", help="run a notebook's visible tests (student side)")
    c.add_argument(
        "notebook",
        type=Path,
        metavar="NOTEBOOK",
        help="a .ipynb file; the release's medl_check.py does the same without medl",
    )

    e = sub.add_parser("export", help="hand results or assignments to other tools")
    ex = e.add_subparsers(dest="format", required=True, parser_class=_Parser)
    csv = ex.add_parser("csv", help="gradebook as an LMS import CSV (one row per student)")
    csv.add_argument("db", type=Path, metavar="DB", help="the gradebook of medl grade --gradebook")
    csv.add_argument("--assignment", metavar="ID", help="only this assignment")
    csv.add_argument(
        "--lms",
        choices=("canvas", "moodle"),
        default="canvas",
        help="column shape (default canvas; moodle: the grading worksheet, needs --assignment)",
    )
    csv.add_argument("--out", type=Path, required=True, metavar="FILE", help="the CSV to write")
    gs = ex.add_parser("gradescope", help="a Gradescope autograder zip for one assignment")
    gs.add_argument("id", metavar="ID", help=aid)
    gs.add_argument("--out", type=Path, required=True, metavar="ZIP", help="the zip to write")
    nbg = ex.add_parser(
        "nbgrader",
        help="an nbgrader course folder (source notebook with "
        "solution and hidden-test cells) for one assignment",
    )
    nbg.add_argument("id", metavar="ID", help=aid)
    nbg.add_argument("--out", type=Path, required=True, metavar="DIR", help="course folder")
    nbg.add_argument(
        "--course-id", default="medl", help="course id for a new nbgrader_config.py (default medl)"
    )
    ot = ex.add_parser("otter", help="an `otter assign` master notebook for one assignment")
    ot.add_argument("id", metavar="ID", help=aid)
    ot.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="writes DIR/ID/<notebook>"
    )

    rp = sub.add_parser("report", help="class report (HTML with plots) from a gradebook")
    rp.add_argument("db", type=Path, metavar="DB", help="the gradebook of medl grade --gradebook")
    rp.add_argument(
        "--out", type=Path, required=True, metavar="report.html", help="the HTML file to write"
    )
    rp.add_argument("--assignment", metavar="ID", help="only this assignment")
    rp.add_argument(
        "--students",
        type=Path,
        metavar="DIR",
        help="also write one feedback page per student into DIR",
    )
    cal = sub.add_parser(
        "calibrate",
        help="time each speed question's alternatives and loop mutants on this machine",
    )
    cal.add_argument("ids", nargs="+", metavar="ID", help="e.g. ch05 ch06")
    cal.add_argument("--device", choices=("cpu", "cuda"), help="default: cuda when present")
    cal.add_argument("--question", metavar="QID", help="only this speed question")
    cal.add_argument(
        "--sample",
        action="store_true",
        help="the reference, one alternative and one loop per question only (quick)",
    )
    cal.add_argument(
        "--write", action="store_true", help="store thresholds for this machine's device"
    )
    cal.add_argument("--markdown", type=Path, metavar="FILE", help="also write the tables here")
    mu = sub.add_parser(
        "mutate",
        help="grade mechanical mutants of the reference: how many do the hidden tests kill?",
    )
    mu.add_argument("id", metavar="ID", help="assignment id, e.g. ch01")
    mu.add_argument("--question", action="append", metavar="QID", help="only this question")
    mu.add_argument(
        "--sample", type=int, metavar="N", help="at most N mutants per question (default: all)"
    )
    mu.add_argument("--jobs", type=int, default=2, help="mutants graded at once (default: 2)")
    mu.add_argument(
        "--markdown", type=Path, metavar="FILE", help="also write the table and survivors here"
    )
    sim = sub.add_parser(
        "similarity",
        help="which submissions share code (HTML page with side-by-side code, pairs.csv)",
    )
    sim.add_argument("id", metavar="ID", help=aid)
    sim.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="GRADEBOOK_OR_PATH",
        help="notebooks, folders, LMS zips; a gradebook with them picks the graded students",
    )
    sim.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="where index.html and pairs.csv go "
        "(default: similarity/ID, which `medl report` links)",
    )
    sim.add_argument("--top", type=int, default=10, help="pairs shown per question (default 10)")
    sim.add_argument(
        "--threshold", type=float, help="flag pairs at or above this similarity (default 0.7)"
    )
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        parser = _parser()
        args = parser.parse_args(argv)
        if args.command is None:  # `medl` alone: the commands, and how to get more
            parser.print_help()
            print("\nmedl COMMAND --help shows a command's options.")
            return 0
        # Each verb is `cmd_<verb>` in commands.py, imported only now (`medl --help` is fast).
        from autograder import commands

        handler = getattr(commands, "cmd_" + str(args.command).replace("-", "_"), None)
        if handler is None:  # pragma: no cover - argparse only accepts known verbs
            raise UsageError(f"unknown command {args.command}")
        return handler(args)
    except MedlError as exc:
        print(f"medl: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("medl: interrupted", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - an internal fault: show it, exit 1
        traceback.print_exc()
        print("medl: internal error (a bug in medl, not in the submission)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
