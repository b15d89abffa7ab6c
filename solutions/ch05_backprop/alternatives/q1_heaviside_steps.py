"""The kinks through np.heaviside, whose second argument is the value at exactly 0: the left
slopes 0 (ReLU) and alpha (leaky ReLU) at z = 0, as the docstrings ask."""
# medl-alternative: q1
import numpy as np


def relu_prime(z):
    return np.heaviside(np.asarray(z, dtype=float), 0.0)


def leaky_relu_prime(z, alpha=0.01):
    step = np.heaviside(np.asarray(z, dtype=float), 0.0)
    return alpha + (1.0 - alpha) * step
