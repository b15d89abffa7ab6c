"""Hessian X^T X / N + lam I, forgetting the weights y_hat (1 - y_hat): the least-squares
curvature. Newton's iterates go wrong and converge only linearly."""

# medl-breaks: q6
import numpy as np


def logistic_loss_grad_hess(X, y, theta, lam=0.0):
    N, d = X.shape
    z = X @ theta
    C = float(np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * lam * theta @ theta)
    y_hat = 1 / (1 + np.exp(-z))
    return C, X.T @ (y_hat - y) / N + lam * theta, X.T @ X / N + lam * np.eye(d)
