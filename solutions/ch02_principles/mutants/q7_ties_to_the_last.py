"""The nearest centroid found with a loop that keeps the LAST best (<=): a sample exactly as
far from two centroids joins the one with the larger index."""

# medl-breaks: q7
import numpy as np


def kmeans(X, centroids, n_iter):
    X = np.asarray(X, dtype=float)
    C = np.array(centroids, dtype=float)

    def assign(C):
        labels = np.zeros(len(X), dtype=np.int64)
        for i, x in enumerate(X):
            best = 0
            for k in range(len(C)):
                if ((x - C[k]) ** 2).sum() <= ((x - C[best]) ** 2).sum():
                    best = k
            labels[i] = best
        return labels

    for _ in range(n_iter):
        labels = assign(C)
        for k in range(len(C)):
            if (labels == k).any():
                C[k] = X[labels == k].mean(axis=0)
    return C, assign(C)
