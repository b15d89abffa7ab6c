"""A submission's definitions as canonical token streams, robust to what disguises a copy.

From each top-level ``def`` / ``class`` the grader extracted (:mod:`autograder.grading.extract`)
we build a :class:`Unit`: the source as written (for the page) and a token stream of its AST
after these passes, in order:

1. docstrings and bare string / constant statements removed (comments never reach the AST);
   type annotations dropped (the stub supplies them);
2. ``x += e`` written ``x = x + e``; an append loop (``v = []`` then ``for t in it: v.append(e)``,
   with an optional ``if``) becomes ``v = [e for t in it if c]``, a sum loop (``s = 0`` then
   ``for t in it: s += e``) becomes ``s = sum(e for t in it)``; list comprehensions and
   generator expressions are one token;
3. dead code removed: ``if``/``while`` on a constant, statements after ``return``/``raise``/
   ``break``/``continue``, ``pass``, expression statements that call nothing, and assignments
   to local names that are never read (repeated until nothing changes); a temporary read
   once, by the very next statement, put in its place (passes 1-3: :mod:`.canonical`);
4. identifiers canonicalised: every name the student chose (parameters, locals, their own
   globals and helper functions) is ``V`` or ``F``; names fixed by the assignment keep their
   meaning (graded functions, import targets resolved through aliases, builtins, attribute
   and keyword names); literals become ``NUM`` / ``STR``.

Each token carries the source line it came from, so shared fingerprints map back to lines.
Each statement also gets a canonical hash (its own tokens, nested bodies excluded), the
sequence the structural measure compares.
"""

from __future__ import annotations

import ast
import builtins
import zlib
from dataclasses import dataclass

from autograder import syntax
from autograder.course.similarity.canonical import canonical_tree
from autograder.grading.extract import extract_definitions
from autograder.notebook import Cell, strip_magics

__all__ = ["Unit", "canonical_units", "token_id"]

_BUILTINS = frozenset(dir(builtins))
_TOKEN_IDS: dict[str, int] = {}


def token_id(token: str) -> int:
    """A stable 32-bit id of a canonical token (crc32: the same in every process)."""
    tid = _TOKEN_IDS.get(token)
    if tid is None:
        tid = _TOKEN_IDS[token] = zlib.crc32(token.encode())
    return tid


@dataclass(frozen=True)
class Unit:
    """One top-level definition: as written, and as canonical tokens."""

    name: str  # as the student wrote it
    cell: int  # notebook cell number
    lineno: int  # first line of ``source`` within the cell
    source: str  # the definition as written (decorators included)
    tokens: tuple[str, ...]
    lines: tuple[int, ...]  # cell line of each token
    statements: tuple[int, ...]  # canonical hash of each statement, in order
    calls: frozenset[str]  # top-level names of the submission it refers to

    @property
    def key(self) -> tuple[str, ...]:
        """Order-free identity of the canonical code (for sorting helpers)."""
        return self.tokens


# -- pass 4: tokens ---------------------------------------------------------------------------


class _Tokens:
    """Pre-order tokens of one canonical definition, with lines and statement numbers."""

    def __init__(self, env: _Env, local: set[str]) -> None:
        self.env, self.local = env, local
        self.tokens: list[str] = []
        self.lines: list[int] = []
        self.owner: list[int] = []  # statement index of each token
        self.n_statements = 0
        self._stmt = -1
        self._line = 1
        self._in_class = 0

    def emit(self, token: str) -> None:
        self.tokens.append(token)
        self.lines.append(self._line)
        self.owner.append(self._stmt)

    def name(self, ident: str) -> str:
        env = self.env
        if ident in self.local:
            return "V"
        if ident in env.graded:
            return "g:" + ident
        if ident in env.helpers:
            return "F"
        if ident in env.aliases:
            return "m:" + env.aliases[ident]
        if ident in env.globals_:
            return "V"
        if ident in _BUILTINS:
            return "b:" + ident
        return "V"  # defined in a cell we did not keep: still the student's choice of name

    def visit(self, node: ast.AST) -> None:
        line_before, stmt_before = self._line, self._stmt
        self._line = getattr(node, "lineno", self._line)
        if isinstance(node, ast.stmt):
            self._stmt = self.n_statements
            self.n_statements += 1
        getattr(self, "visit_" + type(node).__name__, self.generic)(node)
        self._line, self._stmt = line_before, stmt_before

    def generic(self, node: ast.AST) -> None:
        if isinstance(node, (ast.expr_context,)):
            return
        self.emit(type(node).__name__)
        for child in ast.iter_child_nodes(node):
            self.visit(child)

    def visit_Name(self, node: ast.Name) -> None:
        self.emit(self.name(node.id))

    def visit_Constant(self, node: ast.Constant) -> None:
        v = node.value
        if v is None or isinstance(v, bool) or v is Ellipsis:
            self.emit(repr(v))
        else:
            self.emit("STR" if isinstance(v, (str, bytes)) else "NUM")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self.emit("Attribute")
        self.visit(node.value)
        self.emit("." + node.attr)

    def visit_keyword(self, node: ast.keyword) -> None:
        self.emit("kw:" + (node.arg or "**"))
        self.visit(node.value)

    def visit_arg(self, node: ast.arg) -> None:
        self.emit("arg")

    def visit_ListComp(self, node: ast.ListComp | ast.GeneratorExp) -> None:
        self.emit("Comp")
        self.visit(node.elt)
        for g in node.generators:
            self.visit(g)

    visit_GeneratorExp = visit_ListComp

    def visit_alias(self, node: ast.alias) -> None:
        self.emit("import:" + node.name)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        self.emit("STR")  # an f-string is a literal too

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        self.emit(type(node).__name__)
        if self._in_class and not isinstance(node, ast.Lambda):
            self.emit("def:" + node.name)  # a method name is an API (forward, __call__)
        for d in getattr(node, "decorator_list", []):
            self.visit(d)
        self.visit(node.args)
        body = node.body if isinstance(node.body, list) else [node.body]
        for s in body:
            self.visit(s)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.emit("ClassDef")
        for child in [*node.decorator_list, *node.bases, *node.keywords]:
            self.visit(child)
        self._in_class += 1
        for s in node.body:
            self.visit(s)
        self._in_class -= 1


