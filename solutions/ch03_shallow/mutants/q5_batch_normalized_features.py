"""The features centred with the batch mean inside the map: a row's features then depend on
the other rows of the batch."""

# medl-breaks: q5
import numpy as np


def quadratic_features(X):
    X = X - X.mean(axis=0)
    x1, x2 = X[:, 0], X[:, 1]
    return np.column_stack([x1, x2, x1 * x1, x1 * x2, x2 * x2])
