"""Adds the old velocity on top of the new one: theta <- theta + beta v_old + v_new, so the
momentum term enters the step twice."""

# medl-breaks: q2
import numpy as np


def momentum_trajectory(A, b, theta0, alpha, beta, T, nesterov=False):
    theta = np.asarray(theta0, dtype=float).copy()
    v = np.zeros_like(theta)
    out = [theta.copy()]
    for _ in range(T):
        at = theta + beta * v if nesterov else theta
        v_new = beta * v - alpha * (A @ at - b)
        theta = theta + beta * v + v_new
        v = v_new
        out.append(theta.copy())
    return np.array(out)
