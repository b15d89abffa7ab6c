"""Every input file is accounted for; a batch of the wrong assignment says so."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import nbformat
from toy import notebook

from autograder.authoring.assignment import load_assignment
from autograder.cli import main
from autograder.course.batch import collect, wrong_assignment
from autograder.grading.submission import from_notebook

GOOD = "import numpy as np\ndef scale(x, alpha):\n    return alpha * np.asarray(x, dtype=float)"


def nb_bytes(src: str) -> bytes:
    return nbformat.writes(notebook([("code", src)])).encode()


def test_every_file_of_a_folder_and_a_zip_is_in_the_closing_summary(
    tmp_path, toy_root, monkeypatch, capsys
):
    """A PDF in a class folder or a zip, an older notebook of the same student and the
    checkpoints folder each appear, with why they were not graded."""
    monkeypatch.setenv("MEDL_ROOT", str(toy_root))
    cls = tmp_path / "class"
    (cls / "bob").mkdir(parents=True)
    (cls / ".ipynb_checkpoints").mkdir()
    (cls / "alice.ipynb").write_bytes(nb_bytes(GOOD))
    (cls / "bob" / "old.ipynb").write_bytes(nb_bytes(GOOD))
    (cls / "bob" / "new.ipynb").write_bytes(nb_bytes(GOOD))
    os.utime(cls / "bob" / "old.ipynb", (1e9, 1e9))
    (cls / "carol_report.pdf").write_bytes(b"%PDF-1.4")
    (cls / ".ipynb_checkpoints" / "alice-checkpoint.ipynb").write_bytes(b"{}")
    z = tmp_path / "late.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("dave.ipynb", nb_bytes(GOOD))
        zf.writestr("dave_scan.pdf", b"%PDF-1.4")
        zf.writestr("__MACOSX/._dave.ipynb", b"junk")
    code = main(["grade", "toy01", str(cls), str(z), "--out", str(tmp_path / "o"), "--quiet"])
    out = capsys.readouterr().out
    assert code == 0
    tail = out[out.index("inputs: ") :]
    assert tail.startswith(
        "inputs: 8 file(s): 3 graded, 1 older submission of the same student, not graded, "
        "2 not a notebook, 2 system files skipped"
    ), tail
    assert f"not a notebook: {cls / 'carol_report.pdf'}" in tail
    assert "not a notebook: late.zip/dave_scan.pdf" in tail
    assert f"older submission of the same student, not graded: {cls / 'bob' / 'old.ipynb'}" in tail


def test_similar_folder_names_stay_two_students_and_the_summary_says_so(tmp_path):
    """ "José" and "Jose" make the same plain key; they are two people."""
    for name in ("José", "Jose"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "hw.ipynb").write_bytes(nb_bytes(GOOD))
    found = collect([tmp_path])
    keys = sorted(s.student for s in found.subs)
    assert len(keys) == 2 and all(k.startswith("Jose_") for k in keys) and keys[0] != keys[1]
    (collision,) = found.collisions
    assert '"José"' in collision and '"Jose"' in collision


def test_a_batch_of_another_assignment_names_it(repo_root):
    ch01_nb = repo_root / "examples" / "ch01" / "alice_correct.ipynb"
    sub = from_notebook(ch01_nb, "alice")
    msg = wrong_assignment(load_assignment("ch02", repo_root), [sub])
    assert msg is not None and "of the functions graded in ch02" in msg, msg
    assert "of ch01's (" in msg and "`medl grade ch01 ...`" in msg
    assert wrong_assignment(load_assignment("ch01", repo_root), [sub]) is None


def test_the_warning_reaches_the_instructor(tmp_path, toy_root, monkeypatch, capsys):
    monkeypatch.setenv("MEDL_ROOT", str(toy_root))
    other = tmp_path / "other.ipynb"
    other.write_bytes(nb_bytes("def standardize(X):\n    return X"))
    assert main(["grade", "toy01", str(other), "--out", str(tmp_path / "o"), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert out.count("warning: none of the 1 notebook(s) defines a function graded in toy01") == 2


def test_a_file_that_is_not_a_notebook_is_listed_not_graded(tmp_path, toy_root, monkeypatch):
    monkeypatch.setenv("MEDL_ROOT", str(toy_root))
    pdf = tmp_path / "alice.pdf"
    pdf.write_bytes(b"%PDF")
    found = collect([pdf, Path(toy_root / "assignments/toy01_demo/toy01_demo.ipynb")])
    assert [s.student for s in found.subs] == ["toy01_demo"]
    assert found.not_notebooks == [str(pdf)]
