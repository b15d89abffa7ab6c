"""A cgroup per worker (issue 11): the module itself, every worker inside its own cgroup
before student code runs (fork and fresh mode), and the degraded path where none can be
made (``MEDL_CGROUP=off``, or a user without delegation)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from autograder.grading.extract import Chunk
from autograder.sandbox import cgroup, launch, procs
from autograder.sandbox.session import OutOfMemory, StudentProxy, WorkerSession

REPO = Path(__file__).resolve().parents[2]
needs_cgroup = pytest.mark.skipif(
    bool(cgroup.unavailable()), reason=f"no cgroup per worker here ({cgroup.unavailable()})"
)
STARTS = ["fork", "fresh"] if os.geteuid() == 0 else ["fresh"]


def spin(cg: cgroup.WorkerCgroup, code: str) -> subprocess.Popen:
    """A Python child moved into ``cg`` before it runs ``code`` (it waits for a line)."""
    p = subprocess.Popen(
        [sys.executable, "-c", f"import sys; sys.stdin.readline()\n{code}"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    cg.add(p.pid)
    assert p.stdin is not None
    p.stdin.write(b"go\n")
    p.stdin.flush()
    return p


@needs_cgroup
def test_freeze_stops_the_clock_and_kill_empties_the_group():
    cg = cgroup.WorkerCgroup.create("t-freeze", memory_bytes=512 * 2**20, pids=32)
    try:
        # a busy loop in a child of a child: both counted, both frozen, both killed
        p = spin(cg, "import os\nos.fork()\nwhile True: pass")
        deadline = time.monotonic() + 10
        while (len(cg.pids()) < 2 or cg.cpu_seconds() < 0.2) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(cg.pids()) == 2 and p.pid in cg.pids()
        cg.freeze()
        frozen_at = cg.cpu_seconds()
        time.sleep(0.3)
        assert cg.cpu_seconds() - frozen_at < 0.01  # nothing ran while frozen
        cg.thaw()
        time.sleep(0.3)
        assert cg.cpu_seconds() - frozen_at > 0.05  # and runs again once thawed
        cg.kill()
        assert cg.pids() == [] and p.wait(timeout=5) == -9
        assert not cg.oom_killed()
    finally:
        cg.remove()
    cg.remove()  # idempotent
    assert not any(d.exists() for d in cg.dirs.values())


@needs_cgroup
def test_memfd_pages_are_charged_and_the_kernel_kills_over_the_limit():
    cg = cgroup.WorkerCgroup.create("t-oom", memory_bytes=128 * 2**20, pids=8)
    try:
        hog = "import os\nfd = os.memfd_create('x')\nfor _ in range(64): os.write(fd, b'1' * 2**22)"
        p = spin(cg, hog)  # 256 MiB into a memfd: no process's resident set holds it
        assert p.wait(timeout=60) == -9
        assert cg.oom_killed()
        assert 100 * 2**20 < cg.memory_peak() <= 128 * 2**20
    finally:
        cg.remove()


@needs_cgroup
def test_the_pids_limit_holds(tmp_path):
    cg = cgroup.WorkerCgroup.create("t-pids", memory_bytes=512 * 2**20, pids=6)
    try:
        out = tmp_path / "made"
        code = textwrap.dedent(
            f"""
            import os, time
            made = 0
            for _ in range(20):
                try:
                    if os.fork() == 0:
                        time.sleep(30)
                        os._exit(0)
                    made += 1
                except OSError:
                    break
            open({str(out)!r}, "w").write(str(made))
            time.sleep(30)
            """
        )
        p = spin(cg, code)
        deadline = time.monotonic() + 20
        while not out.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert int(out.read_text()) == 5  # itself and 5 children
        assert len(cg.pids()) == 6
        cg.kill()
        p.wait(timeout=5)
    finally:
        cg.remove()


SRC = """
import os

def where(at_load=open("/proc/self/cgroup").read()):  # read while the notebook loads
    return {"at_load": at_load, "pid": os.getpid()}

def child():
    if os.fork() == 0:
        os.setsid()
        import time
        time.sleep(60)
    return True

def eat(n):
    return len(bytearray(n))
