"""M[predicted, true] instead of M[true, predicted]: precision and recall trade places."""

# medl-breaks: q6
import numpy as np


def confusion_matrix(y_true, y_pred, K):
    M = np.zeros((K, K), dtype=np.int64)
    for t, p in zip(y_true, y_pred, strict=True):
        M[p, t] += 1
    return M
