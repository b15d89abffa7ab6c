"""Softplus typed as its definition, log(1 + e^z): e^z overflows to inf for z > ~709."""
# medl-breaks: q1
import numpy as np


def softplus(z: np.ndarray) -> np.ndarray:
    return np.log(1.0 + np.exp(np.asarray(z, dtype=float)))
