"""Grader side of the fork server (:mod:`.jail.forkserver`): start it once, fork many.

Used by :func:`autograder.sandbox.launch.start_worker` when ``MEDL_WORKER_START`` is ``fork``
(or ``auto``, the default, where the fork server can run: root, bubblewrap, Linux). One
server per grader process, limits and preload set (at most :data:`MAX_SERVERS`), shared by
the batch's threads (requests are
serialized by a lock; a fork takes milliseconds). A worker forked from it is held like a
fresh one: its own uid, its own mount and pid namespace and ``/tmp``, the same rlimits, the
same watchdog; the grader kills it by its host pid and its uid.

If the server cannot start or dies, :func:`forked_worker` returns ``None`` and the caller
starts a fresh interpreter (said once on stderr); grading never depends on it.

The server is always started from one long-lived thread of the grading process
(:func:`_spawn`): bwrap's ``--die-with-parent`` is the kernel's parent-death signal, which
fires when the *thread* that started the process ends. Started from a batch's pool thread,
the server was SIGKILLed with its whole pid namespace when the batch's pool shut down, and
a worker forked in that instant died before it could read the notebook (the corpus case
``03_sys_exit_in_graded_function-fork`` then had no result under load).
"""

from __future__ import annotations

import ast
import atexit
import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict

from autograder import settings, syntax
from autograder.sandbox import procs
from autograder.sandbox.bwrap import LIB, bwrap_command, staged_lib

__all__ = ["ForkServer", "ForkedProc", "fork_mode", "forked_worker"]

# What a fork server may import before forking, in this order: installed libraries that are
# slow to import (seconds for torch and sklearn.datasets), never a name taken from a
# submission unless it is on this list.
HEAVY = (
    "numpy",
    "scipy",
    "sklearn",
    "sklearn.datasets",
    "torch",
    "networkx",
    "gymnasium",
)
MAX_SERVERS = 4  # per grading process; a fifth kind of notebook shares the numpy-only one
_LAUNCH = "import sys; sys.path[0] = {lib!r}; from medl_jail.forkserver import main; main()"
_lock = threading.Lock()
_servers: dict[tuple, ForkServer | None] = {}
_warned: list[str] = []


def heavy_imports(chunks) -> tuple[str, ...]:
    """The :data:`HEAVY` modules the submission's definitions import (numpy always): the
    fork server for it imports exactly these, so a numpy-only notebook never carries torch's
    memory, and workers of one kind share one server."""
    found = {"numpy"}
    for chunk in chunks:
        try:
            tree = syntax.parse(chunk.source)
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    parts = a.name.split(".")
                    found |= {".".join(parts[: i + 1]) for i in range(len(parts))}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                parts = node.module.split(".")
                found |= {".".join(parts[: i + 1]) for i in range(len(parts))}
                found |= {f"{node.module}.{a.name}" for a in node.names}
    return tuple(m for m in HEAVY if m in found)


def fork_mode() -> bool:
    """Whether workers are forked: ``MEDL_WORKER_START`` = ``auto`` or ``fork`` (forked when
    running as root, else fresh) or ``fresh``; any other value is a usage error."""
    if settings.worker_start_request() == "fresh":
        return False
    # The per-submission uid (what keeps two forked workers apart) needs root.
    return os.geteuid() == 0 and sys.platform == "linux"


class ForkedProc:
    """What :class:`autograder.sandbox.launch.Worker` needs of ``subprocess.Popen`` for a worker the
    server forked: the grader is not its parent, so its status is read from ``/proc`` while
    it is a zombie, and the server reaps it afterwards."""

    def __init__(self, server: ForkServer, pid: int, ns_pid: int) -> None:
        self.server, self.pid, self.ns_pid = server, pid, ns_pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is not None:
            return self.returncode
        try:
            with open(f"/proc/{self.pid}/stat", "rb") as f:
                raw = f.read()
        except OSError:  # already reaped: it is gone, status unknown
            self.returncode = -9
            return self.returncode
        fields = raw[raw.rfind(b")") + 2 :].split()
        if fields[0] not in (b"Z", b"X"):
            return None
        status = int(fields[49]) if len(fields) > 49 else 9  # field 52: exit_code
        self.returncode = os.waitstatus_to_exitcode(status)
        self.server.reap(self.ns_pid)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while (code := self.poll()) is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"forked worker {self.pid}", timeout or 0)
            time.sleep(0.005)
        return code


SPAWN_TIMEOUT_S = 60.0
_spawner: list[queue.Queue] = []
_spawner_lock = threading.Lock()


def _spawn(start):
    """``start()`` (a ``subprocess.Popen``) run on this process's spawner thread, which
    lives as long as the process: the parent-death signal of a process started there only
    fires when the grading process itself ends (see the module's docstring)."""
    with _spawner_lock:  # not _lock: _server() holds that one while a server starts
        if not _spawner:
            jobs: queue.Queue = queue.Queue()

            def serve() -> None:
                while True:
                    fn, box = jobs.get()
                    try:
                        box.put((fn(), None))
                    except BaseException as exc:  # noqa: BLE001 - handed to the caller
                        box.put((None, exc))

            threading.Thread(target=serve, name="medl-fork-server-spawner", daemon=True).start()
            _spawner.append(jobs)
        jobs = _spawner[0]
    box: queue.Queue = queue.Queue(maxsize=1)
    jobs.put((start, box))
    try:  # never wait forever: without a server, the caller starts fresh workers
        proc, exc = box.get(timeout=SPAWN_TIMEOUT_S)
    except queue.Empty:
        raise TimeoutError(  # an OSError: _server() then falls back to fresh workers
            f"the fork server was not started within {SPAWN_TIMEOUT_S:g} s"
        ) from None
    if exc is not None:
        raise exc
    return proc


