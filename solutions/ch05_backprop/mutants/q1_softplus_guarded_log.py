"""Softplus as log(1 + e^z), guarded against overflow for large z only: finite everywhere,
but for z below about -20 the sum 1 + e^z rounds to 1 and the small answer e^z is lost
(softplus(-40) gives 0 instead of 4.2e-18)."""
# medl-breaks: q1
import numpy as np


def softplus(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    return np.where(z > 30, z, np.log(1.0 + np.exp(np.minimum(z, 30.0))))
