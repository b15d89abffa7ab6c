"""Loops until the change is below tol and never looks at max_iter."""
# medl-breaks: q6

import numpy as np


def value_iteration(P, R, gamma, tol=1e-10, max_iter=100_000):
    V = np.zeros(P.shape[0])
    while True:
        V_new = bellman_backup(V, P, R, gamma).max(axis=1)  # noqa: F821
        done = np.max(np.abs(V_new - V)) < tol
        V = V_new
        if done:
            break
    return V, bellman_backup(V, P, R, gamma).argmax(axis=1)  # noqa: F821
