"""Forward mode that keeps every node as a length-1 numpy array (x[i:i + 1] slices): the
numbers are right, but it returns two arrays of shape (1,) instead of two floats."""

# medl-breaks: q5
import numpy as np


def forward_mode(ops, x, u):
    d = {
        "sin": (np.sin, np.cos),
        "cos": (np.cos, lambda a: -np.sin(a)),
        "exp": (np.exp, np.exp),
        "tanh": (np.tanh, lambda a: 1 - np.tanh(a) ** 2),
    }
    x, u = np.asarray(x, dtype=float), np.asarray(u, dtype=float)
    val = [x[i : i + 1] for i in range(len(x))]
    dot = [u[i : i + 1] for i in range(len(u))]
    for op in ops:
        a, da = val[op[1]], dot[op[1]]
        if op[0] in ("add", "sub", "mul"):
            c, dc = val[op[2]], dot[op[2]]
            val.append({"add": a + c, "sub": a - c, "mul": a * c}[op[0]])
            dot.append({"add": da + dc, "sub": da - dc, "mul": da * c + a * dc}[op[0]])
        else:
            f, df = d[op[0]]
            val.append(f(a))
            dot.append(df(a) * da)
    return val[-1], dot[-1]
