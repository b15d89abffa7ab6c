"""Batch progress and summary: a bar on a terminal (a real pty), log lines otherwise."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

import pytest
from test_gradebook_resume import write_class

from autograder.cli import main
from autograder.course.batch import BatchOutcome
from autograder.course.progress import summarize


def fake(student: str, score: float, secs: float, kinds: list[str]) -> BatchOutcome:
    tests = [
        {"status": "passed" if k == "passed" else "failed", "extra_data": {"kind": k}}
        for k in kinds
    ]
    return BatchOutcome(
        student,
        {
            "score": score,
            "max_score": 3.0,
            "execution_time": secs,
            "tests": tests,
            "extra_data": {},
        },
    )


def test_summary_counts_scores_failure_kinds_and_slowest():
    outs = [
        fake("a", 3, 1.0, ["passed"] * 3),
        fake("b", 1, 9.0, ["passed", "timeout", "wrong"]),
        fake("c", 0, 2.0, ["wrong", "wrong", "crash"]),
        BatchOutcome("d", None, skipped=True),
        BatchOutcome("e", None, error="KeyError: x"),
    ]
    s = summarize(outs, top=2)
    assert (s.students, s.graded, s.skipped, len(s.errors)) == (5, 3, 1, 1)
    assert s.scores == [3, 1, 0] and s.max_score == 3
    assert s.kinds == {"wrong": 3, "timeout": 1, "crash": 1}
    assert s.kind_subs == {"wrong": 2, "timeout": 1, "crash": 1}
    assert s.slowest == [("b", 9.0), ("c", 2.0)]


def test_plain_log_lines_and_summary_when_not_a_terminal(tmp_path, toy_root, monkeypatch, capsys):
    monkeypatch.setenv("MEDL_ROOT", str(toy_root))
    subs = write_class(tmp_path / "class", 3)
    assert (
        main(["grade", "toy01", str(subs), "--out", str(tmp_path / "o"), "--jobs", "2", "--quiet"])
        == 0
    )
    out, err = capsys.readouterr()
    lines = [x for x in err.splitlines() if x.startswith("[")]
    assert len(lines) == 3 and lines[-1].startswith("[3/3] ")
    assert all(re.search(r"\d+(\.\d)?/min, eta \d+:\d\d:\d\d\)$", x) for x in lines[:-1])
    assert re.search(r"\d+(\.\d)?/min\)$", lines[-1])  # nothing left: no eta
    assert "s000: 0/3" in err
    for part in ("summary", "mean", "median", "failed tests by kind", "slowest submissions"):
        assert part in out
    assert re.search(r"mean\s+│\s+2\.00 / 3 \(67%\)", out)


@pytest.mark.slow
def test_a_progress_bar_with_rate_and_eta_on_a_terminal(tmp_path, toy_root):
    subs = write_class(tmp_path / "class", 4)
    master, slave = pty.openpty()
    env = {**os.environ, "MEDL_ROOT": str(toy_root), "COLUMNS": "120", "TERM": "xterm"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "autograder.cli",
            "grade",
            "toy01",
            str(subs),
            "--out",
            str(tmp_path / "o"),
            "--jobs",
            "2",
            "--quiet",
        ],
        stderr=slave,
        stdout=subprocess.DEVNULL,
        env=env,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 1 << 16)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=120) == 0
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8", "replace"))
    assert "grading toy01" in screen and "4/4" in screen
    assert "/min" in screen and "eta" in screen
    assert "[1/4]" not in screen  # no log lines on a terminal


def test_an_internal_error_on_one_submission_does_not_stop_the_batch(
    tmp_path, toy_root, monkeypatch, capsys
):
    import autograder.course.batch as batch

    real = batch.grade

    def flaky(assignment, sub):
        if sub.student == "s001":
            raise RuntimeError("a bug in medl")
        return real(assignment, sub)

    monkeypatch.setattr(batch, "grade", flaky)
    monkeypatch.setenv("MEDL_ROOT", str(toy_root))
    subs = write_class(tmp_path / "class", 3)
    db = tmp_path / "gb.db"
    assert (
        main(
            [
                "grade",
                "toy01",
                str(subs),
                "--out",
                str(tmp_path / "o"),
                "--gradebook",
                str(db),
                "--quiet",
            ]
        )
        == 1
    )
    out, err = capsys.readouterr()
    assert "s001: INTERNAL ERROR RuntimeError: a bug in medl" in err
    assert "1 submission(s) an internal error" in out
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["s000", "s002"]
    monkeypatch.setattr(batch, "grade", real)  # fixed: the rerun grades only s001
    assert (
        main(
            [
                "grade",
                "toy01",
                str(subs),
                "--out",
                str(tmp_path / "o"),
                "--gradebook",
                str(db),
                "--quiet",
            ]
        )
        == 0
    )
    err = capsys.readouterr().err
    assert err.count("skipped") == 2
    assert "0.0/min" not in err and "eta ?" not in err  # skipped files make no rate
