"""Folds from np.array_split (which puts the N % k extra indices in the first folds) and a
boolean mask for the training indices."""

# medl-alternative: q5
import numpy as np


def kfold_indices(N, k):
    folds = []
    for val in np.array_split(np.arange(N), k):
        mask = np.ones(N, dtype=bool)
        mask[val] = False
        folds.append((np.flatnonzero(mask), val))
    return folds
