"""Shared helpers for the ch04 hidden tests: random problems and checked calls."""

import math

import numpy as np

from shared.compare import as_array

UNARY = ("sin", "cos", "exp", "tanh")
BINARY = ("add", "sub", "mul")


def spd(rng, d, cond):
    """A random symmetric positive definite (d, d) matrix with eigenvalues in [1, cond]."""
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    eig = np.concatenate([[1.0, cond], rng.uniform(1.0, cond, size=d - 2)])
    return (Q * eig) @ Q.T


def trajectory(out, T, d, call):
    """Check a trajectory's type and shape; return it as a float64 (T + 1, d) array."""
    arr = as_array(out, call).astype(np.float64)
    if arr.shape != (T + 1, d):
        hint = " (row 0 must be theta0)" if arr.shape == (T, d) else ""
        raise AssertionError(
            f"{call}: shape {arr.shape}, expected (T + 1, d) = ({T + 1}, {d}){hint}"
        )
    return arr


def _evaluate(ops, x):
    val = [float(a) for a in x]
    fns = {"sin": math.sin, "cos": math.cos, "exp": math.exp, "tanh": math.tanh}
    for op in ops:
        if op[0] == "add":
            val.append(val[op[1]] + val[op[2]])
        elif op[0] == "sub":
            val.append(val[op[1]] - val[op[2]])
        elif op[0] == "mul":
            val.append(val[op[1]] * val[op[2]])
        else:
            val.append(fns[op[0]](val[op[1]]))
        if not abs(val[-1]) < 20:  # too large: the caller draws another graph
            break
    return val


def random_graph(rng, n, n_ops, *, unused_input=False):
    """A random graph of n inputs and n_ops ops whose node values stay in [-20, 20].

    Every node is reused at least once somewhere when possible (the classic reverse-mode bug
    overwrites adjoints), and every op kind appears across a few graphs. With unused_input,
    input n - 1 feeds no op (its derivative is 0).
    """
    usable = n - 1 if unused_input else n
    while True:
        x = rng.uniform(-1.5, 1.5, size=n)
        ops = []
        for k in range(n_ops):
            nodes = list(range(usable)) + list(range(n, n + k))
            recent = nodes[-4:]
            picks = [int(rng.choice(recent if rng.random() < 0.6 else nodes)) for _ in "ij"]
            if rng.random() < 0.55:
                ops.append((str(rng.choice(BINARY)), picks[0], picks[1]))
            else:
                ops.append((str(rng.choice(UNARY)), picks[0]))
        ops.append(("mul", n + n_ops - 1, int(rng.choice(range(usable)))))  # reuse an input
        vals = _evaluate(ops, x)
        if all(abs(v) < 20 for v in vals) and abs(vals[-1]) > 1e-3:
            return ops, x


def describe(ops):
    text = repr(ops)
    return text if len(text) < 200 else text[:197] + "..."


def logistic_data(rng, N, d):
    """(X, y) with a column of ones, overlapping classes (the minimizer is finite)."""
    X = np.column_stack([np.ones(N), rng.normal(size=(N, d - 1))])
    w = rng.normal(size=d)
    y = (X @ w + rng.normal(size=N) > 0).astype(np.float64)
    return X, y
