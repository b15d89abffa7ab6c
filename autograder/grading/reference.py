"""The trusted reference: the solution notebook's definitions as an in-process module."""

from __future__ import annotations

import types
from functools import lru_cache
from pathlib import Path

from autograder import syntax
from autograder.grading.extract import extract_definitions
from autograder.notebook import code_cells, read_notebook
from autograder.sandbox.jail.worker import _bind_lazily

__all__ = ["load_reference"]


@lru_cache(maxsize=16)
def load_reference(notebook: Path) -> types.ModuleType:
    """Execute the definitions of the solution ``notebook`` in a fresh module.

    Raises RuntimeError if any definition fails: a broken reference must stop grading.
    """
    ext = extract_definitions(code_cells(read_notebook(notebook)))
    if ext.problems:
        raise RuntimeError(f"reference {notebook.name}: " + "; ".join(ext.problems))
    module = types.ModuleType(f"medl_reference_{notebook.stem}")
    for chunk in ext.chunks:
        with syntax.LOCK:  # _bind_lazily parses; threads must not parse at once
            lazy = _bind_lazily(chunk.source, module.__dict__)
        if lazy:  # matplotlib imports: 0.3-1 s, now on first use
            continue
        code = compile(chunk.source, f"<reference cell {chunk.cell}>", "exec")
        exec(code, module.__dict__)
    return module
