"""Contracts every graded function keeps, checked for every question without writing them
per test (issue 12):

1. **Inputs are not modified.** After each call of a top-level student function, the worker
   sends the arguments back as they are then, and the grader compares them with what it
   sent (its own copies, never the worker's word). A function that is meant to update its
   arguments says so in ``assignment.toml`` (``mutates = ["sgd_step"]`` in its question).
2. **Outputs have the reference's kind.** When a test calls the student and the reference
   with the same inputs, the two outputs must agree in container (a torch tensor or a numpy
   array / number), dtype family (bool, int, float, complex), shape and device.

Both produce one message naming the function, the argument or output, and what differs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["CallLog", "Recorded", "changed_argument", "describe", "key_of", "output_mismatch"]

_FAMILY = {"b": "bool", "i": "int", "u": "int", "f": "float", "c": "complex"}


def _is_tensor(x: Any) -> bool:
    return type(x).__module__.startswith("torch") and hasattr(x, "detach")


def _array(x: Any) -> np.ndarray | None:
    if _is_tensor(x):
        return x.detach().cpu().numpy()
    if isinstance(x, (np.ndarray, np.generic, bool, int, float, complex)):
        return np.asarray(x)
    return None


def describe(x: Any) -> Any:
    """What the output contract compares: ``(container, family, shape, device)`` for one
    value, a list of those for a tuple or list, None for anything else (not compared)."""
    if isinstance(x, (tuple, list)):
        return [describe(v) for v in x]
    arr = _array(x)
    if arr is None or arr.dtype.kind not in _FAMILY:
        return None
    container = "tensor" if _is_tensor(x) else "array"
    device = str(x.device.type) if _is_tensor(x) else "cpu"
    return (container, _FAMILY[arr.dtype.kind], tuple(arr.shape), device)


def _words(d: tuple) -> str:
    container, family, shape, device = d
    what = "a torch tensor" if container == "tensor" else "a numpy array or number"
    on = f" on {device}" if device != "cpu" else ""
    return f"{what} of {family} dtype, shape {shape}{on}"


def _mismatch(got: Any, want: Any, where: str) -> str | None:
    if want is None or got is None:
        return None
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            n = len(got) if isinstance(got, list) else 1
            return f"{where} has {n} parts where the reference returns {len(want)}"
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            msg = _mismatch(g, w, f"{where}[{i}]")
            if msg:
                return msg
        return None
    if isinstance(got, list):
        return (
            f"{where} is a sequence of {len(got)} values, but the reference returns {_words(want)}"
        )
    for i, aspect in enumerate(("container", "dtype family", "shape", "device")):
        if got[i] != want[i]:
            return (
                f"{where} is {_words(got)}, but the reference returns {_words(want)} "
                f"for the same inputs (the {aspect} differs)"
            )
    return None


def key_of(args: tuple, kwargs: dict) -> str | None:
    """A digest of the call's inputs (values, dtypes, shapes), or None when an argument is
    not plain data (then the call is not compared)."""
    h = hashlib.sha256()

    def feed(v: Any) -> bool:
        if isinstance(v, (tuple, list)):
            h.update(f"{type(v).__name__}{len(v)}(".encode())
            return all(feed(x) for x in v)
        if isinstance(v, dict):
            h.update(f"dict{len(v)}(".encode())
            return all(feed(str(k)) and feed(x) for k, x in sorted(v.items(), key=str))
        if isinstance(v, (str, type(None))):
            h.update(repr(v).encode())
            return True
        arr = _array(v)
        if arr is None:
            return False
        h.update(f"{'T' if _is_tensor(v) else 'A'}{arr.dtype.str}{arr.shape}".encode())
        h.update(np.ascontiguousarray(arr).tobytes())
        return True

    return h.hexdigest() if feed(list(args)) and feed(kwargs) else None


class CallLog:
    """The outputs of one test's calls, by (function, inputs), for student and reference."""

    def __init__(self) -> None:
        self.calls: dict[str, dict[tuple[str, str], Any]] = {"student": {}, "reference": {}}
        self.order: list[tuple[str, str]] = []

    def record(self, side: str, name: str, args: tuple, kwargs: dict, out: Any) -> None:
        key = key_of(args, kwargs)
        if key is None:
            return
        self.calls[side].setdefault((name, key), describe(out))
        if side == "student":
            self.order.append((name, key))

    def mismatch(self) -> str | None:
        """The first student call whose output kind differs from the reference's."""
        ref = self.calls["reference"]
        for name, key in self.order:
            if (name, key) in ref:
                msg = _mismatch(self.calls["student"][(name, key)], ref[(name, key)], name)
                if msg:
                    return msg.replace(name, f"`{name}`'s output", 1)
        return None


