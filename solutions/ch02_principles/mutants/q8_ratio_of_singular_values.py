"""Explained variance as s_k / sum_j s_j: the singular values are standard deviations (times
sqrt(N)), the variances are their squares."""

# medl-breaks: q8
import numpy as np


def pca(X, m):
    X = np.asarray(X, dtype=float)
    mu = X.mean(axis=0)
    _, s, Vt = np.linalg.svd(X - mu, full_matrices=False)
    return mu, Vt[:m].T, (s / np.sum(s))[:m]
