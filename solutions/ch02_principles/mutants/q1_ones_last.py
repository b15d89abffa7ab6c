"""The column of ones appended at the end: theta comes back as (w, b_0), not (b_0, w)."""

# medl-breaks: q1
import numpy as np


def design_matrix(X):
    X = np.asarray(X, dtype=float)
    return np.hstack([X, np.ones((X.shape[0], 1))])
