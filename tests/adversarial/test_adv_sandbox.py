"""The sandbox's own promises, checked from inside a worker: who it runs as, what it can
see, its limits and seeds, the degraded mode, and the wire format's caps."""

from __future__ import annotations

import io
import os
import struct
import textwrap
from pathlib import Path

import pytest
from corpus import leftovers

from autograder.errors import UsageError
from autograder.grading.extract import Chunk
from autograder.grading.runner import grade
from autograder.grading.submission import Submission, _hash
from autograder.notebook import Cell
from autograder.sandbox import launch as sandbox
from autograder.sandbox.bwrap import _python_dirs
from autograder.sandbox.jail.codec import CodecError, read_frame
from autograder.sandbox.launch import BWRAP, DEGRADED, Limits, sandbox_mode
from autograder.sandbox.session import OutOfMemory, StudentProxy, WorkerSession

REPO = Path(__file__).resolve().parents[2]
needs_bwrap = pytest.mark.skipif(
    os.environ.get("MEDL_SANDBOX") == "rlimits" or sandbox.bwrap_works() != "",
    reason="needs the bubblewrap sandbox (Debian package bubblewrap)",
)

needs_fork_server = pytest.mark.skipif(
    os.geteuid() != 0 or os.environ.get("MEDL_WORKER_START") == "fresh",
    reason="workers are forked from a fork server only as root",
)

PROBE = (
    f"REPO = {str(REPO)!r}\n"
    + """
import os, resource, sys
import numpy as np

def probe():
    status = open("/proc/self/status").read()
    caps = [l.split()[1] for l in status.splitlines() if l.startswith(("CapEff", "CapBnd"))]
    nnp = [l.split()[1] for l in status.splitlines() if l.startswith("NoNewPrivs")]
    return {"uid": os.getuid(), "euid": os.geteuid(), "gid": os.getgid(),
            "groups": list(os.getgroups()), "caps": caps, "nnp": nnp[0] if nnp else "?",
            "nproc": resource.getrlimit(resource.RLIMIT_NPROC)[0],
            "data": resource.getrlimit(resource.RLIMIT_DATA)[0],
            "core": resource.getrlimit(resource.RLIMIT_CORE)[0],
            "cwd": os.getcwd(), "pid": os.getpid(), "env": sorted(os.environ),
            "root": sorted(os.listdir("/")),
            "net": [n for _, n in __import__("socket").if_nameindex()],
            "repo": os.listdir(REPO) if os.path.isdir(REPO) else None,
            "jail": __import__("medl_jail").__file__,
            "grader": __import__("importlib.util").util.find_spec("autograder")}

def seeds():
    import random
    import torch
    return [random.random(), float(np.random.rand()), float(torch.rand(1)),
            bool(torch.are_deterministic_algorithms_enabled())]

def plain_seeds():
    import random
    return [random.random(), float(np.random.rand()), hash("medl"), list({"a", "b", "c", "d"})]
"""
)


def session(src: str, seed: int = 1, limits: Limits | None = None) -> WorkerSession:
    return WorkerSession(
        [Chunk(1, 1, textwrap.dedent(src))],
        seed=seed,
        limits=limits,
        load_timeout=30,
        call_timeout=30,
    )


@needs_bwrap
def test_worker_is_jailed_unprivileged_and_offline():
    with session(PROBE) as s:
        got = StudentProxy(s).probe()
        assert s.sandbox == BWRAP
    assert got["uid"] != 0 and got["euid"] != 0 and got["gid"] != 0 and got["groups"] == []
    assert got["caps"] == ["0000000000000000", "0000000000000000"]
    assert got["nnp"] == "1" and got["core"] == 0
    assert got["nproc"] == Limits.from_env().processes
    assert got["pid"] < 10  # its own pid namespace
    assert got["net"] == ["lo"]
    assert got["repo"] in (None, [".venv"]) and got["cwd"] == "/tmp"  # never solutions/
    assert got["jail"] == "/opt/medl/medl_jail/__init__.py"
    assert got["grader"] is None  # the grader's own code is not in the jail
    # System directories, plus the top of each Python directory the jail mounts (the
    # checkout's .venv lives wherever CI cloned it: /work, /check, /home...).
    system = {"bin", "dev", "etc", "lib", "lib32", "lib64", "libx32", "opt", "proc", "sbin"}
    system |= {"sys", "tmp", "usr"}
    python_tops = {d.split("/")[1] for d in _python_dirs()}
    assert set(got["root"]) <= system | python_tops, set(got["root"]) - system - python_tops
    assert "MEDL_SECRET" not in got["env"] and "PATH" in got["env"]


def test_seeds_are_the_graders_and_torch_is_deterministic():
    """Same seed, same draws (torch too, though imported inside the function and seeded
    randomly by itself at import); another seed, other draws."""
    a, b, c = (session(PROBE, seed) for seed in (11, 11, 12))
    try:
        sa, sb = (StudentProxy(s).seeds() for s in (a, b))
        pa, pb, pc = (StudentProxy(s).plain_seeds() for s in (a, b, c))
    finally:
        for s in (a, b, c):
            s.close()
    assert sa == sb and sa[3] is True
    assert pa == pb  # string hashes and set order too (PYTHONHASHSEED=0)
    assert pa[:2] != pc[:2] and pa[2:] == pc[2:]


def test_a_memory_bomb_is_stopped_and_reported_as_memory():
    bomb = """
    import numpy as np
    def bomb():
        hog = []
        while True:
            hog.append(np.empty(2**24))
    """
    with session(bomb, limits=Limits(data_bytes=256 * 2**20, memory_bytes=2**30)) as s:
        with pytest.raises(OutOfMemory, match="ran out of memory.*256 MiB per process"):
            StudentProxy(s).bomb()


