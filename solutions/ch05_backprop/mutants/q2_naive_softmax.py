"""Softmax without subtracting the row maximum: exp overflows and the output layer gives NaN."""
# medl-breaks: q2
import numpy as np


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
