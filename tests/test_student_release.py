"""The student's first hour: install, Run All on an untouched notebook, check, submit."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.authoring.release import README, REQUIREMENTS

# medl_check.py must work with only what the release installs: medl itself is blocked.
NO_MEDL = (
    "import runpy, sys; sys.modules['autograder'] = None; "
    "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
)


def check(release: Path, notebook: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", NO_MEDL, str(release / "medl_check.py"), notebook],
        cwd=release,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_medl_check_py_runs_the_visible_checks_without_medl(toy_root, tmp_path):
    release = tmp_path / "release"
    shutil.copytree(toy_root / "assignments", release)
    out = check(release, "toy01_demo/toy01_demo.ipynb")
    assert out.returncode == 1, out.stderr
    assert "q1 scale: TODO - not implemented yet (toy01.q1 scale)" in out.stdout
    assert "toy01_demo.ipynb: 2 visible checks" in out.stdout and "2 todo" in out.stdout
    solved = toy_root / "solutions/toy01_demo/toy01_demo.ipynb"
    shutil.copy(solved, release / "toy01_demo" / "toy01_demo.ipynb")
    out = check(release, "toy01_demo/toy01_demo.ipynb")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "2 passed" in out.stdout
    out = check(release, "nope.ipynb")
    assert out.returncode == 2 and out.stderr.startswith("medl_check: error: nope.ipynb")


def test_the_release_readme_says_how_to_install_check_and_submit():
    assert "pip install torch --index-url https://download.pytorch.org/whl/cpu" in README
    assert "python medl_check.py ch01_notation/ch01_notation.ipynb" in README
    assert "## Submit" in README and "name and arguments" in README
    assert "torch>=2.2,<3" in REQUIREMENTS and "==" not in REQUIREMENTS


def test_needs_turns_an_unfinished_stub_into_one_line(capsys):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from shared.visible import needs

    with needs("q4"):
        plt.figure()
        raise NotImplementedError("ch01.q4 sigmoid")
    with needs("q4", "q5"):
        raise NotImplementedError
    assert capsys.readouterr().out.splitlines() == [
        "finish q4 (sigmoid) to see this plot",
        "finish q4 and q5 to see this plot",
    ]
    assert plt.get_fignums() == []  # the half-drawn figure is closed
    with pytest.raises(ValueError):  # a real bug still shows
        with needs("q4"):
            raise ValueError("bug")


@pytest.mark.slow
def test_run_all_on_the_untouched_ch01_release_runs_to_the_end(repo_root):
    """Jupyter's Run All stops at the first error: no cell of the untouched release may
    raise, and each plot that needs a stub says which question to finish."""
    from nbclient import NotebookClient

    folder = repo_root / "assignments" / "ch01_notation"
    nb = nbformat.read(folder / "ch01_notation.ipynb", as_version=4)
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(folder)}}).execute()
    printed = "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )
    assert "finish q1 (standardize) to see this plot" in printed
    assert "finish q4 (sigmoid) to see this plot" in printed
