"""Adds lam theta to the gradient but forgets lam I in the Hessian."""

# medl-breaks: q6
import numpy as np


def logistic_loss_grad_hess(X, y, theta, lam=0.0):
    N, d = X.shape
    z = X @ theta
    C = float(np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * lam * theta @ theta)
    y_hat = 0.5 * (1 + np.tanh(0.5 * z))
    H = (X.T * (y_hat * (1 - y_hat))) @ X / N
    return C, X.T @ (y_hat - y) / N + lam * theta, H
