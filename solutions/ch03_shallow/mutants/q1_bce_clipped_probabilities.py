"""The usual patch for log(0): clip y_hat into [1e-7, 1 - 1e-7]. Finite, but a confidently
wrong sample with |z| = 1000 then costs 16 instead of 1000."""

# medl-breaks: q1
import numpy as np


def bce_from_logits(z, y):
    yh = np.clip(sigmoid(z), 1e-7, 1 - 1e-7)  # noqa: F821
    return float(-np.mean(y * np.log(yh) + (1 - y) * np.log(1 - yh)))
