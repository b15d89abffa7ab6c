"""v <- beta v + alpha grad: the velocity climbs the cost instead of descending it."""

# medl-breaks: q2
import numpy as np


def momentum_trajectory(A, b, theta0, alpha, beta, T, nesterov=False):
    theta = np.asarray(theta0, dtype=float).copy()
    v = np.zeros_like(theta)
    out = [theta.copy()]
    for _ in range(T):
        at = theta + beta * v if nesterov else theta
        v = beta * v + alpha * (A @ at - b)
        theta = theta + v
        out.append(theta.copy())
    return np.array(out)
