"""Turn solution regions into stubs.

In a code cell, the lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (markers
on their own line, any indentation) are replaced by
``raise NotImplementedError("<assignment>.<question> <function>")`` at the marker's
indentation. A region must sit inside the body of a graded function (or a method of a
graded class, named ``Class.method`` or just ``Class`` in assignment.toml). Nested, stray
or unclosed markers, and markers outside code cells, are :class:`MarkerError` naming the cell.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from autograder import syntax
from autograder.errors import MarkerError

__all__ = ["Region", "find_regions", "stub_cell"]

BEGIN = re.compile(r"^(\s*)### BEGIN SOLUTION\s*$")
END = re.compile(r"^(\s*)### END SOLUTION\s*$")
ANY_MARKER = re.compile(r"(BEGIN|END) SOLUTION")


@dataclass(frozen=True)
class Region:
    cell: int | str  # the cell as messages name it: its number, or ``3 "def f(x):"``
    begin: int  # 1-based line numbers of the markers
    end: int
    indent: str
    function: str  # "softmax" or "Value.backward"


def _enclosing(tree: ast.AST, line: int) -> list[str]:
    """Names of the def/class nodes enclosing ``line``, outermost first."""
    path: list[str] = []
    node: ast.AST = tree
    while True:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if child.lineno < line <= (child.end_lineno or child.lineno):
                    path.append(child.name)
                    node = child
                    break
        else:
            return path


def find_regions(cell_no: int | str, source: str, graded: Callable[[str], bool]) -> list[Region]:
    """Validate the markers of one code cell and return its solution regions; ``cell_no`` is
    what messages call the cell (a number, or a label from :func:`shared.check.cell_label`)."""
    lines = source.split("\n")
    regions: list[Region] = []
    open_at: tuple[int, str] | None = None
    for i, line in enumerate(lines, 1):
        b, e = BEGIN.match(line), END.match(line)
        if b:
            if open_at:
                raise MarkerError(
                    f"cell {cell_no}, line {i}: BEGIN SOLUTION inside the region "
                    f"opened on line {open_at[0]} (nested markers)"
                )
            open_at = (i, b.group(1))
        elif e:
            if not open_at:
                raise MarkerError(f"cell {cell_no}, line {i}: END SOLUTION without BEGIN")
            regions.append(Region(cell_no, open_at[0], i, open_at[1], ""))
            open_at = None
        elif ANY_MARKER.search(line) and "###" in line:
            raise MarkerError(f"cell {cell_no}, line {i}: malformed marker {line.strip()!r}")
    if open_at:
        raise MarkerError(f"cell {cell_no}, line {open_at[0]}: BEGIN SOLUTION is never closed")
    if not regions:
        return []
    try:
        tree = syntax.parse(source)
    except SyntaxError as exc:
        raise MarkerError(
            f"cell {cell_no}: the solution does not parse (line {exc.lineno}: {exc.msg})"
        ) from None
    out = []
    for r in regions:
        path = _enclosing(tree, r.begin)
        name = ".".join(path)
        candidates = [".".join(path[:k]) for k in range(len(path), 0, -1)]
        hit = next((c for c in candidates if graded(c)), None)
        if not path or hit is None:
            where = f"in {name}" if name else "at top level"
            raise MarkerError(
                f"cell {cell_no}, line {r.begin}: solution region {where}, "
                "which is not a graded function in assignment.toml"
            )
        out.append(Region(r.cell, r.begin, r.end, r.indent, hit))
    return out


def stub_cell(source: str, regions: list[Region], message: Callable[[Region], str]) -> str:
    """Replace each region of ``source`` by a NotImplementedError line."""
    lines = source.split("\n")
    for r in sorted(regions, key=lambda r: r.begin, reverse=True):
        text = json.dumps(message(r))  # double-quoted, escaped
        lines[r.begin - 1 : r.end] = [f"{r.indent}raise NotImplementedError({text})"]
    return "\n".join(lines)
