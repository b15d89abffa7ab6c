"""Start the worker jailed and limited, measure it, and kill every process it made.

This module owns *how* untrusted code is started; everything else talks to the worker
through :class:`autograder.sandbox.session.WorkerSession`. Two modes (``Worker.mode``):

- ``"bwrap"``: bubblewrap (:mod:`autograder.sandbox.bwrap`): only Python, ``/usr`` and a copy of the
  worker code are visible, no network, own pid namespace (``--die-with-parent``: when the
  grader kills bwrap, the whole namespace dies, ``setsid`` daemons included);
- ``"rlimits-only (degraded)"``: where bwrap cannot run. Same rlimits and watchdog, but the
  worker sees what the grader's user sees. Said loudly on stderr and in every result.

``MEDL_SANDBOX=auto`` (default) picks bwrap when it works; ``bwrap`` demands it (a usage
error otherwise); ``rlimits`` forces the degraded mode (to measure or to debug).

Limits: RLIMIT_CPU, FSIZE, NOFILE, CORE and DATA for each process (RLIMIT_AS is not used: it
breaks CUDA and, set low, torch); RLIMIT_NPROC set by the worker itself inside the jail; a
size-capped ``/tmp``; and, for all the worker's processes together, a **cgroup of its own**
(:mod:`autograder.sandbox.cgroup`: memory counting shared memory, memfd, SysV and tmpfs
pages, tasks, CPU time, the freezer, kill by cgroup), entered before any student code can
run: a fresh worker is moved in by its own child before ``exec``, a forked one (keeper and
worker) before the grader sends it the notebook. Where no cgroup can be made
(``cgroup.unavailable()``), a watchdog (:meth:`Worker.usage`, polled by the session while it
waits) on the resident memory and number of the worker's processes stands in for it
(``Worker.limited_by``: results say the memory limit is degraded).
"""

from __future__ import annotations

import os
import resource
import secrets
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from autograder import settings
from autograder.errors import UsageError
from autograder.sandbox import cgroup as cgroups
from autograder.sandbox import procs, zygote
from autograder.sandbox.bwrap import bwrap_command, bwrap_works, staged_lib, worker_argv

__all__ = [
    "BWRAP",
    "CGROUP_DEGRADED",
    "DEGRADED",
    "Limits",
    "Worker",
    "kill_group",
    "prestart",
    "sandbox_mode",
    "start_worker",
]

BWRAP = "bwrap"
DEGRADED = "rlimits-only (degraded)"
CGROUP_DEGRADED = "watchdog (degraded)"  # Worker.limited_by where no cgroup could be made
_UID_BASE = 1_500_000_000  # root + bwrap: each worker drops to a fresh uid from here
_warned: list[str] = []


