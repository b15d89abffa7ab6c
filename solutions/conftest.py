"""Run hidden tests with plain pytest, the reference playing the student.

    pytest solutions/ch06_cnn/hidden            # every hidden test of ch06
    pytest solutions -k q5                      # one question in every chapter

The files are loaded exactly as ``medl grade`` loads them (:func:`load_module`, so
``from ._checks import ...`` works) and get the same fixtures (``student``, ``reference``,
``rng``, ``device``, ``credit``, ``speed``; see :mod:`autograder.grading.fixtures`), with the
same seeds as ``medl grade ID --reference``. A test fails under pytest when the reference
would lose any of its points, including partial credit given by ``credit`` or returned.
Speed tests time the reference against itself in two sandboxed workers.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from autograder.authoring.assignment import Assignment, load_assignment
from autograder.grading.fixtures import Credit, cuda_available, score_of
from autograder.grading.hidden import hidden_test_name, load_module
from autograder.grading.reference import load_reference
from autograder.grading.runner import _reference_chunks, seed_for
from autograder.grading.submission import from_notebook


def _is_hidden(path: Path) -> bool:
    return path.parent.name == "hidden" and (path.parent.parent / "assignment.toml").is_file()


class HiddenModule(pytest.Module):
    """A hidden test file, imported by medl's own loader."""

    def _getobj(self):  # noqa: ANN202 - pytest's hook signature
        return load_module(self.path)


def pytest_pycollect_makemodule(module_path: Path, parent: pytest.Collector):
    if _is_hidden(module_path) and module_path.name.startswith("test_"):
        return HiddenModule.from_parent(parent, path=module_path)
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Only functions marked with ``@question`` are hidden tests; helpers named test_* are not."""
    items[:] = [
        it
        for it in items
        if not _is_hidden(Path(str(it.path))) or hasattr(getattr(it, "function", None), "__medl__")
    ]


def _assignment_of(request: pytest.FixtureRequest) -> Assignment:
    chapter = Path(str(request.path)).resolve().parent.parent  # solutions/chNN_slug
    return load_assignment(chapter.name.split("_")[0], root=chapter.parent.parent)


@pytest.fixture
def reference(request: pytest.FixtureRequest):
    return load_reference(_assignment_of(request).solution_notebook)


@pytest.fixture
def student(reference):
    """The reference plays the student (in this process: no sandbox needed)."""
    return reference


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> np.random.Generator:
    a = _assignment_of(request)
    sha = from_notebook(a.solution_notebook, "reference").sha256
    name = hidden_test_name(Path(str(request.path)), request.function.__name__)
    return np.random.default_rng(seed_for(a.id, name, sha))


@pytest.fixture
def device() -> str:
    return "cuda" if cuda_available() else "cpu"


@pytest.fixture
def credit() -> Credit:
    return Credit()


@pytest.fixture
def speed(request: pytest.FixtureRequest, rng, device):
    from autograder.grading.speed import SpeedHarness
    from autograder.sandbox.session import WorkerSession

    a = _assignment_of(request)
    cfg = a.question(request.function.__medl__.question).speed or {}
    nb = a.solution_notebook
    chunks = list(_reference_chunks(nb, nb.stat().st_mtime_ns))
    sessions = [
        WorkerSession(chunks, seed=0, load_timeout=a.load_timeout_s, call_timeout=a.call_timeout_s)
        for _ in range(2)
    ]
    try:
        yield SpeedHarness(
            sessions[0],
            lambda: sessions[1],
            cfg,
            device if "cuda" in cfg else "cpu",
            np.random.default_rng(int(rng.integers(2**31)) + 1),
        )
    finally:
        for s in sessions:
            s.close()


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function):
    """Call a hidden test and fail it when the reference earns less than all its points."""
    fn = pyfuncitem.obj
    if not hasattr(fn, "__medl__"):
        return None
    args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    returned = fn(**args)
    frac, msg = score_of(returned, args.get("credit", Credit()))
    if frac < 1.0:
        pytest.fail(f"the reference earned {frac:.2f} of this test's points: {msg}", False)
    return True
