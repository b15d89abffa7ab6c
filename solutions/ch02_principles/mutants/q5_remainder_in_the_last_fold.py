"""Folds of N // k indices, the last fold taking the whole remainder (sizes differ by > 1)."""

# medl-breaks: q5
import numpy as np


def kfold_indices(N, k):
    size = N // k
    folds = []
    for j in range(k):
        stop = N if j == k - 1 else (j + 1) * size
        val = np.arange(j * size, stop)
        folds.append((np.setdiff1d(np.arange(N), val), val))
    return folds
