"""Standard mutation operators (those of mutmut and cosmic-ray) on one function's source.

Written with libcst, which keeps the source's own formatting, so a survivor prints as a
one-line diff. Each candidate site in the function offers one or more replacements; every
replacement is one mutant, numbered in source order, so a mutant is reproducible from its
index alone. Operators:

- ``arith``: ``+ - * / // % ** @`` swapped (``+``/``-``, ``*``/``/``, ``@`` -> ``*``...);
- ``drop``: a term dropped from ``a + b`` / ``a - b``;
- ``compare``: ``<``/``<=``, ``>``/``>=``, ``==``/``!=``, ``is``/``is not``, ``in``/``not in``;
- ``augassign``: ``x += y`` -> ``x = y``, ``+=``/``-=``, ``*=``/``/=``;
- ``number``: an integer ``n`` -> ``n + 1`` (axes, sizes, off-by-one), a float ``x`` -> ``2x``;
- ``bool``: ``True``/``False``, ``and``/``or``, ``not x`` -> ``x``;
- ``negate``: ``-x`` -> ``x``;
- ``transpose``: ``X.T`` / ``X.mT`` / ``X.transpose(...)`` / ``X.t()`` -> ``X``;
- ``inplace``: ``x.copy()`` / ``x.clone()`` -> ``x`` (the function then works on its input);
- ``reduce``: ``max``/``min``, ``argmax``/``argmin``, ``maximum``/``minimum``, ``sum``/``mean``;
- ``slice`` and ``range``: an upper bound ``k`` -> ``k - 1``, a lower bound ``k`` -> ``k + 1``.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

__all__ = ["Mutant", "mutants_of"]

_ARITH: dict[type, type] = {
    cst.Add: cst.Subtract,
    cst.Subtract: cst.Add,
    cst.Multiply: cst.Divide,
    cst.Divide: cst.Multiply,
    cst.FloorDivide: cst.Divide,
    cst.Modulo: cst.FloorDivide,
    cst.Power: cst.Multiply,
    cst.MatrixMultiply: cst.Multiply,
}
_COMPARE: dict[type, type] = {
    cst.LessThan: cst.LessThanEqual,
    cst.LessThanEqual: cst.LessThan,
    cst.GreaterThan: cst.GreaterThanEqual,
    cst.GreaterThanEqual: cst.GreaterThan,
    cst.Equal: cst.NotEqual,
    cst.NotEqual: cst.Equal,
    cst.Is: cst.IsNot,
    cst.IsNot: cst.Is,
    cst.In: cst.NotIn,
    cst.NotIn: cst.In,
}
_AUG: dict[type, type] = {
    cst.AddAssign: cst.SubtractAssign,
    cst.SubtractAssign: cst.AddAssign,
    cst.MultiplyAssign: cst.DivideAssign,
    cst.DivideAssign: cst.MultiplyAssign,
}
_REDUCE = {
    "max": "min",
    "min": "max",
    "argmax": "argmin",
    "argmin": "argmax",
    "maximum": "minimum",
    "minimum": "maximum",
    "amax": "amin",
    "amin": "amax",
    "sum": "mean",
    "mean": "sum",
}
_TRANSPOSE_CALLS = {"transpose", "t", "permute", "swapaxes"}
_COPY_CALLS = {"copy", "clone"}


@dataclass(frozen=True)
class Mutant:
    """One mutant of a function: where (line within the function, 1 = the ``def``), which
    operator, the code before and after, and the whole mutated function's source."""

    index: int
    line: int
    operator: str
    before: str
    after: str
    source: str
    occurrence: int = 1  # the n-th mutant of the function with the same text

    @property
    def id(self) -> str:
        """Stable across unrelated edits above the function (used by the allow-list);
        unique within the function (`` #2`` for the second mutant with the same text)."""
        base = f"L{self.line} {self.operator}: {self.before} -> {self.after}"
        return base if self.occurrence == 1 else f"{base} #{self.occurrence}"


def _code(node: cst.CSTNode) -> str:
    return " ".join(cst.Module([]).code_for_node(node).split())[:80]


def _minus_one(expr: cst.BaseExpression) -> cst.BaseExpression:
    return cst.BinaryOperation(expr, cst.Subtract(), cst.Integer("1"))


def _plus_one(expr: cst.BaseExpression) -> cst.BaseExpression:
    return cst.BinaryOperation(expr, cst.Add(), cst.Integer("1"))