@dataclass(frozen=True)
class Limits:
    """Per-worker limits. CPU seconds count every thread, so keep them generous."""

    cpu_seconds: int = 600
    file_bytes: int = 64 * 2**20
    open_files: int = 256
    # Per process: heap + private writable mappings (RLIMIT_DATA); a bomb gets MemoryError.
    data_bytes: int = 6 * 2**30
    # All the worker's processes together, resident (watchdog): over it, all are killed.
    memory_bytes: int = 7 * 2**30
    processes: int = 64  # tasks, threads included
    tmp_bytes: int = 256 * 2**20  # the private /tmp (bwrap only)
    threads: int = 1

    @classmethod
    def from_env(cls) -> Limits:
        """Defaults, overridden by ``MEDL_WORKER_MEMORY_MB`` (per process), ``_TOTAL_MB``
        (all processes, resident; default: per process + max(512 MiB, a quarter)),
        ``_PROCESSES`` and ``_CPU_S``."""
        lim = cls()
        mb = settings.positive_int("MEDL_WORKER_MEMORY_MB")
        if mb:
            data = mb * 2**20
            lim = replace(lim, data_bytes=data, memory_bytes=data + max(2**29, data // 4))
        if total := settings.positive_int("MEDL_WORKER_TOTAL_MB"):
            lim = replace(lim, memory_bytes=total * 2**20)
        if processes := settings.positive_int("MEDL_WORKER_PROCESSES"):
            lim = replace(lim, processes=processes)
        if cpu := settings.positive_int("MEDL_WORKER_CPU_S"):
            lim = replace(lim, cpu_seconds=cpu)
        return lim


def sandbox_mode() -> str:
    """``BWRAP`` or ``DEGRADED`` per ``MEDL_SANDBOX``; warns once on stderr when degraded."""
    want = settings.sandbox_request()
    why = "MEDL_SANDBOX=rlimits" if want == "rlimits" else bwrap_works()
    if not why:
        return BWRAP
    if want == "bwrap":
        raise UsageError(f"MEDL_SANDBOX=bwrap, but {why}")
    if why not in _warned:
        _warned.append(why)
        root = " as root: the process limit does not hold either" if os.geteuid() == 0 else ""
        print(
            f"medl: WARNING: grading WITHOUT the bubblewrap sandbox ({why}); student code "
            f"can read whatever this user can{root}. Results say sandbox: {DEGRADED}.",
            file=sys.stderr,
        )
    return DEGRADED


@dataclass
class Worker:
    proc: subprocess.Popen
    to_worker: int  # fd the grader writes requests to
    from_worker: int  # fd the grader reads replies from
    workdir: Path
    mode: str = DEGRADED
    uid: int | None = None  # the worker's own uid (root + bwrap), else None
    tag: str = ""  # on the worker's command line (inherited by its forks)
    start: str = "fresh"  # "forked" from the fork server, or a "fresh" interpreter
    cgroup: cgroups.WorkerCgroup | None = None  # every process of the worker, from the start

    @property
    def limited_by(self) -> str:
        """What holds the worker's processes together: ``"cgroup v1"``/``"cgroup v2"``, or
        :data:`CGROUP_DEGRADED` (the polling watchdog of :meth:`usage`)."""
        return f"cgroup {self.cgroup.version}" if self.cgroup else CGROUP_DEGRADED

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

    def usage(self, limit: int | None = None) -> tuple[int, int]:
        """(bytes, processes) of everything this worker started: its cgroup's memory charge
        (which the kernel holds under the limit itself), else the resident memory, over
        ``limit`` with shared pages split between their sharers (see :func:`procs.usage`)."""
        if self.cgroup is not None:
            return self.cgroup.memory_bytes(), len(self.cgroup.pids())
        return procs.usage(self.proc.pid, uid=self.uid, limit=limit)

    def oom_killed(self) -> bool:
        """Whether the kernel killed one of the worker's processes for going over its
        cgroup's memory limit (always False without a cgroup)."""
        return self.cgroup is not None and self.cgroup.oom_killed()

    def memory_peak(self) -> int:
        """The highest memory charge of the worker's cgroup (0 without one)."""
        return self.cgroup.memory_peak() if self.cgroup is not None else 0

    def kill(self) -> None:
        """Kill the worker and everything it started (its whole cgroup first); reap it."""
        if self.cgroup is not None:
            try:
                self.cgroup.kill()
            except OSError:  # pragma: no cover - the hunt below still runs
                pass
        kill_group(self.proc, wait=False)
        # Under bwrap the pid namespace dies with bwrap; without it, also hunt the tag.
        procs.kill_all(self.proc.pid, uid=self.uid, tag=self.tag if self.mode != BWRAP else "")
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover
            pass
        if self.cgroup is not None:
            self.cgroup.remove()


def _limit(kind: int, value: int) -> None:
    try:
        soft, hard = resource.getrlimit(kind)
        new = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(kind, (new, new))
    except (ValueError, OSError):  # pragma: no cover - platform without that limit
        pass


def _free_uid() -> int:
    taken = {p.uid for p in procs.scan().values()}
    while True:
        uid = _UID_BASE + secrets.randbelow(2**20)
        if uid not in taken:
            return uid


def _env(limits: Limits, home: str) -> dict[str, str]:
    threads = str(limits.threads)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,
        "USER": "student",
        "LOGNAME": "student",
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OMP_NUM_THREADS": threads,
        "MKL_NUM_THREADS": threads,
        "OPENBLAS_NUM_THREADS": threads,
        "CUBLAS_WORKSPACE_CONFIG": ":4096:8",  # deterministic cuBLAS
    }
    for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH"):
        if key in os.environ:
            env[key] = os.environ[key]
    return env


def prestart(preload: tuple[str, ...] = ("numpy",), limits: Limits | None = None) -> None:
    """Start the fork server that :func:`start_worker` will fork from, on a background
    thread, where workers will be forked (root and bwrap); otherwise do nothing. ``medl
    grade`` calls it before reading the submissions so that both happen at once."""
    limits = limits or Limits.from_env()
    if sandbox_mode() != BWRAP or os.geteuid() != 0 or not zygote.fork_mode():
        return
    args = (_env(limits, "/tmp"), limits, preload)
    threading.Thread(target=zygote.prestart, args=args, daemon=True).start()


def start_worker(
    workdir: Path,
    limits: Limits | None = None,
    mode: str | None = None,
    *,
    preload: tuple[str, ...] = ("numpy",),
) -> Worker:
    """Start the worker (its own session and process group) in the sandbox ``mode``: forked
    from a fork server that imported ``preload`` (:mod:`autograder.sandbox.zygote`; root and bwrap),
    or a fresh interpreter."""
    limits = limits or Limits.from_env()
    mode = mode or sandbox_mode()
    workdir.mkdir(parents=True, exist_ok=True)
    lib = staged_lib()
    root = os.geteuid() == 0
    uid = _free_uid() if mode == BWRAP and root else None
    tag = f"medl-worker-{secrets.token_hex(6)}"
    extra = ["--mem", str(limits.data_bytes), "--tag", tag]
    if uid is not None:
        extra += ["--uid", str(uid)]
    if mode == BWRAP:
        extra += ["--nproc", str(limits.processes)]  # counted per uid / user namespace
    elif not root:  # counted over all this user's tasks (threads too): leave room for them
        mine = sum(p.threads for p in procs.scan().values() if p.uid == os.getuid())
        extra += ["--nproc", str(mine + limits.processes)]
    req_r, req_w = os.pipe()
    rep_r, rep_w = os.pipe()
    cg = _new_cgroup(tag, limits)
    if mode == BWRAP and uid is not None and zygote.fork_mode():
        forked = _forked(workdir, limits, req_r, rep_w, extra, preload)
        if forked is not None:
            worker = Worker(forked, req_w, rep_r, workdir, mode, uid, tag, "forked", cg)  # type: ignore[arg-type]
            if cg is not None:
                _enter(cg, worker)
            return worker
    if mode == BWRAP:
        argv = worker_argv("/opt/medl", req_r, rep_w, extra)
        cmd = bwrap_command(
            argv, _env(limits, "/tmp"), root=root, tmp_bytes=limits.tmp_bytes, lib=lib
        )
        cwd = "/"
    else:
        cmd = worker_argv(str(lib), req_r, rep_w, extra)
        cwd = str(workdir)
    out = open(workdir / "stdout.txt", "wb")
    err = open(workdir / "stderr.txt", "wb")

    join = cg.procs_files() if cg is not None else []

    def preexec() -> None:
        for path in join:  # into the worker's cgroup before exec: all it starts follows
            fd = os.open(path, os.O_WRONLY)
            try:
                os.write(fd, b"0")
            finally:
                os.close(fd)
        _limit(resource.RLIMIT_CPU, limits.cpu_seconds)
        _limit(resource.RLIMIT_FSIZE, limits.file_bytes)
        _limit(resource.RLIMIT_NOFILE, limits.open_files)
        _limit(resource.RLIMIT_CORE, 0)
        _limit(resource.RLIMIT_DATA, limits.data_bytes)

    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=cwd,
            env=_env(limits, str(workdir)) if mode != BWRAP else {"PATH": "/usr/bin:/bin"},
            pass_fds=(req_r, rep_w),
            start_new_session=True,
            preexec_fn=preexec,
        )
    except BaseException:
        os.close(req_w)
        os.close(rep_r)
        if cg is not None:
            cg.remove()
        raise
    finally:
        os.close(req_r)
        os.close(rep_w)
        out.close()
        err.close()
    return Worker(proc, req_w, rep_r, workdir, mode, uid, tag, cgroup=cg)


