"""q6: the confusion matrix, precision, recall and F1, with 0/0 = 0 (section 2.3)."""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close, same_shape

from ._checks import fmt


def _prf(student, M):
    call = f"precision_recall_f1(M) for M =\n{fmt(M)}\n"
    out = student.precision_recall_f1(M)
    if not isinstance(out, (list, tuple)) or len(out) != 3:
        raise AssertionError(f"{call}should return the triple (precision, recall, f1)")
    K = M.shape[0]
    return [
        same_shape(v, (K,), what=f"{name} from {call}")
        for name, v in zip(("precision", "recall", "f1"), out, strict=True)
    ], call


@question("q6", points=1)
def test_confusion_matrix(student, reference, rng):
    """Is M[j, k] the number of samples of true class j predicted as k (rows = truth)?"""
    K = int(rng.integers(3, 6))
    N = int(rng.integers(30, 60))
    y_true = rng.integers(0, K, size=N)
    y_pred = np.where(rng.random(N) < 0.6, y_true, rng.integers(0, K, size=N))
    what = f"confusion_matrix(y_true, y_pred, K={K}) for N = {N}"
    got = same_shape(student.confusion_matrix(y_true, y_pred, K), (K, K), what=what)
    want = reference.confusion_matrix(y_true, y_pred, K)
    if got.sum() != N:
        raise AssertionError(f"{what}: the entries sum to {got.sum():g}, not N = {N}")
    close(
        got,
        want,
        what=what,
        mistakes=[
            (
                "transposed: rows are the true classes (y_true), columns the predicted ones",
                want.T,
            )
        ],
    )
    K2 = K + 2  # classes that never occur must still get a row and a column of zeros
    close(
        student.confusion_matrix(y_true, y_pred, K2),
        reference.confusion_matrix(y_true, y_pred, K2),
        what=f"confusion_matrix(y_true, y_pred, K={K2}), labels < {K}",
    )


@question("q6", points=1)
def test_precision_recall_f1(student, reference, rng):
    """Are precision (column), recall (row) and their harmonic mean F1 right per class, also
    where a column or row sums to exactly 1?"""
    K = int(rng.integers(3, 6))
    M = rng.integers(1, 12, size=(K, K)) + np.diag(rng.integers(5, 20, size=K))
    got, call = _prf(student, M)
    want = reference.precision_recall_f1(M)
    swapped = (
        "precision and recall are swapped: precision divides by the column sum (all "
        "predicted k), recall by the row sum"
    )
    others = (want[1], want[0], None)
    for name, g, w, other in zip(("precision", "recall", "f1"), got, want, others, strict=True):
        close(g, w, rtol=1e-10, what=f"{name} from {call}", mistakes=[(swapped, other)])
    # Sums of exactly 1: class 0 is predicted once and occurs once, rightly (P = R = F1 = 1);
    # only a sum of 0 is a 0/0.
    M1 = np.array([[1, 0, 0], [0, 4, 1], [0, 3, 5]])
    got, call = _prf(student, M1)
    want = reference.precision_recall_f1(M1)
    one = "a sum of exactly 1 is treated as 0/0: divide wherever the sum is > 0, not > 1"
    sums = {"precision": M1.sum(axis=0), "recall": M1.sum(axis=1), "f1": None}
    for name, g, w in zip(("precision", "recall", "f1"), got, want, strict=True):
        wrong = None if sums[name] is None else np.where(sums[name] > 1, w, 0.0)
        close(g, w, rtol=1e-10, what=f"{name} from {call}", mistakes=[(one, wrong)])


@question("q6", points=1)
def test_zero_over_zero_is_zero(student, reference, rng):
    """Is every 0/0 a 0 (class never predicted, class never present, P = R = 0), never NaN?"""
    K = int(rng.integers(4, 7))
    M = rng.integers(1, 8, size=(K, K))
    M[:, 0] = 0  # class 0 never predicted: precision 0/0
    M[1, :] = 0  # class 1 never occurs: recall 0/0
    M[2, 2] = 0  # class 2 has no true positive: P = R = 0, F1 0/0
    got, call = _prf(student, M)
    want = reference.precision_recall_f1(M)
    for name, g, w in zip(("precision", "recall", "f1"), got, want, strict=True):
        if not np.isfinite(as_array(g).astype(float)).all():
            raise AssertionError(
                f"{name} from {call}holds NaN: {fmt(g)}; the convention "
                "is 0/0 = 0 (np.divide(..., where=denominator > 0))"
            )
        close(g, w, rtol=1e-10, what=f"{name} from {call}")
