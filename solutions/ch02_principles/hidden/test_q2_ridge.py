"""q2: ridge regression in closed form, the intercept not penalized (section 2.5)."""

import numpy as np

from autograder.api import question
from shared.compare import close, named_mistake, same_shape

from ._checks import design, regression_data, ridge_variant


def _mistakes(X, y, lam):
    """The known wrong ridge solutions, as (hint, value) pairs for close(mistakes=)."""
    return [
        (
            "the intercept b_0 is penalized too; D = diag(0, 1, ..., 1) leaves theta_0 free",
            lambda: ridge_variant(X, y, lam, penalize_intercept=True),
        ),
        (
            "this solves (A^T A + lam D) theta = A^T y; with the 1/N in front of the squared "
            "error the penalty is N lam D",
            lambda: ridge_variant(X, y, lam, scale_by_N=False),
        ),
    ]


@question("q2", points=1)
def test_ridge_matches_reference(student, reference, rng):
    """Is fit_ridge the minimizer of (1/N)||y - A theta||^2 + lam ||w||^2 for several lam?"""
    for lam in (float(10 ** rng.uniform(-3, -1)), float(10 ** rng.uniform(-1, 0.5))):
        X, y = regression_data(rng)
        N, p = X.shape
        what = f"fit_ridge(X, y, lam={lam:.4g}) for X of shape ({N}, {p})"
        got = same_shape(student.fit_ridge(X, y, lam), (p + 1,), what=what)
        close(
            got,
            reference.fit_ridge(X, y, lam),
            rtol=1e-6,
            atol=1e-9,
            what=what,
            mistakes=_mistakes(X, y, lam),
        )


@question("q2", points=1)
def test_gradient_of_ridge_cost_vanishes(student, reference, rng):
    """Is the gradient of C_lambda zero at the returned theta (the first-order condition)?"""
    X, y = regression_data(rng, p=int(rng.integers(2, 6)))
    N, p = X.shape
    lam = float(10 ** rng.uniform(-2, 0))
    what = f"fit_ridge(X, y, lam={lam:.4g}) for X of shape ({N}, {p})"
    theta = same_shape(student.fit_ridge(X, y, lam), (p + 1,), what=what).astype(np.float64)
    A = design(X)
    penalty = np.concatenate([[0.0], theta[1:]])
    grad = 2.0 / N * A.T @ (A @ theta - y) + 2.0 * lam * penalty
    scale = 2.0 / N * np.abs(A).T @ np.abs(y) + 1.0
    try:
        close(
            grad / scale,
            np.zeros(p + 1),
            atol=1e-8,
            what=f"the gradient of C_lambda (relative to its scale) at {what}",
        )
    except AssertionError as exc:
        hint = named_mistake(theta, _mistakes(X, y, lam))
        if hint is None:
            raise
        raise AssertionError(f"{exc} ({hint})") from None


@question("q2", points=1)
def test_shifting_y_only_moves_the_intercept(student, reference, rng):
    """Does adding c to every y^(i) add c to b_0 and leave w unchanged, and is lam = 0 OLS?"""
    X, y = regression_data(rng)
    N, p = X.shape
    lam = float(10 ** rng.uniform(-1, 0.5))
    c = float(rng.uniform(20, 100))
    base = same_shape(student.fit_ridge(X, y, lam), (p + 1,), what="fit_ridge(X, y, lam)")
    moved = same_shape(student.fit_ridge(X, y + c, lam), (p + 1,), what="fit_ridge(X, y + c, lam)")
    want = np.concatenate([[c], np.zeros(p)])
    close(
        moved - base,
        want,
        rtol=1e-6,
        atol=1e-6,
        what=f"fit_ridge(X, y + {c:.3g}, lam={lam:.3g}) - fit_ridge(X, y, lam) (an "
        "unpenalized intercept absorbs the shift; w must not change)",
    )
    close(
        student.fit_ridge(X, y, 0.0),
        reference.fit_least_squares(X, y),
        rtol=1e-6,
        atol=1e-8,
        what="fit_ridge(X, y, 0.0) (lam = 0 is least squares)",
    )
