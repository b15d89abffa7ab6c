"""The confusion matrix with one np.bincount on K * y_true + y_pred; 0/0 handled by
dividing under np.errstate and replacing NaN with 0."""

# medl-alternative: q6
import numpy as np


def confusion_matrix(y_true, y_pred, K):
    flat = K * np.asarray(y_true, dtype=np.int64) + np.asarray(y_pred, dtype=np.int64)
    return np.bincount(flat, minlength=K * K).reshape(K, K)


def precision_recall_f1(M):
    M = np.asarray(M, dtype=float)
    tp = np.diag(M)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.nan_to_num(tp / M.sum(axis=0))
        recall = np.nan_to_num(tp / M.sum(axis=1))
        f1 = np.nan_to_num(2 * tp / (M.sum(axis=0) + M.sum(axis=1)))  # = 2PR / (P + R)
    return precision, recall, f1
