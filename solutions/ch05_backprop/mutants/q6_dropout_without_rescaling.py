"""Plain (not inverted) dropout: kept entries are not divided by 1 - p, forward or backward."""
# medl-breaks: q6
import numpy as np


def dropout_forward(a, p, seed, train=True):
    if not train:
        return a.copy(), np.ones(a.shape, dtype=bool)
    mask = np.random.default_rng(seed).random(a.shape) >= p
    return a * mask, mask


def dropout_backward(dout, mask, p):
    return dout * mask
