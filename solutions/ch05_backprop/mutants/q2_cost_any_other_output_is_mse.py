"""cost tests for "softmax" only and falls through to the squared error for any other name:
a typo such as "sofmax" silently trains a classifier on the wrong cost."""
# medl-breaks: q2
import numpy as np


def cost(Y_hat, Y, output="softmax"):
    N = Y.shape[0]
    if output == "softmax":
        return float(-np.sum(Y * np.log(np.clip(Y_hat, 1e-300, None))) / N)
    return float(np.sum((Y_hat - Y) ** 2) / N)
