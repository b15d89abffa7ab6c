"""The loss is recorded after each step only: C(theta^(0)) is missing from losses."""

# medl-breaks: q3
import numpy as np


def gradient_descent(A, y, theta0, alpha, n_steps):
    theta = np.array(theta0, dtype=float)
    losses = []
    for _ in range(n_steps):
        theta = theta - alpha * mse_gradient(A, y, theta)  # noqa: F821
        losses.append(np.mean((A @ theta - y) ** 2))
    return theta, np.array(losses)
