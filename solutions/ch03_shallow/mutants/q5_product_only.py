"""Only the product is added: (x1, x2, x1 x2). XOR works, circles need the squares."""

# medl-breaks: q5
import numpy as np


def quadratic_features(X):
    return np.column_stack([X, X[:, 0] * X[:, 1]])
