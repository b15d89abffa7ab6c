"""Least squares through the thin QR factorization A = QR: R theta = Q^T y, solved as a
triangular system (backward stable, like lstsq, without forming A^T A)."""

# medl-alternative: q1
import numpy as np


def fit_least_squares(X, y):
    A = design_matrix(X)  # noqa: F821
    Q, R = np.linalg.qr(A)
    return np.linalg.solve(R, Q.T @ np.asarray(y, dtype=float))
