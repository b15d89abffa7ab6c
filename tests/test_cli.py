"""The command line contract: verbs, exit codes, one-line errors."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.cli import _parser


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


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _all_parsers() -> dict[str, argparse.ArgumentParser]:
    out = {"medl": _parser()}
    for name, sub in _subparsers(out["medl"]).items():
        out[f"medl {name}"] = sub
        for fmt, subsub in _subparsers(sub).items():
            out[f"medl {name} {fmt}"] = subsub
    return out


def test_medl_alone_prints_the_commands(toy_root):
    out = medl(root=toy_root)
    assert out.returncode == 0, out.stderr
    for verb in _subparsers(_parser()):
        assert f"    {verb}" in out.stdout, verb
    assert "medl COMMAND --help" in out.stdout


def test_every_option_and_argument_has_help():
    missing = [
        f"{name}: {a.dest}"
        for name, p in _all_parsers().items()
        for a in p._actions
        if not isinstance(a, (argparse._SubParsersAction, argparse._HelpAction))
        and not (a.help or "").strip()
    ]
    assert missing == []


def test_grade_help_lists_the_ids_and_shows_defaults(toy_root):
    out = medl("grade", "--help", root=toy_root)
    text = " ".join(out.stdout.split())
    assert "assignment id: toy01" in text
    assert "(default: graded)" in text and "this machine's cores)" in text


def _readme_mentions(text: str) -> tuple[set[str], set[str]]:
    """Commands and export formats named in a document's code: lines of fenced blocks that
    start with ``medl`` and inline code spans that do."""
    code = re.findall(r"```[a-z]*\n(.*?)```", text, re.S) + re.findall(r"`(medl [^`]+)`", text)
    lines = [ln.strip() for block in code for ln in block.splitlines()]
    # the command ends where an aligned description (two spaces) or a comment begins
    calls = [re.split(r"\s{2,}|\s#", ln)[0].split() for ln in lines if ln.startswith("medl ")]
    verbs = {c[1] for c in calls if len(c) > 1 and re.fullmatch(r"[a-z-]+", c[1])}
    formats = {
        f for c in calls if len(c) > 2 and c[1] == "export" for f in c[2].strip("{}").split(",")
    }
    return verbs, formats


@pytest.mark.parametrize("doc", ["README.md", "docs/instructors.md"])
def test_docs_name_only_commands_and_export_formats_that_exist(repo_root, doc):
    verbs, formats = _readme_mentions((repo_root / doc).read_text())
    real = _subparsers(_parser())
    assert verbs and verbs <= set(real), verbs - set(real)
    assert formats <= set(_subparsers(real["export"])), formats


def test_readme_lists_every_command_and_export_format(repo_root):
    verbs, formats = _readme_mentions((repo_root / "README.md").read_text())
    real = _subparsers(_parser())
    assert {"release", "grade", "check", "export", "report"} <= verbs
    assert set(_subparsers(real["export"])) <= formats


def test_the_score_table_cuts_a_long_message_at_a_word_not_mid_number():
    from autograder.commands import _brief

    msg = (
        "softmax(z)[2, 4]: yours nan, expected 0.31; 29 of 30 entries match; rows must sum "
        "to 1 (did you subtract the row maximum?)\nsecond line"
    )
    cut = _brief(msg, width=90)
    assert cut.endswith(" ...") and len(cut) <= 94 and "\n" not in cut
    assert msg.startswith(cut[:-4]) and msg[len(cut) - 4] == " "  # ends at a word boundary
    assert _brief("short\nmore") == "short"
    assert _brief("\x1b[2Jcleared") == "\\x1b[2Jcleared"
