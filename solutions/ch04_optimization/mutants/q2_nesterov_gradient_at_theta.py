"""Nesterov's variant with the gradient taken at theta instead of the look-ahead point
theta + beta v: it is classical momentum under another name."""

# medl-breaks: q2
import numpy as np


def momentum_trajectory(A, b, theta0, alpha, beta, T, nesterov=False):
    theta = np.asarray(theta0, dtype=float).copy()
    v = np.zeros_like(theta)
    out = [theta.copy()]
    for _ in range(T):
        v = beta * v - alpha * (A @ theta - b)
        theta = theta + v
        out.append(theta.copy())
    return np.array(out)
