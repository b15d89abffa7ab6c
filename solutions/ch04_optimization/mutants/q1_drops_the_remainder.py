"""Cuts only full batches: the last n mod b shuffled samples are never used in the epoch."""

# medl-breaks: q1
import numpy as np


def minibatch_indices(n, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n)
    return [order[s : s + batch_size] for s in range(0, n - batch_size + 1, batch_size)]
