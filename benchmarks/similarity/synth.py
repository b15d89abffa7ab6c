"""A synthetic class: independent correct solutions in different styles, and disguised copies.

Pool: for each question of an assignment, the reference's graded functions and every
``alternatives/*.py`` file that earns that question (the file's functions, the reference's
for the rest). An **independent** student picks one pool entry per question at random and
writes it with their own habits (:func:`transforms.vary`). A **copy** takes another student's
functions and disguises them: every parameter and local renamed, new docstrings and comment
lines, dead code, loops turned into comprehensions and back (:func:`transforms.disguise`),
and the definitions moved around the notebook (shuffled over the stub cells). Every student
is the release notebook with the stubs replaced, written as ``<dir>/<student>.ipynb``.
"""

from __future__ import annotations

import ast
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.authoring.assignment import Assignment
from autograder.grading.extract import extract_definitions
from autograder.notebook import code_cells, read_notebook
from benchmarks.similarity.transforms import disguise, vary

__all__ = ["Entry", "Student", "make_class", "pool"]

_HEADER = re.compile(r"^#\s*medl-alternative:\s*(.+?)\s*$", re.M)


@dataclass
class Entry:
    """One way to answer a question: functions by name, plus imports and helpers they need."""

    origin: str  # "reference" or the alternative's file name
    functions: dict[str, ast.FunctionDef]
    extras: list[ast.stmt] = field(default_factory=list)  # imports, helper definitions


@dataclass
class Student:
    name: str
    functions: dict[str, ast.FunctionDef]  # graded name -> definition (helpers included)
    extras: list[ast.stmt]
    copy_of: str | None = None
    origins: dict[str, str] = field(default_factory=dict)  # question -> pool entry


def _reference_defs(assignment: Assignment) -> dict[str, ast.stmt]:
    nb = read_notebook(assignment.solution_notebook)
    defs: dict[str, ast.stmt] = {}
    for chunk in extract_definitions(code_cells(nb)).chunks:
        for node in ast.parse(chunk.source).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                defs[node.name] = node
    return defs


def pool(assignment: Assignment) -> dict[str, list[Entry]]:
    """Question id -> the ways to answer it (reference first)."""
    ref = _reference_defs(assignment)
    out: dict[str, list[Entry]] = {}
    for q in assignment.questions:
        out[q.id] = [Entry("reference", {f: ref[f] for f in q.functions if f in ref})]
    for path in sorted((assignment.source_dir / "alternatives").glob("*.py")):
        qids = {x for line in _HEADER.findall(path.read_text()) for x in re.split(r"[,\s]+", line)}
        body = ast.parse(path.read_text()).body
        defs = {n.name: n for n in body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        imports = [n for n in body if isinstance(n, (ast.Import, ast.ImportFrom))]
        for q in assignment.questions:
            if q.id not in qids or not any(f in defs for f in q.functions):
                continue
            funcs = {f: defs.get(f, ref.get(f)) for f in q.functions}
            graded = {f for qq in assignment.questions for f in qq.functions}
            helpers = [d for name, d in defs.items() if name not in graded]
            out[q.id].append(Entry(path.name, funcs, imports + helpers))
    return out


def _independent(name: str, entries: dict[str, list[Entry]], rng: random.Random) -> Student:
    s = Student(name, {}, [])
    for qid, options in entries.items():
        e = rng.choice(options)
        s.origins[qid] = e.origin
        for f, node in e.functions.items():
            s.functions[f] = vary(node, rng) if isinstance(node, ast.FunctionDef) else node
        s.extras += [vary(x, rng) if isinstance(x, ast.FunctionDef) else x for x in e.extras]
    return s


def _copy(name: str, of: Student, rng: random.Random, graded: set[str]) -> Student:
    keep = graded | {"np", "math", "torch", "F", "nn"}

    def dress(node: ast.stmt) -> ast.stmt:
        return disguise(node, rng, keep) if isinstance(node, ast.FunctionDef) else node

    funcs = {f: dress(node) for f, node in of.functions.items()}
    extras = [dress(x) for x in of.extras]
    dead = ast.parse(f"def helper_{rng.randint(0, 999)}(a, b):\n    return a * b + 1").body[0]
    return Student(name, funcs, [*extras, dead], copy_of=of.name, origins=dict(of.origins))


def _commented(source: str, rng: random.Random) -> str:
    """Comment lines sprinkled into a definition (what a copier adds to look different)."""
    said = ["# compute the values", "# loop over the data", "# return the answer", "# helper"]
    out = []
    for line in source.split("\n"):
        if line.startswith("    ") and rng.random() < 0.3:
            out.append(line[: len(line) - len(line.lstrip())] + rng.choice(said))
        out.append(line)
    return "\n".join(out)


def write_notebook(
    student: Student, release: Path, out: Path, rng: random.Random, shuffle: bool
) -> Path:
    """The release notebook with each stub replaced by the student's definition (when
    ``shuffle``, definitions go to the stub slots in a random order: a reordered copy)."""
    nb = nbformat.read(release, as_version=4)
    slots: list[tuple[int, str]] = []  # (cell index, stub name), in notebook order
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        try:
            body = ast.parse(cell.source).body
        except SyntaxError:
            continue
        slots += [(i, n.name) for n in body if getattr(n, "name", None) in student.functions]
    names = [name for _, name in slots]
    placed = rng.sample(names, len(names)) if shuffle else names
    fill: dict[int, list[str]] = {}
    for (i, _), name in zip(slots, placed, strict=True):
        text = ast.unparse(student.functions[name])
        fill.setdefault(i, []).append(_commented(text, rng) if student.copy_of else text)
    for i, texts in fill.items():
        cell = nb.cells[i]
        lines = cell.source.split("\n")
        keep = []
        for n in ast.parse(cell.source).body:
            if getattr(n, "name", None) not in student.functions:
                keep.append("\n".join(lines[n.lineno - 1 : n.end_lineno]))
        cell.source = "\n\n\n".join([*keep, *texts])
    if student.extras:
        extra = "\n\n\n".join(ast.unparse(x) for x in student.extras)
        nb.cells.append(nbformat.v4.new_code_cell(extra))
    path = out / f"{student.name}.ipynb"
    nbformat.write(nb, path)
    return path


def make_class(
    assignment: Assignment, out: Path, n_independent: int, n_copies: int, seed: int
) -> dict:
    """Write the class into ``out``; return the ground truth (who copied whom, choices)."""
    rng = random.Random(seed)
    entries = pool(assignment)
    graded = {f for q in assignment.questions for f in q.functions}
    out.mkdir(parents=True, exist_ok=True)
    release = assignment.release_dir / assignment.notebook
    students = [_independent(f"s{i:03d}", entries, rng) for i in range(n_independent)]
    originals = rng.sample(students, min(n_copies, len(students)))
    copies = [_copy(f"c{i:03d}", o, rng, graded) for i, o in enumerate(originals)]
    for s in students:
        write_notebook(s, release, out, rng, shuffle=False)
    for c in copies:
        write_notebook(c, release, out, rng, shuffle=True)
    truth = {
        "assignment": assignment.id,
        "seed": seed,
        "pool": {q: [e.origin for e in es] for q, es in entries.items()},
        "copies": {c.name: c.copy_of for c in copies},
        "origins": {s.name: s.origins for s in students},
    }
    (out / "truth.json").write_text(json.dumps(truth, indent=1))
    return truth
