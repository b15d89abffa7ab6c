"""An empty cluster is moved onto a random sample instead of staying where it is."""

# medl-breaks: q7
import numpy as np


def kmeans(X, centroids, n_iter):
    X = np.asarray(X, dtype=float)
    C = np.array(centroids, dtype=float)
    rng = np.random.default_rng(0)
    for _ in range(n_iter):
        labels = ((X[:, None, :] - C[None]) ** 2).sum(axis=2).argmin(axis=1)
        for k in range(len(C)):
            members = X[labels == k]
            C[k] = members.mean(axis=0) if len(members) else X[rng.integers(len(X))]
    return C, ((X[:, None, :] - C[None]) ** 2).sum(axis=2).argmin(axis=1)
