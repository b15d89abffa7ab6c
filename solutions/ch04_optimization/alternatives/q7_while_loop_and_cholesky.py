"""The search as a while loop that shrinks alpha by repeated multiplication and counts the
trials; Newton's direction by a Cholesky factorization H = L L^T; the zero-gradient test with
np.linalg.norm."""

# medl-alternative: q7
import numpy as np


def armijo_step(X, y, theta, d, lam=0.0, alpha0=1.0, rho=0.5, c=1e-4, max_steps=50):
    C0, g, _ = logistic_loss_grad_hess(X, y, theta, lam)  # noqa: F821
    slope = np.dot(g, d)
    if slope >= 0:
        raise ValueError(f"not a descent direction (g^T d = {slope})")
    alpha, k = float(alpha0), 0
    while logistic_loss_grad_hess(X, y, theta + alpha * d, lam)[0] > C0 + c * alpha * slope:  # noqa: F821
        if k == max_steps:
            break
        alpha, k = alpha * rho, k + 1
    return alpha


def _run(X, y, theta0, lam, T, direction, alpha0, rho, c):
    thetas, alphas = [np.asarray(theta0, dtype=float)], np.zeros(T)
    for t in range(T):
        theta = thetas[-1]
        _, g, H = logistic_loss_grad_hess(X, y, theta, lam)  # noqa: F821
        if np.linalg.norm(g) == 0:
            thetas.append(theta.copy())
            continue
        d = direction(g, H)
        alphas[t] = armijo_step(X, y, theta, d, lam, alpha0, rho, c)
        thetas.append(theta + alphas[t] * d)
    return np.stack(thetas), alphas


def gd_armijo(X, y, theta0, lam, T, alpha0=1.0, rho=0.5, c=1e-4):
    return _run(X, y, theta0, lam, T, lambda g, H: -g, alpha0, rho, c)


def newton_armijo(X, y, theta0, lam, T, rho=0.5, c=1e-4):
    def newton(g, H):
        L = np.linalg.cholesky(H)
        return -np.linalg.solve(L.T, np.linalg.solve(L, g))

    return _run(X, y, theta0, lam, T, newton, 1.0, rho, c)
