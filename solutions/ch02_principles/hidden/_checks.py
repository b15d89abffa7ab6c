"""Helpers shared by the ch02 hidden tests: random regression data and wrong ridge solutions."""

import numpy as np


def regression_data(rng, N=None, p=None, noise=0.3):
    """X: (N, p) with offsets (so the intercept matters), y = b_0 + X w + noise: (N,)."""
    N = int(rng.integers(15, 40)) if N is None else N
    p = int(rng.integers(1, 5)) if p is None else p
    X = rng.normal(size=(N, p)) * rng.uniform(0.5, 2.0, size=p) + rng.uniform(-2, 2, size=p)
    y = rng.normal() * 3 + X @ rng.normal(size=p) + noise * rng.normal(size=N)
    return X, y


def design(X):
    """[1, X]: (N, p + 1)."""
    return np.hstack([np.ones((X.shape[0], 1)), X])


def ridge_variant(X, y, lam, *, penalize_intercept=False, scale_by_N=True):
    """Ridge solutions with common mistakes switched on, to name them in messages."""
    A = design(X)
    N, d = A.shape
    D = np.eye(d)
    if not penalize_intercept:
        D[0, 0] = 0.0
    return np.linalg.solve(A.T @ A + (N if scale_by_N else 1) * lam * D, A.T @ y)


def fmt(a, precision=3):
    """A short one-line rendering of an array for messages."""
    return np.array2string(np.asarray(a), precision=precision, max_line_width=200)
