"""The grader's side of the worker protocol, and the proxies hidden tests call.

``student.softmax(z)`` in a hidden test is a :class:`RemoteFunction` call: the arguments are
encoded, sent to the worker, and the reply is decoded (arrays only, never pickle). Objects
that cannot be sent back stay in the worker and appear here as :class:`RemoteObject`
handles, on which attribute reads and calls work the same way.
"""

from __future__ import annotations

import difflib
import os
import select
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.grading.extract import Chunk
from autograder.sandbox import procs
from autograder.sandbox.jail.codec import (
    CodecError,
    Handle,
    decode,
    encode,
    read_frame,
    write_frame,
)
from autograder.sandbox.jail.worker import CONFINE_FAILED
from autograder.sandbox.launch import BWRAP, Limits, Worker, sandbox_mode, start_worker
from autograder.sandbox.pipes import DeadlineReader, FdWriter, describe_exit, unread
from autograder.sandbox.zygote import fork_mode, heavy_imports

__all__ = [
    "BadOutput",
    "LoadReport",
    "MissingDefinition",
    "OutOfMemory",
    "RemoteObject",
    "SandboxError",
    "StudentError",
    "StudentProxy",
    "StudentTimeout",
    "WorkerCrashed",
    "WorkerSession",
    "call_request",
]


class StudentFault(Exception):
    """Base for every failure caused by the student's code (costs points, never a pass).

    ``kind`` is the failure kind results.json reports (docs/security.md, "Failure kinds");
    each subclass states its own, and nothing else decides it."""

    kind = "error"


class StudentError(StudentFault):
    """The student's function raised. ``type`` is the exception's class name."""

    def __init__(self, name: str, type: str, message: str, where: str) -> None:
        self.name, self.type, self.message, self.where = name, type, message, where
        loc = f" at {where}" if where else ""
        super().__init__(f"{name} raised {type}{loc}: {message}")


class StudentTimeout(StudentFault):
    kind = "timeout"


class WorkerCrashed(StudentFault):
    kind = "crash"


class BadOutput(StudentFault):
    kind = "bad-output"


class MissingDefinition(StudentFault, AttributeError):
    kind = "missing"


class OutOfMemory(StudentFault):
    """The student's code hit the memory limit (a MemoryError, or the watchdog killed it)."""

    kind = "memory"


class SandboxError(RuntimeError):
    """The sandbox itself could not be set up: a fault of the grading machine, not of the
    student (never a StudentFault, so never scored as the student's failure)."""


class _NotDelivered(Exception):
    def __init__(self, crash: WorkerCrashed) -> None:
        super().__init__(str(crash))
        self.crash = crash


def _has_handles(value: Any) -> bool:
    if isinstance(value, (Handle, RemoteObject)):
        return True
    if isinstance(value, (list, tuple)):
        return any(_has_handles(v) for v in value)
    if isinstance(value, dict):
        return any(_has_handles(v) for v in value.values())
    return False


class _OverLimit(Exception):
    def __init__(self, message: str, memory: bool) -> None:
        super().__init__(message)
        self.memory = memory


@dataclass
class LoadReport:
    defined: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


MAX_LOAD_FAILURES = 2  # loads tried per submission before every test fails at once
_WATCH_EVERY = 0.25  # seconds between two looks at the worker's memory while waiting


