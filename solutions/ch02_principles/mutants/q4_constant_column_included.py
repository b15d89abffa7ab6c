"""Polynomial features starting at x^0: a column of ones the design matrix then doubles."""

# medl-breaks: q4
import numpy as np


def poly_features(x, degree):
    return np.asarray(x, dtype=float)[:, None] ** np.arange(0, degree + 1)
