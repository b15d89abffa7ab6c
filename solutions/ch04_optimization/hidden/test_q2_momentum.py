"""q2: momentum_trajectory on random ill-conditioned quadratics, classical and Nesterov."""

import numpy as np

from autograder.api import question
from shared.compare import close

from ._checks import spd, trajectory


def _problem(rng):
    d = int(rng.integers(2, 6))
    A = spd(rng, d, float(rng.uniform(5, 40)))
    b = rng.normal(size=d)
    theta0 = rng.normal(size=d) * 2
    alpha = float(rng.uniform(0.3, 1.0)) / np.linalg.eigvalsh(A).max()
    beta = float(rng.uniform(0.5, 0.95))
    return A, b, theta0, alpha, beta


def _run(student, A, b, theta0, alpha, beta, T, nesterov):
    call = (
        f"momentum_trajectory(A ({len(b)}x{len(b)}), b, theta0, alpha={alpha:.4g}, "
        f"beta={beta:.3g}, T={T}, nesterov={nesterov})"
    )
    out = student.momentum_trajectory(A, b, theta0, alpha, beta, T, nesterov)
    return trajectory(out, T, len(b), call), call


def _compare(student, reference, rng, nesterov):
    for _ in range(3):
        A, b, theta0, alpha, beta = _problem(rng)
        T = int(rng.integers(8, 30))
        got, call = _run(student, A, b, theta0, alpha, beta, T, nesterov)
        want = reference.momentum_trajectory(A, b, theta0, alpha, beta, T, nesterov)
        close(got[:2], want[:2], rtol=1e-9, atol=1e-10, what=f"{call}, the first step (rows 0-1)")
        close(got, want, rtol=1e-8, atol=1e-9, what=call)


@question("q2", points=1.5)
def test_classical_momentum_matches_the_reference(student, reference, rng):
    """Is every iterate of classical momentum v <- beta v - alpha grad, theta <- theta + v right?"""
    _compare(student, reference, rng, nesterov=False)


@question("q2", points=1.5)
def test_nesterov_momentum_matches_the_reference(student, reference, rng):
    """Does Nesterov's variant take the gradient at the look-ahead point theta + beta v?"""
    _compare(student, reference, rng, nesterov=True)


@question("q2", points=0.5)
def test_beta_zero_is_gradient_descent(student, rng):
    """With beta = 0, are both variants plain gradient descent theta - alpha (A theta - b)?"""
    A, b, theta0, alpha, _ = _problem(rng)
    T = 6
    gd = [theta0]
    for _ in range(T):
        gd.append(gd[-1] - alpha * (A @ gd[-1] - b))
    for nesterov in (False, True):
        got, call = _run(student, A, b, theta0, alpha, 0.0, T, nesterov)
        close(
            got,
            np.array(gd),
            rtol=1e-9,
            atol=1e-10,
            what=f"{call} (gradient descent when beta = 0)",
        )


@question("q2", points=0.5)
def test_momentum_converges_to_the_minimizer(student, rng):
    """With well-chosen alpha and beta, do both variants reach theta* = A^-1 b in 300 steps?"""
    A, b, theta0, _, _ = _problem(rng)
    eig = np.linalg.eigvalsh(A)
    kappa = eig.max() / eig.min()
    alpha = 1 / eig.max()  # stable for both variants
    beta = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    star = np.linalg.solve(A, b)
    for nesterov in (False, True):
        got, call = _run(student, A, b, theta0, alpha, beta, 300, nesterov)
        err = np.linalg.norm(got[-1] - star)
        if not err < 1e-6 * max(1.0, np.linalg.norm(star)):
            raise AssertionError(
                f"{call}: the last iterate is {err:.3g} away from the minimizer "
                "A^-1 b; momentum with these settings converges (wrong sign "
                "of the gradient or of v?)"
            )
