"""Fills the policy state by state into np.zeros(S), a float64 array: actions 0., 1., ...
where the docstring asks for int64 indices."""
# medl-breaks: q6

import numpy as np


def value_iteration(P, R, gamma, tol=1e-10, max_iter=100_000):
    V = np.zeros(P.shape[0])
    for _ in range(max_iter):
        V_new = bellman_backup(V, P, R, gamma).max(axis=1)  # noqa: F821
        done = np.max(np.abs(V_new - V)) < tol
        V = V_new
        if done:
            break
    Q = bellman_backup(V, P, R, gamma)  # noqa: F821
    policy = np.zeros(P.shape[0])
    for s in range(P.shape[0]):
        policy[s] = np.argmax(Q[s])
    return V, policy
