"""Damped Newton that always calls the line search: at a point where the gradient is exactly
zero, g^T d = 0 and armijo_step raises instead of the method staying put."""

# medl-breaks: q7
import numpy as np


def newton_armijo(X, y, theta0, lam, T, rho=0.5, c=1e-4):
    theta = np.array(theta0, dtype=float)
    path, alphas = [theta.copy()], []
    for _ in range(T):
        _, g, H = logistic_loss_grad_hess(X, y, theta, lam)  # noqa: F821
        d = -np.linalg.solve(H, g)
        alpha = armijo_step(X, y, theta, d, lam, 1.0, rho, c)  # noqa: F821
        theta = theta + alpha * d
        path.append(theta.copy())
        alphas.append(alpha)
    return np.array(path), np.array(alphas)
