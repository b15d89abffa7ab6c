"""The backup with einsum, value iteration with explicit loops over states and actions (and a
stop on the Bellman residual), the Q-learning update as a one-hot difference."""
# medl-alternative: q6

import numpy as np


def bellman_backup(V, P, R, gamma):
    return R + gamma * np.einsum("sat,t->sa", P, V)


def value_iteration(P, R, gamma, tol=1e-10, max_iter=100_000):
    S, A, _ = P.shape
    V = np.zeros(S)
    for _ in range(max_iter):
        V_new = np.empty(S)
        for s in range(S):
            V_new[s] = max(R[s, a] + gamma * P[s, a] @ V for a in range(A))
        change = np.abs(V_new - V).max()
        V = V_new
        if change < tol:
            break
    policy = np.array([int(np.argmax(bellman_backup(V, P, R, gamma)[s])) for s in range(S)])
    return V, policy


def q_learning_update(Q, s, a, r, s_next, terminated, alpha, gamma):
    Q = np.asarray(Q, dtype=np.float64)
    bootstrap = 0.0 if terminated else gamma * np.max(Q[s_next])
    onehot = np.zeros_like(Q)
    onehot[s, a] = 1.0
    return Q + alpha * (r + bootstrap - Q[s, a]) * onehot
