"""A different map that does the same job: (x1, x2, x1 x2, x1^2 + x2^2, 1). The radius
squared draws the rings, the product the XOR cross; the constant column is harmless."""

# medl-alternative: q5
import numpy as np


def quadratic_features(X):
    x1, x2 = X[:, 0], X[:, 1]
    return np.stack([x1, x2, x1 * x2, x1**2 + x2**2, np.ones_like(x1)], axis=1)