"""


@needs_cgroup
@pytest.mark.parametrize("start", STARTS)
def test_every_worker_is_in_its_own_cgroup_before_student_code_runs(start, monkeypatch):
    monkeypatch.setenv("MEDL_WORKER_START", start)
    with (
        WorkerSession([Chunk(1, 1, SRC)], load_timeout=60) as s,
        WorkerSession([Chunk(1, 1, SRC)], load_timeout=60) as other,
    ):
        got = StudentProxy(s).where()
        StudentProxy(other).where()
        w = s.worker
        assert w is not None and w.cgroup is not None and other.worker is not None
        assert s.limited_by == f"cgroup {cgroup.version()}"
        forks = start == "fork" and s.sandbox == launch.BWRAP  # no fork server degraded
        assert w.start == ("forked" if forks else "fresh")
        name = next(iter(w.cgroup.dirs.values())).name
        assert other.worker.cgroup is not None
        assert next(iter(other.worker.cgroup.dirs.values())).name != name  # one each
        # what the definitions saw while loading: the worker's own cgroup (or the root of
        # a cgroup namespace bwrap made once inside it)
        lines = [ln.split(":", 2) for ln in got["at_load"].splitlines()]
        paths = {c: path for _, ctls, path in lines for c in (ctls.split(",") if ctls else [""])}
        for ctl in ("memory", "pids") if cgroup.version() == "v1" else ("",):
            assert paths[ctl] == "/" or paths[ctl].endswith("/" + name), got["at_load"]
        # every process of the worker, a setsid child included, is in it
        assert StudentProxy(s).child() is True
        time.sleep(0.2)
        mine = set(procs.tracked(w.proc.pid, uid=w.uid))
        assert len(mine) >= 2 and mine <= set(w.cgroup.pids())
        dirs = list(w.cgroup.dirs.values())
    assert not any(d.exists() for d in dirs)  # removed with the worker


@needs_cgroup
@pytest.mark.parametrize("start", STARTS)
def test_an_oom_kill_in_the_cgroup_is_kind_memory(start, monkeypatch):
    monkeypatch.setenv("MEDL_WORKER_START", start)
    limits = launch.Limits(memory_bytes=300 * 2**20)
    with WorkerSession([Chunk(1, 1, SRC)], limits=limits, call_timeout=60) as s:
        with pytest.raises(OutOfMemory) as err:
            StudentProxy(s).eat(2**30)  # bytearray: under RLIMIT_DATA (6 GiB), over 300 MiB
        assert "MiB of memory" in str(err.value) and "limit is 300 MiB" in str(err.value)
        assert StudentProxy(s).eat(10) == 10  # a fresh worker, a fresh cgroup


def test_without_a_cgroup_results_say_degraded(adv, monkeypatch, tmp_path, capfd):
    from advtoy import HONEST, notebook_json

    from autograder.grading.runner import grade
    from autograder.grading.submission import from_notebook

    monkeypatch.setenv("MEDL_CGROUP", "off")
    monkeypatch.setattr(launch, "_warned", [])
    assert cgroup.unavailable() == "MEDL_CGROUP=off"
    nb = tmp_path / "honest.ipynb"
    nb.write_text(notebook_json(list(HONEST)))
    res = grade(adv, from_notebook(nb, "honest"))
    assert res["score"] == 2
    assert res["extra_data"]["limits"] == "watchdog (degraded)"
    assert "no cgroup per worker (MEDL_CGROUP=off)" in capfd.readouterr().err
    monkeypatch.setenv("MEDL_CGROUP", "auto")
    if not cgroup.unavailable():
        res = grade(adv, from_notebook(nb, "honest"))
        assert res["extra_data"]["limits"] == f"cgroup {cgroup.version()}"


@pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("runuser") or not os.path.exists("/usr/bin/python3"),
    reason="needs root to switch to the user nobody",
)
def test_a_user_without_delegation_gets_a_reason_not_a_cgroup():
    # The checkout may sit in a folder only root can enter (mktemp -d is 0700): nobody gets a
    # world-readable copy of the few modules it needs.
    pkg = Path(tempfile.mkdtemp(prefix="medl-nobody-"))
    try:
        for rel in ("__init__.py", "errors.py", "settings.py", "sandbox/cgroup.py"):
            (pkg / "autograder" / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / "autograder" / rel, pkg / "autograder" / rel)
        for d, _dirs, files in os.walk(pkg):
            os.chmod(d, 0o755)
            for f in files:
                os.chmod(os.path.join(d, f), 0o644)
        path = pkg / "autograder" / "sandbox" / "cgroup.py"
        code = (
            f"import importlib.util as u; s = u.spec_from_file_location('cg', {str(path)!r}); "
            "m = u.module_from_spec(s); s.loader.exec_module(m); print(m.unavailable())"
        )
        r = subprocess.run(
            [str(shutil.which("runuser")), "-u", "nobody", "--", "/usr/bin/python3", "-c", code],
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(pkg)},
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        shutil.rmtree(pkg, ignore_errors=True)
    assert r.returncode == 0, r.stderr[-1000:]
    why = r.stdout.strip()
    assert why and ("Permission denied" in why or "cgroup" in why), why
