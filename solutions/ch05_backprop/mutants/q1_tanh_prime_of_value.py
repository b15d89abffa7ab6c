"""tanh' written as 1 - z^2, the formula in terms of the output a = tanh(z), applied to z."""
# medl-breaks: q1
import numpy as np


def tanh_prime(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    return 1.0 - z * z
