"""The mean squared error without the 1/N: the sum of squared errors."""

# medl-breaks: q1
import numpy as np


def mse(y_hat, y):
    return float(np.sum((np.asarray(y) - np.asarray(y_hat)) ** 2))
