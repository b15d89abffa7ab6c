"""Grading works from a Python environment that lives under /tmp (issue 13: a clone made
with ``mktemp -d``): the worker's private /tmp must not hide it, in fork or fresh mode.

The project's venv is reached through a symlink in a new folder under /tmp, so that the
grader's ``sys.prefix`` (and every path the worker imports from) is under /tmp."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from autograder.sandbox import launch

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    launch.bwrap_works() != "", reason="needs the bubblewrap sandbox (Debian bubblewrap)"
)

GRADE = r"""
import json, sys
from autograder.grading.extract import Chunk
from autograder.sandbox.session import StudentProxy, WorkerSession

SRC = '''
import numpy as np

def where():
    import os, sys, shared
    import numpy.testing  # not preloaded by a fork server: read from the environment now
    return {"prefix": sys.prefix, "numpy": numpy.testing.__file__,
            "listed": "numpy" in os.listdir(numpy.__path__[0] + "/.."),
            "sum": float(np.ones(3).sum())}
'''
with WorkerSession([Chunk(1, 1, SRC)], load_timeout=120, call_timeout=60) as s:
    got = StudentProxy(s).where()
    print(json.dumps({"grader": sys.prefix, "start": s.worker_start, "sandbox": s.sandbox,
                      "problems": s.report.problems, **got}))
"""


@pytest.fixture(scope="module")
def venv_under_tmp():
    base = Path(tempfile.mkdtemp(prefix="medl-venv-under-tmp-", dir="/tmp"))
    venv = base / "venv"
    venv.symlink_to(Path(sys.prefix))
    yield venv
    shutil.rmtree(base)


def grade_from(venv: Path, code: str, start: str = "auto") -> dict:
    """Run ``code`` with the Python of ``venv`` (a clean MEDL_* environment, bwrap
    demanded) and return the JSON it printed last."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MEDL_", "VIRTUAL_ENV"))}
    env.update(MEDL_WORKER_START=start, MEDL_SANDBOX="bwrap")
    r = subprocess.run(
        [str(venv / "bin" / "python"), "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("start", ["fork", "fresh"] if os.geteuid() == 0 else ["fresh"])
def test_grading_from_a_venv_under_tmp(start, venv_under_tmp):
    got = grade_from(venv_under_tmp, GRADE, start)
    assert got["grader"].startswith("/tmp/")  # the grader's own environment is under /tmp
    assert got["start"] == ("forked" if start == "fork" else "fresh")
    assert got["sandbox"] == "bwrap" and got["problems"] == []
    # the worker imported numpy from the environment under /tmp, behind its private /tmp
    assert got["prefix"] == got["grader"] and got["numpy"].startswith(got["grader"])
    assert got["listed"] and got["sum"] == 3.0


@pytest.mark.parametrize("start", ["fork", "fresh"] if os.geteuid() == 0 else ["fresh"])
def test_the_environment_under_tmp_is_mounted_read_only(start, venv_under_tmp):
    mounts = "[ln.split()[5] for ln in open('/proc/self/mountinfo') if ln.split()[4] == sys.prefix]"
    code = GRADE.replace('"sum": float(np.ones(3).sum())', f'"sum": {mounts}')
    options = grade_from(venv_under_tmp, code, start)["sum"]
    assert options and all("ro" in o.split(",") for o in options), options
