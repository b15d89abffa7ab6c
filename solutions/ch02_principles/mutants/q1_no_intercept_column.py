"""Least squares on X itself: the column of ones is forgotten, so theta has no b_0."""

# medl-breaks: q1
import numpy as np


def fit_least_squares(X, y):
    theta, *_ = np.linalg.lstsq(np.asarray(X, dtype=float), y, rcond=None)
    return theta
