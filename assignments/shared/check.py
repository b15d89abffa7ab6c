"""Run a notebook's visible tests outside Jupyter, with only what the student release installs.

    python medl_check.py ch01_notation/ch01_notation.ipynb      # from the release folder
    medl check ch01_notation/ch01_notation.ipynb                # the same, instructor side

Every code cell runs in order in one namespace (IPython ``%magics`` and ``!shell`` lines
skipped, plots drawn off-screen), from the notebook's own folder, like "Run All" in
JupyterLab. The ``verdict(...)`` blocks record what passed; the summary counts them. Only the
standard library and ``shared.visible`` are used here, so the student release needs nothing
more. Cells are numbered as a student counts them: the position among the *code* cells, with
the cell's first line (``cell 3 "def softmax(z):"``).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CheckReport", "cell_label", "main", "read_cells", "run_cells", "strip_magics"]

_MAGIC = re.compile(r"^(\s*)(%|!)")
_ASSIGN_SHELL = re.compile(r"^(\s*)[\w.,\s]+=\s*[!%]")


def strip_magics(source: str) -> str:
    """Replace IPython-only lines (``%magic``, ``!shell``, ``x = !cmd``) by ``pass``.

    A cell magic (``%%time`` on the first line) blanks the whole cell. Line numbers are kept
    so that error messages still point at the student's line.
    """
    lines = source.split("\n")
    if lines and lines[0].lstrip().startswith("%%"):
        return "\n".join("" for _ in lines)
    out = []
    for line in lines:
        m = _MAGIC.match(line) or _ASSIGN_SHELL.match(line)
        out.append(f"{m.group(1)}pass" if m else line)
    return "\n".join(out)


def cell_label(number: int, source: str) -> str:
    """``3 "def softmax(z):"``: the code cell's number and its first non-blank line."""
    line = next((ln.strip() for ln in source.split("\n") if ln.strip()), "")
    if len(line) > 40:
        line = line[:37] + "..."
    return f'{number} "{line}"' if line else str(number)


def read_cells(path: Path) -> list[str]:
    """The sources of the code cells of notebook ``path``; ValueError (one line) if unreadable."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ValueError(f"{path}: cannot be read as a notebook ({type(exc).__name__})") from None
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        raise ValueError(f"{path}: not a Jupyter notebook (no list of cells)")
    out = []
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            src = cell.get("source", "")
            out.append("".join(src) if isinstance(src, list) else str(src))
    return out


@dataclass
class CheckReport:
    verdicts: list = field(default_factory=list)  # shared.visible.Verdict
    cell_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def all_passed(self) -> bool:
        return bool(self.verdicts) and all(v.status == "passed" for v in self.verdicts)

    def summary(self, name: str) -> str:
        counts: dict[str, int] = {}
        for v in self.verdicts:
            counts[v.status] = counts.get(v.status, 0) + 1
        lines = [
            f"{name}: {len(self.verdicts)} visible checks in {self.seconds:.1f} s",
            ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no checks ran",
        ]
        if self.cell_errors:
            lines.append(f"{len(self.cell_errors)} cell(s) raised an error (see above)")
        return "\n".join(lines)


def run_cells(sources: list[str], folder: Path, echo: Callable[[str], None] = print) -> CheckReport:
    """Run ``sources`` (code cells, in order) from ``folder``; return the verdicts."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    report = CheckReport()
    old_cwd, old_path = Path.cwd(), list(sys.path)
    os.chdir(Path(folder).resolve())
    if "shared.visible" in sys.modules:
        sys.modules["shared.visible"].RESULTS.clear()
    t0 = time.perf_counter()
    namespace: dict = {"__name__": "__main__"}
    try:
        for number, source in enumerate(sources, 1):
            label = cell_label(number, source)
            try:
                exec(compile(strip_magics(source), f"<cell {label}>", "exec"), namespace)
            except NotImplementedError:
                pass  # an unfinished stub used by a demo cell: the verdicts say it
            except Exception as exc:  # noqa: BLE001 - report and go on, like Jupyter
                tb = traceback.extract_tb(exc.__traceback__)
                line = next((f.lineno for f in reversed(tb) if f.filename.startswith("<cell")), "?")
                msg = f"cell {label}, line {line}: {type(exc).__name__}: {exc}"
                report.cell_errors.append(msg)
                echo(f"error in {msg}")
    finally:
        os.chdir(old_cwd)
        sys.path[:] = old_path
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
    report.seconds = time.perf_counter() - t0
    visible = sys.modules.get("shared.visible")
    report.verdicts = list(visible.RESULTS) if visible is not None else []
    return report


def main(argv: list[str] | None = None) -> int:
    """``python medl_check.py NOTEBOOK...``: exit 0 when every visible check passed."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        print("usage: python medl_check.py NOTEBOOK.ipynb [...]\n")
        print("Runs each notebook's cells in order and its visible checks; exit 0 when all pass.")
        return 0 if args else 2
    ok = True
    for arg in args:
        path = Path(arg)
        try:
            sources = read_cells(path)
        except ValueError as exc:
            print(f"medl_check: error: {exc}", file=sys.stderr)
            return 2
        report = run_cells(sources, path.parent)
        print("\n" + report.summary(path.name))
        ok = ok and report.all_passed
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
