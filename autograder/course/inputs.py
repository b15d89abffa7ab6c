"""Collect a batch's inputs: one submission per student, and every other file accounted for.

Inputs: notebooks, folders of notebooks or of per-student folders, and LMS zips (see
:mod:`autograder.course.lms`). Several files of one student: the newest is graded and the
choice is reported. Every input file ends in :meth:`Collection.accounting`: graded, an
older submission, not a notebook, not mapped to a student, rejected, or a system file.
"""

from __future__ import annotations

import ast
import hashlib
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from autograder import syntax
from autograder.authoring.assignment import Assignment, list_ids, load_assignment
from autograder.course.lms import (
    Identity,
    ZipLimits,
    extract_notebooks,
    fold,
    identify,
    safe_student,
)
from autograder.errors import UsageError
from autograder.grading.submission import Submission, from_notebook
from autograder.notebook import strip_magics
from autograder.printable import printable

__all__ = ["Collection", "collect", "wrong_assignment"]


@dataclass
class _Candidate:
    identity: Identity
    path: Path  # a readable notebook
    label: str  # where it came from, for people: "subs.zip/ann_1_2_hw.ipynb"
    mtime: float


@dataclass
class Collection:
    """What :func:`collect` found: one submission per student, and every input file that
    was not graded, with why (:meth:`accounting` lists them all)."""

    subs: list[Submission] = field(default_factory=list)
    identities: dict[str, Identity] = field(default_factory=dict)
    choices: list[str] = field(default_factory=list)  # newest-wins decisions
    unmapped: list[str] = field(default_factory=list)  # files no student could be found for
    rejected: list[str] = field(default_factory=list)  # unsafe or oversized zip entries
    not_notebooks: list[str] = field(default_factory=list)  # PDFs, .py files, data...
    older: list[str] = field(default_factory=list)  # a student's older submissions
    system: int = 0  # .ipynb_checkpoints, __MACOSX, dot-files: skipped without a line
    collisions: list[str] = field(default_factory=list)  # similar names, distinct students

    def accounting(self) -> list[tuple[str, list[str]]]:
        """(what, files) for every input file: graded, then each reason for not grading."""
        rows = [
            ("graded", [s.path for s in self.subs]),
            ("older submission of the same student, not graded", self.older),
            ("not a notebook", self.not_notebooks),
            ("not mapped to a student", self.unmapped),
            ("rejected", self.rejected),
        ]
        if self.system:
            rows.append(("system files skipped (.ipynb_checkpoints, __MACOSX, dot-files)", []))
        return [(what, files) for what, files in rows if files or what.startswith("system")]


def _generic(relpath: str) -> Identity:
    """A student named by the file (``alice.ipynb``) or folder (``alice/hw.ipynb``)."""
    parts = PurePosixPath(relpath).parts
    raw = parts[0] if len(parts) > 1 else PurePosixPath(relpath).stem
    key = safe_student(raw)
    return Identity(key, "file", key, raw)


def _map(entries: list[tuple[str, Path, str, float]], out: Collection) -> list[_Candidate]:
    """Map one input's notebooks: LMS names if at least half match, else file/folder names."""
    found = [(identify(rel), rel, path, label, mtime) for rel, path, label, mtime in entries]
    lms_mode = 2 * sum(f[0] is not None for f in found) >= len(found) > 0
    cands = []
    for ident, rel, path, label, mtime in found:
        if lms_mode and ident is None:
            out.unmapped.append(f"{label}: not a Canvas or Moodle submission name")
            continue
        cands.append(_Candidate(ident if lms_mode and ident else _generic(rel), path, label, mtime))
    return cands


def _hidden(parts: tuple[str, ...]) -> bool:
    return any(s.startswith(".") or s == "__MACOSX" for s in parts)


def _from_dir(root: Path, out: Collection) -> list[_Candidate]:
    entries = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if _hidden(rel.parts):
            out.system += not p.is_dir()
            continue
        if p.suffix.lower() != ".ipynb":
            if not p.is_dir():
                out.not_notebooks.append(str(p))
            continue
        # Symlinks, folders and FIFOs named *.ipynb are kept: reading them fails with a
        # clear message and a zero for that student, instead of vanishing silently.
        entries.append((rel.as_posix(), p, str(p), p.lstat().st_mtime))
    return _map(entries, out)


def _from_zip(zip_path: Path, tmp: Path, limits: ZipLimits, out: Collection) -> list[_Candidate]:
    dest = Path(tempfile.mkdtemp(prefix="zip", dir=tmp))
    try:
        report = extract_notebooks(zip_path, dest, limits)
    except UsageError as exc:  # one unreadable zip must not stop the others
        out.rejected.append(str(exc))
        return []
    out.rejected += [f"{zip_path.name}/{r}" for r in report.rejected]
    out.not_notebooks += [f"{zip_path.name}/{r}" for r in report.ignored]
    out.system += report.system
    rels = [f.relpath for f in report.files]
    # A zip of one folder (``subs/alice.ipynb ...``): that folder is the root, unless the
    # names are an LMS's (one Moodle student's folder is not a wrapper).
    while (
        rels
        and not any(identify(r) for r in rels)
        and all(len(PurePosixPath(r).parts) > 1 for r in rels)
        and len({PurePosixPath(r).parts[0] for r in rels}) == 1
    ):
        rels = [str(PurePosixPath(*PurePosixPath(r).parts[1:])) for r in rels]
    entries = [
        (rel, f.path, f"{zip_path.name}/{f.relpath}", f.mtime)
        for rel, f in zip(rels, report.files, strict=True)
    ]
    return _map(entries, out)


