"""Plain division: a class never predicted (or never present) gets NaN instead of 0."""

# medl-breaks: q6
import numpy as np


def precision_recall_f1(M):
    M = np.asarray(M, dtype=float)
    tp = np.diag(M)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = tp / M.sum(axis=0)
        recall = tp / M.sum(axis=1)
        f1 = 2 * precision * recall / (precision + recall)
    return precision, recall, f1
