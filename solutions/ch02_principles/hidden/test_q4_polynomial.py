"""q4: polynomial features and training/validation errors versus degree (section 2.5)."""

import numpy as np

from autograder.api import question
from shared.compare import close, same_shape


def _data(rng, N):
    x = rng.uniform(-1, 1, size=N)
    return x, np.sin(float(rng.uniform(2, 4)) * x) + 0.2 * rng.normal(size=N)


@question("q4", points=1)
def test_poly_features(student, reference, rng):
    """Are the columns x, x^2, ..., x^d (no constant column), also for d = 0?"""
    x = rng.uniform(-2, 2, size=int(rng.integers(4, 9)))
    N = x.size
    for d in (int(rng.integers(2, 7)), 1, 0):
        what = f"poly_features(x, {d}) for x of shape ({N},)"
        close(
            student.poly_features(x, d),
            reference.poly_features(x, d),
            rtol=1e-10,
            atol=1e-12,
            what=what,
            mistakes=[
                (
                    "a first column of ones: leave the constant out (the design matrix adds "
                    f"it), the columns are x^1..x^{d}",
                    x[:, None] ** np.arange(d + 1),
                )
            ],
        )


def _errors(student, reference, rng):
    x_tr, y_tr = _data(rng, int(rng.integers(20, 30)))
    x_va, y_va = _data(rng, 60)
    degrees = [int(d) for d in rng.permutation([0, 1, 2, 3, 5, 8])]
    call = f"train_val_errors(x_train, y_train, x_val, y_val, degrees={degrees})"
    out = student.train_val_errors(x_tr, y_tr, x_va, y_va, degrees)
    if not isinstance(out, (list, tuple)) or len(out) != 2:
        raise AssertionError(f"{call} should return the pair (train_mse, val_mse)")
    D = len(degrees)
    got = [
        same_shape(out[0], (D,), what=f"train_mse from {call}"),
        same_shape(out[1], (D,), what=f"val_mse from {call}"),
    ]
    want = reference.train_val_errors(x_tr, y_tr, x_va, y_va, degrees)
    return got, want, call, degrees


@question("q4", points=1)
def test_training_errors(student, reference, rng):
    """Is train_mse the MSE on the training set of the least-squares fit of each degree?"""
    got, want, call, degrees = _errors(student, reference, rng)
    close(
        got[0],
        want[0],
        rtol=1e-6,
        atol=1e-10,
        what=f"train_mse from {call} (entry k is for degree {degrees}[k])",
    )


@question("q4", points=1)
def test_validation_errors(student, reference, rng):
    """Is val_mse the validation MSE of the fit made on the training set only?"""
    got, want, call, degrees = _errors(student, reference, rng)
    close(
        got[1],
        want[1],
        rtol=1e-6,
        atol=1e-10,
        what=f"val_mse from {call} (entry k is for degree {degrees}[k]; fit on the "
        "training set only, then predict x_val)",
        mistakes=[("these are the training errors: evaluate the fit on x_val, y_val", want[0])],
    )
