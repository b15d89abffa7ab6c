"""The runner that ``medl export nbgrader|otter`` ships with an assignment, as ``medl_runner.py``.

This file is a template: the export copies its source and appends the assignment's data
(``ASSIGNMENT``, ``QUESTIONS``, ``HIDDEN``, ``REFERENCE``), so the written module needs
neither medl nor its ``autograder`` package, only numpy and whatever the hidden tests import
(``shared`` sits next to the notebook). It is instructor-only: it holds the hidden tests and
the reference solution.

It runs medl's hidden tests IN THE NOTEBOOK'S OWN PROCESS, against the functions the
notebook defined (``globals()``), the way nbgrader and otter grade. medl's sandbox (a
separate worker process with CPU, memory and time limits, no network, no access to the
hidden tests) does NOT apply: a submission can read this file, patch numpy or the tests.
Only a per-test wall-clock alarm is kept (main thread, POSIX).

    run_question("q3", globals())   # nbgrader: None when all pass, partial points, or raises
    run_test(name, globals())       # otter: one hidden test, silent on success, else raises
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import re
import signal
import sys
import threading
import types
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

__all__ = ["question", "run_question", "run_test", "tests"]

# Filled in by the export (appended assignments override these).
ASSIGNMENT = ""
QUESTIONS: dict[str, float] = {}  # question id -> points
HIDDEN: list[tuple[str, str]] = []  # (module stem, source) of hidden/*.py
REFERENCE = ""  # the solution notebook's definitions
TEST_TIMEOUT_S = 120.0

_API_IMPORT = re.compile(r"^from autograder\.api import [^\n]*$", re.MULTILINE)


class _Spec:
    """What ``@question`` records on a hidden test."""

    def __init__(self, qid: str, points: float, timeout: float | None) -> None:
        self.question, self.points, self.timeout = qid, float(points), timeout


def question(qid: str, points: float, *, timeout: float | None = None) -> Callable:
    """Stand-in for ``autograder.api.question``: mark a hidden test."""

    def mark(fn: Callable) -> Callable:
        fn.__medl__ = _Spec(qid, points, timeout)  # type: ignore[attr-defined]
        return fn

    return mark


_TESTS: list[tuple[str, _Spec, Callable]] = []
_REFERENCE_MODULE: list[types.ModuleType] = []


def tests() -> list[tuple[str, _Spec, Callable]]:
    """The hidden tests as (name, spec, function), in file and line order (loaded once)."""
    if _TESTS:
        return _TESTS
    package = f"medl_hidden_{ASSIGNMENT}"
    pkg = types.ModuleType(package)
    pkg.__path__ = []  # so ``from ._helpers import x`` resolves through sys.modules
    sys.modules[package] = pkg
    found: list[tuple[str, int, str, _Spec, Callable]] = []
    # Helper modules first, so relative imports in test files find them.
    for stem, source in sorted(HIDDEN, key=lambda s: (s[0].startswith("test_"), s[0])):
        mod = types.ModuleType(f"{package}.{stem}")
        mod.__package__ = package
        mod.question = question  # type: ignore[attr-defined]
        sys.modules[mod.__name__] = mod
        code = compile(_API_IMPORT.sub("", source), f"<hidden {stem}.py>", "exec")
        exec(code, mod.__dict__)
        for name, fn in vars(mod).items():
            spec = getattr(fn, "__medl__", None)
            if isinstance(spec, _Spec) and callable(fn):
                found.append((stem, fn.__code__.co_firstlineno, f"{stem}.{name}", spec, fn))
    found.sort(key=lambda t: (t[0], t[1]))
    _TESTS.extend((name, spec, fn) for _, _, name, spec, fn in found)
    return _TESTS


def _reference() -> types.ModuleType:
    if not _REFERENCE_MODULE:
        mod = types.ModuleType(f"medl_reference_{ASSIGNMENT}")
        exec(compile(REFERENCE, "<reference>", "exec"), mod.__dict__)
        _REFERENCE_MODULE.append(mod)
    return _REFERENCE_MODULE[0]


class _Student:
    """The notebook's definitions, reached by attribute like medl's worker proxy.

    Arguments are deep-copied into each call, so a function that modifies its inputs in
    place cannot change the arrays a test compares against afterwards.
    """

    def __init__(self, namespace: dict[str, Any]) -> None:
        self._ns = namespace

    def __getattr__(self, name: str) -> Any:
        if name not in self._ns:
            raise AssertionError(f"{name} is not defined in your notebook")
        obj = self._ns[name]
        if callable(obj) and not isinstance(obj, type):

            def call(*args: Any, **kwargs: Any) -> Any:
                return obj(*copy.deepcopy(args), **copy.deepcopy(kwargs))

            return call
        return obj


def _seed(name: str) -> int:
    return int(hashlib.sha256(f"{ASSIGNMENT}:{name}".encode()).hexdigest()[:8], 16)


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise TimeoutError after ``seconds`` (main thread on POSIX; otherwise no limit)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def fire(signum: int, frame: Any) -> None:
        raise TimeoutError(f"took longer than {seconds:g} s")

    old = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _run(name: str, spec: _Spec, fn: Callable, namespace: dict[str, Any]) -> tuple[float, str]:
    """(fraction of the test's points, message). Output of student code is swallowed:
    nbgrader gives 0 for any stderr output and otter compares printed output."""
    fixtures: dict[str, Any] = {
        "student": _Student(namespace),
        "reference": _reference(),
        "rng": np.random.default_rng(_seed(name)),
        "device": "cpu",
    }
    params = fn.__code__.co_varnames[: fn.__code__.co_argcount]
    sink = io.StringIO()
    try:
        with (
            warnings.catch_warnings(),
            contextlib.redirect_stdout(sink),
            contextlib.redirect_stderr(sink),
            _alarm(spec.timeout or TEST_TIMEOUT_S),
        ):
            warnings.simplefilter("ignore")
            out = fn(**{p: fixtures[p] for p in params})
    except AssertionError as exc:
        return 0.0, str(exc) or "assertion failed"
    except NotImplementedError:
        return 0.0, "not implemented yet (the function still raises NotImplementedError)"
    except Exception as exc:  # noqa: BLE001 - any crash of student code costs the test
        return 0.0, f"{type(exc).__name__}: {exc}"
    msg = ""
    if isinstance(out, tuple):
        out, msg = out
    if out is None:
        return 1.0, str(msg)
    return float(min(1.0, max(0.0, out))), str(msg)


def run_question(qid: str, namespace: dict[str, Any]) -> float | None:
    """Run every hidden test of ``qid`` against ``namespace`` (the notebook's globals()).

    Returns None when all pass (nbgrader: full points), the points earned when some pass
    (nbgrader reads a numeric cell result as partial credit), and raises AssertionError
    with medl's messages when none pass (nbgrader: 0 points).
    """
    mine = [(n, s, f) for n, s, f in tests() if s.question == qid]
    if not mine:
        raise KeyError(f"no hidden tests for question {qid!r}")
    total = sum(s.points for _, s, _ in mine)
    earned, lines = 0.0, []
    for name, spec, fn in mine:
        frac, msg = _run(name, spec, fn, namespace)
        earned += frac * spec.points
        status = "passed" if frac >= 1.0 else "failed"
        lines.append(
            f"  {status} {name} ({frac * spec.points:g}/{spec.points:g})"
            + (f": {msg}" if msg else "")
        )
    summary = f"{qid}: {earned:g}/{total:g} points from {len(mine)} hidden test(s)"
    if earned >= total - 1e-9:
        print(summary)
        return None
    if earned <= 0.0:
        raise AssertionError("\n".join([summary, *lines]))
    print("\n".join([summary, *lines]))
    return round(earned, 4)


def run_test(name: str, namespace: dict[str, Any]) -> None:
    """Run one hidden test (otter: one test case); silent on success, AssertionError on
    anything less than full marks (otter has no partial credit within a test case)."""
    for test_name, spec, fn in tests():
        if test_name == name:
            frac, msg = _run(test_name, spec, fn, namespace)
            if frac < 1.0:
                raise AssertionError(f"{name} ({frac * spec.points:g}/{spec.points:g}): {msg}")
            return
    raise KeyError(f"no hidden test {name!r}")