_PID_SLACK = 8  # tasks beyond Limits.processes: bwrap's or the keeper's own, as the watchdog


def _new_cgroup(tag: str, limits: Limits) -> cgroups.WorkerCgroup | None:
    """A cgroup for a new worker, or None where none can be made (said once on stderr;
    the session's watchdog then holds memory and processes)."""
    why = cgroups.unavailable()
    if not why:
        try:
            return cgroups.WorkerCgroup.create(
                tag, memory_bytes=limits.memory_bytes, pids=limits.processes + _PID_SLACK
            )
        except cgroups.CgroupError as exc:
            why = str(exc)
    if why not in _warned:
        _warned.append(why)
        print(
            f"medl: WARNING: no cgroup per worker ({why}); memory and processes are held by a "
            "polling watchdog that does not see memfd, SysV or tmpfs memory. Results say "
            f"limits: {CGROUP_DEGRADED}.",
            file=sys.stderr,
        )
    return None


def _enter(cg: cgroups.WorkerCgroup, worker: Worker) -> None:
    """Move a forked worker into ``cg`` before it is sent the notebook (it runs no student
    code until then): its keeper first, so that a child forked from now on is born inside,
    then every process the keeper had already started (the kernel orders a fork and a
    move, so the scan after the move sees each earlier child)."""
    root = worker.proc.pid
    try:
        cg.add(root)
        for pid in procs.tracked(root, group=False):
            if pid != root:
                cg.add(pid)
    except cgroups.CgroupError:
        worker.kill()
        raise


def _forked(
    workdir: Path, limits: Limits, req_r: int, rep_w: int, extra: list[str], preload: tuple
) -> zygote.ForkedProc | None:
    """A worker forked from the fork server (:mod:`autograder.sandbox.zygote`), or None; on success
    the pipe ends given to it are closed here."""
    env = _env(limits, "/tmp")
    with open(workdir / "stdout.txt", "wb") as out, open(workdir / "stderr.txt", "wb") as err:
        proc = zygote.forked_worker(
            [req_r, rep_w, out.fileno(), err.fileno()], extra, env, limits, preload
        )
    if proc is not None:
        os.close(req_r)
        os.close(rep_w)
    return proc


def kill_group(proc: subprocess.Popen, wait: bool = True) -> None:
    """SIGKILL the worker's whole process group and (``wait``) reap the worker."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if not wait:
        return
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:  # pragma: no cover
        pass
