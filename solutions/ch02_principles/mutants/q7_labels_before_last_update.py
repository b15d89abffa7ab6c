"""Returns the labels of the last assign step, which belong to the centroids before the
last update, not to the returned ones."""

# medl-breaks: q7
import numpy as np


def kmeans(X, centroids, n_iter):
    X = np.asarray(X, dtype=float)
    C = np.array(centroids, dtype=float)
    labels = ((X[:, None, :] - C[None]) ** 2).sum(axis=2).argmin(axis=1)
    for _ in range(n_iter):
        labels = ((X[:, None, :] - C[None]) ** 2).sum(axis=2).argmin(axis=1)
        for k in range(len(C)):
            if (labels == k).any():
                C[k] = X[labels == k].mean(axis=0)
    return C, labels