def _newest(student: str, cands: list[_Candidate]) -> tuple[_Candidate, str | None]:
    ordered = sorted(cands, key=lambda c: (c.identity.order, c.mtime, c.label))
    best = ordered[-1]
    if len(cands) == 1:
        return best, None
    why = (
        f"Canvas submission {best.identity.order}"
        if best.identity.order
        else time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(best.mtime))
    )
    others = ", ".join(c.label for c in reversed(ordered[:-1]))
    return best, (
        f"{student}: {len(cands)} submissions; graded the newest, {best.label} "
        f"({why}); ignored {others}"
    )


def _separate(cands: list[_Candidate], out: Collection) -> None:
    """Different people must not share a key: plain file or folder names that differ but
    make the same key (``José/`` and ``Jose/``) get a short suffix from the raw name; every
    group of distinct students whose names read alike is reported."""
    raws: dict[str, set[str]] = {}
    for c in cands:
        if c.identity.lms == "file":
            raws.setdefault(c.identity.student, set()).add(c.identity.name)
    for c in cands:
        ident = c.identity
        if ident.lms == "file" and len(raws[ident.student]) > 1:
            tag = hashlib.sha256(ident.name.encode()).hexdigest()[:6]
            key = f"{ident.student}_{tag}"
            c.identity = Identity(key, "file", key, ident.name, ident.late, ident.order)
    people: dict[str, dict[str, Identity]] = {}
    for c in cands:
        people.setdefault(fold(c.identity.name), {})[c.identity.student] = c.identity
    for same in people.values():
        if len(same) > 1:
            who = "; ".join(
                f'"{printable(i.name)}" ({i.lms} {i.lms_id}) as {k}'
                for k, i in sorted(same.items())
            )
            out.collisions.append(f"{len(same)} students with names that read alike: {who}")


def collect(paths: Iterable[Path], limits: ZipLimits | None = None) -> Collection:
    """One submission per student from notebooks, folders and LMS zips in ``paths``."""
    limits = limits or ZipLimits()
    out = Collection()
    with tempfile.TemporaryDirectory(prefix="medl-collect-") as tmp:
        cands: list[_Candidate] = []
        for p in paths:
            if p.is_dir():
                cands += _from_dir(p, out)
            elif p.suffix.lower() == ".zip" and p.is_file():
                cands += _from_zip(p, Path(tmp), limits, out)
            elif p.suffix.lower() == ".ipynb":
                if not p.exists() and not p.is_symlink():
                    raise UsageError(f"{p}: no such file or folder")
                cands += _map([(p.name, p, str(p), p.lstat().st_mtime)], out)
            elif p.is_file():
                out.not_notebooks.append(str(p))
            else:
                raise UsageError(f"{p}: no such file or folder")
        _separate(cands, out)
        by_student: dict[str, list[_Candidate]] = {}
        for c in cands:
            by_student.setdefault(c.identity.student, []).append(c)
        for student in sorted(by_student):
            best, choice = _newest(student, by_student[student])
            if choice:
                out.choices.append(choice)
                out.older += [c.label for c in by_student[student] if c is not best]
            sub = from_notebook(best.path, student)
            sub.path = best.label
            if best.identity.late:
                sub.notes.append("submitted late (marked late by the LMS)")
            out.subs.append(sub)
            out.identities[student] = best.identity
    return out


def _top_level_names(sub: Submission) -> set[str]:
    names: set[str] = set()
    for cell in sub.cells:
        try:
            tree = syntax.parse(strip_magics(cell.source))
        except (SyntaxError, ValueError, RecursionError):
            continue
        names |= {
            n.name
            for n in tree.body
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        }
    return names


def _graded_names(a: Assignment) -> list[str]:
    return list(dict.fromkeys(f.split(".")[0] for q in a.questions for f in q.functions))


def _cover(defined: list[set[str]], names: list[str]) -> float:
    """Mean share of ``names`` that each submission defines."""
    return sum(len(d & set(names)) for d in defined) / (len(defined) * len(names) or 1)


def wrong_assignment(assignment: Assignment, subs: list[Submission]) -> str | None:
    """A warning when the readable submissions define none, or few, of the functions graded
    in ``assignment`` while another assignment's fit them far better (named in the warning:
    ``medl grade ch02`` on ch01 notebooks finds ch01's functions, not ch02's)."""
    readable = [s for s in subs if s.error is None and s.cells]
    if not readable:
        return None
    graded = _graded_names(assignment)
    defined = [_top_level_names(s) for s in readable]
    mine = _cover(defined, graded)
    if mine >= 0.25:
        return None
    best, best_cover = None, 0.0
    for aid in list_ids(assignment.root):
        if aid == assignment.id:
            continue
        try:
            other = load_assignment(aid, assignment.root)
        except UsageError:
            continue
        c = _cover(defined, _graded_names(other))
        if c > best_cover:
            best, best_cover = other, c
    found = best is not None and best_cover >= 0.5 and best_cover > 2 * mine
    if mine > 0 and not found:
        return None
    n = len(readable)
    shown = ", ".join(graded[:5]) + (", ..." if len(graded) > 5 else "")
    if mine == 0:
        msg = f"none of the {n} notebook(s) defines a function graded in {assignment.id} ({shown})"
    else:
        msg = (
            f"the {n} notebook(s) define {100 * mine:.0f}% of the functions graded in "
            f"{assignment.id} ({shown})"
        )
    if found and best is not None:
        msg += (
            f"; they define {100 * best_cover:.0f}% of {best.id}'s "
            f"({', '.join(_graded_names(best)[:5])}, ...): did you mean "
            f"`medl grade {best.id} ...`?"
        )
    return msg
