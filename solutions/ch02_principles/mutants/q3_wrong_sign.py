"""The residual written as y - A theta: the 'gradient' points uphill, so descent climbs."""

# medl-breaks: q3
import numpy as np


def mse_gradient(A, y, theta):
    A = np.asarray(A, dtype=float)
    return (2.0 / A.shape[0]) * (A.T @ (y - A @ theta))
