"""Notebooks are tested by running them (outputs are never committed)."""

from __future__ import annotations

import json
import re
import subprocess

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.authoring.assignment import list_ids, load_assignment

IDS = list_ids()
VERDICT = re.compile(r"^(q\w+ .*?): (passed|FAILED|TODO|ERROR)\b", re.M)


def run(path, allow_errors: bool = False) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return nb


def errors(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    return [
        (i, o.get("ename", ""))
        for i, c in enumerate(nb.cells, 1)
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]


@pytest.mark.slow
@pytest.mark.parametrize("aid", IDS)
def test_solution_notebook_runs_top_to_bottom_and_passes_its_visible_tests(aid):
    a = load_assignment(aid)
    nb = run(a.solution_notebook)
    text = "".join(
        o.get("text", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "stream"
    )
    verdicts = VERDICT.findall(text)
    assert verdicts, "no visible test printed a verdict"
    bad = [f"{label}: {status}" for label, status in verdicts if status != "passed"]
    assert not bad, bad


@pytest.mark.slow
@pytest.mark.parametrize("aid", IDS)
def test_release_notebook_runs_all_with_every_stub_unfinished(aid):
    """Run All on the untouched release reaches the end: cells that need an unfinished stub
    say "finish qN (f) to see this plot" (shared.visible.needs) instead of stopping."""
    a = load_assignment(aid)
    nb = run(a.release_dir / a.notebook, allow_errors=True)
    assert not errors(nb), f"cells that stop Run All (cell, error): {errors(nb)}"
    printed = "".join(
        o.get("text", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "stream"
    )
    assert re.search(r"finish q\w+ \(\w+\) to see this", printed), "no needs() message"


def test_committed_notebooks_carry_no_outputs(repo_root):
    files = subprocess.run(
        ["git", "ls-files", "*.ipynb"], cwd=repo_root, capture_output=True, text=True, check=True
    ).stdout.split()
    dirty = []
    for f in files:
        nb = json.loads((repo_root / f).read_text())
        if any(
            c.get("outputs") or c.get("execution_count")
            for c in nb["cells"]
            if c["cell_type"] == "code"
        ):
            dirty.append(f)
    assert not dirty, f"notebooks committed with outputs: {dirty}"
