"""Both modes use 1 - u^2 with u the INPUT of tanh instead of 1 - tanh(u)^2, its output."""

# medl-breaks: q5
import math

import numpy as np

_F = {"sin": math.sin, "cos": math.cos, "exp": math.exp, "tanh": math.tanh}


def _d(name, a):
    """The local derivative, with the tanh mistake: 1 - a^2 at the input a."""
    if name == "sin":
        return math.cos(a)
    if name == "cos":
        return -math.sin(a)
    if name == "exp":
        return math.exp(a)
    return 1 - a * a


def _values(ops, x):
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
    return val


def forward_mode(ops, x, u):
    val = _values(ops, x)
    dot = [float(a) for a in u]
    for op in ops:
        i = op[1]
        if op[0] == "add":
            dot.append(dot[i] + dot[op[2]])
        elif op[0] == "sub":
            dot.append(dot[i] - dot[op[2]])
        elif op[0] == "mul":
            dot.append(dot[i] * val[op[2]] + val[i] * dot[op[2]])
        else:
            dot.append(_d(op[0], val[i]) * dot[i])
    return val[-1], dot[-1]


def reverse_mode(ops, x):
    n = len(x)
    val = _values(ops, x)
    bar = [0.0] * len(val)
    bar[-1] = 1.0
    for k in range(len(ops) - 1, -1, -1):
        op, g = ops[k], bar[n + k]
        i = op[1]
        if op[0] == "add":
            bar[i] += g
            bar[op[2]] += g
        elif op[0] == "sub":
            bar[i] += g
            bar[op[2]] -= g
        elif op[0] == "mul":
            bar[i] += g * val[op[2]]
            bar[op[2]] += g * val[i]
        else:
            bar[i] += g * _d(op[0], val[i])
    return val[-1], np.array(bar[:n])
