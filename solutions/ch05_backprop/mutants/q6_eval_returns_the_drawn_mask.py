"""Draws the mask before looking at train: in eval mode the output is a, as it should be, but
the mask returned is the random one, not all ones."""
# medl-breaks: q6
import numpy as np


def dropout_forward(a, p, seed, train=True):
    mask = np.random.default_rng(seed).random(a.shape) >= p
    if not train:
        return a.copy(), mask
    return a * mask / (1.0 - p), mask
