"""Drops exactly round(p * D) units in every row (a random choice of which): the overall rate
is right and the mask looks random, but the entries are not independent draws."""
# medl-breaks: q6
import numpy as np


def dropout_forward(a, p, seed, train=True):
    if not train:
        return a.copy(), np.ones(a.shape, dtype=bool)
    rng = np.random.default_rng(seed)
    N, D = a.shape
    k = int(round(p * D))
    mask = np.ones((N, D), dtype=bool)
    for i in range(N):
        mask[i, rng.choice(D, size=k, replace=False)] = False
    return a * mask / (1.0 - p), mask
