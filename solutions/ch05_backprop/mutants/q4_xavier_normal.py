"""Xavier with the right variance 2 / (n_in + n_out) but drawn from a normal law, not uniform."""
# medl-breaks: q4
import numpy as np


def xavier_init(n_in: int, n_out: int, seed: int) -> np.ndarray:
    std = np.sqrt(2.0 / (n_in + n_out))
    return np.random.default_rng(seed).normal(0.0, std, size=(n_out, n_in))
