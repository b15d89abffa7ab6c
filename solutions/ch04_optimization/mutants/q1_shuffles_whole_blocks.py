"""Shuffles the order of the batches but not the samples: batch k is always the same block
of consecutive samples, so neighbours always share a batch."""

# medl-breaks: q1
import numpy as np


def minibatch_indices(n, batch_size, seed):
    blocks = [np.arange(s, min(s + batch_size, n)) for s in range(0, n, batch_size)]
    perm = np.random.default_rng(seed).permutation(len(blocks))
    full = [blocks[k] for k in perm if len(blocks[k]) == batch_size]
    return full + [B for B in blocks if len(B) < batch_size]
