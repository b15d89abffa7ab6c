"""Ridge with the identity as penalty matrix: the intercept b_0 is shrunk too."""

# medl-breaks: q2
import numpy as np


def fit_ridge(X, y, lam):
    A = design_matrix(X)  # noqa: F821
    N, d = A.shape
    return np.linalg.solve(A.T @ A + N * lam * np.eye(d), A.T @ y)
