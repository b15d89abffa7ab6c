"""The Hessian as a loop of per-sample outer products, the cost via a branch on the sign of z,
and the Newton step by a Cholesky factorization H = L L^T and two triangular solves."""

# medl-alternative: q6
import numpy as np


def logistic_loss_grad_hess(X, y, theta, lam=0.0):
    N, d = X.shape
    C, g, H = 0.0, np.zeros(d), np.zeros((d, d))
    for xi, yi in zip(X, y, strict=True):
        z = float(xi @ theta)
        C += (z + np.log1p(np.exp(-z)) if z > 0 else np.log1p(np.exp(z))) - yi * z
        p = 1 / (1 + np.exp(-z)) if z >= 0 else np.exp(z) / (1 + np.exp(z))
        g += (p - yi) * xi
        H += p * (1 - p) * np.outer(xi, xi)
    return C / N + lam * theta @ theta / 2, g / N + lam * theta, H / N + lam * np.eye(d)


def newton_method(X, y, theta0, lam, T):
    path = [np.array(theta0, dtype=float)]
    for _ in range(T):
        _, g, H = logistic_loss_grad_hess(X, y, path[-1], lam)
        L = np.linalg.cholesky(H)
        path.append(path[-1] - np.linalg.solve(L.T, np.linalg.solve(L, g)))
    return np.stack(path)
