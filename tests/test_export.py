"""Exports: the LMS gradebook CSV and the Gradescope autograder zip (run for real)."""

from __future__ import annotations

import copy
import csv
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import submission

from autograder.cli import main
from autograder.course.gradebook import Gradebook
from autograder.grading.runner import grade

IMPORTS = "import numpy as np"
SCALE = "def scale(x, alpha):\n    return alpha * np.asarray(x, dtype=float)"
SOFTMAX = (
    "def softmax(z):\n    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
    "    return e / e.sum(axis=-1, keepdims=True)"
)


@pytest.fixture(scope="module")
def graded(toy) -> dict[str, dict]:
    return {
        "ann": grade(toy, submission(IMPORTS, SCALE, SOFTMAX, student="ann")),
        "bob": grade(toy, submission(IMPORTS, SCALE, student="bob")),
    }


def book_with(tmp_path: Path, graded: dict[str, dict], lms: str) -> Path:
    """toy01 for ann and bob, and a fake second assignment toy02 that only ann did."""
    db = tmp_path / "gb.db"
    with Gradebook(db) as book:
        for i, (name, res) in enumerate(graded.items()):
            res = copy.deepcopy(res)
            if lms != "file":
                res["extra_data"]["lms"] = {
                    "system": lms,
                    "id": str(1001 + i),
                    "name": name.title() + " Lee",
                    "late": False,
                }
            book.record(res)
            if name == "ann":
                res["extra_data"]["assignment"] = "toy02"
                book.record(res)
    return db


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def test_canvas_csv_has_one_row_per_student_and_a_column_per_question(tmp_path, graded):
    db = book_with(tmp_path, graded, "canvas")
    out = tmp_path / "grades.csv"
    assert main(["export", "csv", str(db), "--out", str(out)]) == 0
    header = out.read_text().splitlines()[0].split(",")
    assert header == [
        "Student",
        "ID",
        "SIS User ID",
        "SIS Login ID",
        "Section",
        "toy01",
        "toy01 q1",
        "toy01 q2",
        "toy02",
        "toy02 q1",
        "toy02 q2",
        "Total",
    ]
    points, ann, bob = read_csv(out)
    assert points["Student"] == "Points Possible" and points["toy01"] == "3"
    assert points["Total"] == "6"
    assert (ann["Student"], ann["ID"], ann["toy01"], ann["toy02 q2"], ann["Total"]) == (
        "Ann Lee",
        "1001",
        "3",
        "2",
        "6",
    )
    assert (bob["ID"], bob["toy01 q1"], bob["toy01 q2"], bob["toy02"], bob["Total"]) == (
        "1002",
        "1",
        "0",
        "",
        "1",
    )


def test_csv_for_plain_file_names_uses_the_login_column(tmp_path, graded):
    db = book_with(tmp_path, graded, "file")
    out = tmp_path / "g.csv"
    assert main(["export", "csv", str(db), "--assignment", "toy01", "--out", str(out)]) == 0
    rows = read_csv(out)
    assert [r["SIS Login ID"] for r in rows[1:]] == ["ann", "bob"]
    assert "toy02" not in rows[0]


def test_moodle_worksheet_matches_participants(tmp_path, graded, capsys):
    db = book_with(tmp_path, graded, "moodle")
    out = tmp_path / "m.csv"
    assert main(["export", "csv", str(db), "--lms", "moodle", "--out", str(out)]) == 2
    assert "--assignment" in capsys.readouterr().err
    assert (
        main(
            [
                "export",
                "csv",
                str(db),
                "--lms",
                "moodle",
                "--assignment",
                "toy01",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    ann, bob = read_csv(out)
    assert (ann["Identifier"], ann["Full name"], ann["Grade"], ann["Maximum Grade"]) == (
        "Participant 1001",
        "Ann Lee",
        "3",
        "3",
    )
    assert bob["q2"] == "0" and "q2 0/2" in bob["Feedback comments"]


def test_export_of_an_empty_or_missing_gradebook_is_a_usage_error(tmp_path):
    assert main(["export", "csv", str(tmp_path / "no.db"), "--out", str(tmp_path / "x")]) == 2
    Gradebook(tmp_path / "empty.db").close()
    assert main(["export", "csv", str(tmp_path / "empty.db"), "--out", str(tmp_path / "x")]) == 2


def run_autograder(tree: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "MEDL_GRADESCOPE_ROOT": str(tree), "MEDL_PYTHON": sys.executable}
    env.pop("MEDL_ROOT", None)
    return subprocess.run(
        ["bash", str(tree / "source" / "run_autograder")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tree,
    )


@pytest.mark.slow
def test_gradescope_zip_grades_a_fake_autograder_tree(tmp_path, toy, toy_root, monkeypatch):
    monkeypatch.setenv("MEDL_ROOT", str(toy_root))
    zpath = tmp_path / "toy01-gradescope.zip"
    assert main(["export", "gradescope", "toy01", "--out", str(zpath)]) == 0
    with zipfile.ZipFile(zpath) as zf:
        names = set(zf.namelist())
        modes = {i.filename: i.external_attr >> 16 for i in zf.infolist()}
        reqs = zf.read("requirements.txt").decode()
        zf.extractall(tmp_path / "autograder" / "source")
    assert {
        "setup.sh",
        "run_autograder",
        "requirements.txt",
        "pyproject.toml",
        "autograder/grading/runner.py",
        "autograder/sandbox/jail/worker.py",
        "shared/compare.py",
        "solutions/toy01_demo/hidden/test_toy.py",
    } <= names
    assert not any("mutants" in n or "alternatives" in n or "__pycache__" in n for n in names)
    assert modes["run_autograder"] & stat.S_IXUSR and modes["setup.sh"] & stat.S_IXUSR
    assert "torch==2.13.0" in reqs and "dask" not in reqs
    tree = tmp_path / "autograder"
    subprocess.run(["bash", "-n", str(tree / "source" / "setup.sh")], check=True)

    (tree / "submission").mkdir()
    shutil.copy(toy.solution_notebook, tree / "submission" / "my upload.ipynb")
    done = run_autograder(tree)
    assert done.returncode == 0, done.stderr
    res = json.loads((tree / "results" / "results.json").read_text())
    assert res["score"] == res["max_score"] == 3
    assert {t["status"] for t in res["tests"]} == {"passed"}

    shutil.copy(toy.release_dir / toy.notebook, tree / "submission" / toy.notebook)
    done = run_autograder(tree)  # the file named like the assignment wins: the stub
    assert done.returncode == 0, done.stderr
    assert json.loads((tree / "results" / "results.json").read_text())["score"] == 0

    shutil.rmtree(tree / "submission")
    (tree / "submission").mkdir()
    assert run_autograder(tree).returncode == 0
    res = json.loads((tree / "results" / "results.json").read_text())
    assert res["score"] == 0 and "No notebook" in res["output"]
