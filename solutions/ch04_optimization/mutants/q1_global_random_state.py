"""Shuffles with the global np.random state and ignores the seed: not reproducible."""

# medl-breaks: q1
import numpy as np


def minibatch_indices(n, batch_size, seed):
    order = np.random.permutation(n)
    return [order[s : s + batch_size] for s in range(0, n, batch_size)]
