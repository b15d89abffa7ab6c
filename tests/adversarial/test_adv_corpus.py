"""The adversarial corpus, CMS style: every case in ``cases/`` is graded in one batch with
the reference, and each must hold the same promises:

- the score and the kind of each question are exactly the expected ones (no points gained);
- the reference, graded in the same batch, still scores 100%;
- neither secret (in the hidden tests and reference; the course's MEDL_SECRET) appears in
  any file the grader wrote;
- no process the case started is left, no file appeared outside the output folder, and
  nothing in the checkout or the Python environment changed.
"""

from __future__ import annotations

import glob
import json
import os
import secrets
import socket
import sys
import sysconfig
from pathlib import Path

import pytest
from advtoy import FOLDER
from corpus import all_cases, kind_of, leftovers, load_case, tree_digest

from autograder.course.batch import grade_batch
from autograder.grading.submission import from_notebook
from autograder.sandbox import cgroup
from autograder.sandbox import session as session_mod
from autograder.sandbox.launch import BWRAP, sandbox_mode

REPO = Path(__file__).resolve().parents[2]


def _bwrap() -> bool:
    try:
        return sandbox_mode() == BWRAP
    except Exception:  # noqa: BLE001 - MEDL_SANDBOX=bwrap without bwrap: a usage error
        return False


def _untouchable() -> list[Path]:
    """Folders an attack tries to plant ``medl_adv_pwned.py`` in."""
    import numpy

    dirs = {
        sysconfig.get_paths()["purelib"],
        str(Path(numpy.__file__).parent),
        sys.prefix,
        sys.base_prefix,
        str(REPO / "autograder"),
        str(REPO / "shared"),
    }
    return [Path(d) for d in dirs]


# Workers are forked from a fork server as root (autograder/zygote.py), fresh interpreters
# otherwise: as root, every case runs both ways.
STARTS = ["fork", "fresh"] if os.geteuid() == 0 else ["fresh"]


@pytest.mark.parametrize("start", STARTS)
@pytest.mark.parametrize("path", all_cases(), ids=lambda p: p.stem)
def test_case(path: Path, start: str, adv, adv_root, tmp_path, monkeypatch):
    case = load_case(path)
    monkeypatch.setenv("MEDL_WORKER_START", start)
    if "bwrap" in case.needs and not _bwrap():
        pytest.skip("needs the bubblewrap sandbox (Debian package bubblewrap)")
    if "cgroup" in case.needs and cgroup.unavailable():
        pytest.skip(f"needs a cgroup per worker ({cgroup.unavailable()})")
    root, secret = adv_root
    course_secret = "medl-adv-course-" + secrets.token_hex(12)
    monkeypatch.setenv("MEDL_SECRET", course_secret)
    monkeypatch.setenv("MEDL_WORKER_MEMORY_MB", case.limits.get("memory", "1024"))
    if "total" in case.limits:
        monkeypatch.setenv("MEDL_WORKER_TOTAL_MB", case.limits["total"])
    workers: list = []
    real = session_mod.start_worker

    def recording(*args, **kwargs):
        w = real(*args, **kwargs)
        workers.append(w)
        return w

    monkeypatch.setattr(session_mod, "start_worker", recording)
    for stale in glob.glob("/tmp/medl-adv-*"):
        pytest.fail(f"{stale} exists before the case ran (left by an earlier run?)")
    listener = socket.create_server(("127.0.0.1", 0))
    out = tmp_path / "out"
    sub_dir = tmp_path / "in"
    sub_dir.mkdir()
    fill = {
        "HIDDEN_DIR": str(root / "solutions" / FOLDER / "hidden"),
        "SOLUTION_DIR": str(root / "solutions" / FOLDER),
        "ROOT": str(root),
        "OUT_DIR": str(out),
        "REPO": str(REPO),
        "PORT": str(listener.getsockname()[1]),
    }
    nb = sub_dir / f"{case.name}.ipynb"
    nb.write_text(case.notebook(fill))
    before = tree_digest(root)
    try:
        outcomes = grade_batch(
            adv,
            [from_notebook(nb, case.name), from_notebook(adv.solution_notebook, "reference")],
            out,
            jobs=2,
        )
    finally:
        listener.close()
    results = {o.student: o.results for o in outcomes}

    # the batch went on, and the reference is unharmed
    assert set(results) == {case.name, "reference"}
    ref = results["reference"]
    assert ref is not None and ref["score"] == ref["max_score"], ref and ref["output"]
    got = results[case.name]
    assert got is not None
    summary = {t["number"]: f"{kind_of(t)}: {t['output'][:200]}" for t in got["tests"]}
    assert got["score"] == case.score, summary
    assert {t["number"]: kind_of(t) for t in got["tests"]} == case.kinds, summary
    assert got["extra_data"]["sandbox"] == ("bwrap" if _bwrap() else "rlimits-only (degraded)")

    # no secret in anything the grader wrote; the results are the grader's own
    for f in out.rglob("*"):
        if f.is_file():
            text = f.read_text(errors="replace")
            assert secret not in text and course_secret not in text, f"leaked into {f}"
    assert sorted(p.name for p in out.iterdir()) == sorted([case.name, "reference"])
    written = json.loads((out / case.name / "results.json").read_text())
    assert written["score"] == case.score and written["tests"] == got["tests"]

    # nothing left behind, nothing written where it should not be
    assert leftovers(workers, [f"medl-adv-daemon-{case.name}"]) == []
    assert glob.glob("/tmp/medl-adv-*") == []
    assert tree_digest(root) == before
    for d in _untouchable():
        assert not list(d.glob("medl_adv_pwned*")), f"a file was planted in {d}"
