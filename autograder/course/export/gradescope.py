"""``medl export gradescope ID``: a Gradescope autograder zip for one assignment.

Gradescope unpacks the zip into ``/autograder/source``, runs ``setup.sh`` once to build its
image, then ``run_autograder`` for every submission, which must leave
``/autograder/results/results.json``. The zip carries everything grading needs: the
``autograder`` and ``shared`` packages, the assignment's instructor folder (config, solution
notebook, hidden tests, data; no mutants or alternatives) and the pinned requirements. The
autograder is instructor-side, so bundling the solution is fine; students never see it.
"""

from __future__ import annotations

import importlib.metadata
import re
import shlex
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import autograder
import shared
from autograder import settings
from autograder.authoring.assignment import Assignment

__all__ = ["export_gradescope", "requirements"]

SETUP = """\
#!/usr/bin/env bash
# Gradescope runs this once while building the autograder image (Ubuntu, as root).
set -euo pipefail
cd "$(dirname "$0")"
apt-get update -qq || true
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv bubblewrap || true
python3 -m venv /opt/medl-venv
# torch first, from PyTorch's CPU index: PyPI's Linux build is a multi-GB CUDA one.
/opt/medl-venv/bin/pip install --quiet --index-url https://download.pytorch.org/whl/cpu \\
    "$(grep -E '^torch([<>=!~ ]|$)' requirements.txt)"
/opt/medl-venv/bin/pip install --quiet -r requirements.txt
/opt/medl-venv/bin/pip install --quiet --no-deps .
"""

RUN = """\
#!/usr/bin/env bash
# Gradescope runs this for each submission: grade $ROOT/submission/*.ipynb into
# $ROOT/results/results.json. MEDL_GRADESCOPE_ROOT replaces /autograder (tests use a fake
# tree); MEDL_PYTHON replaces the interpreter set up by setup.sh.
set -uo pipefail
ROOT="${{MEDL_GRADESCOPE_ROOT:-/autograder}}"
PY="${{MEDL_PYTHON:-/opt/medl-venv/bin/python}}"
export MEDL_ROOT="$ROOT/source" MPLBACKEND=Agg{secret}
cd "$ROOT/source"
exec "$PY" -m autograder.course.export.gradescope_run --root "$ROOT" --assignment {aid}
"""

PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "medl-autograder"
version = "{version}"
requires-python = ">=3.11"

[tool.setuptools.packages.find]
include = ["autograder*", "shared*"]
"""

NOT_FOR_GRADING = {"dask", "distributed", "jinja2"}


def _pins() -> dict[str, str]:
    """Exact versions from the checkout's constraints.txt (name -> "name==version")."""
    path = Path(autograder.__file__).resolve().parents[1] / "constraints.txt"
    if not path.is_file():
        return {}
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            pins[line.split("==", 1)[0].strip().lower()] = line
    return pins


def requirements() -> list[str]:
    """medl's runtime requirements, without extras and without batch-only packages; pinned
    to constraints.txt's exact versions where the checkout has them (a reproducible image)."""
    pins = _pins()
    try:
        reqs = importlib.metadata.requires("medl") or []
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - a plain checkout
        reqs = ["numpy>=1.26,<3", "torch>=2.2,<3", "nbformat>=5.9", "rich>=13"]
    out = []
    for r in reqs:
        if "extra ==" in r:
            continue
        name = re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower()
        if name not in NOT_FOR_GRADING:
            out.append(pins.get(name, r.split(";", 1)[0].strip()))
    return out


def _package_files(pkg_dir: Path) -> Iterator[tuple[Path, str]]:
    for p in sorted(pkg_dir.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc":
            yield p, f"{pkg_dir.name}/{p.relative_to(pkg_dir).as_posix()}"


def _assignment_files(a: Assignment) -> Iterator[tuple[Path, str]]:
    base = f"solutions/{a.source_dir.name}"
    wanted = [a.source_dir / "assignment.toml", a.solution_notebook]
    wanted += sorted(p for p in (a.source_dir / "hidden").rglob("*") if p.is_file())
    for d in a.data:
        p = a.source_dir / d
        wanted += sorted(q for q in p.rglob("*") if q.is_file()) if p.is_dir() else [p]
    for p in wanted:
        if "__pycache__" not in p.parts:
            yield p, f"{base}/{p.relative_to(a.source_dir).as_posix()}"


def _add(zf: zipfile.ZipFile, arcname: str, text: str, executable: bool = False) -> None:
    info = zipfile.ZipInfo(arcname, date_time=(2026, 1, 1, 0, 0, 0))
    mode = 0o755 if executable else 0o644
    info.external_attr = (stat.S_IFREG | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, text)


def export_gradescope(a: Assignment, out: Path) -> Path:
    """Write the autograder zip for ``a`` to ``out``; return ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    secret = settings.secret(required=True)
    secret_line = f" MEDL_SECRET={shlex.quote(secret)}" if secret else ""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        _add(zf, "setup.sh", SETUP, executable=True)
        _add(
            zf,
            "run_autograder",
            RUN.format(aid=shlex.quote(a.id), secret=secret_line),
            executable=True,
        )
        _add(zf, "requirements.txt", "\n".join(requirements()) + "\n")
        _add(zf, "pyproject.toml", PYPROJECT.format(version=autograder.__version__))
        for pkg in (autograder, shared):
            for path, arc in _package_files(Path(pkg.__file__).parent):
                zf.write(path, arc)
        for path, arc in _assignment_files(a):
            zf.write(path, arc)
    return out
