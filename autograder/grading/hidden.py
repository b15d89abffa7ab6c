"""Collect the hidden tests of an assignment (``solutions/chNN_slug/hidden/test_*.py``).

The folder is loaded as a package, so test files may share helpers kept in a module whose
name does not start with ``test_`` (``from ._checks import close_grad``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import sys
import threading
import types
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from autograder.api import TestSpec
from autograder.authoring.assignment import Assignment
from autograder.errors import UsageError

__all__ = ["HiddenTest", "collect_tests", "load_module", "hidden_test_name"]


@dataclass(frozen=True)
class HiddenTest:
    name: str  # e.g. "test_softmax.test_rows_sum_to_one"
    doc: str  # first line of the docstring: the behaviour it proves
    spec: TestSpec
    fn: Callable
    params: tuple[str, ...]


def _package(hidden_dir: Path) -> str:
    """Register ``hidden_dir`` as a package, so tests can share ``from ._common import x``."""
    digest = hashlib.sha1(str(hidden_dir.resolve()).encode()).hexdigest()[:8]
    name = f"medl_hidden_{hidden_dir.parent.name}_{digest}"
    if name not in sys.modules:
        pkg = types.ModuleType(name)
        pkg.__path__ = [str(hidden_dir)]
        pkg.__package__ = name
        sys.modules[name] = pkg
    return name


# Grading threads (``--jobs``, ``medl mutate``) collect tests at the same time: one import
# at a time, or a thread could see another's half-executed module (no tests in it yet).
_IMPORT_LOCK = threading.RLock()


def load_module(path: Path) -> types.ModuleType:
    """Import one hidden test file as a module of its folder's package (once per process).

    ``medl grade`` and plain pytest (``solutions/conftest.py``) both load tests this way."""
    with _IMPORT_LOCK:
        return _load_module(path)


def _load_module(path: Path) -> types.ModuleType:
    package = _package(path.parent)
    mod_name = f"{package}.{path.stem}"
    if mod_name in sys.modules:
        return sys.modules[mod_name]
    spec = importlib.util.spec_from_file_location(mod_name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    module.__package__ = package
    sys.modules[mod_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[mod_name]
        raise
    return module


def hidden_test_name(path: Path, function: str) -> str:
    """A hidden test's name in results and seeds: ``test_q5_softmax.test_rows_sum_to_one``."""
    return f"{path.stem}.{function}"


def _collect(hidden_dir: Path) -> tuple[HiddenTest, ...]:
    with _IMPORT_LOCK:
        return _collect_once(hidden_dir)


@lru_cache(maxsize=16)
def _collect_once(hidden_dir: Path) -> tuple[HiddenTest, ...]:
    tests: list[tuple[str, int, HiddenTest]] = []
    for path in sorted(hidden_dir.glob("test_*.py")):
        module = load_module(path)
        for name, fn in vars(module).items():
            meta = getattr(fn, "__medl__", None)
            if not isinstance(meta, TestSpec) or not callable(fn):
                continue
            doc = (inspect.getdoc(fn) or name).strip().splitlines()[0]
            params = tuple(inspect.signature(fn).parameters)
            line = fn.__code__.co_firstlineno
            tests.append(
                (path.name, line, HiddenTest(hidden_test_name(path, name), doc, meta, fn, params))
            )
    tests.sort(key=lambda t: (t[0], t[1]))
    return tuple(t[2] for t in tests)


def collect_tests(assignment: Assignment) -> tuple[HiddenTest, ...]:
    """All hidden tests, validated against the questions and points of ``assignment``."""
    tests = _collect(assignment.source_dir / "hidden")
    by_q: dict[str, float] = {}
    for t in tests:
        by_q[t.spec.question] = by_q.get(t.spec.question, 0.0) + t.spec.points
    for q in assignment.questions:
        got = by_q.pop(q.id, 0.0)
        if abs(got - q.points) > 1e-9:
            raise UsageError(
                f"{assignment.id}: hidden tests give {q.id} {got:g} points, "
                f"assignment.toml says {q.points:g}"
            )
    if by_q:
        raise UsageError(f"{assignment.id}: hidden tests for unknown questions {sorted(by_q)}")
    return tests
