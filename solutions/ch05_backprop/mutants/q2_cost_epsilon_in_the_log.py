"""The cross-entropy with an epsilon "for safety", log(Y_hat + 1e-12): no NaN, but the cost of
a true-class probability below 1e-12 is capped at about 27.6 instead of -log(p)."""
# medl-breaks: q2
import numpy as np


def cost(Y_hat, Y, output="softmax"):
    if output not in ("softmax", "identity"):
        raise ValueError(output)
    N = Y.shape[0]
    if output == "softmax":
        return float(-np.sum(Y * np.log(Y_hat + 1e-12)) / N)
    return float(np.sum((Y_hat - Y) ** 2) / N)
