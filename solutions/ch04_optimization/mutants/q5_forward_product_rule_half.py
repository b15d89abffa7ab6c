"""Forward mode with half a product rule: d(u_i u_j) = du_i u_j, forgetting u_i du_j."""

# medl-breaks: q5
import math

_F = {"sin": math.sin, "cos": math.cos, "exp": math.exp, "tanh": math.tanh}


def forward_mode(ops, x, u):
    val = [float(a) for a in x]
    dot = [float(a) for a in u]
    for op in ops:
        i = op[1]
        a, da = val[i], dot[i]
        if op[0] in ("add", "sub", "mul"):
            c, dc = val[op[2]], dot[op[2]]
            if op[0] == "add":
                val.append(a + c)
                dot.append(da + dc)
            elif op[0] == "sub":
                val.append(a - c)
                dot.append(da - dc)
            else:
                val.append(a * c)
                dot.append(da * c)
        else:
            val.append(_F[op[0]](a))
            d = {"sin": math.cos(a), "cos": -math.sin(a), "exp": val[-1], "tanh": 1 - val[-1] ** 2}[
                op[0]
            ]
            dot.append(d * da)
    return val[-1], dot[-1]
