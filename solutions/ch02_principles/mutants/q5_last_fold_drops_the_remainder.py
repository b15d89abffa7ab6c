"""Folds of N // k indices each: the last N % k samples are never validated."""

# medl-breaks: q5
import numpy as np


def kfold_indices(N, k):
    size = N // k
    folds = []
    for j in range(k):
        val = np.arange(j * size, (j + 1) * size)
        folds.append((np.setdiff1d(np.arange(N), val), val))
    return folds
