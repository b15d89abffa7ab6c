"""Build the student release ``assignments/`` from ``solutions/``, and check it.

Passes for one assignment, in order (each is a small function below):
 1. read the solution notebook;
 2. validate markers and replace solution regions by NotImplementedError stubs;
 3. clear outputs, execution counts and cell ids' noise; keep only standard metadata;
 4. copy data files listed in assignment.toml.
The release root also gets ``shared/`` (a copy of the helper package), ``requirements.txt``,
a README (install, work, check, submit) and ``medl_check.py`` (the visible checks from a
terminal, :mod:`shared.check`), so that a student with only ``assignments/`` can work.

``check`` rebuilds into a temporary folder and compares byte for byte (stale), then scans
every released file for solution lines, hidden-test names, mutant and alternative code
(leaks).
"""

from __future__ import annotations

import ast
import filecmp
import shutil
import tempfile
from pathlib import Path

import nbformat

from autograder import syntax
from autograder.authoring.assignment import Assignment, find_root, list_ids, load_assignment
from autograder.authoring.markers import find_regions, stub_cell
from autograder.errors import MarkerError
from autograder.notebook import Node, read_notebook
from shared.check import cell_label

__all__ = ["build_all", "build_assignment", "check_all", "stub_notebook"]

REQUIREMENTS = """\
# What the notebooks import. Install with: pip install -r requirements.txt
# Linux without an NVIDIA GPU: first pip install torch --index-url https://download.pytorch.org/whl/cpu
numpy>=1.26,<3
torch>=2.2,<3
matplotlib>=3.8
scikit-learn>=1.4
networkx>=3.2
gymnasium>=1.0
jupyterlab
"""

README = """\
# medl: student release

One folder per chapter of *Mathematical Engineering of Deep Learning* (Liquet, Moka,
Nazarathy). Each holds a notebook in which you write the functions of that chapter, with
visible checks after each one.

## Install (once)

    python3 -m venv .venv
    source .venv/bin/activate          # Windows: .venv\\Scripts\\activate
    # Linux without an NVIDIA GPU: the CPU build of torch (PyPI's Linux build is a
    # multi-GB CUDA one). Skip this line on macOS and Windows: PyPI's build is right there.
    pip install torch --index-url https://download.pytorch.org/whl/cpu
    pip install -r requirements.txt

## Work

    cd ch01_notation && jupyter lab ch01_notation.ipynb

Replace each `raise NotImplementedError(...)` with your code and run the check cell below
it: it prints `passed`, `FAILED` with what is wrong, or `TODO`. A plot cell that needs a
function you have not finished prints `finish q3 to see this plot` and "Run All" goes on.
`shared/` holds the helpers the notebooks import (readable comparisons, gradient checks).

## Check

From this folder, with only what `requirements.txt` installed:

    python medl_check.py ch01_notation/ch01_notation.ipynb

runs every cell in order, like "Run All", and ends with a summary (exit 0 when every visible
check passes). Passing the visible checks is necessary, not sufficient: hidden tests call
your functions on fresh random inputs (other shapes, one sample, extreme values), so write
code for the whole contract in each docstring.

## Submit

Hand in the notebook file itself (`ch01_notation.ipynb`), as your course says (an LMS upload).
Before you do:

- keep the **name and arguments** of every graded function exactly as the release gives
  them (`standardize`, not `standardise`): the grader calls them by name;
- keep each graded function at the top level of a code cell (not inside an `if` or another
  function). Only definitions are graded (imports, functions, classes, constants); your
  exploration and plot code is ignored, so it may be slow or unfinished;
- Restart the kernel, Run All, check the summary, and save.
"""

MEDL_CHECK = """\
\"\"\"Run a notebook's visible checks: python medl_check.py ch01_notation/ch01_notation.ipynb\"\"\"

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # this folder's shared/

from shared.check import main  # noqa: E402

sys.exit(main())
"""


def _graded(assignment: Assignment):
    names = {f for q in assignment.questions for f in q.functions}

    def graded(name: str) -> bool:
        return name in names

    return graded


def _question_label(assignment: Assignment, function: str) -> str:
    q = assignment.question_for(function) or assignment.question_for(function.split(".")[0])
    qid = q.id if q else "q?"
    return f"{assignment.id}.{qid} {function}"


def stub_notebook(assignment: Assignment) -> Node:
    """The release notebook: solution regions stubbed, outputs and noise cleared."""
    nb = read_notebook(assignment.solution_notebook)
    graded = _graded(assignment)
    seen: set[str] = set()
    code = 0
    for i, cell in enumerate(nb.cells, 1):
        src = cell.get("source", "")
        if cell.cell_type != "code":
            if "BEGIN SOLUTION" in src or "END SOLUTION" in src:
                raise MarkerError(
                    f"{assignment.notebook}: cell {i} ({cell.cell_type}): solution markers "
                    "are only allowed in code cells"
                )
            continue
        code += 1
        try:
            regions = find_regions(cell_label(code, src), src, graded)
        except MarkerError as exc:
            raise MarkerError(f"{assignment.notebook}: {exc}") from None
        seen.update(r.function for r in regions)
        if regions:
            cell.source = stub_cell(src, regions, lambda r: _question_label(assignment, r.function))
        cell.outputs = []
        cell.execution_count = None
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in ("tags",)}
    missing = sorted({f for q in assignment.questions for f in q.functions} - seen)
    if missing:
        raise MarkerError(
            f"{assignment.notebook}: graded functions without a solution region: "
            + ", ".join(missing)
        )
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return nb


