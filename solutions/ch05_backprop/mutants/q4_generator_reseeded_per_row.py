"""Xavier drawn one row at a time from a generator re-created with the same seed inside the
loop: every row of W is the same n_in numbers. Right law, right variance on average, but the
rows are not independent (all units of the layer start identical)."""
# medl-breaks: q4
import numpy as np


def xavier_init(n_in, n_out, seed):
    r = np.sqrt(6.0 / (n_in + n_out))
    return np.stack([np.random.default_rng(seed).uniform(-r, r, size=n_in) for _ in range(n_out)])
