"""q5: a feature map that makes rings and XOR separable for logistic regression (3.4).

Graded by what the features achieve, not by their exact form: the grader standardizes the
student's features of fresh data, trains the REFERENCE logistic regression on them and
measures its accuracy on new points of the same kind.
"""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close

from ._checks import circles, xor

TARGET = 0.90


def _features(student, X, what):
    F = as_array(student.quadratic_features(X), what).astype(float)
    if F.ndim != 2 or F.shape[0] != X.shape[0]:
        raise AssertionError(
            f"{what}: shape {F.shape}, expected ({X.shape[0]}, number of "
            "features): one row of features per sample"
        )
    if not 2 <= F.shape[1] <= 50:
        raise AssertionError(f"{what}: {F.shape[1]} features; expected a handful (5)")
    if not np.isfinite(F).all():
        raise AssertionError(f"{what}: contains NaN or infinity")
    return F


def _accuracy(student, reference, name, train, test):
    (Xa, ya), (Xb, yb) = train, test
    Fa = _features(student, Xa, f"quadratic_features(X) on {len(Xa)} {name} points")
    Fb = _features(student, Xb, f"quadratic_features(X) on {len(Xb)} {name} points")
    if Fa.shape[1] != Fb.shape[1]:
        raise AssertionError(
            f"quadratic_features gave {Fa.shape[1]} features for one batch "
            f"and {Fb.shape[1]} for another"
        )
    Sa, Sb = reference.standardize(Fa, Fb)
    w, b, _ = reference.train_logistic(Sa, ya, lr=0.5, epochs=500)
    acc = float(np.mean(reference.predict(w, b, Sb) == yb))
    if acc < TARGET:
        raise AssertionError(
            f"logistic regression on your features of {name} data "
            f"classifies {acc:.1%} of {len(yb)} new points correctly; at "
            f"least {TARGET:.0%} is needed. A boundary of this shape needs "
            + ("x1^2 and x2^2" if name == "rings" else "the product x1 x2")
        )


@question("q5", points=1.25, timeout=60)
def test_rings_become_separable(student, reference, rng):
    """Do the features let logistic regression separate two concentric rings (>= 90%)?"""
    factor, scale = float(rng.uniform(0.4, 0.55)), float(rng.uniform(0.5, 3.0))
    seeds = rng.integers(2**31, size=2)
    _accuracy(
        student,
        reference,
        "rings",
        circles(int(seeds[0]), 400, factor, scale),
        circles(int(seeds[1]), 400, factor, scale),
    )


@question("q5", points=1.25, timeout=60)
def test_xor_becomes_separable(student, reference, rng):
    """Do the features let logistic regression learn the XOR pattern x1 x2 > 0 (>= 90%)?"""
    scale = float(rng.uniform(0.5, 2.0))  # the same for both sets, as for the rings
    _accuracy(student, reference, "XOR", xor(rng, 400, scale), xor(rng, 400, scale))


@question("q5", points=0.25)
def test_features_act_row_by_row(student, rng):
    """Does row i of the features depend on x^(i) only (same for a subset, a shuffle, N = 1)?"""
    X = rng.normal(size=(int(rng.integers(10, 30)), 2))
    F = _features(student, X, f"quadratic_features(X) for X of shape {X.shape}")
    idx = rng.permutation(len(X))[: len(X) // 2]
    close(
        _features(student, X[idx], "quadratic_features(X[idx])"),
        F[idx],
        rtol=1e-12,
        atol=1e-12,
        what="quadratic_features of a shuffled subset of the rows",
    )
    close(
        _features(student, X[3:4], "quadratic_features(X[3:4])"),
        F[3:4],
        rtol=1e-12,
        atol=1e-12,
        what="quadratic_features of the single row X[3:4]",
    )


@question("q5", points=0.25)
def test_features_are_finite_on_the_axes(student, rng):
    """Are the features finite for points on the axes and at the origin (x1 = 0 or x2 = 0 are
    ordinary points of both data sets: phi is built from products, never a division)?"""
    t = rng.uniform(0.2, 3.0, size=4) * rng.choice([-1.0, 1.0], size=4)
    X = np.array([[t[0], 0.0], [0.0, t[1]], [0.0, 0.0], [t[2], t[3]], [-0.0, t[0]]])
    F = as_array(student.quadratic_features(X), "quadratic_features(X)").astype(float)
    if F.ndim == 2 and F.shape[0] == len(X) and not np.isfinite(F).all():
        i = int(np.argwhere(~np.isfinite(F))[0, 0])
        raise AssertionError(
            f"quadratic_features(X) for the point x = ({X[i, 0]:g}, {X[i, 1]:g}) contains NaN "
            "or infinity: a feature divides by x1 or x2 (x1 / x2 in place of the product "
            "x1 x2?); phi(x) = (x1, x2, x1^2, x1 x2, x2^2) is finite everywhere"
        )
    _features(student, X, f"quadratic_features(X) for X of shape {X.shape}")
