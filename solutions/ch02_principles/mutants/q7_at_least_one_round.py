"""A do-while loop (assign, update, then test the count): n_iter = 0 still moves the
centroids once."""

# medl-breaks: q7
import numpy as np


def kmeans(X, centroids, n_iter):
    X = np.asarray(X, dtype=float)
    C = np.array(centroids, dtype=float)

    def assign(C):
        return ((X[:, None, :] - C[None]) ** 2).sum(axis=2).argmin(axis=1)

    rounds = 0
    while True:
        labels = assign(C)
        for k in range(len(C)):
            if (labels == k).any():
                C[k] = X[labels == k].mean(axis=0)
        rounds += 1
        if rounds >= n_iter:
            break
    return C, assign(C)
