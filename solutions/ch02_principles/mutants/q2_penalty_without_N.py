"""Ridge solving (A^T A + lam D) theta = A^T y: the factor N from the 1/N is dropped."""

# medl-breaks: q2
import numpy as np


def fit_ridge(X, y, lam):
    A = design_matrix(X)  # noqa: F821
    D = np.eye(A.shape[1])
    D[0, 0] = 0.0
    return np.linalg.solve(A.T @ A + lam * D, A.T @ y)
