"""Both "modes" by central differences of the graph's value: close, but only to about 1e-10,
not exact derivatives."""

# medl-breaks: q5
import math

import numpy as np

_F = {"sin": math.sin, "cos": math.cos, "exp": math.exp, "tanh": math.tanh}


def _f(ops, x):
    val = [float(a) for a in x]
    for op in ops:
        a = val[op[1]]
        if op[0] == "add":
            val.append(a + val[op[2]])
        elif op[0] == "sub":
            val.append(a - val[op[2]])
        elif op[0] == "mul":
            val.append(a * val[op[2]])
        else:
            val.append(_F[op[0]](a))
    return val[-1]


def forward_mode(ops, x, u):
    x, u, h = np.asarray(x, float), np.asarray(u, float), 1e-6
    return _f(ops, x), (_f(ops, x + h * u) - _f(ops, x - h * u)) / (2 * h)


def reverse_mode(ops, x):
    x = np.asarray(x, float)
    return _f(ops, x), np.array([forward_mode(ops, x, e)[1] for e in np.eye(len(x))])
