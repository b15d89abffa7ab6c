"""Passes 1-3 of the normalisation (:mod:`.normalise`): one canonical AST per definition.

Docstrings, bare constants and annotations go; ``x += e`` becomes ``x = x + e``; append and
sum loops become a comprehension and ``sum(...)``; dead code goes (constant ``if``/``while``,
what follows a ``return``, ``pass``, assignments nothing reads); a temporary read once, by
the very next statement, is put in its place. The input tree is not modified.
"""

from __future__ import annotations

import ast
import copy

__all__ = ["canonical_tree"]


def _is_const_expr(node: ast.stmt) -> bool:
    if not isinstance(node, ast.Expr):
        return False
    return not any(isinstance(n, (ast.Call, ast.Await, ast.Yield)) for n in ast.walk(node.value))


def _terminal(node: ast.stmt) -> bool:
    return isinstance(node, (ast.Return, ast.Raise, ast.Break, ast.Continue))


def _appends_to(stmt: ast.stmt) -> tuple[str, ast.expr] | None:
    """``v.append(e)`` -> (v, e)."""
    if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
        return None
    call = stmt.value
    f = call.func
    if (
        isinstance(f, ast.Attribute)
        and f.attr == "append"
        and isinstance(f.value, ast.Name)
        and len(call.args) == 1
        and not call.keywords
    ):
        return f.value.id, call.args[0]
    return None


def _accumulates(stmt: ast.stmt) -> tuple[str, ast.expr] | None:
    """``s += e`` or ``s = s + e`` -> (s, e)."""
    if (
        isinstance(stmt, ast.AugAssign)
        and isinstance(stmt.op, ast.Add)
        and isinstance(stmt.target, ast.Name)
    ):
        return stmt.target.id, stmt.value
    if (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
        and isinstance(stmt.value, ast.BinOp)
        and isinstance(stmt.value.op, ast.Add)
        and isinstance(stmt.value.left, ast.Name)
        and stmt.value.left.id == stmt.targets[0].id
    ):
        return stmt.targets[0].id, stmt.value.right
    return None


def _loop_as_comprehension(init: ast.stmt, loop: ast.stmt) -> ast.stmt | None:
    """``v = []; for t in it: [if c:] v.append(e)`` -> ``v = [e for t in it if c]``, and the
    same for a sum loop; None when the two statements are not that pattern."""
    if not (
        isinstance(loop, ast.For)
        and not loop.orelse
        and len(loop.body) == 1
        and isinstance(init, ast.Assign)
        and len(init.targets) == 1
        and isinstance(init.targets[0], ast.Name)
    ):
        return None
    name = init.targets[0].id
    body, conds = loop.body[0], []
    if isinstance(body, ast.If) and not body.orelse and len(body.body) == 1:
        conds, body = [body.test], body.body[0]
    gen = ast.comprehension(target=loop.target, iter=loop.iter, ifs=conds, is_async=0)
    empty_list = isinstance(init.value, ast.List) and not init.value.elts
    if empty_list and (hit := _appends_to(body)) and hit[0] == name:
        value: ast.expr = ast.ListComp(elt=hit[1], generators=[gen])
    elif isinstance(init.value, ast.Constant) and (hit := _accumulates(body)) and hit[0] == name:
        value = ast.Call(
            func=ast.Name("sum", ast.Load()),
            args=[ast.GeneratorExp(elt=hit[1], generators=[gen])],
            keywords=[],
        )
    else:
        return None
    out = ast.Assign(targets=[ast.Name(name, ast.Store())], value=value)
    return ast.fix_missing_locations(ast.copy_location(out, init))


def _static_truth(test: ast.expr) -> bool | None:
    if isinstance(test, ast.Constant):
        return bool(test.value)
    return None