class _Mutator(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, target: int) -> None:
        super().__init__()
        self.target = target
        self.count = 0
        self.sites: list[tuple[int, str, str, str]] = []  # (line, operator, before, after)
        self._quiet = 0  # inside a `raise` or an f-string: only message text, not mutated

    def visit_Raise(self, node) -> None:
        self._quiet += 1

    def leave_Raise(self, original, updated):
        self._quiet -= 1
        return updated

    def visit_FormattedString(self, node) -> None:
        self._quiet += 1

    def leave_FormattedString(self, original, updated):
        self._quiet -= 1
        return updated

    def _offer(self, original: cst.CSTNode, updated: cst.CSTNode, options):
        """Register each (operator, replacement) option; apply the targeted one."""
        if self._quiet:
            return updated
        line = self.get_metadata(PositionProvider, original).start.line
        chosen = updated
        for op, new in options:
            if self.count == self.target:
                chosen = new
            self.sites.append((line, op, _code(updated), _code(new)))
            self.count += 1
        return chosen

    def leave_BinaryOperation(self, original, updated):
        opts = []
        swap = _ARITH.get(type(updated.operator))
        if swap is not None:
            opts.append(("arith", updated.with_changes(operator=swap())))
        if isinstance(updated.operator, (cst.Add, cst.Subtract)):
            # The kept term keeps the parentheses: (1 - a).sqrt() -> (1).sqrt(), not 1.sqrt()
            parens = {"lpar": updated.lpar, "rpar": updated.rpar} if updated.lpar else {}
            opts += [
                ("drop", updated.left.with_changes(**parens)),
                ("drop", updated.right.with_changes(**parens)),
            ]
        return self._offer(original, updated, opts)

    def leave_Comparison(self, original, updated):
        opts = []
        for i, target in enumerate(updated.comparisons):
            swap = _COMPARE.get(type(target.operator))
            if swap is not None:
                comps = list(updated.comparisons)
                comps[i] = target.with_changes(operator=swap())
                opts.append(("compare", updated.with_changes(comparisons=comps)))
        return self._offer(original, updated, opts)

    def leave_AugAssign(self, original, updated):
        opts = [("augassign", cst.Assign([cst.AssignTarget(updated.target)], updated.value))]
        swap = _AUG.get(type(updated.operator))
        if swap is not None:
            opts.append(("augassign", updated.with_changes(operator=swap())))
        return self._offer(original, updated, opts)

    def leave_Integer(self, original, updated):
        try:
            n = int(updated.value.replace("_", ""), 0)
        except ValueError:
            return updated
        return self._offer(original, updated, [("number", cst.Integer(str(n + 1)))])

    def leave_Float(self, original, updated):
        try:
            x = float(updated.value.replace("_", ""))
        except ValueError:
            return updated
        return self._offer(original, updated, [("number", cst.Float(repr(2 * x if x else 1.0)))])

    def leave_Name(self, original, updated):
        if updated.value in ("True", "False"):
            flip = "False" if updated.value == "True" else "True"
            return self._offer(original, updated, [("bool", cst.Name(flip))])
        return updated

    def leave_BooleanOperation(self, original, updated):
        flip = cst.Or() if isinstance(updated.operator, cst.And) else cst.And()
        return self._offer(original, updated, [("bool", updated.with_changes(operator=flip))])

    def leave_UnaryOperation(self, original, updated):
        if isinstance(updated.operator, cst.Minus):
            return self._offer(original, updated, [("negate", updated.expression)])
        if isinstance(updated.operator, cst.Not):
            return self._offer(original, updated, [("bool", updated.expression)])
        return updated

    def leave_Attribute(self, original, updated):
        if updated.attr.value in ("T", "mT"):
            return self._offer(original, updated, [("transpose", updated.value)])
        return updated

    def leave_Call(self, original, updated):
        func = updated.func
        opts = []
        if isinstance(func, cst.Attribute):
            name = func.attr.value
            if name in _TRANSPOSE_CALLS:
                opts.append(("transpose", func.value))
            if name in _COPY_CALLS and not updated.args:
                opts.append(("inplace", func.value))
            if name in _REDUCE:
                new_func = func.with_changes(attr=cst.Name(_REDUCE[name]))
                opts.append(("reduce", updated.with_changes(func=new_func)))
        elif isinstance(func, cst.Name) and func.value == "range" and updated.args:
            args = list(updated.args)
            i = 0 if len(args) == 1 else 1
            args[i] = args[i].with_changes(value=_minus_one(args[i].value))
            opts.append(("range", updated.with_changes(args=args)))
        return self._offer(original, updated, opts)

    def leave_Slice(self, original, updated):
        opts = []
        if updated.upper is not None:
            opts.append(("slice", updated.with_changes(upper=_minus_one(updated.upper))))
        if updated.lower is not None:
            opts.append(("slice", updated.with_changes(lower=_plus_one(updated.lower))))
        return self._offer(original, updated, opts)


def _docstring_lines(fn: cst.FunctionDef, positions) -> tuple[int, int]:
    """Line range (first, last) of the function's docstring, or (0, -1)."""
    if isinstance(fn.body, cst.IndentedBlock) and fn.body.body:
        first = fn.body.body[0]
        if (
            isinstance(first, cst.SimpleStatementLine)
            and isinstance(first.body[0], cst.Expr)
            and isinstance(first.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
        ):
            return positions[first].start.line, positions[first].end.line
    return 0, -1


def _compiles(source: str) -> bool:
    try:
        compile(source, "<mutant>", "exec")
    except (SyntaxError, ValueError):
        return False
    return True


def mutants_of(source: str) -> list[Mutant]:
    """Every mutant of the function whose whole definition is ``source`` (nothing in the
    signature, its defaults or the docstring is mutated)."""
    module = cst.parse_module(source)
    fn = module.body[0] if module.body else None
    if not isinstance(fn, cst.FunctionDef):
        raise ValueError("expected a single function definition")
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    body_start = positions[fn.body.body[0]].start.line if fn.body.body else 0
    doc_first, doc_last = _docstring_lines(fn, positions)
    counter = _Mutator(-1)
    wrapper.visit(counter)
    def_line = positions[fn].start.line
    out: list[Mutant] = []
    seen: dict[tuple, int] = {}
    for index, (line, op, before, after) in enumerate(counter.sites):
        if line < body_start or doc_first <= line <= doc_last:
            continue
        mutated = wrapper.visit(_Mutator(index)).code
        if mutated == source or not _compiles(mutated):
            continue  # a mutant that is not Python could never load: not a mutant at all
        key = (line, op, before, after)
        seen[key] = seen.get(key, 0) + 1
        out.append(Mutant(index, line - def_line + 1, op, before, after, mutated, seen[key]))
    return out
