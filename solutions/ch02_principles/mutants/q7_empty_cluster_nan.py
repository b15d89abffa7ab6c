"""The centroid update takes the mean of every cluster, empty ones too: NaN centroids."""

# medl-breaks: q7
import numpy as np


def kmeans(X, centroids, n_iter):
    X = np.asarray(X, dtype=float)
    C = np.array(centroids, dtype=float)
    for _ in range(n_iter):
        labels = ((X[:, None, :] - C[None]) ** 2).sum(axis=2).argmin(axis=1)
        with np.errstate(invalid="ignore"):
            C = np.array(
                [
                    X[labels == k].mean(axis=0)
                    if (labels == k).any()
                    else np.full(X.shape[1], np.nan)
                    for k in range(len(C))
                ]
            )
    return C, ((X[:, None, :] - C[None]) ** 2).sum(axis=2).argmin(axis=1)
