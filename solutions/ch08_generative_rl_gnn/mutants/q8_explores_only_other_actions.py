"""Explores among the A - 1 non-greedy actions only: the greedy action gets 1 - epsilon
instead of 1 - epsilon + epsilon / A."""
# medl-breaks: q8

import torch


def epsilon_greedy(q_values, epsilon, rng):
    best = torch.nonzero(q_values == q_values.max()).flatten()
    greedy = int(best[rng.integers(len(best))])
    if len(q_values) > 1 and rng.random() < epsilon:
        others = [a for a in range(len(q_values)) if a != greedy]
        return int(others[rng.integers(len(others))])
    return greedy
