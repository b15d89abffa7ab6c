"""The command line contract: verbs, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def medl(*args: str, root: Path | None = None, cwd: Path | None = None):
    env = dict(os.environ)
    if root is not None:
        env["MEDL_ROOT"] = str(root)
    return subprocess.run(
        [sys.executable, "-m", "autograder.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


def test_usage_errors_exit_2_with_one_line(toy_root):
    for args in (
        ["grade"],
        ["grade", "nope", "--reference"],
        ["grade", "toy01"],
        ["frobnicate"],
        ["grade", "toy01", "missing.ipynb"],
    ):
        out = medl(*args, root=toy_root)
        assert out.returncode == 2, (args, out.stderr)
        assert out.stderr.startswith("medl: error: ") and "Traceback" not in out.stderr


@pytest.mark.parametrize(
    "var,value", [("MEDL_SANDBOX", "bwrp"), ("MEDL_WORKER_START", "frsh")], ids=["sandbox", "start"]
)
def test_a_misspelled_setting_stops_the_batch_before_it_starts(
    toy_root, tmp_path, monkeypatch, var, value
):
    monkeypatch.setenv(var, value)
    out = medl("grade", "toy01", "--reference", "--out", str(tmp_path), root=toy_root)
    assert out.returncode == 2, out.stderr
    assert f"medl: error: {var}='{value}'" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "reference").exists()


def test_grade_reference_and_stub_write_results(toy_root, tmp_path):
    out = medl("grade", "toy01", "--reference", "--out", str(tmp_path), root=toy_root)
    assert out.returncode == 0, out.stderr
    assert json.loads((tmp_path / "reference/results.json").read_text())["score"] == 3
    assert "reference" in out.stdout and "3 / 3" in out.stdout
    out = medl("grade", "toy01", "--stub", "--out", str(tmp_path), root=toy_root)
    assert json.loads((tmp_path / "stub/results.json").read_text())["score"] == 0


def test_unreadable_submission_scores_zero_and_the_batch_goes_on(toy_root, tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "broken.ipynb").write_text("this is not json")
    (subs / "good.ipynb").write_bytes(
        (toy_root / "solutions/toy01_demo/toy01_demo.ipynb").read_bytes()
    )
    out = medl("grade", "toy01", str(subs), "--out", str(tmp_path / "out"), root=toy_root)
    assert out.returncode == 0, out.stderr
    broken = json.loads((tmp_path / "out/broken/results.json").read_text())
    assert broken["score"] == 0 and "not valid JSON" in broken["tests"][0]["output"]
    assert json.loads((tmp_path / "out/good/results.json").read_text())["score"] == 3


@pytest.mark.parametrize("solved", [False, True])
def test_check_runs_visible_tests(toy_root, solved):
    folder = "solutions" if solved else "assignments"
    nb = toy_root / folder / "toy01_demo" / "toy01_demo.ipynb"
    out = medl("check", str(nb), root=toy_root)
    if solved:
        assert out.returncode == 0, out.stdout + out.stderr
        assert "q2 softmax: passed" in out.stdout and "2 passed" in out.stdout
    else:
        assert out.returncode == 1
        assert "q1 scale: TODO - not implemented yet (toy01.q1 scale)" in out.stdout
