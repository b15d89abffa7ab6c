"""Forward mode with a Dual number class and operator overloading; reverse mode by a
topological sweep over a dict of adjoints keyed by node. Same derivatives, other code."""

# medl-alternative: q5
import math

import numpy as np


class Dual:
    def __init__(self, val, eps):
        self.val, self.eps = val, eps

    def __add__(self, o):
        return Dual(self.val + o.val, self.eps + o.eps)

    def __sub__(self, o):
        return Dual(self.val - o.val, self.eps - o.eps)

    def __mul__(self, o):
        return Dual(self.val * o.val, self.eps * o.val + self.val * o.eps)


def _unary(name, d):
    if name == "sin":
        return Dual(math.sin(d.val), math.cos(d.val) * d.eps)
    if name == "cos":
        return Dual(math.cos(d.val), -math.sin(d.val) * d.eps)
    if name == "exp":
        e = math.exp(d.val)
        return Dual(e, e * d.eps)
    th = math.tanh(d.val)
    return Dual(th, (1 - th * th) * d.eps)


def forward_mode(ops, x, u):
    nodes = [Dual(float(a), float(b)) for a, b in zip(x, u, strict=True)]
    for op in ops:
        if op[0] == "add":
            nodes.append(nodes[op[1]] + nodes[op[2]])
        elif op[0] == "sub":
            nodes.append(nodes[op[1]] - nodes[op[2]])
        elif op[0] == "mul":
            nodes.append(nodes[op[1]] * nodes[op[2]])
        else:
            nodes.append(_unary(op[0], nodes[op[1]]))
    return nodes[-1].val, nodes[-1].eps


def reverse_mode(ops, x):
    n = len(x)
    val = {i: float(a) for i, a in enumerate(x)}
    local = {}  # node -> list of (operand, d node / d operand)
    for k, op in enumerate(ops):
        a = val[op[1]]
        if op[0] in ("add", "sub", "mul"):
            c = val[op[2]]
            val[n + k] = {"add": a + c, "sub": a - c, "mul": a * c}[op[0]]
            da, dc = {"add": (1.0, 1.0), "sub": (1.0, -1.0), "mul": (c, a)}[op[0]]
            local[n + k] = [(op[1], da), (op[2], dc)]
        else:
            d = _unary(op[0], Dual(a, 1.0))
            val[n + k] = d.val
            local[n + k] = [(op[1], d.eps)]
    adj = dict.fromkeys(val, 0.0)
    adj[n + len(ops) - 1] = 1.0
    for node in sorted(local, reverse=True):
        for operand, partial in local[node]:
            adj[operand] = adj[operand] + adj[node] * partial
    return val[n + len(ops) - 1], np.array([adj[i] for i in range(n)])