class WorkerSession:
    """One worker process holding one submission's definitions.

    The worker is (re)started lazily; after a timeout or crash it is killed and the next
    request starts a fresh one, so later tests still run.
    """

    def __init__(
        self,
        chunks: list[Chunk],
        *,
        seed: int = 0,
        limits: Limits | None = None,
        load_timeout: float = 60.0,
        call_timeout: float = 20.0,
        watch: tuple[str, ...] = (),
    ) -> None:
        self.chunks, self.seed = chunks, seed
        self.watch = watch  # dotted names of forbidden functions to trip-wire at run time
        self.used: set[str] = set()  # watched names the student's code called
        self.warned: list[str] = []  # warnings the student's code raised (feedback only)
        self.timeouts: dict[str, int] = {}  # function name -> calls that timed out
        # Set by the grader per test: function name -> (call timeout in s, why), derived from
        # the reference's own time (autograder/grading/budget.py); others: call_timeout.
        self.budgets: dict[str, tuple[float, str]] = {}
        # Set by the grader: (name, args sent, kwargs sent, args echoed after the call) ->
        # a message when the call modified its arguments (autograder/grading/contracts.py).
        self.argument_check: Callable[[str, list, dict, Any], str | None] | None = None
        self.may_mutate: set[str] = set()  # functions allowed to modify their arguments
        self.echo: Any = None
        self.limits = limits or Limits.from_env()
        self.mode = sandbox_mode()  # may raise UsageError (MEDL_SANDBOX=bwrap, none here)
        fork_mode()  # a bad MEDL_WORKER_START is a usage error before any submission runs
        self.load_timeout, self.call_timeout = load_timeout, call_timeout
        self.worker: Worker | None = None
        self.report: LoadReport | None = None
        self.starts = 0
        self._tmp = tempfile.TemporaryDirectory(prefix="medl-worker-")
        self.output_log: list[str] = []
        self._watched = 0.0
        self._load_failures = 0
        self._load_failure: StudentFault | None = None
        self.preload = heavy_imports(chunks)
        self.worker_start = ""  # how the last worker started: "forked" or "fresh"
        self._limited_by = ""  # see limited_by

    @property
    def sandbox(self) -> str:
        """What results say about isolation: "bwrap" or "rlimits-only (degraded)"."""
        return self.mode

    # -- life cycle ---------------------------------------------------------------------
    def ensure(self) -> LoadReport:
        """The live worker's load report; (re)start and load a worker when there is none,
        it died, or it left unrequested bytes in the reply pipe (a forged extra reply would
        otherwise answer the next request). After a load that timed out, or
        :data:`MAX_LOAD_FAILURES` failed loads, the failure is raised again at once instead
        of loading again (an endless loop in a class body must not cost every test the
        whole load timeout)."""
        if self.worker is not None and self.worker.proc.poll() is None and self._quiet():
            assert self.report is not None
            return self.report
        self._discard()
        if self._load_failure is not None and (
            self._load_failures >= MAX_LOAD_FAILURES
            or isinstance(self._load_failure, StudentTimeout)  # a generous deadline already
        ):
            raise self._load_failure
        self.starts += 1
        workdir = Path(self._tmp.name) / f"run{self.starts}"
        self.worker = start_worker(workdir, self.limits, self.mode, preload=self.preload)
        self.worker_start = self.worker.start
        self._limited_by = self.worker.limited_by
        setup = {
            "chunks": [
                {"cell": c.where, "lineno": c.lineno, "source": c.source} for c in self.chunks
            ],
            "seed": self.seed,
            "watch": list(self.watch),
        }
        try:
            reply = self._roundtrip(setup, self.load_timeout, "loading your notebook")
        except _NotDelivered as exc:  # died before reading the notebook: not the student's code
            raise SandboxError(
                f"the worker died before it could load the notebook ({exc}; "
                f"{self.printed()[-300:].strip()})"
            ) from None
        except StudentFault as exc:
            self._load_failures += 1
            self._load_failure = exc
            self.report = LoadReport([], ["the notebook's definitions could not be loaded"])
            raise
        self.report = LoadReport(list(reply["defined"]), list(reply["problems"]))
        return self.report

    def _quiet(self) -> bool:
        """True when nothing is waiting in the reply pipe (no stray frame, no EOF)."""
        assert self.worker is not None
        ready, _, _ = select.select([self.worker.from_worker], [], [], 0)
        return not ready

    def _discard(self) -> None:
        if self.worker is None:
            return
        self.worker.kill()
        out = self.worker.output()
        if out:
            self.output_log.append(out)
        for fd in (self.worker.to_worker, self.worker.from_worker):
            try:
                os.close(fd)
            except OSError:
                pass
        self.worker = None

    def close(self) -> None:
        self._discard()
        self._tmp.cleanup()

    def __enter__(self) -> WorkerSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def printed(self) -> str:
        """Everything the student's code printed so far (capped)."""
        live = self.worker.output() if self.worker else ""
        return ("".join(self.output_log) + live)[-4000:]

    # -- limits -------------------------------------------------------------------------
    def _watch(self) -> None:
        """Raise _OverLimit when all the worker's processes together use too much."""
        w = self.worker
        if w is None:
            return
        self._watched = time.monotonic()
        if w.oom_killed():  # v1 kills one process at a time: the rest go with it here
            raise _OverLimit(self._oom_message(w), memory=True)
        rss, n = w.usage(self.limits.memory_bytes)
        if rss > self.limits.memory_bytes:
            raise _OverLimit(
                f"used {rss / 2**20:.0f} MiB of memory (all its processes "
                f"together; the limit is {self.limits.memory_bytes / 2**20:.0f} "
                "MiB) and was stopped",
                memory=True,
            )
        if n > self.limits.processes + 8:  # the kernel's RLIMIT_NPROC stops this first
            raise _OverLimit(
                f"started {n} processes (the limit is {self.limits.processes}) and was stopped",
                memory=False,
            )

    def _oom_message(self, w: Worker) -> str:
        peak = max(w.memory_peak(), self.limits.memory_bytes)
        return (
            f"used {peak / 2**20:.0f} MiB of memory (all its processes together, shared "
            "memory, memfd files, SysV segments and files in /tmp and /dev/shm included; the "
            f"limit is {self.limits.memory_bytes / 2**20:.0f} MiB) and was killed"
        )

    @property
    def limited_by(self) -> str:
        """What held the last worker's memory and processes: ``"cgroup v1"``, ``"cgroup
        v2"``, or ``"watchdog (degraded)"`` where no cgroup could be made (results say it)."""
        return self._limited_by

    # -- requests -----------------------------------------------------------------------
    def _roundtrip(self, request: dict, timeout: float, what: str) -> Any:
        w = self.worker
        assert w is not None
        header, bufs = encode(request)
        try:
            if time.monotonic() - self._watched > 2 * _WATCH_EVERY:
                self._watch()  # background processes between two slow calls
            write_frame(FdWriter(w.to_worker), header, bufs)
            reader = DeadlineReader(
                w.from_worker, time.monotonic() + timeout, self._watch, _WATCH_EVERY
            )
            header, bufs = read_frame(reader)
            if w.oom_killed():  # a child killed over the limit while the call went on
                raise _OverLimit(self._oom_message(w), memory=True)
            reply = decode(header, bufs)
        except _OverLimit as exc:
            self._discard()
            if exc.memory:
                raise OutOfMemory(f"{what} {exc}") from None
            raise WorkerCrashed(f"{what} {exc}") from None
        except TimeoutError:
            self._discard()
            raise StudentTimeout(
                f"{what} did not finish within {timeout:g} s (an endless loop, or far too slow?)"
            ) from None
        except (EOFError, BrokenPipeError, OSError):
            pending = unread(w.to_worker)  # > 0: the worker died before reading this request
            if w.oom_killed():  # the kernel's OOM killer, inside the worker's cgroup
                message = self._oom_message(w)
                self._discard()
                raise OutOfMemory(f"{what} {message}") from None
            code = w.proc.poll()
            if code is None:
                try:
                    code = w.proc.wait(timeout=2)
                except Exception:  # noqa: BLE001
                    code = None
            self._discard()
            if code == CONFINE_FAILED:
                raise SandboxError(
                    f"{what}: the sandbox could not be set up on this machine "
                    f"({self.printed()[-300:].strip()})"
                ) from None
            if code is not None and code > 128 and w.mode == BWRAP:
                code = 128 - code  # bwrap reports a child killed by signal S as 128 + S
            died = WorkerCrashed(
                f"{what}: the Python process running your code died ({describe_exit(code)})"
            )
            if pending > 0:
                raise _NotDelivered(died) from None
            raise died from None
        except CodecError as exc:
            self._discard()
            raise BadOutput(f"{what}: the reply could not be read ({exc})") from None
        if not isinstance(reply, dict) or not ({"ok", "error"} & set(reply)):
            self._discard()
            raise BadOutput(f"{what}: malformed reply from the worker")
        self.echo = reply.get("echo")  # arguments after the call, when asked (contracts.py)
        used = reply.get("used")
        if isinstance(used, list):
            self.used.update(str(u) for u in used)
        warned = reply.get("warned")
        if isinstance(warned, list):  # feedback only: never parsed for a verdict
            for w in warned[:5]:
                if str(w)[:300] not in self.warned and len(self.warned) < 5:
                    self.warned.append(str(w)[:300])
        if "error" in reply:
            e = reply["error"] if isinstance(reply["error"], dict) else {}
            etype = str(e.get("type", "Error"))
            if etype == "BadOutput":
                raise BadOutput(
                    f"{what} returned something that is not numbers or arrays: "
                    f"{e.get('message', '')}"
                )
            if etype == "MemoryError":
                where = f" at {e['where']}" if e.get("where") else ""
                raise OutOfMemory(
                    f"{what} ran out of memory{where}: {str(e.get('message', ''))[:300]}"
                )
            raise StudentError(what, etype, str(e.get("message", "")), str(e.get("where", "")))
        return reply["ok"]

    def request(self, request: dict, *, what: str, timeout: float | None = None) -> Any:
        """Send ``request`` to the (started, loaded) worker and return the decoded answer.

        A worker that died *before reading* the request (e.g. code that exits right after
        answering the previous call) is replaced and the request sent once more, unless it
        names objects of the dead worker."""
        for attempt in (1, 2):
            self.ensure()
            try:
                return self._roundtrip(request, timeout or self.call_timeout, what)
            except _NotDelivered as exc:
                if attempt == 2 or _has_handles(request):
                    raise exc.crash from None
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def timeout(self, seconds: float):
        """Temporarily change the per-call timeout (e.g. for a training-loop question)."""
        old, self.call_timeout = self.call_timeout, seconds
        try:
            yield
        finally:
            self.call_timeout = old

    # -- measured intervals (autograder/grading/speed.py) ---------------------------------
    # The worker's cgroup when the launcher made one (every process and thread, whatever
    # session it started); else every tracked process by signal and /proc (procs.py).
    def _cgroup(self) -> Any:
        return getattr(self.worker, "cgroup", None) if self.worker is not None else None

    @property
    def isolation(self) -> str:
        """How :meth:`freeze` and :meth:`cpu_seconds` reach the worker: ``"cgroup"`` or
        ``"signals"`` (SIGSTOP/SIGCONT and /proc of every tracked process, the fallback)."""
        return "cgroup" if self._cgroup() is not None else "signals"

    def freeze(self) -> None:
        """Stop every process and thread of the live worker (no-op without one)."""
        w = self.worker
        if w is None or w.proc.poll() is not None:
            return
        cg = self._cgroup()
        if cg is not None:
            cg.freeze()
        else:
            procs.stop_all(w.proc.pid, uid=w.uid)

    def thaw(self) -> None:
        """Let the live worker run again after :meth:`freeze`."""
        w = self.worker
        if w is None:
            return
        cg = self._cgroup()
        if cg is not None:
            cg.thaw()
        else:
            procs.resume_all(w.proc.pid, uid=w.uid)

    def cpu_seconds(self) -> float:
        """CPU seconds the live worker used so far: all its processes, threads and
        children (0.0 without a worker)."""
        w = self.worker
        if w is None:
            return 0.0
        cg = self._cgroup()
        if cg is not None:
            return float(cg.cpu_seconds())
        return procs.cpu_seconds(w.proc.pid, uid=w.uid)


