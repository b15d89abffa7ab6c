"""Read notebooks defensively: every malformed file becomes one clear SubmissionError."""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.errors import SubmissionError

__all__ = ["Cell", "MAX_BYTES", "MAX_CELLS", "code_cells", "read_notebook", "strip_magics"]

MAX_BYTES = 20 * 1024 * 1024
MAX_CELLS = 2000


@dataclass(frozen=True)
class Cell:
    """A code cell: its 1-based position among all cells, and its source."""

    number: int
    source: str


def read_notebook(path: str | Path) -> nbformat.NotebookNode:
    """Read and validate ``path`` as an nbformat-4 notebook.

    Raises SubmissionError (one line, naming the file) for every way a file can be bad.
    """
    path = Path(path)
    name = _printable(path.name)
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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return nbformat.from_dict(data)
        except RecursionError:
            raise SubmissionError(f"{name}: JSON nested too deeply to be a notebook") from None


def _printable(name: str) -> str:
    """A file name safe to put in a one-line message (control characters escaped)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)[:200]


def code_cells(nb: nbformat.NotebookNode) -> list[Cell]:
    """The code cells of ``nb`` with their 1-based cell numbers."""
    return [
        Cell(i, c.get("source", ""))
        for i, c in enumerate(nb.cells, 1)
        if c.get("cell_type") == "code"
    ]


_MAGIC = re.compile(r"^(\s*)(%|!)")
_ASSIGN_SHELL = re.compile(r"^(\s*)[\w.,\s]+=\s*[!%]")


def strip_magics(source: str) -> str:
    """Replace IPython-only lines (``%magic``, ``!shell``, ``x = !cmd``) by ``pass``.

    A cell magic (``%%time`` on the first line) blanks the whole cell. Line numbers are kept
    so that error messages still point at the student's line.
    """
    lines = source.split("\n")
    if lines and lines[0].lstrip().startswith("%%"):
        return "\n".join("" for _ in lines)
    out = []
    for line in lines:
        m = _MAGIC.match(line) or _ASSIGN_SHELL.match(line)
        out.append(f"{m.group(1)}pass" if m else line)
    return "\n".join(out)
