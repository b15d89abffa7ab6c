"""The cross-entropy typed as its formula, with no clipping: a zero probability off the label
gives 0 * log 0 = 0 * (-inf) = NaN."""
# medl-breaks: q2
import numpy as np


def cost(Y_hat, Y, output="softmax"):
    if output not in ("softmax", "identity"):
        raise ValueError(output)
    N = Y.shape[0]
    if output == "softmax":
        return float(-np.sum(Y * np.log(Y_hat)) / N)
    return float(np.sum((Y_hat - Y) ** 2) / N)
