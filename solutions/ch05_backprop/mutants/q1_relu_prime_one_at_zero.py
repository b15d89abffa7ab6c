"""ReLU's derivative with z >= 0: 1 at the kink z = 0, where the docstring asks for the left
slope 0 (1 only where z > 0)."""
# medl-breaks: q1
import numpy as np


def relu_prime(z: np.ndarray) -> np.ndarray:
    return (np.asarray(z) >= 0).astype(float)