class Recorded:
    """A proxy to ``target`` (the student proxy or the reference module) that logs the
    outputs of its function calls in ``log`` under ``side``."""

    def __init__(self, target: Any, log: CallLog, side: str) -> None:
        self._target, self._log, self._side = target, log, side

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if not callable(attr) or name.startswith("_") or isinstance(attr, type):
            return attr
        log, side = self._log, self._side

        def call(*args: Any, **kwargs: Any) -> Any:
            out = attr(*args, **kwargs)
            log.record(side, name, args, kwargs, out)
            return out

        for extra in ("keep",):  # the speed harness's RemoteFunction.keep stays reachable
            if hasattr(attr, extra):
                call.keep = getattr(attr, extra)  # type: ignore[attr-defined]
        return call


def output_mismatch(log: CallLog) -> str | None:
    """The output-contract message for one test, or None when every compared call agrees."""
    return log.mismatch()


def changed_argument(name: str, sent: list, kwargs: dict, echoed: Any) -> str | None:
    """Which argument ``name`` modified in place, comparing the grader's copies ``sent`` /
    ``kwargs`` with the values the worker ``echoed`` after the call; None when unchanged."""
    if not isinstance(echoed, dict):
        return None
    pairs: list[tuple[str, Any, Any]] = []
    for i, v in enumerate(sent):
        got = echoed.get("args", [])
        pairs.append((f"argument {i + 1}", v, got[i] if i < len(got) else None))
    for k, v in kwargs.items():
        pairs.append((f"argument {k}", v, (echoed.get("kwargs") or {}).get(k)))
    for label, before, after in pairs:
        msg = _changed(before, after, label)
        if msg:
            return (
                f"`{name}` modified its {msg} in place; the docstring's contract is that "
                "inputs are left unchanged (work on a copy, e.g. x = x.copy() / x.clone(), "
                "or use out-of-place operations)"
            )
    return None


def _changed(before: Any, after: Any, label: str) -> str | None:
    if isinstance(before, (tuple, list)):
        if not isinstance(after, (tuple, list)) or len(after) != len(before):
            return None  # not comparable (the codec turned it into something else)
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            msg = _changed(b, a, f"{label}[{i}]")
            if msg:
                return msg
        return None
    if isinstance(before, dict):
        if not isinstance(after, dict):
            return None
        for k in before:
            msg = _changed(before[k], after.get(k), f"{label}[{k!r}]")
            if msg:
                return msg
        return None
    b, a = _array(before), _array(after)
    if b is None or a is None or b.ndim == 0:
        return None
    if a.shape != b.shape:
        return f"{label} (its shape went from {b.shape} to {a.shape})"
    same = np.array_equal(a, b, equal_nan=b.dtype.kind in "fc")
    if not same:
        idx = tuple(int(i) for i in np.argwhere(~_equal(a, b))[0])
        return f"{label} (entry {list(idx)} was {b[idx].item()!r}, is now {a[idx].item()!r})"
    return None


def _equal(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        eq = a == b
        if b.dtype.kind in "fc":
            eq |= np.isnan(a) & np.isnan(b)
    return eq


Caller = Callable[..., Any]
