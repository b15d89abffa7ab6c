"""PCA from the eigenvectors of the covariance X_c^T X_c / N (np.linalg.eigh, reordered
largest first): the same axes on paper, but forming X_c^T X_c squares the condition number,
so directions of small variance drown in rounding."""

# medl-breaks: q8
import numpy as np


def pca(X, m):
    X = np.asarray(X, dtype=float)
    mu = X.mean(axis=0)
    Xc = X - mu
    lam, W = np.linalg.eigh(Xc.T @ Xc / len(X))
    lam, W = lam[::-1], W[:, ::-1]
    return mu, W[:, :m], (lam / lam.sum())[:m]
