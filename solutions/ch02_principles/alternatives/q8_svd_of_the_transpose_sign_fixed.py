"""PCA through the SVD of X_c^T = V S U^T (the axes are then the LEFT singular vectors),
with scikit-learn's sign convention (the largest |entry| of each axis made positive), and
the projection and reconstruction written with einsum."""

# medl-alternative: q8
import numpy as np


def pca(X, m):
    X = np.asarray(X, dtype=float)
    mu = X.mean(axis=0)
    V, s, _ = np.linalg.svd((X - mu).T, full_matrices=False)
    V = V[:, :m]
    big = np.argmax(np.abs(V), axis=0)
    V = V * np.sign(V[big, np.arange(m)])
    var = s * s
    return mu, V, var[:m] / var.sum()


def pca_project(X, mu, V):
    return np.einsum("np,pm->nm", np.asarray(X, dtype=float) - mu, V)


def pca_reconstruct(Z, mu, V):
    return np.einsum("nm,pm->np", np.asarray(Z, dtype=float), V) + mu
