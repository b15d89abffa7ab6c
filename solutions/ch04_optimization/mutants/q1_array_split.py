"""np.array_split into ceil(n/b) pieces: evens out the sizes (10 in batches of 4 gives 4, 3, 3)
instead of keeping full batches of b and one smaller last batch."""

# medl-breaks: q1
import numpy as np


def minibatch_indices(n, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n)
    return np.array_split(order, -(-n // batch_size))
