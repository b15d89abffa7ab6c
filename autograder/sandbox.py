"""Start the worker in its own process group with resource limits.

This module owns *how* untrusted code is started: limits, environment, working folder and
how the whole process group is killed. Everything else talks to the worker through
:class:`autograder.session.WorkerSession`.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Limits", "Worker", "kill_group", "start_worker"]


@dataclass(frozen=True)
class Limits:
    """Per-worker limits. CPU seconds count every thread, so keep them generous."""

    cpu_seconds: int = 600
    file_bytes: int = 64 * 2**20
    open_files: int = 256
    # Resident memory is capped with RLIMIT_DATA (heap + anonymous mmap); RLIMIT_AS breaks
    # torch, which reserves far more address space than it touches.
    data_bytes: int = 6 * 2**30
    threads: int = 1


@dataclass
class Worker:
    proc: subprocess.Popen
    to_worker: int  # fd the grader writes requests to
    from_worker: int  # fd the grader reads replies from
    workdir: Path

    def output(self, limit: int = 4000) -> str:
        """What the student's code printed (stdout then stderr), capped at ``limit`` chars."""
        parts = []
        for name in ("stdout.txt", "stderr.txt"):
            p = self.workdir / name
            if p.exists():
                with open(p, "rb") as f:
                    parts.append(f.read(limit).decode("utf-8", "replace"))
        text = "".join(parts)
        return text[:limit]


def _limit(kind: int, value: int) -> None:
    try:
        soft, hard = resource.getrlimit(kind)
        new = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(kind, (new, new))
    except (ValueError, OSError):  # pragma: no cover - platform without that limit
        pass


def start_worker(workdir: Path, limits: Limits = Limits()) -> Worker:
    """Start ``python -I -m autograder.worker`` in ``workdir`` (its own session/group)."""
    workdir.mkdir(parents=True, exist_ok=True)
    req_r, req_w = os.pipe()
    rep_r, rep_w = os.pipe()
    out = open(workdir / "stdout.txt", "wb")
    err = open(workdir / "stderr.txt", "wb")

    def preexec() -> None:
        _limit(resource.RLIMIT_CPU, limits.cpu_seconds)
        _limit(resource.RLIMIT_FSIZE, limits.file_bytes)
        _limit(resource.RLIMIT_NOFILE, limits.open_files)
        _limit(resource.RLIMIT_CORE, 0)
        _limit(resource.RLIMIT_DATA, limits.data_bytes)

    threads = str(limits.threads)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(workdir),
        "TMPDIR": str(workdir),
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OMP_NUM_THREADS": threads,
        "MKL_NUM_THREADS": threads,
        "OPENBLAS_NUM_THREADS": threads,
    }
    for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "CUDA_VISIBLE_DEVICES"):
        if key in os.environ:
            env[key] = os.environ[key]
    try:
        proc = subprocess.Popen(
            [sys.executable, "-I", "-m", "autograder.worker", str(req_r), str(rep_w)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=workdir,
            env=env,
            pass_fds=(req_r, rep_w),
            start_new_session=True,
            preexec_fn=preexec,
        )
    finally:
        os.close(req_r)
        os.close(rep_w)
        out.close()
        err.close()
    return Worker(proc, req_w, rep_r, workdir)


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the worker's whole process group and reap the worker."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:  # pragma: no cover
        pass
