"""``medl check NOTEBOOK``: run a notebook's visible tests outside Jupyter.

Every code cell runs in order in one namespace (IPython magics skipped, plots drawn
off-screen), from the notebook's own folder, like "Run All" in JupyterLab. The verdicts
that the notebook's ``verdict(...)`` blocks record are summarised at the end.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from autograder.notebook import code_cells, read_notebook, strip_magics

__all__ = ["CheckReport", "check_notebook"]


@dataclass
class CheckReport:
    verdicts: list = field(default_factory=list)  # shared.visible.Verdict
    cell_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def all_passed(self) -> bool:
        return bool(self.verdicts) and all(v.status == "passed" for v in self.verdicts)


def check_notebook(path: Path, echo=print) -> CheckReport:
    """Run ``path`` cell by cell; return the visible-test verdicts and cell errors."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    nb = read_notebook(path)
    report = CheckReport()
    old_cwd, old_path = Path.cwd(), list(sys.path)
    os.chdir(path.resolve().parent)
    if "shared.visible" in sys.modules:
        sys.modules["shared.visible"].RESULTS.clear()
    t0 = time.perf_counter()
    namespace: dict = {"__name__": "__main__"}
    try:
        for cell in code_cells(nb):
            try:
                code = compile(strip_magics(cell.source), f"<cell {cell.number}>", "exec")
                exec(code, namespace)
            except NotImplementedError:
                pass  # an unfinished stub used by a demo cell: the verdicts say it
            except Exception as exc:  # noqa: BLE001 - report and go on, like Jupyter
                tb = traceback.extract_tb(exc.__traceback__)
                line = next((f.lineno for f in reversed(tb) if f.filename.startswith("<cell")), "?")
                msg = f"cell {cell.number}, line {line}: {type(exc).__name__}: {exc}"
                report.cell_errors.append(msg)
                echo(f"error in {msg}")
    finally:
        os.chdir(old_cwd)
        sys.path[:] = old_path
        try:
            import matplotlib.pyplot as plt

            plt.close("all")
        except ImportError:  # pragma: no cover
            pass
    report.seconds = time.perf_counter() - t0
    visible = sys.modules.get("shared.visible")
    report.verdicts = list(visible.RESULTS) if visible is not None else []
    return report
