"""The gradient of the sum of squares, 2 A^T (A theta - y), not of the mean."""

# medl-breaks: q3
import numpy as np


def mse_gradient(A, y, theta):
    A = np.asarray(A, dtype=float)
    return 2.0 * A.T @ (A @ theta - y)
