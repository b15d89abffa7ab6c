"""k-means with ||x - c||^2 = ||x||^2 - 2 x.c + ||c||^2 (one matrix product) and the update
written with a one-hot membership matrix; stops early when the labels stop changing."""

# medl-alternative: q7
import numpy as np


def kmeans(X, centroids, n_iter):
    X = np.asarray(X, dtype=float)
    C = np.array(centroids, dtype=float)
    K = len(C)

    def assign(C):
        d2 = (X**2).sum(axis=1)[:, None] - 2 * X @ C.T + (C**2).sum(axis=1)[None, :]
        return d2.argmin(axis=1)

    labels = None
    for _ in range(n_iter):
        new = assign(C)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        onehot = np.eye(K)[labels]  # (N, K)
        counts = onehot.sum(axis=0)
        sums = onehot.T @ X
        keep = counts > 0
        C[keep] = sums[keep] / counts[keep, None]
    return C, assign(C)
