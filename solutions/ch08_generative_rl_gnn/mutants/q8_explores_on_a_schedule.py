"""Replaces the coin by a quota: an accumulator gains epsilon at each call and the call
explores whenever it passes 1. The frequencies are right, but the explorations come evenly
spaced instead of as independent draws."""
# medl-breaks: q8

import torch

_quota = [0.0]


def epsilon_greedy(q_values, epsilon, rng):
    _quota[0] += epsilon
    if _quota[0] >= 1 - 1e-9:
        _quota[0] -= 1
        return int(rng.integers(len(q_values)))
    best = torch.nonzero(q_values == q_values.max()).flatten()
    return int(best[rng.integers(len(best))])
