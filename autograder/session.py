"""The grader's side of the worker protocol, and the proxies hidden tests call.

``student.softmax(z)`` in a hidden test is a :class:`RemoteFunction` call: the arguments are
encoded, sent to the worker, and the reply is decoded (arrays only, never pickle). Objects
that cannot be sent back stay in the worker and appear here as :class:`RemoteObject`
handles, on which attribute reads and calls work the same way.
"""

from __future__ import annotations

import os
import select
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .codec import CodecError, Handle, decode, encode, read_frame, write_frame
from .extract import Chunk
from .sandbox import Limits, Worker, kill_group, start_worker

__all__ = [
    "BadOutput",
    "LoadReport",
    "MissingDefinition",
    "RemoteObject",
    "StudentError",
    "StudentProxy",
    "StudentTimeout",
    "WorkerCrashed",
    "WorkerSession",
]


class StudentFault(Exception):
    """Base for every failure caused by the student's code (costs points, never a pass)."""


class StudentError(StudentFault):
    """The student's function raised. ``type`` is the exception's class name."""

    def __init__(self, name: str, type: str, message: str, where: str) -> None:
        self.name, self.type, self.message, self.where = name, type, message, where
        loc = f" at {where}" if where else ""
        super().__init__(f"{name} raised {type}{loc}: {message}")


class StudentTimeout(StudentFault):
    pass


class WorkerCrashed(StudentFault):
    pass


class BadOutput(StudentFault):
    pass


class MissingDefinition(StudentFault, AttributeError):
    pass


@dataclass
class LoadReport:
    defined: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class _DeadlineReader:
    """A file-like ``read`` on a pipe fd that raises TimeoutError past a deadline."""

    def __init__(self, fd: int, deadline: float) -> None:
        self.fd, self.deadline = fd, deadline

    def read(self, n: int) -> bytes:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        ready, _, _ = select.select([self.fd], [], [], left)
        if not ready:
            raise TimeoutError
        return os.read(self.fd, min(n, 1 << 20))


class _FdWriter:
    def __init__(self, fd: int) -> None:
        self.fd = fd

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            n = os.write(self.fd, view)
            view = view[n:]

    def flush(self) -> None:
        pass


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
        limits: Limits = Limits(),
        load_timeout: float = 60.0,
        call_timeout: float = 20.0,
    ) -> None:
        self.chunks, self.seed, self.limits = chunks, seed, limits
        self.load_timeout, self.call_timeout = load_timeout, call_timeout
        self.worker: Worker | None = None
        self.report: LoadReport | None = None
        self.starts = 0
        self._tmp = tempfile.TemporaryDirectory(prefix="medl-worker-")
        self.output_log: list[str] = []

    # -- life cycle ---------------------------------------------------------------------
    def ensure(self) -> LoadReport:
        if self.worker is not None and self.worker.proc.poll() is None:
            assert self.report is not None
            return self.report
        self._discard()
        self.starts += 1
        workdir = Path(self._tmp.name) / f"run{self.starts}"
        self.worker = start_worker(workdir, self.limits)
        setup = {
            "chunks": [{"cell": c.cell, "lineno": c.lineno, "source": c.source}
                       for c in self.chunks],
            "seed": self.seed,
        }
        try:
            reply = self._roundtrip(setup, self.load_timeout, "loading your notebook")
        except StudentFault:
            self.report = LoadReport([], ["the notebook's definitions could not be loaded"])
            raise
        self.report = LoadReport(list(reply["defined"]), list(reply["problems"]))
        return self.report

    def _discard(self) -> None:
        if self.worker is None:
            return
        kill_group(self.worker.proc)
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

    # -- requests -----------------------------------------------------------------------
    def _roundtrip(self, request: dict, timeout: float, what: str) -> Any:
        w = self.worker
        assert w is not None
        header, bufs = encode(request)
        try:
            write_frame(_FdWriter(w.to_worker), header, bufs)
            header, bufs = read_frame(_DeadlineReader(w.from_worker, time.monotonic() + timeout))
            reply = decode(header, bufs)
        except TimeoutError:
            self._discard()
            raise StudentTimeout(
                f"{what} did not finish within {timeout:g} s (an endless loop, or far too slow?)"
            ) from None
        except (EOFError, BrokenPipeError, OSError):
            code = w.proc.poll()
            if code is None:
                try:
                    code = w.proc.wait(timeout=2)
                except Exception:  # noqa: BLE001
                    code = None
            self._discard()
            raise WorkerCrashed(f"{what}: the Python process running your code died "
                                f"({_describe_exit(code)})") from None
        except CodecError as exc:
            self._discard()
            raise BadOutput(f"{what}: the reply could not be read ({exc})") from None
        if not isinstance(reply, dict) or not ({"ok", "error"} & set(reply)):
            self._discard()
            raise BadOutput(f"{what}: malformed reply from the worker")
        if "error" in reply:
            e = reply["error"] if isinstance(reply["error"], dict) else {}
            etype = str(e.get("type", "Error"))
            if etype == "BadOutput":
                raise BadOutput(f"{what} returned something that is not numbers or arrays: "
                                f"{e.get('message', '')}")
            raise StudentError(what, etype, str(e.get("message", "")), str(e.get("where", "")))
        return reply["ok"]

    def request(self, request: dict, *, what: str, timeout: float | None = None) -> Any:
        self.ensure()
        return self._roundtrip(request, timeout or self.call_timeout, what)

    @contextmanager
    def timeout(self, seconds: float):
        """Temporarily change the per-call timeout (e.g. for a training-loop question)."""
        old, self.call_timeout = self.call_timeout, seconds
        try:
            yield
        finally:
            self.call_timeout = old


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        import signal

        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        hint = {"SIGKILL": "killed: out of memory or a limit?", "SIGXCPU": "CPU time limit",
                "SIGXFSZ": "wrote too much output", "SIGSEGV": "segmentation fault"}
        return f"signal {name}" + (f", {hint[name]}" if name in hint else "")
    return f"exit code {code}; did the code call os._exit or exit()?"


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


class RemoteFunction:
    """A top-level function of the submission, called in the worker."""

    def __init__(self, session: WorkerSession, name: str) -> None:
        self._session, self._name = session, name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        req = {"op": "call", "name": self._name, "args": list(_unwrap(args)),
               "kwargs": _unwrap(kwargs)}
        return _wrap(self._session, self._session.request(req, what=self._name), self._name)

    def keep(self, *args: Any, **kwargs: Any) -> RemoteObject:
        """Call, but leave the result in the worker (used by the speed harness)."""
        req = {"op": "call", "name": self._name, "args": list(_unwrap(args)),
               "kwargs": _unwrap(kwargs), "keep": True, "sync": True}
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
        req = {"op": "call", "handle": self._handle, "args": list(_unwrap(args)),
               "kwargs": _unwrap(kwargs)}
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
            raise MissingDefinition(_missing_message(name, self._notes + report.problems))
        return RemoteFunction(self._session, name)


def _missing_message(name: str, problems: list[str]) -> str:
    msg = f"`{name}` is not defined in your notebook"
    related = [p for p in problems if name in p] or problems[:2]
    if related:
        msg += "; " + "; ".join(related)
    return msg