class ForkServer:
    """One jailed server process that has imported the modules ``preload`` names."""

    def __init__(self, env: dict[str, str], limits, tmp_bytes: int, preload: tuple[str, ...]):
        self.limits = limits
        lib = staged_lib()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        argv = [sys.executable, "-s", "-c", _LAUNCH.format(lib=LIB), str(theirs.fileno())]
        cmd = bwrap_command(
            [*argv, *preload], env, root=True, tmp_bytes=tmp_bytes, lib=lib, forkserver=True
        )
        self.proc = _spawn(
            lambda: subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env={"PATH": "/usr/bin:/bin"},
                pass_fds=(theirs.fileno(),),
                start_new_session=True,
            )
        )
        theirs.close()
        self.sock = ours
        self.sock.settimeout(120)
        self.lock = threading.Lock()
        try:
            hello = json.loads(self.sock.recv(1 << 16) or b"{}")
        except (OSError, ValueError) as exc:
            hello = {"error": str(exc)}
        if not hello.get("ready"):
            self.close()
            why = self.proc.stderr.read(2000).decode("utf-8", "replace") if self.proc.stderr else ""
            raise OSError(f"the fork server did not start: {hello} {why.strip()[-300:]}")
        self.sock.settimeout(30)
        atexit.register(self.close)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def fork(self, fds: list[int], argv: list[str], env: dict[str, str]) -> ForkedProc:
        """Fork a worker wired to ``fds`` (request read end, reply write end, stdout,
        stderr); ``argv`` are the worker's options (``--uid`` ...)."""
        req = {"op": "fork", "argv": argv, "env": env, "limits": asdict(self.limits)}
        with self.lock:
            socket.send_fds(self.sock, [json.dumps(req).encode()], fds)
            reply = json.loads(self.sock.recv(1 << 16) or b"{}")
        if "pid" not in reply:
            raise OSError(f"the fork server refused: {reply}")
        ns_pid = int(reply["pid"])
        host = self._host_pid(ns_pid)
        if host is None:
            raise OSError(f"forked worker {ns_pid} not found in /proc")
        return ForkedProc(self, host, ns_pid)

    def reap(self, ns_pid: int) -> None:
        try:
            with self.lock:
                self.sock.send(json.dumps({"op": "reap", "pid": ns_pid}).encode())
                self.sock.recv(1 << 16)
        except OSError:
            pass

    def _host_pid(self, ns_pid: int) -> int | None:
        """The host pid of the server's child ``ns_pid`` (NSpid in /proc/PID/status)."""
        for pid in procs.tracked(self.proc.pid, group=False):
            try:
                with open(f"/proc/{pid}/status") as f:
                    for line in f:
                        if line.startswith("NSpid:"):
                            ids = line.split()[1:]
                            if len(ids) == 2 and int(ids[1]) == ns_pid:
                                return pid
                            break
            except OSError:
                continue
        return None

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, 9)
            except OSError:
                pass
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:  # pragma: no cover
                pass


def forked_worker(
    fds: list[int],
    argv: list[str],
    env: dict[str, str],
    limits,
    preload: tuple[str, ...] = ("numpy",),
) -> ForkedProc | None:
    """A worker forked from this process's server for ``limits`` and ``preload`` (started on
    first use), or None when no server can run here (the caller then starts a fresh
    interpreter)."""
    key, server = _server(env, limits, preload)
    if server is None:
        return None
    try:
        return server.fork(fds, argv, env)
    except OSError as exc:
        print(f"medl: fork server failed ({exc}); starting a fresh worker", file=sys.stderr)
        with _lock:
            server.close()
            _servers[key] = None
        return None


def prestart(env: dict[str, str], limits, preload: tuple[str, ...] = ("numpy",)) -> None:
    """Start the server for ``limits`` and ``preload`` now (``medl grade`` calls this on a
    thread while it reads the submissions); a fork asked for meanwhile waits for it."""
    _server(env, limits, preload)


def _server(
    env: dict[str, str], limits, preload: tuple[str, ...]
) -> tuple[tuple, ForkServer | None]:
    """The live server for (limits, preload), started here if needed; None if none can run."""
    key = (tuple(sorted(asdict(limits).items())), preload)
    with _lock:
        if key not in _servers and len(_servers) >= MAX_SERVERS:
            preload = ("numpy",)  # bounded: memory for at most MAX_SERVERS + 1 servers
            key = (key[0], preload)
        server = _servers.get(key, False)
        if server is False or (server is not None and not server.alive()):
            try:
                server = ForkServer(env, limits, limits.tmp_bytes, preload)
            except OSError as exc:
                server = None
                if str(exc) not in _warned:
                    _warned.append(str(exc))
                    print(f"medl: starting a fresh worker per submission ({exc})", file=sys.stderr)
            _servers[key] = server
    return key, server


def _reset_after_fork() -> None:  # a forked grader (Dask, multiprocessing) needs its own
    global _spawner_lock
    _servers.clear()
    _spawner.clear()  # the spawner thread does not exist in the child
    _spawner_lock = threading.Lock()  # nor does a thread that may have held it


os.register_at_fork(after_in_child=_reset_after_fork)
