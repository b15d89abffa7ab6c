"""The gradient as a sum over samples, (2/N) sum_i (a_i . theta - y_i) a_i, and the loss
recorded before each step and once after the last."""

# medl-alternative: q3
import numpy as np


def mse_gradient(A, y, theta):
    A = np.asarray(A, dtype=float)
    g = np.zeros(A.shape[1])
    for a_i, y_i in zip(A, y, strict=True):
        g += (a_i @ theta - y_i) * a_i
    return 2.0 * g / len(A)


def gradient_descent(A, y, theta0, alpha, n_steps):
    A = np.asarray(A, dtype=float)
    theta = np.asarray(theta0, dtype=float).copy()
    losses = np.empty(n_steps + 1)
    for t in range(n_steps + 1):
        r = A @ theta - y
        losses[t] = r @ r / len(r)
        if t < n_steps:
            theta -= alpha * mse_gradient(A, y, theta)
    return theta, losses
