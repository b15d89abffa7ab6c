"""The gradebook under real failures: SIGKILL half-way then resume, two writers at once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from toy import notebook

from autograder.course.batch import collect, grade_batch
from autograder.course.gradebook import Gradebook

GOOD = (
    "import numpy as np\ndef scale(x, alpha):\n    return alpha * np.asarray(x, float)\n"
    "def softmax(z):\n    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
    "    return e / e.sum(axis=-1, keepdims=True)\n"
)
BUGGY = "import numpy as np\ndef scale(x, alpha):\n    return x\n"


def write_class(folder: Path, n: int, start: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        src = (GOOD if i % 3 else BUGGY) + f"\nSTUDENT = {i}\n"
        nbformat.write(notebook([("code", src)]), folder / f"s{i:03d}.ipynb")
    return folder


def medl(toy_root: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "MEDL_ROOT": str(toy_root)}
    return subprocess.Popen(
        [sys.executable, "-m", "autograder.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def counts(db: Path) -> tuple[int, int]:
    if not db.exists():
        return 0, 0
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        subs = con.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
        rows = con.execute("SELECT COUNT(*) FROM results").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0, 0
    finally:
        con.close()
    return subs, rows


def check_consistent(db: Path, tests_per_sub: int = 3) -> int:
    """integrity_check ok, every submission complete, no duplicate row; return #submissions."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        per_sub = con.execute("""SELECT s.student, COUNT(r.test) FROM submissions s
                                 LEFT JOIN results r USING (assignment, student, sha256)
                                 GROUP BY s.assignment, s.student, s.sha256""").fetchall()
        assert all(n == tests_per_sub for _, n in per_sub), per_sub
        dup = con.execute("""SELECT assignment, student, sha256, test, COUNT(*) FROM results
                             GROUP BY 1, 2, 3, 4 HAVING COUNT(*) > 1""").fetchall()
        assert dup == []
        students = [s for s, _ in per_sub]
        assert len(students) == len(set(students))
        return len(per_sub)
    finally:
        con.close()


@pytest.mark.slow
def test_sigkill_half_way_then_resume_loses_and_duplicates_nothing(tmp_path, toy_root):
    n = 30
    subs = write_class(tmp_path / "class", n)
    db, out = tmp_path / "gb.db", tmp_path / "out"
    args = (
        "grade",
        "toy01",
        str(subs),
        "--gradebook",
        str(db),
        "--out",
        str(out),
        "--jobs",
        "2",
        "--quiet",
    )
    proc = medl(toy_root, *args)
    deadline = time.monotonic() + 120
    while counts(db)[0] < 5:
        assert proc.poll() is None, "the batch ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    done_before = check_consistent(db)
    assert 5 <= done_before < n

    proc = medl(toy_root, *args)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    assert stderr.count("already in the gradebook, skipped") == done_before
    assert check_consistent(db) == n
    assert counts(db) == (n, 3 * n)
    assert sorted(p.name for p in out.iterdir()) == [f"s{i:03d}" for i in range(n)]
    with Gradebook(db) as book:
        scores = {r["student"]: r["score"] for r in book.latest("toy01")}
    assert scores == {f"s{i:03d}": (3.0 if i % 3 else 0.0) for i in range(n)}


@pytest.mark.slow
def test_two_concurrent_batches_on_one_gradebook_do_not_corrupt_it(tmp_path, toy_root):
    subs = write_class(tmp_path / "class", 16)
    part_a, part_b = tmp_path / "a", tmp_path / "b"
    part_a.mkdir()
    part_b.mkdir()
    for p in sorted(subs.iterdir())[:10]:
        (part_a / p.name).write_bytes(p.read_bytes())
    for p in sorted(subs.iterdir())[6:]:
        (part_b / p.name).write_bytes(p.read_bytes())
    db = tmp_path / "gb.db"
    procs = [
        medl(
            toy_root,
            "grade",
            "toy01",
            str(part),
            "--gradebook",
            str(db),
            "--out",
            str(tmp_path / f"out-{part.name}"),
            "--jobs",
            "1",
            "--quiet",
            "--force",
        )
        for part in (part_a, part_b)
    ]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    assert check_consistent(db) == 16
    assert counts(db) == (16, 48)


def test_regrade_is_a_no_op_unless_forced_or_the_file_changed(tmp_path, toy):
    folder = write_class(tmp_path / "class", 2)
    db = tmp_path / "gb.db"

    def run(force: bool = False) -> dict[str, str]:
        found = collect([folder])
        outs = grade_batch(toy, found.subs, tmp_path / "out", db, jobs=2, force=force)
        return {o.student: "skipped" if o.skipped else "graded" for o in outs}

    assert run() == {"s000": "graded", "s001": "graded"}
    assert run() == {"s000": "skipped", "s001": "skipped"}
    assert run(force=True) == {"s000": "graded", "s001": "graded"}
    assert counts(db) == (2, 6)
    nbformat.write(notebook([("code", GOOD)]), folder / "s000.ipynb")  # s000 fixes the bug
    assert run() == {"s000": "graded", "s001": "skipped"}
    assert counts(db) == (3, 9)  # the old version is kept; the newest one counts
    with Gradebook(db) as book:
        assert {r["student"]: r["score"] for r in book.latest("toy01")} == {"s000": 3, "s001": 3}
