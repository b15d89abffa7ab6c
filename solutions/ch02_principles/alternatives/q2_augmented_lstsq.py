"""Ridge as ordinary least squares on augmented data: stack sqrt(N lam) e_j^T rows under A
(j = 1..p, not the intercept) with zero targets, and call lstsq. No normal equations."""

# medl-alternative: q2
import numpy as np


def fit_ridge(X, y, lam):
    A = design_matrix(X)  # noqa: F821
    N, d = A.shape
    extra = np.sqrt(N * lam) * np.eye(d)[1:]
    A_aug = np.vstack([A, extra])
    y_aug = np.concatenate([np.asarray(y, dtype=float), np.zeros(d - 1)])
    theta, *_ = np.linalg.lstsq(A_aug, y_aug, rcond=None)
    return theta
