"""Scripted rewrites of one function's AST, for the synthetic class.

Two families:

- **style** (:func:`vary`): what independent students do differently while writing the same
  idea: ``x ** 2`` or ``x * x``, ``a + b`` or ``b + a``, ``a < b`` or ``b > a``, ``X.sum(axis=0)``
  or ``np.sum(X, axis=0)``, ``A @ B`` or ``np.dot(A, B)``, ``np.asarray`` or ``np.array``,
  ``dtype=float`` or ``dtype=np.float64``, ``axis=1`` or a positional ``1``, a guard
  ``assert x is not None`` or none. Each site flips with probability ``p``. Every rewrite keeps
  the result for numpy arrays, so the solutions stay correct.
- **disguise** (:func:`disguise`): what a student does to hide a copy: rename every parameter
  and local, rewrite the docstring, add dead code (unused assignments, ``if False:`` blocks,
  statements after the return), and turn append loops into comprehensions and back. Comments
  and reordering of definitions are added by :mod:`synth` on the source text and notebook.
"""

from __future__ import annotations

import ast
import copy
import random

__all__ = ["disguise", "vary"]

_REDUCERS = {"sum", "mean", "max", "min", "std"}


class _Style(ast.NodeTransformer):
    def __init__(self, rng: random.Random, p: float) -> None:
        self.rng, self.p = rng, p

    def flip(self) -> bool:
        return self.rng.random() < self.p

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Pow) and isinstance(node.left, ast.Name):
            if isinstance(node.right, ast.Constant) and node.right.value == 2 and self.flip():
                return ast.BinOp(node.left, ast.Mult(), copy.deepcopy(node.left))
        if isinstance(node.op, (ast.Add, ast.Mult)) and self.flip():
            simple = (ast.Name, ast.Attribute, ast.Subscript, ast.Call)
            if isinstance(node.left, simple) and isinstance(node.right, simple):
                return ast.BinOp(node.right, node.op, node.left)
        if isinstance(node.op, ast.MatMult) and self.flip():
            func = ast.Attribute(ast.Name("np", ast.Load()), "dot", ast.Load())
            return ast.Call(func, [node.left, node.right], [])
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        flipped = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE}
        if len(node.ops) == 1 and type(node.ops[0]) in flipped and self.flip():
            return ast.Compare(node.comparators[0], [flipped[type(node.ops[0])]()], [node.left])
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        f = node.func
        if (
            isinstance(f, ast.Attribute)
            and f.attr in _REDUCERS
            and isinstance(f.value, ast.Name)
            and f.value.id not in ("np", "math", "torch")
            and self.flip()
        ):  # X.sum(axis=0) -> np.sum(X, axis=0)
            func = ast.Attribute(ast.Name("np", ast.Load()), f.attr, ast.Load())
            node = ast.Call(func, [f.value, *node.args], node.keywords)
        f = node.func
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "np":
            if f.attr == "asarray" and self.flip():
                f.attr = "array"
            for kw in node.keywords:
                float_dtype = isinstance(kw.value, ast.Name) and kw.value.id == "float"
                if kw.arg == "dtype" and float_dtype and self.flip():
                    kw.value = ast.Attribute(ast.Name("np", ast.Load()), "float64", ast.Load())
        if isinstance(f, ast.Attribute) and f.attr in _REDUCERS and self.flip():
            n_pos = len(node.args) - (isinstance(f.value, ast.Name) and f.value.id == "np")
            axis = [k for k in node.keywords if k.arg == "axis"]
            if axis and n_pos == 0:  # axis=1 -> a positional 1
                node.keywords = [k for k in node.keywords if k.arg != "axis"]
                node.args = [*node.args, axis[0].value]
        return node


def vary(fn: ast.FunctionDef, rng: random.Random, p: float = 0.5) -> ast.FunctionDef:
    """An independent student's version of ``fn``: the same idea, their own habits."""
    out = _Style(rng, p).visit(copy.deepcopy(fn))
    params = [a.arg for a in out.args.args]
    if params and rng.random() < p / 2:
        guard = ast.parse(f"assert {params[0]} is not None").body[0]
        out.body.insert(_after_docstring(out), guard)
    return ast.fix_missing_locations(out)


