"""Starts from V = max_a R(s, a) (the first backup of V = 0, done "for free"), so after k
iterations it holds the values of k + 1 backups."""
# medl-breaks: q6

import numpy as np


def value_iteration(P, R, gamma, tol=1e-10, max_iter=100_000):
    V = R.max(axis=1)
    for _ in range(max_iter):
        V_new = bellman_backup(V, P, R, gamma).max(axis=1)  # noqa: F821
        done = np.max(np.abs(V_new - V)) < tol
        V = V_new
        if done:
            break
    return V, bellman_backup(V, P, R, gamma).argmax(axis=1)  # noqa: F821
