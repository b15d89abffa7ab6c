"""q1: the design matrix, predictions, the MSE and the least-squares fit (section 2.2).

Least squares is compared on coefficients only where they are unique (well-conditioned
data); on nearly collinear features the predictions and the loss are compared instead.
"""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close, same_shape

from ._checks import design, regression_data


@question("q1", points=0.5)
def test_design_matrix_puts_a_column_of_ones_first(student, reference, rng):
    """Is design_matrix(X) = [1, X], of shape (N, p + 1) and float, also for p = 0 features
    and for integer-valued X?"""
    cases = [(int(rng.integers(3, 9)), int(rng.integers(1, 5)), "float"), (4, 0, "float")]
    cases.append((int(rng.integers(3, 9)), int(rng.integers(1, 5)), "int"))
    for N, p, kind in cases:
        X = rng.normal(size=(N, p)) if kind == "float" else rng.integers(-5, 6, size=(N, p))
        what = f"design_matrix(X) for X of shape ({N}, {p}), dtype {X.dtype}"
        A = same_shape(student.design_matrix(X), (N, p + 1), what=what)
        close(
            A,
            reference.design_matrix(X),
            what=what,
            mistakes=[
                (
                    "the column of ones is last; the book's theta = (b_0, w) puts the "
                    "intercept first, so the ones go first",
                    np.hstack([X, np.ones((N, 1))]) if p else None,
                )
            ],
        )


@question("q1", points=0.5)
def test_predictions_and_mse(student, reference, rng):
    """Does predict_linear give b_0 + X w and mse the mean (not the sum) of squared errors?"""
    X, y = regression_data(rng)
    N, p = X.shape
    theta = rng.normal(size=p + 1)
    close(
        student.predict_linear(X, theta),
        reference.predict_linear(X, theta),
        rtol=1e-10,
        atol=1e-10,
        what=f"predict_linear(X, theta) for X of shape ({N}, {p})",
    )
    y_hat = y + rng.normal(size=N)
    want = reference.mse(y_hat, y)
    close(
        as_array(student.mse(y_hat, y), "mse(y_hat, y)"),
        want,
        rtol=1e-10,
        what=f"mse(y_hat, y) for N = {N}",
        mistakes=[(f"this is the sum of squared errors; divide by N = {N}", N * want)],
    )


@question("q1", points=0.75)
def test_least_squares_coefficients_on_well_conditioned_data(student, reference, rng):
    """Does fit_least_squares return the unique minimizer theta = (b_0, w)?"""
    for _ in range(3):
        X, y = regression_data(rng)
        N, p = X.shape
        what = f"fit_least_squares(X, y) for X of shape ({N}, {p})"
        got = as_array(student.fit_least_squares(X, y), what)
        if got.shape == (p,):
            raise AssertionError(
                f"{what}: shape ({p},), expected ({p + 1},): the intercept "
                "b_0 is missing (fit on the design matrix [1, X])"
            )
        want = reference.fit_least_squares(X, y)
        close(
            got,
            want,
            rtol=1e-6,
            atol=1e-8,
            what=what,
            mistakes=[
                ("the intercept comes last; theta = (b_0, w) puts it first", np.roll(want, -1))
            ],
        )


@question("q1", points=0.75)
def test_least_squares_on_nearly_collinear_features(student, reference, rng):
    """With two features equal up to 1e-6, are the fitted values and the loss still optimal?"""
    N = int(rng.integers(30, 60))
    x1 = rng.normal(size=N)
    X = np.column_stack([x1, x1 + 1e-6 * rng.normal(size=N), rng.normal(size=(N, 2))])
    y = X @ rng.normal(size=4) + rng.normal() + 0.1 * rng.normal(size=N)
    what = f"fit_least_squares(X, y), X of shape ({N}, 4) with columns 0 and 1 nearly equal"
    got = same_shape(student.fit_least_squares(X, y), (5,), what=what)
    if not np.isfinite(got).all():
        raise AssertionError(
            f"{what}: NaN or infinity in theta; A^T A is nearly singular "
            "here, use np.linalg.lstsq on A"
        )
    A = design(X)
    want = reference.fit_least_squares(X, y)
    best = reference.mse(A @ want, y)
    loss = reference.mse(A @ got.astype(np.float64), y)
    if loss > best * (1 + 1e-5):
        if reference.mse(A @ np.roll(got.astype(np.float64), 1), y) <= best * (1 + 1e-5):
            raise AssertionError(
                f"{what}: the intercept comes last; theta = (b_0, w) puts it first"
            )
        raise AssertionError(
            f"{what}: your theta has training MSE {loss:.8g}, the minimum is "
            f"{best:.8g}; A^T A is nearly singular here: solve A theta ~ y "
            "with np.linalg.lstsq(A, y), not with an explicit inverse"
        )
    close(
        A @ got,
        A @ want,
        atol=1e-3 * float(np.std(y)),
        what=f"the fitted values A theta for {what}",
    )


def _normal_equations_residual(A, y, theta):
    """||A^T (A theta - y)|| relative to its scale ||A|| (||A|| ||theta|| + ||y||): about 1e-16
    for a backward-stable solve (lstsq, QR, solve on A^T A), 1e-11 to 1e-4 for inv(A^T A)."""
    nA = np.linalg.norm(A, 2)
    g = A.T @ (A @ theta - y)
    return float(np.linalg.norm(g) / (nA * (nA * np.linalg.norm(theta) + np.linalg.norm(y))))


@question("q1", points=0.5)
def test_least_squares_is_solved_stably(student, reference, rng):
    """With two features equal up to 1e-7 (A^T A has condition number ~1e16), does theta
    satisfy the normal equations A^T A theta = A^T y to rounding, as a stable solve does and
    an explicit inverse of A^T A does not?"""
    for _ in range(3):
        N = int(rng.integers(30, 60))
        x1 = rng.normal(size=N)
        X = np.column_stack([x1, x1 + 1e-7 * rng.normal(size=N), rng.normal(size=(N, 2))])
        y = X @ rng.normal(size=4) + rng.normal() + 0.1 * rng.normal(size=N)
        what = f"fit_least_squares(X, y), X of shape ({N}, 4) with columns 0 and 1 equal to 1e-7"
        theta = same_shape(student.fit_least_squares(X, y), (5,), what=what).astype(np.float64)
        if not np.isfinite(theta).all():
            raise AssertionError(f"{what}: NaN or infinity in theta; use np.linalg.lstsq(A, y)")
        A = design(X)
        r = _normal_equations_residual(A, y, theta)
        if r > 5e-11:
            raise AssertionError(
                f"{what}: the gradient A^T (A theta - y) at your theta is {r:.2g} of its scale "
                "(a stable solve leaves about 1e-16): theta does not solve the normal "
                "equations to rounding. An explicit inverse of A^T A loses the digits that "
                "its condition number (~1e16 here) eats twice; use np.linalg.lstsq(A, y) or "
                "np.linalg.solve(A.T @ A, A.T @ y)"
            )
