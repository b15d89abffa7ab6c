"""Breaks out of the loop as soon as the change is small, before storing the new values:
returns V from one backup before the one that met the tolerance."""
# medl-breaks: q6

import numpy as np


def value_iteration(P, R, gamma, tol=1e-10, max_iter=100_000):
    V = np.zeros(P.shape[0])
    for _ in range(max_iter):
        V_new = bellman_backup(V, P, R, gamma).max(axis=1)  # noqa: F821
        if np.max(np.abs(V_new - V)) < tol:
            break
        V = V_new
    return V, bellman_backup(V, P, R, gamma).argmax(axis=1)  # noqa: F821
