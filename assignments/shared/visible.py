"""Visible tests in a notebook: a short verdict per check, never a bare traceback.

    with verdict("q5 softmax"):
        close(softmax(z), expected, atol=1e-2, what="softmax(z)")

prints ``q5 softmax: passed`` or ``q5 softmax: FAILED - softmax(z)[2]: yours 0.5, ...``.
A stub that still raises NotImplementedError is reported as not done yet. Verdicts are
recorded in :data:`RESULTS` so that ``medl check`` can summarise a whole notebook.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

__all__ = ["RESULTS", "Verdict", "verdict"]


@dataclass
class Verdict:
    label: str
    status: str  # "passed" | "failed" | "todo" | "error"
    message: str = ""


RESULTS: list[Verdict] = []


@contextmanager
def verdict(label: str) -> Iterator[None]:
    """Run the block as one visible check and print its verdict."""
    try:
        yield
    except NotImplementedError as exc:
        v = Verdict(label, "todo", f"not implemented yet ({exc})")
    except AssertionError as exc:
        v = Verdict(label, "failed", str(exc) or "assertion failed")
    except Exception as exc:  # the student's code raised: show where, briefly
        tb = traceback.extract_tb(exc.__traceback__)
        line = f" (line {tb[-1].lineno} of {tb[-1].name})" if tb else ""
        v = Verdict(label, "error", f"{type(exc).__name__}: {exc}{line}")
    else:
        v = Verdict(label, "passed")
    RESULTS.append(v)
    mark = {"passed": "passed", "failed": "FAILED", "todo": "TODO", "error": "ERROR"}[v.status]
    print(f"{label}: {mark}" + (f" - {v.message}" if v.message else ""))
