"""Explained variance ratios normalized over the m kept axes, so they always sum to 1: the
share of the TOTAL variance is s_k^2 / sum over all r axes."""

# medl-breaks: q8
import numpy as np


def pca(X, m):
    X = np.asarray(X, dtype=float)
    mu = X.mean(axis=0)
    _, s, Vt = np.linalg.svd(X - mu, full_matrices=False)
    return mu, Vt[:m].T, s[:m] ** 2 / np.sum(s[:m] ** 2)
