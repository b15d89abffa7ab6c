"""Takes the first m COLUMNS of the Vt that np.linalg.svd returns (Vt[:, :m]) as the axes:
the right shape, but Vt holds the axes in its rows."""

# medl-breaks: q8
import numpy as np


def pca(X, m):
    X = np.asarray(X, dtype=float)
    mu = X.mean(axis=0)
    _, s, Vt = np.linalg.svd(X - mu, full_matrices=False)
    return mu, Vt[:, :m], (s**2 / np.sum(s**2))[:m]
