"""F1 as the arithmetic mean (P + R) / 2 instead of the harmonic mean 2PR / (P + R)."""

# medl-breaks: q6
import numpy as np


def precision_recall_f1(M):
    M = np.asarray(M, dtype=float)
    tp = np.diag(M)
    col, row = M.sum(axis=0), M.sum(axis=1)
    precision = np.divide(tp, col, out=np.zeros_like(tp), where=col > 0)
    recall = np.divide(tp, row, out=np.zeros_like(tp), where=row > 0)
    return precision, recall, (precision + recall) / 2
