"""q5: k-fold cross-validation: the folds and the ridge validation errors (section 2.5)."""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close, same_shape

from ._checks import fmt, regression_data


def _folds(student, N, k):
    call = f"kfold_indices(N={N}, k={k})"
    out = student.kfold_indices(N, k)
    if not isinstance(out, (list, tuple)) or len(out) != k:
        n = len(out) if isinstance(out, (list, tuple)) else type(out).__name__
        raise AssertionError(f"{call} should return a list of k = {k} pairs, got {n}")
    folds = []
    for j, pair in enumerate(out):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise AssertionError(f"{call}[{j}] should be the pair (train_idx, val_idx)")
        tr = as_array(pair[0], f"train_idx of fold {j} from {call}").ravel()
        va = as_array(pair[1], f"val_idx of fold {j} from {call}").ravel()
        for name, idx in (("train_idx", tr), ("val_idx", va)):
            if idx.size and not np.issubdtype(idx.dtype, np.integer):
                raise AssertionError(
                    f"{call}: {name} of fold {j} has dtype {idx.dtype}; indices must be integers"
                )
        folds.append((tr.astype(np.int64), va.astype(np.int64)))
    return folds, call


def _cases(rng):
    k = int(rng.integers(3, 7))
    return [
        (k * int(rng.integers(2, 6)) + int(rng.integers(1, k)), k),  # N % k != 0
        (int(rng.integers(2, 6)) * 4, 4),
        (5, 5),
        (11, 2),
    ]


@question("q5", points=1)
def test_every_sample_is_validated_exactly_once(student, reference, rng):
    """Do the validation folds partition 0..N-1, with sizes within one of each other, and is
    each training set the complement of its fold?"""
    for N, k in _cases(rng):
        folds, call = _folds(student, N, k)
        counts = np.zeros(N, dtype=np.int64)
        for j, (tr, va) in enumerate(folds):
            if va.size and (va.min() < 0 or va.max() >= N):
                raise AssertionError(f"{call}: fold {j} holds index {va.max()} outside 0..{N - 1}")
            np.add.at(counts, va, 1)
            rest = np.setdiff1d(np.arange(N), va)
            if np.sort(tr).tolist() != rest.tolist():
                raise AssertionError(
                    f"{call}: train_idx of fold {j} is not every index "
                    f"outside its validation fold: got {fmt(np.sort(tr))}, "
                    f"expected {fmt(rest)}"
                )
        if (counts != 1).any():
            i = int(np.flatnonzero(counts != 1)[0])
            raise AssertionError(
                f"{call}: index {i} is in {counts[i]} validation folds, "
                f"exactly one expected ({int((counts == 0).sum())} indices "
                f"in none, {int((counts > 1).sum())} in several)"
            )
        sizes = [va.size for _, va in folds]
        if max(sizes) - min(sizes) > 1:
            raise AssertionError(
                f"{call}: fold sizes {sizes} differ by more than one; spread "
                f"the N % k = {N % k} extra indices over the first folds"
            )


@question("q5", points=1)
def test_folds_are_consecutive_first_folds_larger(student, reference, rng):
    """Is fold j the j-th block of consecutive indices, the first N % k folds one larger?"""
    for N, k in _cases(rng):
        folds, call = _folds(student, N, k)
        for j, ((tr, va), (want_tr, want_va)) in enumerate(
            zip(folds, reference.kfold_indices(N, k), strict=True)
        ):
            close(va, want_va, what=f"val_idx of fold {j} from {call}")
            close(tr, want_tr, what=f"train_idx of fold {j} from {call}")


@question("q5", points=1)
def test_cv_ridge_errors(student, reference, rng):
    """Is entry j of cv_ridge_mse the validation MSE on fold j of a fit on the other folds?"""
    for k in (int(rng.integers(3, 6)), 2):
        X, y = regression_data(rng, N=int(rng.integers(20, 40)), noise=1.0)
        lam = float(10 ** rng.uniform(-2, 0))
        call = f"cv_ridge_mse(X, y, k={k}, lam={lam:.4g}) for X of shape {X.shape}"
        got = same_shape(student.cv_ridge_mse(X, y, k, lam), (k,), what=call)
        close(
            got,
            reference.cv_ridge_mse(X, y, k, lam),
            rtol=1e-6,
            atol=1e-10,
            what=f"{call} (entry j: MSE on fold j, fitted without fold j)",
        )
