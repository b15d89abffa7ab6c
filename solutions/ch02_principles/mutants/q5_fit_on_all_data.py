"""Cross-validation that fits once on all the data: every fold is validated on seen samples."""

# medl-breaks: q5
# ruff: noqa: F821
import numpy as np


def cv_ridge_mse(X, y, k, lam):
    theta = fit_ridge(X, y, lam)
    folds = kfold_indices(len(y), k)
    return np.array([mse(predict_linear(X[val], theta), y[val]) for _, val in folds])
