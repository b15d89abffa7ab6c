"""The normal equations solved with an explicit inverse, inv(A^T A) A^T y: the textbook
formula, exact on paper, but it loses the digits of an ill-conditioned A^T A."""

# medl-breaks: q1
import numpy as np


def fit_least_squares(X, y):
    A = design_matrix(X)  # noqa: F821
    return np.linalg.inv(A.T @ A) @ A.T @ y
