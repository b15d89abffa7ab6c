"""Leaky ReLU's derivative with z >= 0: 1 at the kink z = 0, where the docstring asks for
alpha (1 only where z > 0)."""
# medl-breaks: q1
import numpy as np


def leaky_relu_prime(z: np.ndarray, alpha: float = 0.01) -> np.ndarray:
    return np.where(np.asarray(z) >= 0, 1.0, alpha)
