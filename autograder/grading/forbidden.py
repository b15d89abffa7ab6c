"""Find forbidden APIs in a submission's source, statically.

A question may forbid names such as ``torch.nn.functional.conv2d`` or attribute calls such
as ``.backward``. We look inside each graded function and every top-level helper it calls
(transitively), resolving import aliases (``import torch.nn.functional as F`` makes
``F.conv2d`` the full name). A pattern that starts with a dot matches any attribute with
that name; otherwise it matches the resolved dotted name or any name inside it. A graded
name bound by assignment (``conv2d_fast = F.conv2d``) is scanned like a def.
"""

from __future__ import annotations

import ast

from autograder import syntax
from autograder.grading.extract import Chunk

__all__ = ["find_forbidden"]


def _aliases(trees: list[ast.AST]) -> dict[str, str]:
    out: dict[str, str] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    out[a.asname or a.name.split(".")[0]] = (
                        a.name if a.asname else a.name.split(".")[0]
                    )
            elif isinstance(node, ast.ImportFrom) and node.module:
                for a in node.names:
                    out[a.asname or a.name] = f"{node.module}.{a.name}"
    return out


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _bound_names(node: ast.AST) -> set[str]:
    """Names a def binds itself (arguments, assignments, loop targets...): a parameter
    called ``train`` is not the top-level function ``train``."""
    bound: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.arg):
            bound.add(sub.arg)
        elif isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            bound.add(sub.id)
    return bound


def find_forbidden(
    chunks: list[Chunk], functions: tuple[str, ...], patterns: tuple[str, ...]
) -> list[str]:
    """Return messages like "conv2d_fast (cell 7, line 12) uses torch.nn.functional.conv2d"."""
    if not patterns:
        return []
    trees: list[tuple[Chunk, ast.AST]] = []
    for c in chunks:
        try:
            trees.append((c, syntax.parse(c.source)))
        except SyntaxError:
            continue
    aliases = _aliases([t for _, t in trees])
    defs: dict[str, tuple[Chunk, ast.AST]] = {}
    for c, t in trees:
        for node in t.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defs[node.name] = (c, node)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                # `conv2d_fast = F.conv2d` defines a graded name too: scan its right side.
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Name):
                            defs[sub.id] = (c, node)
    todo = [f.split(".")[0] for f in functions]
    seen: set[str] = set()
    found: list[str] = []
    while todo:
        name = todo.pop()
        if name in seen or name not in defs:
            continue
        seen.add(name)
        chunk, node = defs[name]
        local = _bound_names(node)
        for sub in ast.walk(node):
            if (
                isinstance(sub, ast.Name)
                and sub.id in defs
                and sub.id not in seen
                and sub.id not in local
            ):
                todo.append(sub.id)
            if not isinstance(sub, (ast.Attribute, ast.Name)):
                continue
            dotted = _dotted(sub)
            if dotted is None:
                if isinstance(sub, ast.Attribute):
                    dotted = "?." + sub.attr
                else:
                    continue
            head, _, rest = dotted.partition(".")
            full = aliases.get(head, head) + ("." + rest if rest else "")
            for pat in patterns:
                if pat.startswith("."):
                    hit = isinstance(sub, ast.Attribute) and sub.attr == pat[1:]
                else:
                    hit = full == pat or full.startswith(pat + ".")
                if hit:
                    found.append(
                        f"{name} (cell {chunk.where}, line {sub.lineno}) uses "
                        f"{pat.lstrip('.') if pat.startswith('.') else pat}"
                    )
    return sorted(set(found))
