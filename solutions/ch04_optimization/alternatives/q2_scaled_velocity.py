"""The other common form of momentum (PyTorch's): u <- beta u + g, theta <- theta - alpha u.
With v = -alpha u and v^(0) = 0 it is the same iteration; Nesterov looks ahead to
theta - alpha beta u."""

# medl-alternative: q2
import numpy as np


def momentum_trajectory(A, b, theta0, alpha, beta, T, nesterov=False):
    theta = np.array(theta0, dtype=float)
    u = np.zeros(len(theta))
    path = np.empty((T + 1, len(theta)))
    path[0] = theta
    for t in range(1, T + 1):
        point = theta - alpha * beta * u if nesterov else theta
        u = beta * u + (A @ point - b)
        theta = theta - alpha * u
        path[t] = theta
    return path
