"""Leaky ReLU's derivative copied from ReLU's: 0 instead of alpha for z < 0."""
# medl-breaks: q1
import numpy as np


def leaky_relu_prime(z: np.ndarray, alpha: float = 0.01) -> np.ndarray:
    return (np.asarray(z) > 0).astype(float)
