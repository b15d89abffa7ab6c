"""Read notebooks defensively: every malformed file becomes one clear SubmissionError.

The reader checks the structure it relies on itself (a dict with a list of cells, each with
a ``cell_type`` and a text ``source``) and does not import nbformat: nbformat's import pulls
in its JSON-schema validator, which cost 0.86 s of every ``medl check`` and ``medl grade``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.errors import SubmissionError
from autograder.printable import printable
from shared.check import cell_label, strip_magics  # one implementation for both sides

__all__ = [
    "Cell",
    "MAX_BYTES",
    "MAX_CELLS",
    "Node",
    "code_cells",
    "read_notebook",
    "strip_magics",
]

MAX_BYTES = 20 * 1024 * 1024
MAX_CELLS = 2000


@dataclass(frozen=True)
class Cell:
    """A code cell as a student finds it: its 1-based position among the *code* cells
    (Jupyter does not number markdown cells, so a student counts code cells), its source,
    and its 1-based position among all cells (``index``; 0 when unknown)."""

    number: int
    source: str
    index: int = 0

    @property
    def label(self) -> str:
        """``3 "def softmax(z):"``: what follows the word "cell" in every message."""
        return cell_label(self.number, self.source)


class Node(dict):
    """A JSON object whose keys read as attributes (``nb.cells[0].source``), like nbformat's
    NotebookNode; ``nbformat.from_dict(node)`` turns it into one where nbformat is needed."""

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value

    def __delattr__(self, key: str) -> None:
        try:
            del self[key]
        except KeyError:
            raise AttributeError(key) from None


def _nodes(value: Any, depth: int = 0) -> Any:
    if depth > 200:
        raise RecursionError
    if isinstance(value, dict):
        return Node((k, _nodes(v, depth + 1)) for k, v in value.items())
    if isinstance(value, list):
        return [_nodes(v, depth + 1) for v in value]
    return value


def read_notebook(path: str | Path) -> Node:
    """Read and check ``path`` as an nbformat-4 notebook.

    Raises SubmissionError (one line, naming the file) for every way a file can be bad.
    """
    path = Path(path)
    name = printable(path.name)[:200]
    if path.is_symlink():
        raise SubmissionError(f"{name}: is a symbolic link; submit the notebook file itself")
    if path.is_dir():
        raise SubmissionError(f"{name}: is a folder, not a notebook file")
    if not path.exists():
        raise SubmissionError(f"{name}: no such file")
    if not path.is_file():  # a FIFO would block the reader, a device never end
        raise SubmissionError(f"{name}: not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise SubmissionError(f"{name}: the file is empty")
    if size > MAX_BYTES:
        raise SubmissionError(
            f"{name}: {size / 2**20:.0f} MB is over the {MAX_BYTES // 2**20} MB limit "
            "(clear the outputs before submitting)"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SubmissionError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if raw.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark: harmless, drop it
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SubmissionError(
            f"{name}: not UTF-8 text (byte {exc.start}); is this really a .ipynb file?"
        ) from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise SubmissionError(f"{name}: JSON nested too deeply to be a notebook") from None
    except json.JSONDecodeError as exc:
        body = text.strip()
        cut = body.startswith("{") and not body.endswith("}")
        what = "truncated (the file ends early)" if cut else "not valid JSON"
        raise SubmissionError(
            f"{name}: {what} (line {exc.lineno}, column {exc.colno}); "
            "re-download the notebook from Jupyter"
        ) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise SubmissionError(f"{name}: not valid notebook JSON ({str(exc)[:80]})") from None
    if not isinstance(data, dict) or "cells" not in data and "worksheets" not in data:
        raise SubmissionError(f"{name}: JSON but not a Jupyter notebook (no 'cells')")
    major = data.get("nbformat")
    if major != 4:
        raise SubmissionError(
            f"{name}: notebook format {major!r} is not supported; open and save it in a "
            "current Jupyter (format 4)"
        )
    cells = data.get("cells")
    if not isinstance(cells, list):
        raise SubmissionError(f"{name}: 'cells' is not a list")
    if not cells:
        raise SubmissionError(f"{name}: the notebook has no cells")
    if len(cells) > MAX_CELLS:
        raise SubmissionError(f"{name}: {len(cells)} cells is over the limit of {MAX_CELLS}")
    for i, cell in enumerate(cells, 1):
        if not isinstance(cell, dict) or "cell_type" not in cell:
            raise SubmissionError(f"{name}: cell {i} is not a notebook cell")
        src = cell.get("source", "")
        if isinstance(src, list) and all(isinstance(s, str) for s in src):
            cell["source"] = "".join(src)
        elif not isinstance(src, str):
            raise SubmissionError(f"{name}: cell {i} has a source that is not text")
    if not isinstance(data.get("metadata", {}), dict):
        data["metadata"] = {}
    data.setdefault("metadata", {})
    data.setdefault("nbformat_minor", 4)
    try:
        return _nodes(data)
    except RecursionError:
        raise SubmissionError(f"{name}: JSON nested too deeply to be a notebook") from None


def code_cells(nb: dict) -> list[Cell]:
    """The code cells of ``nb``, numbered as a student counts them (see :class:`Cell`)."""
    code = [(i, c) for i, c in enumerate(nb["cells"], 1) if c.get("cell_type") == "code"]
    return [Cell(n, c.get("source", ""), i) for n, (i, c) in enumerate(code, 1)]
