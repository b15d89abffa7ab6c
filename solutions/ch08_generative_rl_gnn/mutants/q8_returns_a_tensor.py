"""Returns the greedy action as the 0-dim tensor indexing gave, without int(...)."""
# medl-breaks: q8

import torch


def epsilon_greedy(q_values, epsilon, rng):
    if rng.random() < epsilon:
        return int(rng.integers(len(q_values)))
    best = torch.nonzero(q_values == q_values.max()).flatten()
    return best[rng.integers(len(best))]