@dataclass
class _Env:
    graded: frozenset[str]
    helpers: set[str]  # the student's own top-level functions and classes
    aliases: dict[str, str]  # import alias -> full dotted name
    globals_: set[str]  # other top-level names the student bound


def _local_names(node: ast.AST) -> set[str]:
    names = {a.arg for a in ast.walk(node) if isinstance(a, ast.arg)}
    names |= {
        n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
    return names


def _unit(node: ast.stmt, env: _Env, cell: int, cell_lines: list[str]) -> Unit:
    tree = canonical_tree(node)
    local = _local_names(tree)  # a parameter named like a helper is still the student's
    t = _Tokens(env, local)
    t.visit(tree)
    stmt_tokens: list[list[str]] = [[] for _ in range(t.n_statements)]
    for tok, owner in zip(t.tokens, t.owner, strict=True):
        if owner >= 0:
            stmt_tokens[owner].append(tok)
    statements = tuple(
        token_id("\x1f".join(toks)) for toks in stmt_tokens if toks and toks[0] != "FunctionDef"
    )
    start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    end = node.end_lineno or node.lineno
    refs = {
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Store)
    }
    return Unit(
        name=getattr(node, "name", "?"),
        cell=cell,
        lineno=start,
        source="\n".join(cell_lines[start - 1 : end]),
        tokens=tuple(t.tokens),
        lines=tuple(t.lines),
        statements=statements,
        calls=frozenset((refs - local) & (env.helpers | set(env.graded))),
    )


def canonical_units(cells: list[Cell], graded: frozenset[str]) -> tuple[list[Unit], list[str]]:
    """The canonical units of a submission's top-level ``def`` and ``class`` statements, in
    notebook order (a name defined twice: the last wins, as when the notebook runs), and the
    problems met (cells with a syntax error, which contribute nothing)."""
    ex = extract_definitions(cells)
    sources = {c.number: strip_magics(c.source).split("\n") for c in cells}
    nodes: list[tuple[int, ast.stmt]] = []
    for chunk in ex.chunks:
        try:
            body = syntax.parse(chunk.source).body
        except (SyntaxError, ValueError, RecursionError):  # pragma: no cover - parsed once already
            continue
        nodes += [(chunk.cell, n) for n in body]
    env = _Env(graded, set(), {}, set())
    for _, n in nodes:
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if n.name not in graded:
                env.helpers.add(n.name)
        elif isinstance(n, ast.Import):
            for a in n.names:
                env.aliases[a.asname or a.name.split(".")[0]] = (
                    a.name if a.asname else a.name.split(".")[0]
                )
        elif isinstance(n, ast.ImportFrom):
            for a in n.names:
                env.aliases[a.asname or a.name] = f"{n.module or ''}.{a.name}"
        else:
            env.globals_ |= _local_names(n)
    units: dict[str, Unit] = {}
    for cell, n in nodes:
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            try:
                units.pop(n.name, None)  # re-defined later: the later one is what runs
                units[n.name] = _unit(n, env, cell, sources[cell])
            except RecursionError:
                ex.problems.append(f"cell {cell}: {n.name} is nested too deeply to compare")
    return list(units.values()), ex.problems