def _after_docstring(fn: ast.FunctionDef) -> int:
    first = fn.body[0] if fn.body else None
    doc = isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant)
    return 1 if doc else 0


# -- disguises --------------------------------------------------------------------------------

_WORDS = "val tmp acc res buf arr mat vec item elem row col part piece step data thing".split()


def _rename(fn: ast.FunctionDef, rng: random.Random, keep: set[str]) -> None:
    bound = {a.arg for a in ast.walk(fn) if isinstance(a, ast.arg)}
    bound |= {
        n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
    bound -= keep
    new = {}
    for i, name in enumerate(sorted(bound)):
        new[name] = f"{rng.choice(_WORDS)}_{i}{rng.choice('xyzqk')}"
    for n in ast.walk(fn):
        if isinstance(n, ast.Name) and n.id in new:
            n.id = new[n.id]
        elif isinstance(n, ast.arg) and n.arg in new:
            n.arg = new[n.arg]


def _loops_and_comprehensions(body: list[ast.stmt]) -> list[ast.stmt]:
    """``v = [e for t in it]`` <-> ``v = []`` + ``for t in it: v.append(e)``, in a block."""
    out: list[ast.stmt] = []
    for stmt in body:
        for field in ("body", "orelse"):
            block = getattr(stmt, field, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                setattr(stmt, field, _loops_and_comprehensions(block))
        comp = getattr(stmt, "value", None)
        if (
            isinstance(stmt, ast.Assign)
            and isinstance(stmt.targets[0], ast.Name)
            and isinstance(comp, ast.ListComp)
            and len(comp.generators) == 1
            and not comp.generators[0].is_async
        ):
            v, g = stmt.targets[0].id, comp.generators[0]
            append: ast.stmt = ast.parse(f"{v}.append(_)").body[0]
            append.value.args = [comp.elt]
            inner: ast.stmt = append
            for cond in reversed(g.ifs):
                inner = ast.If(cond, [inner], [])
            out += [ast.parse(f"{v} = []").body[0], ast.For(g.target, g.iter, [inner], [])]
            continue
        loop = stmt
        if (
            out
            and isinstance(loop, ast.For)
            and len(loop.body) == 1
            and not loop.orelse
            and isinstance(out[-1], ast.Assign)
            and isinstance(out[-1].targets[0], ast.Name)
            and isinstance(out[-1].value, ast.List)
            and not out[-1].value.elts
        ):
            v = out[-1].targets[0].id
            call = getattr(loop.body[0], "value", None)
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "append"
                and isinstance(call.func.value, ast.Name)
                and call.func.value.id == v
            ):
                gen = ast.comprehension(loop.target, loop.iter, [], 0)
                out[-1] = ast.Assign([ast.Name(v, ast.Store())], ast.ListComp(call.args[0], [gen]))
                continue
        out.append(stmt)
    return out


_DEAD = [
    "{v} = len(str({p}))",
    "if False:\n    print('debug', {p})",
    "{v} = [0] * 3",
    "{v} = {p}",
]


def disguise(fn: ast.FunctionDef, rng: random.Random, keep: set[str]) -> ast.FunctionDef:
    """A copy of ``fn`` dressed up: renamed, new docstring, dead code, loops swapped."""
    out = copy.deepcopy(fn)
    out.body = _loops_and_comprehensions(out.body)
    params = [a.arg for a in out.args.args] or ["0"]
    start = _after_docstring(out)
    for _ in range(rng.randint(1, 3)):
        line = rng.choice(_DEAD).format(v=f"unused_{rng.randint(0, 99)}", p=rng.choice(params))
        out.body.insert(rng.randint(start, max(start, len(out.body) - 1)), ast.parse(line).body[0])
    if isinstance(out.body[-1], ast.Return) and rng.random() < 0.5:
        out.body.append(ast.parse("print('finished')").body[0])
    _rename(out, rng, keep)
    doc = ast.Expr(ast.Constant(rng.choice(["My implementation.", "Computes the result.", ""])))
    if start:
        out.body[0] = doc
    else:
        out.body.insert(0, doc)
    return ast.fix_missing_locations(out)
