"""Value iteration as a while loop on the Bellman residual with an explicit counter, and the
greedy policy taking the LAST maximizer where actions tie (np.argmax takes the first): the
docstring allows any maximizer."""
# medl-alternative: q6

import numpy as np


def value_iteration(P, R, gamma, tol=1e-10, max_iter=100_000):
    V, n, change = np.zeros(P.shape[0]), 0, np.inf
    while n < max_iter and not change < tol:
        V_new = np.max(R + gamma * np.einsum("sat,t->sa", P, V), axis=1)
        change, V, n = np.abs(V_new - V).max(), V_new, n + 1
    Q = R + gamma * np.einsum("sat,t->sa", P, V)
    last = Q.shape[1] - 1 - np.argmax(Q[:, ::-1], axis=1)
    return V, last.astype(np.int64)
