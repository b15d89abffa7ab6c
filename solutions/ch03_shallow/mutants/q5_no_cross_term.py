"""Squares but no product: (x1, x2, x1^2, x2^2). Circles work, XOR (x1 x2 > 0) does not."""

# medl-breaks: q5
import numpy as np


def quadratic_features(X):
    return np.column_stack([X, X**2])
