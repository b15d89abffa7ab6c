"""sigma(z) = e^z / (1 + e^z): right on paper, but e^1000 = inf and inf / inf is NaN."""

# medl-breaks: q1
import numpy as np


def sigmoid(z):
    e = np.exp(np.asarray(z, dtype=float))
    return e / (1.0 + e)
