"""q1: standardize (eqs. 10 and 13), with the 1/N variance and constant columns -> 0."""

import numpy as np

from autograder.api import question
from shared.compare import close, same_shape


def _data(rng, n, p):
    """Columns on very different scales, like age / blood pressure / cholesterol."""
    loc = rng.uniform(-100, 100, size=p)
    scale = rng.uniform(0.5, 20, size=p)
    return loc + scale * rng.normal(size=(n, p))


def _with_hints(got, want, X, what):
    """close(), naming the usual mistakes of eqs. (10) and (13)."""
    n = X.shape[0]
    close(
        got,
        want,
        rtol=1e-6,
        atol=1e-9,
        what=what,
        mistakes=[
            (
                "this is the 1/(N-1) variance; eq. (10) divides by N",
                lambda: want * np.sqrt((n - 1) / n),
            ),
            ("the column mean was not subtracted first", lambda: X / X.std(axis=0)),
            ("the centred values were not divided by s_j", lambda: X - X.mean(axis=0)),
        ],
    )


@question("q1", points=0.5)
def test_standardize_matches_reference(student, reference, rng):
    """Does standardize match eq. (13) on fresh data of several shapes?"""
    for n, p in [(7, 3), (50, 5), (2, 4), (13, 1)]:
        X = _data(rng, n, p)
        _with_hints(
            student.standardize(X),
            reference.standardize(X),
            X,
            what=f"standardize(X) for X of shape {X.shape}",
        )


@question("q1", points=0.5)
def test_standardized_columns_have_mean_0_and_variance_1(student, reference, rng):
    """Does every standardized column have mean 0 and 1/N-variance 1?"""
    X = _data(rng, 20, 6)
    Xt = same_shape(student.standardize(X), X.shape, what="standardize(X)").astype(float)
    close(Xt.mean(axis=0), np.zeros(6), atol=1e-9, what="column means of standardize(X)")
    var = (Xt**2).mean(axis=0) - Xt.mean(axis=0) ** 2
    close(
        var,
        np.ones(6),
        rtol=1e-6,
        what="column variances (1/N) of standardize(X)",
        mistakes=[("you divided by N - 1 in s_j^2, eq. (10) divides by N", np.full(6, 19 / 20))],
    )


@question("q1", points=0.5)
def test_constant_column_becomes_zeros(student, reference, rng):
    """Does a constant column (s_j = 0) come out as zeros rather than NaN?"""
    X = _data(rng, 9, 4)
    cols = rng.choice(4, size=2, replace=False)
    X[:, cols] = rng.integers(-5, 6, size=2).astype(float)  # exactly constant
    got = student.standardize(X)
    want = reference.standardize(X)
    close(
        got,
        want,
        rtol=1e-6,
        atol=1e-9,
        what=f"standardize(X) where columns {sorted(int(c) for c in cols)} are constant",
    )


@question("q1", points=0.25)
def test_tiny_but_nonzero_spread_is_standardized(student, reference, rng):
    """A column whose s_j is 1e-10 to 1e-7 is not constant: is it scaled to variance 1 (only an
    s_j of exactly 0 gives zeros; no epsilon added to s_j "for safety")?"""
    n, p = 12, 4
    scale = 10.0 ** rng.uniform(-10, -7, size=p)
    X = scale * (rng.normal(size=(n, p)) + rng.uniform(-2, 2, size=p))
    want = reference.standardize(X)
    s = X.std(axis=0)
    close(
        student.standardize(X),
        want,
        rtol=1e-6,
        atol=1e-9,
        what=f"standardize(X) for columns with s_j = {np.array2string(s, precision=2)}",
        mistakes=[
            (
                f"s_j + {eps:g} is not s_j: a tiny spread is still a spread",
                (X - X.mean(0)) / (s + eps),
            )
            for eps in (1e-12, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5)
        ]
        + [("a small s_j is treated as 0; only an s_j of exactly 0 gives zeros", np.zeros_like(X))],
    )


@question("q1", points=0.25)
def test_single_sample_gives_zeros(student, reference, rng):
    """With a single sample (N = 1) every column is constant: is the result all zeros?"""
    X = _data(rng, 1, 5)
    close(
        student.standardize(X),
        np.zeros((1, 5)),
        atol=1e-12,
        what="standardize(X) for one sample, X of shape (1, 5)",
    )
