"""Takes torch.argmax as the greedy action: ties always go to the first maximizer."""
# medl-breaks: q8

import torch


def epsilon_greedy(q_values, epsilon, rng):
    if rng.random() < epsilon:
        return int(rng.integers(len(q_values)))
    return int(torch.argmax(q_values))
