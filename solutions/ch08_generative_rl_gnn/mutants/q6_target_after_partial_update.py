"""Writes the update as (1 - alpha) Q(s, a) + alpha r, then adds alpha gamma max_a' Q(s', a')
read from the half-updated table: wrong whenever s' = s (a self loop)."""
# medl-breaks: q6

import numpy as np


def q_learning_update(Q, s, a, r, s_next, terminated, alpha, gamma):
    Q_new = np.array(Q, dtype=np.float64)
    Q_new[s, a] = (1 - alpha) * Q_new[s, a] + alpha * r
    if not terminated:
        Q_new[s, a] += alpha * gamma * Q_new[s_next].max()
    return Q_new
