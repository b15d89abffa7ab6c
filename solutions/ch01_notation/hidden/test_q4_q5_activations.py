"""q4 sigmoid (eq. 1) and q5 softmax (eq. 4): right values, and finite for huge scores.

Any formula that is exact in real arithmetic and never overflows passes: the branches
1/(1+e^{-z}) / e^{z}/(1+e^{z}), 0.5 (1 + tanh(z/2)), exp(-logaddexp(0, -z)), ... Values
below 1e-12 are compared with an absolute tolerance, so how far into the tail a formula keeps
relative accuracy does not matter.
"""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close, rows_are_probabilities

# --------------------------------------------------------------------------- q4 sigmoid


def _close_at(got, want, z, what):
    """close(), and on failure name the input z of the first wrong entry."""
    try:
        close(got, want, rtol=1e-7, atol=1e-12, what=what)
    except AssertionError:
        g = as_array(got, what).astype(float)
        if g.shape != want.shape:
            raise
        bad = ~np.isfinite(g) | (np.abs(g - want) > 1e-12 + 1e-7 * np.abs(want))
        i = int(np.flatnonzero(bad)[0])
        raise AssertionError(
            f"{what} at z = {z.flat[i]:.6g}: yours {g.flat[i]:.6g}, expected {want.flat[i]:.6g}"
            f" ({int(bad.sum())} of {g.size} entries wrong)"
        ) from None


@question("q4", points=0.5)
def test_sigmoid_matches_reference(student, reference, rng):
    """Does sigmoid match eq. (1) element-wise for moderate z, on vectors and matrices?"""
    for shape in [(7,), (4, 5)]:
        z = 6 * rng.normal(size=shape)
        _close_at(
            student.sigmoid(z), reference.sigmoid(z), z, what=f"sigmoid(z) for z of shape {shape}"
        )


@question("q4", points=0.75)
def test_sigmoid_is_finite_for_huge_scores(student, reference, rng):
    """Does sigmoid stay finite and correct (0 or 1) when |z| is about 1000?"""
    fixed = np.array(
        [-1e300, -1e4, -1000.0, -745.5, -710.0, -40.0, 0.0, 40.0, 710.0, 745.5, 1000.0]
    )
    fixed = np.concatenate([fixed, [1e4, 1e300]])
    z = np.concatenate([fixed, rng.uniform(-1000, 1000, size=11)])
    z = z[rng.permutation(z.size)]
    _close_at(
        student.sigmoid(z),
        reference.sigmoid(z),
        z,
        what="sigmoid(z) for |z| up to 1000 and beyond (np.exp overflows above 709)",
    )


@question("q4", points=0.5)
def test_sigmoid_symmetry(student, reference, rng):
    """Does sigmoid(-z) = 1 - sigmoid(z) hold, with sigmoid(0) = 1/2?"""
    z = rng.uniform(-40, 40, size=25)
    z[0] = 0.0
    pos, neg = student.sigmoid(z), student.sigmoid(-z)
    total = as_array(pos, "sigmoid(z)").astype(float) + as_array(neg, "sigmoid(-z)")
    _close_at(total, np.ones(25), z, what="sigmoid(z) + sigmoid(-z)")
    _close_at(pos, reference.sigmoid(z), z, what="sigmoid(z)")


@question("q4", points=0.25)
def test_sigmoid_keeps_any_shape(student, reference, rng):
    """Does sigmoid work element-wise on arrays of any shape, e.g. (1,), (5, 1), (2, 3, 4)?"""
    for shape in [(1,), (5, 1), (2, 3, 4)]:
        z = 4 * rng.normal(size=shape)
        _close_at(
            student.sigmoid(z), reference.sigmoid(z), z, what=f"sigmoid(z) for z of shape {shape}"
        )


# --------------------------------------------------------------------------- q5 softmax


@question("q5", points=0.5)
def test_softmax_matches_reference(student, reference, rng):
    """Does softmax match eq. (4) on every row, for several batch shapes including N = 1?"""
    for shape in [(5, 3), (2, 7), (1, 4), (6, 1)]:
        Z = 3 * rng.normal(size=shape)
        got = student.softmax(Z)
        close(
            got,
            reference.softmax(Z),
            rtol=1e-7,
            atol=1e-12,
            what=f"softmax(Z) for Z of shape {shape}",
        )


@question("q5", points=0.5)
def test_softmax_is_stable_for_huge_scores(student, reference, rng):
    """Does softmax stay finite and correct when |z| ~ 1000 and rows sit at different levels?"""
    levels = rng.permutation(np.linspace(-2000, 2000, 6))  # one level per row
    Z = 300 * rng.normal(size=(6, 5)) + levels[:, None]
    got = student.softmax(Z)
    close(
        got,
        reference.softmax(Z),
        rtol=1e-6,
        atol=1e-12,
        what="softmax(Z) with scores around +-2000",
    )
    rows_are_probabilities(got, what="softmax(Z) with scores around +-2000")
    # each row on its own: near-ties at a huge level
    Z = np.full((3, 4), 1000.0) + rng.normal(size=(3, 4))
    Z[1] -= 3000.0
    close(
        student.softmax(Z),
        reference.softmax(Z),
        rtol=1e-6,
        atol=1e-12,
        what="softmax(Z) with rows at 1000 and at -2000",
    )


def _shifted_by_the_mean(Z):
    with np.errstate(over="ignore", invalid="ignore"):
        E = np.exp(Z - Z.mean(axis=1, keepdims=True))
        return E / E.sum(axis=1, keepdims=True)


@question("q5", points=0.25)
def test_softmax_one_score_far_above_the_others(student, reference, rng):
    """With one score 1500 to 3000 above the other scores of its row, is the row still right?
    Only the row maximum is a safe shift: after subtracting the mean or the minimum, the
    far score still overflows."""
    N, K = 5, int(rng.integers(3, 7))
    Z = 3 * rng.normal(size=(N, K))
    Z[np.arange(N), rng.integers(0, K, size=N)] += rng.uniform(1500, 3000, size=N)
    Z[0] -= 500.0  # rows at other levels too
    close(
        student.softmax(Z),
        reference.softmax(Z),
        rtol=1e-6,
        atol=1e-12,
        what=f"softmax(Z), Z of shape {Z.shape}, one score per row 1500-3000 above the rest",
        mistakes=[
            (
                "the shift must be the row MAXIMUM: after subtracting the mean, the far score "
                "still overflows",
                lambda: _shifted_by_the_mean(Z),
            )
        ],
    )


@question("q5", points=0.5)
def test_softmax_square_input(student, reference, rng):
    """When Z is square (N = K), is each row (not each column) normalized?"""
    Z = 2 * rng.normal(size=(4, 4))
    got = student.softmax(Z)
    close(got, reference.softmax(Z), rtol=1e-7, atol=1e-12, what="softmax(Z) for a 4x4 Z")
    rows_are_probabilities(got, what="softmax(Z) for a 4x4 Z")


@question("q5", points=0.25)
def test_softmax_shift_invariance(student, reference, rng):
    """Does adding a constant to every score of a row leave that row's probabilities alone?"""
    Z = rng.normal(size=(5, 3))
    c = rng.uniform(-50, 50, size=(5, 1))
    close(
        student.softmax(Z + c),
        reference.softmax(Z),
        rtol=1e-6,
        atol=1e-12,
        what="softmax(Z + c) (c a different constant per row), which should be softmax(Z)",
    )
