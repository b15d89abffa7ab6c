"""The textbook formula typed literally: log(sigmoid(z)) and log(1 - sigmoid(z)) hit log(0)
for |z| of a few dozen, giving inf or NaN."""

# medl-breaks: q1
import numpy as np


def bce_from_logits(z, y):
    yh = sigmoid(z)  # noqa: F821
    return float(-np.mean(y * np.log(yh) + (1 - y) * np.log(1 - yh)))
