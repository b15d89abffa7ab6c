"""q3: the batched affine map, row i of the result is b + W x^(i) (eqs. 5, 28-29)."""

import numpy as np

from autograder.api import question
from shared.compare import close


def _check(student, reference, X, W, b, what):
    close(
        student.affine(X, W, b),
        reference.affine(X, W, b),
        rtol=1e-9,
        atol=1e-12,
        what=what,
        mistakes=[
            ("this is X @ W + b: row i must be b + W x^(i), i.e. X @ W.T + b", lambda: X @ W + b),
            ("the bias b was not added", lambda: X @ W.T),
            ("the result is transposed: one row per sample", lambda: (X @ W.T).T + b[:, None]),
        ],
    )


@question("q3", points=1)
def test_affine_matches_reference(student, reference, rng):
    """Is affine(X, W, b) = b + W x for every row x of X, for several non-square shapes?"""
    for n, p, q in [(5, 3, 4), (1, 6, 2), (8, 2, 1), (4, 7, 3)]:
        X, W, b = rng.normal(size=(n, p)), rng.normal(size=(q, p)), rng.normal(size=q)
        _check(
            student,
            reference,
            X,
            W,
            b,
            what=f"affine(X, W, b) with X {X.shape}, W {W.shape}, b {b.shape}",
        )


@question("q3", points=0.5)
def test_affine_square_weights(student, reference, rng):
    """With a square W, is it W (not its transpose) that multiplies each sample?"""
    X, W, b = rng.normal(size=(6, 4)), rng.normal(size=(4, 4)), rng.normal(size=4)
    _check(student, reference, X, W, b, what="affine(X, W, b) with a square 4x4 W")


@question("q3", points=0.5)
def test_affine_bias_is_added_to_every_row(student, reference, rng):
    """With W = 0 is every row equal to b, and with b = 0 is it just W x?"""
    X, W, b = rng.normal(size=(5, 3)), rng.normal(size=(2, 3)), rng.normal(size=2)
    close(
        student.affine(X, np.zeros((2, 3)), b),
        np.tile(b, (5, 1)),
        rtol=1e-12,
        what="affine(X, 0, b)",
    )
    _check(student, reference, X, W, np.zeros(2), what="affine(X, W, 0)")