def build_assignment(assignment: Assignment, dest: Path) -> Path:
    """Write the release of one assignment into ``dest/<chNN_slug>/``."""
    out = dest / assignment.name
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    nb = stub_notebook(assignment)
    nbformat.write(nbformat.from_dict(nb), out / assignment.notebook)
    for rel in assignment.data:
        src = assignment.source_dir / rel
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target)
        else:
            shutil.copy2(src, target)
    return out


def _build_common(root: Path, dest: Path) -> None:
    shared = dest / "shared"
    if shared.exists():
        shutil.rmtree(shared)
    import shared as shared_pkg

    shutil.copytree(
        Path(shared_pkg.__file__).parent,
        shared,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    (dest / "requirements.txt").write_text(REQUIREMENTS)
    (dest / "README.md").write_text(README)
    (dest / "medl_check.py").write_text(MEDL_CHECK)


def build_all(
    ids: list[str] | None = None, root: Path | None = None, dest: Path | None = None
) -> list[Path]:
    """Build the releases of ``ids`` (default: all) into ``dest`` (default: assignments/)."""
    root = root or find_root()
    dest = dest or root / "assignments"
    dest.mkdir(parents=True, exist_ok=True)
    _build_common(root, dest)
    return [build_assignment(load_assignment(a, root), dest) for a in (ids or list_ids(root))]


def _tree(path: Path) -> set[str]:
    return {
        str(p.relative_to(path))
        for p in path.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts
    }


def _secret_lines(assignment: Assignment) -> dict[str, str]:
    """Distinctive lines that must never appear in the release, with where they come from."""
    secrets: dict[str, str] = {}
    nb = read_notebook(assignment.solution_notebook)
    graded = _graded(assignment)
    public: set[str] = set()  # lines the release shows anyway (outside solution regions)
    code = 0
    for cell in nb.cells:
        lines = cell.source.split("\n")
        inside: set[int] = set()
        if cell.cell_type == "code":
            code += 1
            for r in find_regions(code, cell.source, graded):
                inside.update(range(r.begin, r.end - 1))
                for line in lines[r.begin : r.end - 1]:
                    s = line.strip()
                    if len(s) >= 16 and not s.startswith("#"):
                        secrets[s] = f"solution line (code cell {code})"
        public.update(line.strip() for k, line in enumerate(lines) if k not in inside)
    for line in public & set(secrets):
        del secrets[line]
    src = assignment.source_dir
    for folder in ("hidden", "mutants", "alternatives"):
        for f in sorted((src / folder).glob("*.py")):
            text = f.read_text()
            secrets[f.name] = f"{folder}/{f.name} (file name)"
            if folder == "hidden":
                for node in ast.walk(syntax.parse(text)):
                    if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                        secrets[node.name] = f"hidden test {f.name}::{node.name}"
    secrets["BEGIN SOLUTION"] = "a solution marker"
    secrets["END SOLUTION"] = "a solution marker"
    return secrets


def check_all(ids: list[str] | None = None, root: Path | None = None) -> list[str]:
    """Problems with the committed release: stale files and leaks. Empty list = clean."""
    root = root or find_root()
    committed = root / "assignments"
    problems: list[str] = []
    ids = ids or list_ids(root)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        build_all(ids, root, fresh)
        names = [load_assignment(a, root).name for a in ids] + ["shared"]
        for name in names:
            a, b = fresh / name, committed / name
            if not b.exists():
                problems.append(f"assignments/{name} is missing: run `medl release`")
                continue
            ta, tb = _tree(a), _tree(b)
            for extra in sorted(tb - ta):
                problems.append(f"assignments/{name}/{extra} is not part of the release")
            for gone in sorted(ta - tb):
                problems.append(f"assignments/{name}/{gone} is missing: run `medl release`")
            for rel in sorted(ta & tb):
                if not filecmp.cmp(a / rel, b / rel, shallow=False):
                    problems.append(f"assignments/{name}/{rel} is stale: run `medl release`")
        for top in ("requirements.txt", "README.md", "medl_check.py"):
            if (
                not (committed / top).exists()
                or (committed / top).read_text() != (fresh / top).read_text()
            ):
                problems.append(f"assignments/{top} is stale: run `medl release`")
    for aid in ids:
        a = load_assignment(aid, root)
        secrets = _secret_lines(a)
        folder = committed / a.name
        if not folder.exists():
            continue
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            rel = path.relative_to(committed)
            if any(p in ("hidden", "mutants", "alternatives") for p in rel.parts):
                problems.append(f"assignments/{rel}: hidden/mutant/alternative file leaked")
            try:
                text = path.read_text()
            except UnicodeDecodeError:
                continue
            for secret, origin in secrets.items():
                if secret in text:
                    problems.append(f"assignments/{rel} leaks {origin}: {secret[:60]!r}")
    return problems