def _wrap(session: WorkerSession, value: Any, label: str) -> Any:
    if isinstance(value, Handle):
        return RemoteObject(session, value, label)
    if isinstance(value, list):
        return [_wrap(session, v, label) for v in value]
    if isinstance(value, tuple):
        return tuple(_wrap(session, v, label) for v in value)
    if isinstance(value, dict):
        return {k: _wrap(session, v, label) for k, v in value.items()}
    return value


def _unwrap(value: Any) -> Any:
    if isinstance(value, RemoteObject):
        return value._handle
    if isinstance(value, list):
        return [_unwrap(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_unwrap(v) for v in value)
    if isinstance(value, dict):
        return {k: _unwrap(v) for k, v in value.items()}
    return value


def call_request(
    args: tuple | list,
    kwargs: dict,
    *,
    name: str | None = None,
    handle: Handle | None = None,
    keep: bool = False,
) -> dict:
    """The worker protocol's ``call`` message, built in this one place: call the top-level
    ``name`` (or the object behind ``handle``) with ``args`` / ``kwargs`` (remote objects
    become their handles). ``keep``: leave the result in the worker and answer with its
    handle, after the device is synchronised (what the speed harness times)."""
    req: dict = {"op": "call", "args": list(_unwrap(tuple(args))), "kwargs": _unwrap(kwargs)}
    if name is not None:
        req["name"] = name
    else:
        req["handle"] = handle
    if keep:
        req["keep"] = req["sync"] = True
    return req


# After this many timed-out calls of one function, further calls fail at once: a hanging
# function would otherwise cost a full timeout in every test that calls it.
MAX_TIMEOUTS_PER_FUNCTION = 2


class RemoteFunction:
    """A top-level function of the submission, called in the worker."""

    def __init__(self, session: WorkerSession, name: str) -> None:
        self._session, self._name = session, name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        session, name = self._session, self._name
        hung = session.timeouts.get(name, 0)
        if hung >= MAX_TIMEOUTS_PER_FUNCTION:
            raise StudentTimeout(
                f"`{name}` did not finish {hung} times already in this "
                "submission, so it was not run again (an endless loop?)"
            )
        req = call_request(args, kwargs, name=name)
        check = session.argument_check
        echo = check is not None and name not in session.may_mutate and not _has_handles(req)
        if echo:
            req["echo"] = True
        session.echo = None
        limit = session.budgets.get(name)  # (seconds, why) from the reference's own time
        try:
            out = session.request(req, what=name, timeout=limit[0] if limit else None)
        except StudentTimeout as exc:
            session.timeouts[name] = hung + 1
            if limit:
                raise StudentTimeout(f"{exc}; the limit is {limit[1]}") from None
            raise
        if echo and check is not None:
            changed = check(name, list(args), dict(kwargs), session.echo)
            if changed:
                raise AssertionError(changed)
        return _wrap(session, out, name)

    def keep(self, *args: Any, **kwargs: Any) -> RemoteObject:
        """Call, but leave the result in the worker (used by the speed harness)."""
        req = call_request(args, kwargs, name=self._name, keep=True)
        h = self._session.request(req, what=self._name)
        return RemoteObject(self._session, h, self._name)


class RemoteObject:
    """An object living in the worker (a student's class instance, a bound method...)."""

    def __init__(self, session: WorkerSession, handle: Handle, label: str) -> None:
        self._session, self._handle, self._label = session, handle, label

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_") and not (attr.startswith("__") and attr.endswith("__")):
            raise AttributeError(attr)
        req = {"op": "getattr", "handle": self._handle, "attr": attr}
        what = f"{self._label}.{attr}"
        return _wrap(self._session, self._session.request(req, what=what), what)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        req = call_request(args, kwargs, handle=self._handle)
        return _wrap(self._session, self._session.request(req, what=self._label), self._label)

    def get(self) -> Any:
        """Fetch the object's value (it must be numbers or arrays)."""
        req = {"op": "get", "handle": self._handle}
        return self._session.request(req, what=self._label)

    def __repr__(self) -> str:
        return f"<{self._handle.type} in the student's worker>"


class StudentProxy:
    """``student.NAME`` is the submission's top-level ``NAME``, run in the worker."""

    def __init__(self, session: WorkerSession, notes: list[str] | None = None) -> None:
        self._session = session
        self._notes = list(notes or [])

    def __getattr__(self, name: str) -> RemoteFunction:
        if name.startswith("_"):
            raise AttributeError(name)
        report = self._session.ensure()
        if name not in report.defined:
            raise MissingDefinition(
                _missing_message(name, self._notes + report.problems, report.defined)
            )
        return RemoteFunction(self._session, name)


def _missing_message(
    name: str, problems: list[str], defined: list[str] | tuple[str, ...] = ()
) -> str:
    msg = f"`{name}` is not defined in your notebook"
    near = difflib.get_close_matches(name, [d for d in defined if d[:1] != "_"], 1, 0.75)
    if near:
        msg += f"; did you mean `{near[0]}`? (keep the names the release gives)"
    related = [p for p in problems if name in p] or problems[:2]
    if related:
        msg += "; " + "; ".join(related)
    return msg
