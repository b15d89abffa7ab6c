"""Moves theta with the previous velocity before updating it: every step lags one behind."""

# medl-breaks: q2
import numpy as np


def momentum_trajectory(A, b, theta0, alpha, beta, T, nesterov=False):
    theta = np.asarray(theta0, dtype=float).copy()
    v = np.zeros_like(theta)
    out = [theta.copy()]
    for _ in range(T):
        at = theta + beta * v if nesterov else theta
        theta = theta + v
        v = beta * v - alpha * (A @ at - b)
        out.append(theta.copy())
    return np.array(out)
