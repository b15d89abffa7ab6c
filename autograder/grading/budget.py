"""Call timeouts from the reference's own time on the same test: a hanging function costs
seconds, not the assignment's fixed ``call_timeout_s``.

Before a hidden test first runs in this process, it runs once here with the trusted
reference playing the student (in-process, seeded like a submission), and every top-level
function the test calls is timed. A student's call of ``f`` in that test may then take

    max(FLOOR_S, MULTIPLE x the reference's slowest call of f), at most call_timeout_s,

and the feedback of a timeout states that rule with the measured time. A generous multiple
keeps slow but correct code (Python loops instead of NumPy, a loaded machine, a worker's
first call) inside the limit; the floor covers calls that take the reference microseconds.
Tests with their own ``timeout=`` (training loops), speed tests, functions the reference run
did not call and methods of returned objects keep the fixed timeouts.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from autograder.authoring.assignment import Assignment
from autograder.grading.hidden import HiddenTest

__all__ = ["FLOOR_S", "MULTIPLE", "Budget", "call_budgets"]

FLOOR_S = 3.0
MULTIPLE = 50.0


@dataclass(frozen=True)
class Budget:
    seconds: float
    why: str  # "50 x the reference's 0.4 ms on these inputs, at least 3 s"


class _Timed:
    """The reference module, with the wall time of each top-level call recorded."""

    def __init__(self, reference: Any, times: dict[str, float]) -> None:
        self._reference, self._times = reference, times

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._reference, name)
        if name.startswith("_") or not callable(attr):
            return attr
        times = self._times

        def call(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                times[name] = max(times.get(name, 0.0), time.perf_counter() - t0)

        return call


_cache: dict[tuple[str, str], dict[str, float]] = {}
_lock = threading.Lock()


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.2g} ms" if seconds < 0.1 else f"{seconds:.2g} s"


def reference_times(assignment: Assignment, test: HiddenTest, reference: Any) -> dict[str, float]:
    """Seconds of the reference's slowest call of each function ``test`` calls (measured
    once per process and test; empty when the test cannot run without a worker)."""
    key = (str(assignment.source_dir), test.name)
    with _lock:
        if key in _cache:
            return _cache[key]
    from autograder.grading.fixtures import Fixtures  # fixtures imports this module's users
    from autograder.grading.runner import seed_for

    times: dict[str, float] = {}
    if "speed" not in test.params:
        seed = seed_for(assignment.id, test.name, "reference-timing")
        try:
            Fixtures(assignment, test, _Timed(reference, times), reference, seed, None, None).call(
                test
            )
        except Exception:  # noqa: BLE001 - no measurement: the fixed timeouts hold
            times = {}
    with _lock:
        _cache[key] = times
    return times


def call_budgets(assignment: Assignment, test: HiddenTest, reference: Any) -> dict[str, Budget]:
    """The call timeout of each function ``test`` calls, with its reason."""
    if test.spec.timeout:
        return {}
    cap = assignment.call_timeout_s
    out = {}
    for name, t in reference_times(assignment, test, reference).items():
        seconds = min(cap, max(FLOOR_S, MULTIPLE * t))
        why = f"{MULTIPLE:g} x the reference's {_ms(t)} in this test, at least {FLOOR_S:g} s"
        if seconds == cap:
            why = f"the assignment's call_timeout_s ({cap:g} s)"
        out[name] = Budget(seconds, why)
    return out
