"""The SVD of X itself, not of the centred X - mu: the first axis points at the mean of the
data instead of along its spread."""

# medl-breaks: q8
import numpy as np


def pca(X, m):
    X = np.asarray(X, dtype=float)
    _, s, Vt = np.linalg.svd(X, full_matrices=False)
    return X.mean(axis=0), Vt[:m].T, (s**2 / np.sum(s**2))[:m]
