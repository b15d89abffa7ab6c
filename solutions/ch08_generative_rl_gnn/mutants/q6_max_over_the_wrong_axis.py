"""Takes the max of Q over axis 0 (the states) instead of axis 1 (the actions): V has A
entries, not S, and the next backup cannot use it."""
# medl-breaks: q6

import numpy as np


def value_iteration(P, R, gamma, tol=1e-10, max_iter=100_000):
    V = np.zeros(P.shape[0])
    for _ in range(max_iter):
        V_new = bellman_backup(V, P, R, gamma).max(axis=0)  # noqa: F821
        done = V_new.shape == V.shape and np.max(np.abs(V_new - V)) < tol
        V = V_new
        if done:
            break
    return V, bellman_backup(V, P, R, gamma).argmax(axis=0)  # noqa: F821
