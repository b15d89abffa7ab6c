"""q3: the gradient of the MSE and gradient descent with its loss trajectory (section 2.4)."""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close, same_shape
from shared.gradcheck import numeric_gradient


def _problem(rng, N=None, d=None):
    N = int(rng.integers(8, 30)) if N is None else N
    d = int(rng.integers(2, 6)) if d is None else d
    A = rng.normal(size=(N, d))
    y = A @ rng.normal(size=d) + 0.5 * rng.normal(size=N)
    return A, y


def _lmax(A):
    """Largest eigenvalue of the Hessian (2/N) A^T A."""
    return float(np.linalg.eigvalsh(2.0 / A.shape[0] * A.T @ A).max())


def _run(student, A, y, theta0, alpha, T):
    call = f"gradient_descent(A, y, theta0, alpha={alpha:.4g}, n_steps={T}), A of shape {A.shape}"
    out = student.gradient_descent(A, y, theta0, alpha, T)
    if not isinstance(out, (list, tuple)) or len(out) != 2:
        raise AssertionError(f"{call} should return the pair (theta, losses)")
    theta = same_shape(out[0], theta0.shape, what=f"theta from {call}")
    losses = as_array(out[1], f"losses from {call}").astype(np.float64).ravel()
    if losses.size == T:
        raise AssertionError(
            f"{call}: losses has {T} entries, expected {T + 1}: "
            "losses[0] is C(theta0), before the first step"
        )
    same_shape(losses, (T + 1,), what=f"losses from {call}")
    if not np.isfinite(losses).all():
        t = int(np.flatnonzero(~np.isfinite(losses))[0])
        raise AssertionError(
            f"{call}: losses[{t}] = {losses[t]}: the iterates diverged (a step along +grad, "
            "or a gradient too large: is it divided by N?)"
        )
    return theta.astype(np.float64), losses, call


@question("q3", points=1)
def test_mse_gradient_matches_central_differences(student, reference, rng):
    """Is mse_gradient (2/N) A^T (A theta - y), checked against numeric slopes?"""
    A, y = _problem(rng)
    N = A.shape[0]
    theta = rng.normal(size=A.shape[1])
    what = f"mse_gradient(A, y, theta) for A of shape {A.shape}"
    got = same_shape(student.mse_gradient(A, y, theta), theta.shape, what=what)
    numeric = numeric_gradient(lambda t: np.mean((A @ t - y) ** 2), theta)
    want = reference.mse_gradient(A, y, theta)
    if not np.allclose(want, numeric, rtol=1e-5, atol=1e-7):
        raise RuntimeError("grader self-check: the reference gradient disagrees with slopes")
    close(
        got,
        numeric,
        rtol=1e-5,
        atol=1e-7,
        what=f"{what} vs central differences",
        mistakes=[
            ("the sign is flipped: the gradient is (2/N) A^T (A theta - y)", -want),
            (f"it is not divided by N = {N}", N * want),
            ("the factor 2 from the square is missing", 0.5 * want),
        ],
    )


@question("q3", points=1)
def test_trajectory_matches_reference(student, reference, rng):
    """Are theta^(T) and every C(theta^(t)), t = 0..T, those of the reference?"""
    A, y = _problem(rng)
    theta0 = rng.normal(size=A.shape[1])
    alpha = float(rng.uniform(0.2, 1.5)) / _lmax(A)
    T = int(rng.integers(5, 25))
    theta, losses, call = _run(student, A, y, theta0, alpha, T)
    want_theta, want_losses = reference.gradient_descent(A, y, theta0, alpha, T)
    if losses[-1] > losses[0]:
        raise AssertionError(
            f"{call}: the loss went up from {losses[0]:.5g} to "
            f"{losses[-1]:.5g}, although alpha is below 2 / lambda_max, where "
            "every step must lower it: check the sign of the step "
            "(theta - alpha * grad) and the gradient's scale (the 2/N)"
        )
    close(losses, want_losses, rtol=1e-8, atol=1e-12, what=f"losses from {call}")
    close(theta, want_theta, rtol=1e-8, atol=1e-12, what=f"theta from {call}")


@question("q3", points=1)
def test_converges_to_least_squares_and_zero_steps(student, reference, rng):
    """With alpha = 1/lambda_max, does it reach the least-squares theta, the loss never rising?
    And does n_steps = 0 return theta0 and [C(theta0)]?"""
    A, y = _problem(rng, N=40, d=3)
    A[:, 0] = 1.0  # an intercept column, as in the notebook
    theta0 = np.zeros(3)
    theta, losses, call = _run(student, A, y, theta0, 1.0 / _lmax(A), 2000)
    rises = np.flatnonzero(np.diff(losses) > 1e-12 * max(1.0, losses[0]))
    if rises.size:
        t = int(rises[0])
        raise AssertionError(
            f"{call}: the loss rises at step {t + 1} ({losses[t]:.6g} -> "
            f"{losses[t + 1]:.6g}); with this alpha it never should"
        )
    close(
        theta,
        np.linalg.lstsq(A, y, rcond=None)[0],
        rtol=1e-6,
        atol=1e-8,
        what=f"theta from {call} vs the least-squares solution",
    )
    theta0 = rng.normal(size=3)
    theta, losses, call = _run(student, A, y, theta0, 0.1, 0)
    close(theta, theta0, what=f"theta from {call} (no step taken)")
    close(losses, [np.mean((A @ theta0 - y) ** 2)], rtol=1e-10, what=f"losses from {call}")
