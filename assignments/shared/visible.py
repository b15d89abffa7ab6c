"""Visible tests in a notebook: a short verdict per check, never a bare traceback.

    with verdict("q5 softmax"):
        close(softmax(z), expected, atol=1e-2, what="softmax(z)")

prints ``q5 softmax: passed`` or ``q5 softmax: FAILED - softmax(z)[2]: yours 0.5, ...``.
A stub that still raises NotImplementedError is reported as not done yet. Verdicts are
recorded in :data:`RESULTS` so that ``medl check`` can summarise a whole notebook.

Plot and demo cells that call graded functions wrap that part in :func:`needs`:

    with needs("q4"):
        ax.plot(zs, sigmoid(zs))

so that an unfinished stub prints ``finish q4 (sigmoid) to see this plot`` and "Run All"
goes on to the next cell instead of stopping at a traceback.
"""

from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

__all__ = ["RESULTS", "Verdict", "needs", "verdict"]


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


_STUB = re.compile(r"^(?:\w+\.)?(q\w+) (\S+)$")  # a stub's message: "ch01.q4 sigmoid"


@contextmanager
def needs(*questions: str, what: str = "plot") -> Iterator[None]:
    """Run a plot or demo block that calls graded functions; while one of them is still a
    stub (raises NotImplementedError), print ``finish q4 (sigmoid) to see this plot`` instead
    of a traceback, close the half-drawn figure, and let the notebook go on.

    ``questions`` name the questions the block needs, for a stub whose message does not
    say which it is. Any other error is the student's to see and is raised as usual.
    """
    plt = sys.modules.get("matplotlib.pyplot")
    before = set(plt.get_fignums()) if plt is not None else set()
    try:
        yield
    except NotImplementedError as exc:
        m = _STUB.match(str(exc).strip())
        todo = f"{m[1]} ({m[2]})" if m else " and ".join(questions) or "the functions above"
        print(f"finish {todo} to see this {what}")
        plt = sys.modules.get("matplotlib.pyplot")
        if plt is not None:
            for num in set(plt.get_fignums()) - before:
                plt.close(num)
