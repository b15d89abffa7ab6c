"""one_hot builds the (K, N) matrix, one column per sample, instead of (N, K)."""

# medl-breaks: q4
import numpy as np


def one_hot(y, K):
    Y = np.zeros((K, len(y)))
    Y[y, np.arange(len(y))] = 1.0
    return Y
