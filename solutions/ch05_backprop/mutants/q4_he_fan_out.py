"""He initialization with the fan-out: variance 2 / n_out instead of 2 / n_in."""
# medl-breaks: q4
import numpy as np


def he_init(n_in: int, n_out: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(0.0, np.sqrt(2.0 / n_out), size=(n_out, n_in))
