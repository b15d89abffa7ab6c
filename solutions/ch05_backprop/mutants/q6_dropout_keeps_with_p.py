"""p read as the probability of KEEPING a unit: the mask keeps a fraction p, not 1 - p."""
# medl-breaks: q6
import numpy as np


def dropout_forward(a, p, seed, train=True):
    if not train:
        return a.copy(), np.ones(a.shape, dtype=bool)
    mask = np.random.default_rng(seed).random(a.shape) < p
    return a * mask / (1.0 - p), mask