def test_mode_can_be_forced_and_bwrap_demanded(monkeypatch):
    monkeypatch.setenv("MEDL_SANDBOX", "rlimits")
    assert sandbox_mode() == DEGRADED
    monkeypatch.setenv("MEDL_SANDBOX", "bwrap")
    monkeypatch.setattr(sandbox, "bwrap_works", lambda: "bwrap is not installed")
    with pytest.raises(UsageError, match="MEDL_SANDBOX=bwrap, but bwrap is not installed"):
        sandbox_mode()
    monkeypatch.setenv("MEDL_SANDBOX", "auto")
    assert sandbox_mode() == DEGRADED
    monkeypatch.setenv("MEDL_SANDBOX", "docker")
    with pytest.raises(UsageError):
        sandbox_mode()


def test_limits_from_the_environment(monkeypatch):
    monkeypatch.setenv("MEDL_WORKER_MEMORY_MB", "1024")
    monkeypatch.setenv("MEDL_WORKER_PROCESSES", "32")
    lim = Limits.from_env()
    assert lim.data_bytes == 2**30 and lim.memory_bytes == 2**30 + 2**29
    assert lim.processes == 32
    monkeypatch.setenv("MEDL_WORKER_TOTAL_MB", "300")
    assert Limits.from_env().memory_bytes == 300 * 2**20


DEGRADED_SRC = """
import os, time
import numpy as np

def scale(x, alpha):  # a forked daemon that keeps the worker's command line
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            time.sleep(600)
        os._exit(0)
    os.wait()
    return alpha * np.asarray(x, dtype=float)

def softmax(z):
    hog = []
    while True:
        hog.append(np.ones(2**23))
"""


def test_degraded_mode_says_so_and_still_holds_limits(adv, monkeypatch, capfd):
    monkeypatch.setenv("MEDL_SANDBOX", "rlimits")
    monkeypatch.setenv("MEDL_WORKER_MEMORY_MB", "256")
    monkeypatch.setattr(sandbox, "_warned", [])
    workers: list = []
    real = sandbox.start_worker

    def recording(*args, **kwargs):
        workers.append(real(*args, **kwargs))
        return workers[-1]

    monkeypatch.setattr("autograder.sandbox.session.start_worker", recording)
    cells = [Cell(1, textwrap.dedent(DEGRADED_SRC))]
    res = grade(adv, Submission("degraded", cells, _hash(cells)))
    assert res["extra_data"]["sandbox"] == "rlimits-only (degraded)"
    assert "WITHOUT the bubblewrap sandbox" in capfd.readouterr().err
    kinds = {t["number"]: t["extra_data"]["kind"] for t in res["tests"]}
    assert kinds["q1"] == "passed" and res["score"] == 1
    assert "ran out of memory" in res["tests"][1]["output"]
    assert leftovers(workers, []) == []


@pytest.mark.parametrize(
    "body,match",
    [
        (b"[" * 200_000, "nested too deep"),
        (b'{"value": ' + b"9" * 5000 + b"}", "not JSON"),
        (b"\xff\xfe{}", "not JSON"),
    ],
)
def test_hostile_reply_headers_are_codec_errors(body, match):
    with pytest.raises(CodecError, match=match):
        read_frame(io.BytesIO(struct.pack(">I", len(body)) + body))


@pytest.mark.parametrize("code", [97, 3])
def test_a_worker_that_dies_before_loading_is_a_grader_fault(monkeypatch, code):
    """Confinement failing (exit 97), or any death before the notebook was read, is the
    machine's fault: SandboxError, never a student's crash."""
    import sys

    from autograder.sandbox.session import SandboxError

    def dying(lib, in_fd, out_fd, extra):
        return [sys.executable, "-c", f"import os; os._exit({code})"]

    monkeypatch.setenv("MEDL_WORKER_START", "fresh")
    monkeypatch.setattr(sandbox, "worker_argv", dying)
    with session("x = 1") as s, pytest.raises(SandboxError):
        s.ensure()


@needs_fork_server
def test_a_forked_worker_whose_confinement_fails_is_a_grader_fault(monkeypatch):
    """The same through the fork server: options the worker cannot apply (exit 97)."""
    from autograder.sandbox import zygote
    from autograder.sandbox.session import SandboxError

    real = zygote.forked_worker

    def broken(fds, argv, env, limits, preload=("numpy",)):
        return real(fds, [*argv, "--nproc", "many"], env, limits, preload)

    monkeypatch.setattr(zygote, "forked_worker", broken)
    with session("x = 1") as s, pytest.raises(SandboxError, match="sandbox could not be set up"):
        s.ensure()
    assert type(s.worker).__name__ == "NoneType"


def test_staged_copies_of_dead_processes_are_swept(tmp_path, monkeypatch):
    """A grading process killed before its atexit leaves its staged copy: the next one
    removes it (the pid is in the name), and never touches a live process's copy."""
    import tempfile

    from autograder.sandbox import bwrap

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = 2**22 + 7
    while True:
        try:
            os.kill(dead, 0)
            dead += 1
        except ProcessLookupError:
            break
    (tmp_path / f"medl-sandbox-lib-{dead}-abc").mkdir()
    (tmp_path / f"medl-sandbox-lib-{os.getpid()}-def").mkdir()
    bwrap._sweep()
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"medl-sandbox-lib-{os.getpid()}-def"]
