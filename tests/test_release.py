"""The student release: generated from the single source, checked for staleness and leaks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.authoring.assignment import load_assignment
from autograder.authoring.release import build_all, check_all, stub_notebook
from autograder.errors import MarkerError


@pytest.fixture
def root(tmp_path, toy_root) -> Path:
    """A private copy of the toy checkout (tests here modify it)."""
    dest = tmp_path / "root"
    shutil.copytree(toy_root, dest)
    return dest


def test_release_stubs_every_graded_function_and_clears_outputs(root):
    nb = nbformat.read(root / "assignments/toy01_demo/toy01_demo.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    assert 'raise NotImplementedError("toy01.q1 scale")' in text
    assert 'raise NotImplementedError("toy01.q2 softmax")' in text
    assert "z.max(axis=-1" not in text and "SOLUTION" not in text
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert (root / "assignments/shared/compare.py").exists()
    reqs = (root / "assignments/requirements.txt").read_text()
    assert reqs.count("\ntorch>=") == 1 and "download.pytorch.org/whl/cpu" in reqs
    assert (root / "assignments/medl_check.py").is_file()


def test_fresh_release_checks_clean(root):
    assert check_all(root=root) == []


def test_hand_edited_release_is_stale(root):
    p = root / "assignments/toy01_demo/toy01_demo.ipynb"
    p.write_text(p.read_text().replace("Toy", "Toy!"))
    (root / "assignments/toy01_demo/notes.txt").write_text("stray")
    problems = check_all(root=root)
    assert any("toy01_demo.ipynb is stale" in p for p in problems)
    assert any("notes.txt is not part of the release" in p for p in problems)


def test_solution_line_or_hidden_file_in_release_is_a_leak(root):
    p = root / "assignments/toy01_demo/toy01_demo.ipynb"
    nb = json.loads(p.read_text())
    nb["cells"].append(
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": "hint: shifted = z - z.max(axis=-1, keepdims=True)",
        }
    )
    p.write_text(json.dumps(nb))
    shutil.copy(
        root / "solutions/toy01_demo/hidden/test_toy.py",
        root / "assignments/toy01_demo/test_toy.py",
    )
    problems = "\n".join(check_all(root=root))
    assert "leaks solution line" in problems
    assert "leaks hidden test test_toy.py::test_softmax_huge" in problems


def test_malformed_markers_stop_the_release_with_the_cell_number(root):
    """The cell is named as a student counts it: the second *code* cell (the third cell),
    with its first line."""
    src = root / "solutions/toy01_demo/toy01_demo.ipynb"
    nb = nbformat.read(src, as_version=4)
    nb.cells[2].source = nb.cells[2].source.replace("    ### END SOLUTION\n", "")
    nbformat.write(nb, src)
    where = 'cell 2 "def scale(x: np.ndarray, alpha: float...", line 3'
    with pytest.raises(MarkerError, match=re.escape(f"{where}: BEGIN SOLUTION is never closed")):
        stub_notebook(load_assignment("toy01", root))
    out = subprocess.run(
        [sys.executable, "-m", "autograder.cli", "release"],
        cwd=root,
        capture_output=True,
        text=True,
        env={"MEDL_ROOT": str(root), "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 2
    assert out.stderr.strip().startswith(f"medl: error: toy01_demo.ipynb: {where}")
    assert "Traceback" not in out.stderr


def test_release_works_on_its_own(root, tmp_path):
    """A student with only assignments/ imports the shared helpers from the release copy."""
    student = tmp_path / "student"
    shutil.copytree(root / "assignments", student)
    code = "import sys; sys.path.insert(0, '..'); import shared.compare as c; print(c.__file__)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=student / "toy01_demo",
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(out.stdout.strip()).resolve().is_relative_to(student.resolve())


def test_the_repository_release_is_up_to_date_and_leaks_nothing(repo_root):
    problems = check_all(root=repo_root)
    assert problems == [], "\n".join(problems[:20])


def test_building_twice_gives_identical_files(root):
    before = (root / "assignments/toy01_demo/toy01_demo.ipynb").read_bytes()
    build_all(["toy01"], root)
    assert (root / "assignments/toy01_demo/toy01_demo.ipynb").read_bytes() == before
