"""Epsilon-greedy from its distribution: the vector (EG) is built in numpy and one action
drawn with rng.choice(A, p=...), a single draw per call (the reference draws a coin first)."""
# medl-alternative: q8

import numpy as np


def epsilon_greedy(q_values, epsilon, rng):
    q = np.asarray(q_values, dtype=float)
    best = (q == q.max()).astype(float)
    probs = (1 - epsilon) * best / best.sum() + epsilon / len(q)
    return int(rng.choice(len(q), p=probs / probs.sum()))
