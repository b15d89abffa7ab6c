"""Flips the coin and draws the action with np.random (the global generator), ignoring the
rng it is given: right frequencies, but a seed does not reproduce a run."""
# medl-breaks: q8

import numpy as np
import torch


def epsilon_greedy(q_values, epsilon, rng):
    if np.random.random() < epsilon:
        return int(np.random.randint(len(q_values)))
    best = torch.nonzero(q_values == q_values.max()).flatten()
    return int(best[np.random.randint(len(best))])
