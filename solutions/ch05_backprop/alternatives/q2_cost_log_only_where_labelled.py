"""The cross-entropy with the log taken only where Y is nonzero (np.log's where= argument):
0 log 0 never happens, no clipping and no epsilon; and the output names checked with a set."""
# medl-alternative: q2
import numpy as np


def cost(Y_hat, Y, output="softmax"):
    if output not in {"softmax", "identity"}:
        raise ValueError(f"unknown output {output!r}")
    Y_hat, Y = np.asarray(Y_hat, dtype=float), np.asarray(Y, dtype=float)
    if output == "identity":
        return float(((Y_hat - Y) ** 2).sum(axis=1).mean())
    logs = np.log(Y_hat, out=np.zeros_like(Y_hat), where=Y != 0)
    return float(-(Y * logs).sum(axis=1).mean())
