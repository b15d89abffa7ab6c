"""The confusion matrix accumulated in np.zeros((K, K)), a float array: the counts come back
as 3.0, 5.0, ... instead of integers."""

# medl-breaks: q6
import numpy as np


def confusion_matrix(y_true, y_pred, K):
    M = np.zeros((K, K))
    for t, p in zip(y_true, y_pred, strict=True):
        M[t, p] += 1
    return M
