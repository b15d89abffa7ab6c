"""Gradient descent that starts each search at the previous step's alpha ("warm start"):
a common variant, but steps can then only shrink, never grow back to alpha0."""

# medl-breaks: q7
import numpy as np


def gd_armijo(X, y, theta0, lam, T, alpha0=1.0, rho=0.5, c=1e-4):
    theta = np.array(theta0, dtype=float)
    path, alphas, start = [theta.copy()], [], alpha0
    for _ in range(T):
        g = logistic_loss_grad_hess(X, y, theta, lam)[1]  # noqa: F821
        alpha = armijo_step(X, y, theta, -g, lam, start, rho, c) if np.any(g) else 0.0  # noqa: F821
        start = alpha if alpha > 0 else alpha0
        theta = theta - alpha * g
        path.append(theta.copy())
        alphas.append(alpha)
    return np.array(path), np.array(alphas)
