"""Pick the definitions out of a student's code cells.

The grader does not run a student's notebook top to bottom: exploration code that is slow,
plots, or fails must not cost the points of correctly defined functions. From each code
cell (IPython magics removed) we keep the top-level statements that *define* things:

- ``import`` / ``from ... import``;
- ``def`` / ``async def`` / ``class``;
- assignments to plain names whose right-hand side calls nothing (``EPS = 1e-8``,
  ``ACTS = {"relu": relu}``)
  or only calls a few constructors of constants (``np.array``, ``np.float64``, ...);
- ``try`` / ``if`` blocks that themselves contain only such statements (guarded imports).

Each kept statement becomes a :class:`Chunk` that the worker executes on its own, so one
failing import does not take the rest of the cell with it.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass

from autograder import syntax
from autograder.notebook import Cell, strip_magics

__all__ = ["Chunk", "Extraction", "extract_definitions"]

_CONSTANT_CALLS = {
    "float",
    "int",
    "complex",
    "tuple",
    "list",
    "dict",
    "set",
    "frozenset",
    "range",
    "str",
    "np.array",
    "np.asarray",
    "np.float64",
    "np.float32",
    "np.int64",
    "np.sqrt",
    "np.log",
    "np.exp",
    "np.finfo",
    "np.dtype",
    "numpy.array",
    "math.sqrt",
    "math.log",
    "math.exp",
    "torch.tensor",
    "torch.float64",
    "torch.float32",
    "torch.device",
    "namedtuple",
    "collections.namedtuple",
    "dataclasses.field",
    "field",
    "TypeVar",
    "typing.TypeVar",
}


@dataclass(frozen=True)
class Chunk:
    """One top-level statement to execute: where it came from and its source. ``cell`` is
    the code cell's number as a student counts it; ``label`` adds its first line."""

    cell: int
    lineno: int
    source: str
    label: str = ""

    @property
    def where(self) -> str:
        """What follows "cell" in a message: ``3 "def softmax(z):"``."""
        return self.label or str(self.cell)


@dataclass
class Extraction:
    chunks: list[Chunk]
    problems: list[str]  # human-readable, e.g. "cell 7: SyntaxError on line 3: ..."


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return "?"


def _only_constant_calls(node: ast.AST) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call) and _dotted(sub.func) not in _CONSTANT_CALLS:
            return False
        if isinstance(sub, (ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr)):
            return False
    return True


def _binds_names(target: ast.expr) -> bool:
    if isinstance(target, ast.Name):
        return True
    if isinstance(target, (ast.Tuple, ast.List)):
        return all(_binds_names(e) for e in target.elts)
    return False


def _is_definition(node: ast.stmt) -> bool:
    if isinstance(
        node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    ):
        return True
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if not all(_binds_names(t) for t in targets):
            return False  # X[:, 2] = ..., obj.attr = ...: changes data, defines nothing
        value = node.value
        return value is None or _only_constant_calls(value)
    if isinstance(node, ast.Try):
        body = node.body + node.orelse + node.finalbody
        body += [s for h in node.handlers for s in h.body]
        return all(_is_definition(s) or isinstance(s, ast.Pass) for s in body)
    if isinstance(node, ast.If):
        return _only_constant_calls(node.test) and all(
            _is_definition(s) or isinstance(s, ast.Pass) for s in node.body + node.orelse
        )
    return False


def _bound(node: ast.stmt) -> set[str]:
    """Top-level names a kept statement binds."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    names: set[str] = set()
    for n in ast.walk(node):  # assignments, and try/if blocks holding imports or defs
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            names.add(n.id)
        elif isinstance(n, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)):
            names |= _bound(n)
    return names


def _uses_only(node: ast.stmt, known: set[str]) -> bool:
    """Does an assignment read only names bound by earlier definitions (or builtins)?
    ``digit = X_test[:1]`` after an exploration ``X_test = load()`` does not: skip it."""
    if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
        return True
    return all(
        n.id in known
        for n in ast.walk(node.value)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    )


def extract_definitions(cells: list[Cell]) -> Extraction:
    """Return the definition chunks of ``cells`` in notebook order, and what was skipped."""
    chunks: list[Chunk] = []
    problems: list[str] = []
    known: set[str] = set(dir(builtins))
    for cell in cells:
        source = strip_magics(cell.source)
        try:
            tree = syntax.parse(source)
        except SyntaxError as exc:
            problems.append(
                f"cell {cell.label}: SyntaxError on line {exc.lineno}: {exc.msg}; "
                "nothing in this cell was graded"
            )
            continue
        except (ValueError, RecursionError) as exc:
            problems.append(f"cell {cell.label}: cannot be parsed ({type(exc).__name__})")
            continue
        lines = source.split("\n")
        for node in tree.body:
            if not _is_definition(node) or not _uses_only(node, known):
                continue
            known |= _bound(node)
            start = node.lineno
            if getattr(node, "decorator_list", None):
                start = min(d.lineno for d in node.decorator_list)
            end = node.end_lineno or node.lineno
            text = "\n".join(lines[start - 1 : end])
            # Pad with blank lines so tracebacks report the student's own line numbers.
            chunks.append(Chunk(cell.number, start, "\n" * (start - 1) + text, cell.label))
    return Extraction(chunks, problems)
