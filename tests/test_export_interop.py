"""`medl export nbgrader|otter`: the notebooks medl writes (always), and the real tools
(`nbgrader generate_assignment` + `autograde`, `otter assign` + `otter run`) when the
`interop` extra is installed."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import pytest

from autograder.authoring.assignment import Assignment, load_assignment
from autograder.cli import main
from autograder.course.export.interop import RUNNER, exported_questions, speed_questions
from autograder.grading.hidden import collect_tests
from autograder.grading.reference import load_reference

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def ch01() -> Assignment:
    return load_assignment("ch01", ROOT)


@pytest.fixture(scope="module")
def ch05() -> Assignment:
    return load_assignment("ch05", ROOT)


def _export(kind: str, aid: str, out: Path) -> None:
    assert main(["export", kind, aid, "--out", str(out)]) == 0


def _nbgrader_meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


@pytest.mark.parametrize("aid", ["ch01", "ch05"])
def test_nbgrader_source_notebook_structure(tmp_path: Path, aid: str) -> None:
    a = load_assignment(aid, ROOT)
    _export("nbgrader", aid, tmp_path)
    nb = nbformat.read(tmp_path / "source" / aid / a.notebook, as_version=4)
    nbformat.validate(nb)
    grade_cells = [c for c in nb.cells if _nbgrader_meta(c).get("grade")]
    exported = exported_questions(a)
    assert [_nbgrader_meta(c)["grade_id"] for c in grade_cells] == [
        f"{q.id}_hidden_tests" for q in exported
    ]
    for c, q in zip(grade_cells, exported, strict=True):
        meta = _nbgrader_meta(c)
        assert meta["points"] == q.points and meta["locked"] and not meta["solution"]
        assert meta["schema_version"] == 3
        visible, hidden = c.source.split("### BEGIN HIDDEN TESTS")
        assert "run_question" not in visible and "no sandbox" in visible
        assert f'run_question("{q.id}", globals())' in hidden
        assert hidden.rstrip().endswith("### END HIDDEN TESTS")
    speed_points = sum(q.points for q in speed_questions(a))
    assert sum(_nbgrader_meta(c)["points"] for c in grade_cells) == a.max_score - speed_points
    ids = [_nbgrader_meta(c)["grade_id"] for c in nb.cells if _nbgrader_meta(c)]
    assert len(ids) == len(set(ids))
    for c in nb.cells:  # markers only in solution cells, every such cell is one
        has_markers = "### BEGIN SOLUTION" in c.source
        assert has_markers == bool(_nbgrader_meta(c).get("solution")), c.source[:80]
        if c.cell_type == "code":
            assert c.outputs == []
    config = (tmp_path / "nbgrader_config.py").read_text()
    assert "c.CourseDirectory.course_id = 'medl'" in config


def test_nbgrader_keeps_hidden_tests_out_of_the_release_folder(tmp_path: Path, ch01) -> None:
    """nbgrader copies source/<ID>/ into the student release: nothing secret may live there."""
    _export("nbgrader", "ch01", tmp_path)
    runner = tmp_path / "medl_hidden" / "ch01" / RUNNER
    assert runner.is_file()
    secrets = [t.name.split(".")[1] for t in collect_tests(ch01)]
    for p in (tmp_path / "source" / "ch01").rglob("*"):
        if p.is_file() and p.suffix != ".ipynb":
            text = p.read_text(errors="replace")
            assert not [s for s in secrets if s in text], p
    assert not list((tmp_path / "source").rglob(RUNNER))


def test_speed_questions_get_a_note_and_no_points(tmp_path: Path, ch05) -> None:
    speed = speed_questions(ch05)
    assert [q.id for q in speed] == ["q3s"]
    _export("nbgrader", "ch05", tmp_path / "nbg")
    _export("otter", "ch05", tmp_path / "ot")
    for path in (
        tmp_path / "nbg" / "source" / "ch05" / ch05.notebook,
        tmp_path / "ot" / "ch05" / ch05.notebook,
    ):
        nb = nbformat.read(path, as_version=4)
        notes = [
            c
            for c in nb.cells
            if c.cell_type == "markdown"
            and "is a speed question and is not autograded here" in c.source
        ]
        assert len(notes) == 1 and "q3s" in notes[0].source
        assert 'run_question("q3s"' not in path.read_text()
        assert 'name: \\"q3s\\"' not in path.read_text()


def _otter_config(cell) -> dict:
    return {
        k: json.loads(v) for k, v in (line.split(": ", 1) for line in cell.source.splitlines()[1:])
    }


@pytest.mark.parametrize("aid", ["ch01", "ch05"])
def test_otter_master_notebook_structure(tmp_path: Path, aid: str) -> None:
    a = load_assignment(aid, ROOT)
    _export("otter", aid, tmp_path)
    dest = tmp_path / aid
    nb = nbformat.read(dest / a.notebook, as_version=4)
    nbformat.validate(nb)
    first = nb.cells[0]
    assert first.cell_type == "raw" and first.source.startswith("# ASSIGNMENT CONFIG")
    cfg = _otter_config(first)
    assert cfg["name"] == aid and cfg["autograder_files"] == [RUNNER]
    assert RUNNER not in cfg["files"] and "shared" in cfg["files"]
    assert (dest / RUNNER).is_file() and (dest / "shared" / "compare.py").is_file()
    raws = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "raw"]
    assert (
        raws.count("# BEGIN QUESTION") == raws.count("# END QUESTION") == len(exported_questions(a))
    )
    assert raws.count("# BEGIN TESTS") == raws.count("# END TESTS")
    tests = collect_tests(a)
    total = 0.0
    for i, c in enumerate(nb.cells):
        if c.cell_type == "raw" and c.source.startswith("# BEGIN QUESTION"):
            q = _otter_config(c)
            want = [t.spec.points for t in tests if t.spec.question == q["name"]]
            assert q["points"] == want and q["check_cell"] is False
            total += sum(want)
            end = next(
                j
                for j in range(i, len(nb.cells))
                if nb.cells[j].source.startswith("# END QUESTION")
            )
            cases = [
                x for x in nb.cells[i:end] if x.cell_type == "code" and "run_test(" in x.source
            ]
            assert len(cases) == len(want)
            assert all(x.source.startswith("# HIDDEN\n") for x in cases)
    speed_points = sum(q.points for q in speed_questions(a))
    assert total == pytest.approx(a.max_score - speed_points)
    text = "\n".join(c.source for c in nb.cells)
    assert "### BEGIN SOLUTION" not in text and "### END SOLUTION" not in text
    n_regions = len(re.findall(r"### BEGIN SOLUTION", a.solution_notebook.read_text()))
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert len(re.findall(r"^\s*# BEGIN SOLUTION$", code, re.MULTILINE)) == n_regions


def _load_runner(path: Path) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(f"medl_runner_{os.getpid()}_{id(path)}", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_runner_grades_reference_stub_and_mutant_in_process(tmp_path: Path, ch01) -> None:
    """The shipped runner alone (no nbgrader): reference full, nothing zero, mutant partial."""
    _export("nbgrader", "ch01", tmp_path)
    runner = _load_runner(tmp_path / "medl_hidden" / "ch01" / RUNNER)
    reference = dict(vars(load_reference(ch01.solution_notebook)))
    for q in ch01.questions:
        assert runner.run_question(q.id, reference) is None
        with pytest.raises(AssertionError, match=f"{q.id}: 0/"):
            runner.run_question(q.id, {})
    mutant = dict(reference)
    exec((ch01.source_dir / "mutants" / "q10_mse_mean_over_entries.py").read_text(), mutant)
    got = runner.run_question("q10", mutant)
    assert got is not None and 0 < got < ch01.question("q10").points
    with pytest.raises(AssertionError, match="test_q9_q10_training"):
        for t in [n for n, s, _ in runner.tests() if s.question == "q10"]:
            runner.run_test(t, mutant)


# ---------------------------------------------------------------- the real tools


def _tool(name: str) -> str:
    exe = BIN / name
    if not exe.exists():
        pytest.skip(f"{name} is not installed (pip install -e '.[interop]')")
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        if "python3" not in KernelSpecManager().find_kernel_specs():
            pytest.skip(
                "no Jupyter kernel named python3 (python -m ipykernel install --sys-prefix)"
            )
    except ImportError:  # pragma: no cover
        pytest.skip("jupyter_client is not installed")
    return str(exe)


def _run(cmd: list[str], cwd: Path, timeout: float = 120) -> str:
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "MPLBACKEND": "Agg",
    }
    env.pop("MEDL_ROOT", None)
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout + proc.stderr


@pytest.mark.slow
def test_nbgrader_generate_and_autograde(tmp_path: Path, ch01) -> None:
    nbgrader = _tool("nbgrader")
    course = tmp_path / "course"
    _export("nbgrader", "ch01", course)
    _run([nbgrader, "generate_assignment", "ch01"], course)
    release = course / "release" / "ch01"
    text = (release / ch01.notebook).read_text()
    assert "run_question" not in text and "HIDDEN TESTS" not in text
    assert not list(release.rglob(RUNNER))
    for student, src in (("ref", course / "source"), ("stub", course / "release")):
        sub = course / "submitted" / student / "ch01"
        sub.mkdir(parents=True)
        sub.joinpath(ch01.notebook).write_bytes((src / "ch01" / ch01.notebook).read_bytes())
    _run([nbgrader, "autograde", "ch01"], course, timeout=240)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assert gb.find_submission("ch01", "ref").score == pytest.approx(ch01.max_score)
        assert gb.find_submission("ch01", "stub").score == 0


@pytest.mark.slow
def test_otter_assign_and_run(tmp_path: Path, ch01) -> None:
    otter = _tool("otter")
    _export("otter", "ch01", tmp_path)
    master = tmp_path / "ch01"
    _run([otter, "assign", ch01.notebook, "dist"], master)
    student = master / "dist" / "student"
    assert not list(student.rglob(RUNNER))
    text = (student / ch01.notebook).read_text()
    assert "run_test" not in text and "# BEGIN SOLUTION" not in text
    zips = list((master / "dist" / "autograder").glob("*.zip"))
    assert len(zips) == 1
    out = tmp_path / "run"
    out.mkdir()
    _run(
        [
            otter,
            "run",
            "-a",
            str(zips[0]),
            "-o",
            str(out),
            str(master / "dist" / "autograder" / ch01.notebook),
        ],
        master,
        timeout=240,
    )
    tests = json.loads((out / "results.json").read_text())["tests"]
    score = sum(t.get("score", 0.0) for t in tests)
    assert score == pytest.approx(ch01.max_score), tests
