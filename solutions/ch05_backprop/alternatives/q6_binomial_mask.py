"""Dropout with a 0/1 float mask from rng.binomial and the scale folded into one factor."""
# medl-alternative: q6
import numpy as np


def dropout_forward(a, p, seed, train=True):
    if not train:
        return a, np.ones_like(a)
    mask = np.random.default_rng(seed).binomial(1, 1.0 - p, size=a.shape).astype(float)
    return a * (mask / (1.0 - p)), mask


def dropout_backward(dout, mask, p):
    return dout * (mask / (1.0 - p))
