"""Hostile names and messages: LMS zips whose display names are formulas, collide, run right
to left or carry terminal escapes; student code whose exceptions and prints carry escapes.

The instructor's spreadsheet must open the exported CSV as plain text with every participant
once, and nothing student-controlled may put a raw control character on the terminal.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
from toy import notebook

from autograder.course.export.table import export_csv
from autograder.course.gradebook import Gradebook

GOOD = "import numpy as np\ndef scale(x, alpha):\n    return alpha * np.asarray(x, dtype=float)"
ESC = "\x1b]0;owned\x07\x1b[2J\x1b[32mALL TESTS PASSED\x1b[0m"
RAW = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
FORMULA = ("=", "+", "-", "@", "\t", "\r")

# (display name, LMS id): formulas, names equal but for accents, RTL override, escapes.
MOODLE = [
    ('=HYPERLINK("http:x","click")', "101"),
    ("+1+2", "102"),
    ("-2+3", "103"),
    ("@SUM(A1:A9)", "104"),
    ("José Díaz", "105"),
    ("Jose Diaz", "106"),
    ("Jose Diaz", "107"),  # the same display name twice: two participants all the same
    ("\u202eevil\u202c gpj.exe", "108"),
    ("Eve" + ESC, "109"),
    ("\tTab\rReturn", "110"),
]
CANVAS = [
    ("=cmd|' calc'!A0", "2001"),
    ("-rf", "2002"),
    ("@me", "2003"),
    ("josé", "2004"),
    ("jose", "2005"),
    ("\u202eevil", "2006"),
    ("eve" + ESC, "2007"),
]


def nb_bytes(src: str) -> bytes:
    return nbformat.writes(notebook([("code", src)])).encode()


def moodle_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, pid in MOODLE:
            zf.writestr(f"{name}_{pid}_assignsubmission_file_/toy01_demo.ipynb", nb_bytes(GOOD))
    return path


def canvas_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for i, (name, uid) in enumerate(CANVAS):
            zf.writestr(f"{name}_{uid}_{9000 + i}_toy01_demo.ipynb", nb_bytes(GOOD))
        zf.writestr("notes" + ESC + ".pdf", b"%PDF")  # listed as not a notebook
        zf.writestr("../" + ESC + ".ipynb", nb_bytes(GOOD))  # rejected: path traversal
    return path


def medl(*args: str, root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "MEDL_ROOT": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "autograder.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def spreadsheet_cells(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    assert not RAW.search(text.replace("\r\n", "\n").replace("\n", "")), "raw control character"
    rows = list(csv.reader(text.splitlines()))
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA):
                float(cell)  # a formula-like cell must be a plain number
    return rows


def test_lms_zips_export_csvs_a_spreadsheet_opens_as_text(tmp_path, toy_root):
    db, out, root = tmp_path / "gb.db", tmp_path / "out", toy_root
    for z in (moodle_zip(tmp_path / "moodle.zip"), canvas_zip(tmp_path / "canvas.zip")):
        run = medl("grade", "toy01", str(z), "--out", str(out), "--gradebook", str(db), root=root)
        assert run.returncode == 0, run.stderr
        assert not RAW.search(run.stdout.replace("\n", "") + run.stderr.replace("\n", ""))
        if z.name == "moodle.zip":
            assert "names collide" in run.stdout and "Jose_Diaz_105" in run.stdout
    with Gradebook(db) as book:
        students = book.students("toy01")
    ids = sorted(s["lms_id"] for s in students.values())
    assert ids == sorted([pid for _, pid in MOODLE] + [uid for _, uid in CANVAS])
    assert not any(key.startswith("-") for _, key in students)

    canvas_csv = tmp_path / "canvas.csv"
    assert export_csv(db, canvas_csv, "toy01", "canvas") == len(MOODLE) + len(CANVAS)
    rows = spreadsheet_cells(canvas_csv)
    body = rows[2:]  # header, Points Possible
    assert len(body) == len(MOODLE) + len(CANVAS)
    assert sorted(r[1] for r in body if r[1]) == sorted(uid for _, uid in CANVAS)
    names = [r[0] for r in body]
    assert '\'=HYPERLINK("http:x","click")' in names and "'-rf" in names and "'@me" in names
    assert "\\u202eevil" in names  # the override is shown, not obeyed

    moodle_csv = tmp_path / "moodle.csv"
    export_csv(db, moodle_csv, "toy01", "moodle")
    rows = spreadsheet_cells(moodle_csv)
    participants = [r[0] for r in rows[1:] if r[0].startswith("Participant ")]
    assert sorted(participants) == sorted(f"Participant {pid}" for _, pid in MOODLE)
    assert len(set(participants)) == len(MOODLE)


LOUD = f"""
import numpy as np
print({ESC!r} + "\\u202e")
def scale(x, alpha):
    print({ESC!r})
    raise ValueError({ESC!r} + "\\r" + "\\u202e")
def softmax(z):
    import warnings
    warnings.warn({ESC!r})
    return np.asarray(z) * 0
"""


def test_grade_output_has_no_raw_control_character_from_student_text(tmp_path, toy_root):
    sub = tmp_path / ("eve" + ESC + ".ipynb")
    sub.write_bytes(nb_bytes(LOUD))
    run = medl("grade", "toy01", str(sub), "--out", str(tmp_path / "o"), root=toy_root)
    both = run.stdout + run.stderr
    assert run.returncode == 0, run.stderr
    assert "ValueError" in both and "\\x1b" in both  # the message is shown, escaped
    assert not RAW.search(both.replace("\n", ""))
