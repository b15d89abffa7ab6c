"""Find, measure and kill every process a worker started, from /proc (Linux only).

A worker's processes are its descendants (``ppid`` chain), its process group and session,
and, where the worker runs under its own uid, every process of that uid. A double-forked
``setsid`` daemon leaves the first two; under bubblewrap it stays a descendant of bwrap (its
pid namespace's init is bwrap's child), so the tree walk still finds it.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass

__all__ = [
    "Proc",
    "cpu_seconds",
    "kill_all",
    "resume_all",
    "scan",
    "stop_all",
    "tagged",
    "tracked",
    "usage",
]

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Proc:
    """One line of ``/proc/PID/stat``: what we need to track a sandbox."""

    pid: int
    ppid: int
    pgrp: int
    sid: int
    rss: int  # bytes resident (includes shared and COW pages)
    uid: int
    threads: int = 1


def _read_stat(pid: int) -> Proc | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            raw = f.read()
        uid = os.stat(f"/proc/{pid}").st_uid
    except OSError:  # gone, or not ours to read
        return None
    # comm may contain spaces and parentheses: split after the last ')'.
    rest = raw[raw.rfind(b")") + 2 :].split()
    try:
        return Proc(
            pid, int(rest[1]), int(rest[2]), int(rest[3]), int(rest[21]) * PAGE, uid, int(rest[17])
        )
    except (IndexError, ValueError):  # pragma: no cover - a kernel with another layout
        return None


def scan() -> dict[int, Proc]:
    """Every process visible in /proc, by pid."""
    out: dict[int, Proc] = {}
    try:
        names = os.listdir("/proc")
    except OSError:  # pragma: no cover - no procfs
        return out
    for name in names:
        if name.isdigit():
            p = _read_stat(int(name))
            if p is not None:
                out[p.pid] = p
    return out


def tracked(
    root: int, *, uid: int | None = None, group: bool = True, procs: dict[int, Proc] | None = None
) -> dict[int, Proc]:
    """The processes that belong to the worker started as ``root``.

    Descendants of ``root`` (and ``root``); with ``group``, also members of its process group
    and session (``root`` was started as a session leader); with ``uid``, every process of
    that uid (a uid used by this worker only).
    """
    procs = scan() if procs is None else procs
    children: dict[int, list[int]] = {}
    for p in procs.values():
        children.setdefault(p.ppid, []).append(p.pid)
    found: dict[int, Proc] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        if pid in found or pid not in procs:
            continue
        found[pid] = procs[pid]
        todo.extend(children.get(pid, ()))
    for p in procs.values():
        if p.pid in found or p.pid == os.getpid():
            continue
        if (group and root in (p.pgrp, p.sid)) or (uid is not None and p.uid == uid):
            found[p.pid] = p
            todo = [p.pid]
            while todo:  # and their descendants
                for c in children.get(todo.pop(), ()):
                    if c not in found and c in procs:
                        found[c] = procs[c]
                        todo.append(c)
    return found


def usage(root: int, *, uid: int | None = None, limit: int | None = None) -> tuple[int, int]:
    """(resident bytes summed over the worker's processes, how many there are).

    Resident sizes count a page shared by several processes once per process: the forks of
    a worker (or of the fork server) share numpy and torch copy-on-write, so 64 processes
    that allocate nothing would seem to use 64 times the interpreter. When the plain sum is
    over ``limit`` and there are several processes, the proportional set size (each shared
    page split between its sharers, from ``/proc/PID/smaps_rollup``) decides instead.
    """
    found = tracked(root, uid=uid)
    total = sum(p.rss for p in found.values())
    if limit is not None and total > limit and len(found) > 1:
        total = sum(pss(p.pid, p.rss) for p in found.values())
    return total, len(found)


def pss(pid: int, default: int) -> int:
    """Proportional set size of ``pid`` in bytes (``default`` if it cannot be read)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return default


def tagged(tag: str) -> list[int]:
    """Processes whose command line contains ``tag`` (forks of the worker keep it)."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/cmdline", "rb") as f:
                    if tag.encode() in f.read():
                        found.append(int(name))
            except OSError:
                pass
    return found


def kill_all(root: int, *, uid: int | None = None, tag: str = "", rounds: int = 20) -> int:
    """SIGKILL the worker's processes until none is left (a fork bomb races the first
    rounds); with ``tag``, also every process whose command line carries it. Returns how
    many signals were sent. Never signals this process."""
    sent = 0
    me = os.getpid()
    for _ in range(rounds):
        found = [p for p in tracked(root, uid=uid) if p != me]
        if tag:
            found += [p for p in tagged(tag) if p != me and p not in found]
        alive = [p for p in found if _alive(p)]
        if not alive:
            break
        for pid in alive:
            try:
                os.kill(pid, signal.SIGKILL)
                sent += 1
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.01)
    return sent


def _alive(pid: int) -> bool:
    """A process that is not a zombie (zombies are dead; only their parent can reap them)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            raw = f.read()
    except OSError:
        return False
    state = raw[raw.rfind(b")") + 2 : raw.rfind(b")") + 3]
    return state not in (b"Z", b"X")


# -- the fallback of a worker's cgroup: stop, resume and CPU time from /proc ---------------
# Used by WorkerSession.freeze / thaw / cpu_seconds when no cgroup could be made for the
# worker (autograder/sandbox/cgroup.py). Weaker than a cgroup: a process forked between two
# scans is caught on the next one, and a process reaped by an untracked parent takes its
# CPU time with it.

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _state(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            raw = f.read()
    except OSError:
        return b"X"
    return raw[raw.rfind(b")") + 2 : raw.rfind(b")") + 3]


def stop_all(root: int, *, uid: int | None = None, rounds: int = 50) -> bool:
    """SIGSTOP every process of the worker until all of them are stopped (processes forked
    meanwhile are caught by the next scan). True when all were seen stopped."""
    me = os.getpid()
    for _ in range(rounds):
        running = [
            p
            for p in tracked(root, uid=uid)
            if p != me and _state(p) not in (b"T", b"t", b"Z", b"X")
        ]
        if not running:
            return True
        for pid in running:
            try:
                os.kill(pid, signal.SIGSTOP)
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.001)
    return False


def resume_all(root: int, *, uid: int | None = None) -> None:
    """SIGCONT every process of the worker."""
    me = os.getpid()
    for pid in tracked(root, uid=uid):
        if pid != me:
            try:
                os.kill(pid, signal.SIGCONT)
            except (ProcessLookupError, PermissionError):
                pass


def _process_cpu(pid: int) -> float:
    """CPU seconds of one process: the larger of user + system time of all its threads,
    dead ones included, plus its reaped children (clock ticks), and the sum of its live
    threads' run times (nanoseconds, ``/proc/PID/task/*/schedstat``)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            raw = f.read()
        rest = raw[raw.rfind(b")") + 2 :].split()
        ticks = sum(int(rest[i]) for i in (11, 12, 13, 14)) / _TICK
    except (OSError, IndexError, ValueError):
        return 0.0
    ns = 0
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/schedstat", "rb") as f:
                    ns += int(f.read().split()[0])
            except (OSError, IndexError, ValueError):
                pass
    except OSError:
        pass
    return max(ticks, ns / 1e9)


def cpu_seconds(root: int, *, uid: int | None = None) -> float:
    """CPU seconds the worker's processes have used so far (all threads and reaped
    children): see :func:`_process_cpu`."""
    me = os.getpid()
    return sum(_process_cpu(p) for p in tracked(root, uid=uid) if p != me)
