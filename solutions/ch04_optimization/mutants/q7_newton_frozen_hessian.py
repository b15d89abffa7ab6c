"""Damped Newton with the Hessian computed once, at theta0, and reused ("chord" method):
cheaper per step, but the directions are not Newton's after the first step."""

# medl-breaks: q7
import numpy as np


def newton_armijo(X, y, theta0, lam, T, rho=0.5, c=1e-4):
    theta = np.array(theta0, dtype=float)
    H0 = logistic_loss_grad_hess(X, y, theta, lam)[2]  # noqa: F821
    path, alphas = [theta.copy()], []
    for _ in range(T):
        g = logistic_loss_grad_hess(X, y, theta, lam)[1]  # noqa: F821
        alpha, d = 0.0, np.zeros_like(theta)
        if np.any(g):
            d = -np.linalg.solve(H0, g)
            alpha = armijo_step(X, y, theta, d, lam, 1.0, rho, c)  # noqa: F821
        theta = theta + alpha * d
        path.append(theta.copy())
        alphas.append(alpha)
    return np.array(path), np.array(alphas)
