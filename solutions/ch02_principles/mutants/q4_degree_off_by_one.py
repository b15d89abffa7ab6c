"""np.arange(1, degree) stops one power early: degree d gets only x, ..., x^(d-1)."""

# medl-breaks: q4
import numpy as np


def poly_features(x, degree):
    return np.asarray(x, dtype=float)[:, None] ** np.arange(1, max(degree, 1))
