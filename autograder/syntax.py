"""``ast.parse`` for the grader's threads, one at a time.

CPython 3.11 keeps the recursion depth of its AST-to-Python conversion in per-interpreter
state that two threads parsing at once corrupt ("SystemError: AST constructor recursion
depth mismatch", seen with ``medl mutate --jobs 2`` and ``medl grade --jobs 2``). Every
grader-side parse goes through :func:`parse`; the jailed worker is single-threaded.
"""

from __future__ import annotations

import ast
import threading

__all__ = ["LOCK", "parse"]

# Held by every grader-side parse; code that calls a parser it does not own (the worker's
# _bind_lazily, reused for the reference) holds it too.
LOCK = _LOCK = threading.Lock()


def parse(source: str, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse(source, filename)``, serialised across threads; raises SyntaxError."""
    with _LOCK:
        return ast.parse(source, filename)
