"""Reverse mode that assigns adjoints (=) instead of accumulating them (+=): a node used by
two ops keeps only the last contribution, so reused nodes get wrong gradients."""

# medl-breaks: q5
import math

import numpy as np

_F = {"sin": math.sin, "cos": math.cos, "exp": math.exp, "tanh": math.tanh}


def reverse_mode(ops, x):
    n = len(x)
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
    bar = [0.0] * len(val)
    bar[-1] = 1.0
    for k in range(len(ops) - 1, -1, -1):
        op, g = ops[k], bar[n + k]
        i = op[1]
        if op[0] == "add":
            bar[i] = g
            bar[op[2]] = g
        elif op[0] == "sub":
            bar[i] = g
            bar[op[2]] = -g
        elif op[0] == "mul":
            bar[i] = g * val[op[2]]
            bar[op[2]] = g * val[i]
        elif op[0] == "sin":
            bar[i] = g * math.cos(val[i])
        elif op[0] == "cos":
            bar[i] = -g * math.sin(val[i])
        elif op[0] == "exp":
            bar[i] = g * val[n + k]
        else:
            bar[i] = g * (1 - val[n + k] ** 2)
    return val[-1], np.array(bar[:n])
