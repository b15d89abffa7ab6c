"""Ridge by centering: w solves (Xc^T Xc + N lam I) w = Xc^T yc on centered data, then
b_0 = mean(y) - mean(X) w. The unpenalized intercept is exactly what centering removes."""

# medl-alternative: q2
import numpy as np


def fit_ridge(X, y, lam):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    N, p = X.shape
    x_bar, y_bar = X.mean(axis=0), y.mean()
    Xc, yc = X - x_bar, y - y_bar
    w = np.linalg.solve(Xc.T @ Xc + N * lam * np.eye(p), Xc.T @ yc)
    return np.concatenate([[y_bar - x_bar @ w], w])