def _clean_body(body: list[ast.stmt]) -> list[ast.stmt]:
    """Passes 1-3 on one block (recursively into nested blocks)."""
    out: list[ast.stmt] = []
    for stmt in body:
        if isinstance(stmt, ast.Pass) or _is_const_expr(stmt):
            continue
        if (
            isinstance(stmt, (ast.If, ast.While))
            and (truth := _static_truth(stmt.test)) is not None
        ):
            if isinstance(stmt, ast.While) and not truth:
                out += _clean_body(stmt.orelse)
                continue
            if isinstance(stmt, ast.If):
                out += _clean_body(stmt.body if truth else stmt.orelse)
                continue
        if isinstance(stmt, ast.AnnAssign):
            if stmt.value is None:
                continue
            stmt = ast.copy_location(ast.Assign([stmt.target], stmt.value), stmt)
        if isinstance(stmt, ast.AugAssign):
            load = copy.deepcopy(stmt.target)
            for n in ast.walk(load):
                if hasattr(n, "ctx"):
                    n.ctx = ast.Load()
            value = ast.copy_location(ast.BinOp(load, stmt.op, stmt.value), stmt)
            stmt = ast.copy_location(ast.Assign([stmt.target], value), stmt)
        for field in ("body", "orelse", "finalbody"):
            block = getattr(stmt, field, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                setattr(stmt, field, _clean_body(block))
        for h in getattr(stmt, "handlers", []):
            h.body = _clean_body(h.body)
        if out and (merged := _loop_as_comprehension(out[-1], stmt)) is not None:
            out[-1] = merged
            continue
        out.append(stmt)
        if _terminal(stmt):
            break
    return out


def _drop_unread(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
    """Remove assignments to local names that nothing in ``fn`` reads (until stable)."""
    declared = {
        n
        for node in ast.walk(fn)
        if isinstance(node, (ast.Global, ast.Nonlocal))
        for n in node.names
    }
    while True:
        read = {
            n.id
            for n in ast.walk(fn)
            if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Store)
        }
        removed = False
        for node in ast.walk(fn):
            for field in ("body", "orelse", "finalbody"):
                block = getattr(node, field, None)
                if not isinstance(block, list) or not block or not isinstance(block[0], ast.stmt):
                    continue
                keep = [
                    s
                    for s in block
                    if not (
                        isinstance(s, ast.Assign)
                        and all(
                            isinstance(t, ast.Name) and t.id not in read and t.id not in declared
                            for t in s.targets
                        )
                    )
                ]
                if len(keep) != len(block):
                    setattr(node, field, keep)
                    removed = True
        if not removed:
            return


def _inline_temporaries(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
    """``t = e`` followed by a statement that is the only reader of ``t``: put ``e`` in its
    place (``e = np.exp(z); return e / s`` reads as ``return np.exp(z) / s``)."""
    stores: dict[str, int] = {}
    loads: dict[str, int] = {}
    for n in ast.walk(fn):
        if isinstance(n, ast.Name):
            side = stores if isinstance(n.ctx, ast.Store) else loads
            side[n.id] = side.get(n.id, 0) + 1
        elif isinstance(n, ast.arg):
            stores[n.arg] = stores.get(n.arg, 0) + 1
    for node in list(ast.walk(fn)):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if not isinstance(block, list) or len(block) < 2 or not isinstance(block[0], ast.stmt):
                continue
            out: list[ast.stmt] = []
            for stmt in block:
                prev = out[-1] if out else None
                if (
                    isinstance(prev, ast.Assign)
                    and len(prev.targets) == 1
                    and isinstance(prev.targets[0], ast.Name)
                    and stores.get(v := prev.targets[0].id) == 1
                    and loads.get(v) == 1
                    and _substitute(stmt, v, prev.value)
                ):
                    out[-1] = stmt
                    continue
                out.append(stmt)
            setattr(node, field, out)


def _substitute(stmt: ast.stmt, name: str, value: ast.expr) -> bool:
    """Replace the first load of ``name`` in ``stmt`` by ``value``; False if none."""
    for parent in ast.walk(stmt):
        for field, old in ast.iter_fields(parent):
            items = old if isinstance(old, list) else [old]
            for i, child in enumerate(items):
                if isinstance(child, ast.Name) and child.id == name:
                    if isinstance(old, list):
                        old[i] = value
                    else:
                        setattr(parent, field, value)
                    return True
    return False


def canonical_tree(node: ast.stmt) -> ast.stmt:
    """A canonical copy of the definition ``node`` (passes 1-3)."""
    tree = copy.deepcopy(node)
    for _ in range(2):  # dead assignments gone, a loop may now sit right after its init
        for sub in ast.walk(tree):
            if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                sub.body = _clean_body(sub.body)
        for sub in ast.walk(tree):
            if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)):
                _drop_unread(sub)
                _inline_temporaries(sub)
    return tree
