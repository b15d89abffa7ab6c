"""log(1 + exp(z)) typed literally: overflows to infinity once z passes about 710."""

# medl-breaks: q6
import numpy as np


def logistic_loss_grad_hess(X, y, theta, lam=0.0):
    N, d = X.shape
    z = X @ theta
    C = float(np.mean(np.log(1 + np.exp(z)) - y * z) + 0.5 * lam * theta @ theta)
    y_hat = 1 / (1 + np.exp(-z))
    H = (X.T * (y_hat * (1 - y_hat))) @ X / N + lam * np.eye(d)
    return C, X.T @ (y_hat - y) / N + lam * theta, H
