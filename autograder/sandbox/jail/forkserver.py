"""The in-jail fork server: import numpy and torch once, then fork one worker per submission.

A fresh interpreter per submission pays for ``import torch`` every time (about 2 s on a
2-core machine, see benchmarks/grading/RESULTS.md). This server runs inside the same
bubblewrap jail as a worker would (started by :mod:`autograder.sandbox.zygote`, root only, with
CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_SETUID, CAP_SETGID and CAP_SETPCAP kept), imports the heavy
modules, and then serves requests on a Unix ``SOCK_SEQPACKET`` socket:

- ``{"op": "fork", ...}`` with four file descriptors attached (the request pipe's read end,
  the reply pipe's write end, the stdout and stderr capture files) forks a *keeper* that

  1. leaves the server's session, enters a new mount, pid, IPC and network namespace
     (only ``lo``) and mounts a fresh, size-capped ``/tmp`` and ``/dev/shm``, binding back
     over the new ``/tmp`` whatever the jail had mounted under it (a virtual environment
     under ``/tmp``): nothing of an earlier submission is visible, neither files nor SysV
     IPC, POSIX message queues or abstract unix sockets;
  2. forks the worker, which is pid 1 of that namespace (when it dies, every process it
     started dies with it: no daemon outlives its submission), mounts its own ``/proc``
     (other submissions' processes are invisible), sets the rlimits, and then runs
     :func:`.worker.main`'s path: :func:`.worker.confine` drops root for the
     submission's own uid, then the protocol is served;
  3. waits for the worker and exits with its status (``128 + signal`` when killed, as bwrap
     reports it).

  The reply is ``{"pid": keeper's pid in the server's namespace}``.
- ``{"op": "reap", "pid": P}`` reaps a finished keeper (the grader reads its exit status
  from ``/proc`` before that, while it is a zombie).

Nothing here reads student data: the server only ever receives requests from the grader.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import resource
import socket
import sys

_CLONE_NEWNS = 0x00020000
_CLONE_NEWPID = 0x20000000
_CLONE_NEWIPC = 0x08000000
_CLONE_NEWNET = 0x40000000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 1, 2, 4, 8
_MS_REMOUNT, _MS_BIND, _MS_REC, _MS_PRIVATE = 32, 4096, 0x4000, 1 << 18
_SIOCSIFFLAGS, _IFF_UP, _IFF_LOOPBACK, _IFF_RUNNING = 0x8914, 0x1, 0x8, 0x40
SETUP_FAILED = 96  # exit code of a keeper whose namespace could not be made


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _check(ret: int, what: str) -> None:
    if ret != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _mount(libc: ctypes.CDLL, src: str, target: str, fstype: str | None, flags: int, data: str):
    _check(
        libc.mount(
            src.encode(),
            target.encode(),
            fstype.encode() if fstype else None,
            ctypes.c_ulong(flags),
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def _limit(kind: int, value: int) -> None:
    soft, hard = resource.getrlimit(kind)
    new = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(kind, (new, new))


def _worker(req: dict, fds: list[int]) -> None:
    """pid 1 of the submission's namespace: its own /proc, limits, then the worker."""
    libc = _libc()
    _mount(libc, "proc", "/proc", "proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC, "")
    req_r, rep_w, out, err = fds
    null = os.open("/dev/null", os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(out, 1)
    os.dup2(err, 2)
    for fd in (null, out, err):
        os.close(fd)
    lim = req["limits"]
    _limit(resource.RLIMIT_CPU, lim["cpu_seconds"])
    _limit(resource.RLIMIT_FSIZE, lim["file_bytes"])
    _limit(resource.RLIMIT_NOFILE, lim["open_files"])
    _limit(resource.RLIMIT_CORE, 0)
    _limit(resource.RLIMIT_DATA, lim["data_bytes"])
    os.chdir("/tmp")
    os.environ.clear()
    os.environ.update(req["env"])
    sys.argv = ["medl-worker", str(req_r), str(rep_w), *req["argv"]]
    from .worker import main

    main(sys.argv[1:])  # never returns


def _mounts_under(top: str) -> list[str]:
    """Mount points below ``top`` (not ``top`` itself), outermost only: what bwrap bound
    there (the Python installation or a virtual environment under ``/tmp``)."""
    with open("/proc/self/mountinfo") as f:
        points = sorted({line.split()[4] for line in f})
    out: list[str] = []
    for p in points:
        p = p.replace("\\040", " ")
        if p.startswith(top + "/") and not any(p.startswith(o + "/") for o in out):
            out.append(p)
    return out


def _fresh_tmp(libc: ctypes.CDLL, size: int) -> None:
    """A new tmpfs on /tmp, with the read-only binds that were under the old one bound
    again at the same paths (their parents made 0755 and root's, so the worker's uid can
    neither write into them nor move them in the sticky /tmp)."""
    keep = [(p, os.open(p, os.O_PATH | os.O_CLOEXEC)) for p in _mounts_under("/tmp")]
    _mount(libc, "tmpfs", "/tmp", "tmpfs", _MS_NOSUID | _MS_NODEV, f"size={size},mode=1777")
    for path, fd in keep:
        cur = ""
        for part in path.split("/")[1:]:
            cur += "/" + part
            if not os.path.isdir(cur):
                os.mkdir(cur, 0o755)
                os.chmod(cur, 0o755)
        _mount(libc, f"/proc/self/fd/{fd}", path, None, _MS_BIND | _MS_REC, "")
        flags = _MS_REMOUNT | _MS_BIND | _MS_RDONLY | _MS_NOSUID | _MS_NODEV
        _mount(libc, "none", path, None, flags, "")
        os.close(fd)


def _loopback_up() -> None:
    """``lo`` up in the new network namespace, as bwrap does for a fresh worker."""
    import fcntl
    import struct

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        flags = _IFF_UP | _IFF_LOOPBACK | _IFF_RUNNING
        fcntl.ioctl(s.fileno(), _SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags))


def _keeper(req: dict, fds: list[int]) -> None:
    """The submission's own namespaces; its worker; its exit status."""
    code = SETUP_FAILED
    try:
        os.setsid()
        libc = _libc()
        spaces = _CLONE_NEWNS | _CLONE_NEWPID | _CLONE_NEWIPC | _CLONE_NEWNET
        _check(libc.unshare(spaces), "unshare")
        _mount(libc, "none", "/", None, _MS_REC | _MS_PRIVATE, "")
        _fresh_tmp(libc, int(req["limits"]["tmp_bytes"]))
        shm = "size=16777216,mode=1777"
        _mount(libc, "tmpfs", "/dev/shm", "tmpfs", _MS_NOSUID | _MS_NODEV, shm)
        _loopback_up()
        pid = os.fork()
        if pid == 0:
            try:
                _worker(req, fds)
            except BaseException as exc:  # noqa: BLE001 - say why on the capture file
                os.write(2, f"medl fork server: worker set-up failed: {exc}\n".encode())
            os._exit(SETUP_FAILED)
        for fd in fds:
            os.close(fd)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        code = 128 - code if code < 0 else code
    except BaseException as exc:  # noqa: BLE001
        try:
            os.write(fds[3], f"medl fork server: namespace set-up failed: {exc}\n".encode())
        except OSError:
            pass
    os._exit(code)


def serve(ctl: socket.socket) -> None:
    """Answer fork and reap requests until the grader closes the socket."""
    while True:
        try:
            msg, fds, _flags, _addr = socket.recv_fds(ctl, 1 << 16, 8)
        except ConnectionResetError:
            return
        if not msg:
            return
        req = json.loads(msg)
        if req.get("op") == "fork" and len(fds) == 4:
            pid = os.fork()
            if pid == 0:
                ctl.close()
                _keeper(req, fds)
            for fd in fds:
                os.close(fd)
            ctl.send(json.dumps({"pid": pid}).encode())
        elif req.get("op") == "reap":
            try:
                os.waitpid(int(req["pid"]), os.WNOHANG)
            except ChildProcessError:
                pass
            ctl.send(b"{}")
        else:
            for fd in fds:
                os.close(fd)
            ctl.send(json.dumps({"error": f"bad request {req.get('op')!r}"}).encode())


def main(argv: list[str] | None = None) -> None:
    """``CTL_FD MODULE...``: import the modules (those missing are skipped), then serve."""
    argv = sys.argv[1:] if argv is None else argv
    ctl = socket.socket(fileno=int(argv[0]))
    for name in argv[1:]:
        try:
            __import__(name)
        except Exception:  # noqa: BLE001 - a module that cannot load is loaded per worker
            pass
    from .worker import _seed

    _seed(0)  # torch's first manual_seed/deterministic switch costs ~1 s: pay it once here
    gc.collect()
    gc.freeze()  # the collector in a fork must not touch (and so copy) the server's objects

    ctl.send(b'{"ready": true}')
    serve(ctl)
    os._exit(0)


if __name__ == "__main__":
    main()
