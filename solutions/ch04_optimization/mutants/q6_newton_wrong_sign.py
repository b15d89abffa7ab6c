"""theta <- theta + H^-1 g: a step uphill, away from the minimizer."""

# medl-breaks: q6
import numpy as np


def newton_method(X, y, theta0, lam, T):
    theta = np.asarray(theta0, dtype=float).copy()
    out = [theta.copy()]
    for _ in range(T):
        _, g, H = logistic_loss_grad_hess(X, y, theta, lam)  # noqa: F821
        theta = theta + np.linalg.solve(H, g)
        out.append(theta.copy())
    return np.array(out)
