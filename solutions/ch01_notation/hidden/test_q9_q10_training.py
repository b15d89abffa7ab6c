"""q9 parameter count (eq. 36); q10 mean squared error (eq. 20) and gradient descent (eq. 31)."""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close, named_mistake

# --------------------------------------------------------------------------- q9 param_count


def _count(got, widths):
    """got as an int, or an AssertionError that says what came back."""
    arr = as_array(got, f"param_count({widths})")
    if arr.ndim != 0:
        raise AssertionError(
            f"param_count({widths}) returned an array of shape {arr.shape}, "
            "expected one whole number"
        )
    value = float(arr)
    if value != round(value):
        raise AssertionError(f"param_count({widths}) = {value:g} is not a whole number")
    return int(round(value))


def _check_count(student, reference, widths):
    got = _count(student.param_count(widths), widths)
    want = int(reference.param_count(widths))
    if got != want:
        weights = sum(a * b for a, b in zip(widths[:-1], widths[1:], strict=True))
        hint = named_mistake(
            got,
            [
                ("only the weights: each layer also has n_l biases", weights),
                (
                    "the biases of layer l number n_l, its output width, not n_{l-1}",
                    want - sum(widths[1:]) + sum(widths[:-1]),
                ),
            ],
        )
        raise AssertionError(
            f"param_count({widths}) = {got}, expected {want}" + (f" ({hint})" if hint else "")
        )


@question("q9", points=0.25)
def test_param_count_figure3(student, reference, rng):
    """Does the 4-4-3-5-1 network of Figure 3 have d = 61 parameters (eq. 36)?"""
    _check_count(student, reference, [4, 4, 3, 5, 1])


@question("q9", points=0.5)
def test_param_count_random_widths(student, reference, rng):
    """Is eq. (36) right for random networks of 1 to 6 layers?"""
    for depth in (1, 2, 3, 6):
        widths = [int(w) for w in rng.integers(1, 60, size=depth + 1)]
        _check_count(student, reference, widths)


@question("q9", points=0.25)
def test_param_count_models_I_and_II(student, reference, rng):
    """Does Model I have p + 1 parameters and Model II K(p + 1)?"""
    p, k = int(rng.integers(2, 30)), int(rng.integers(2, 10))
    _check_count(student, reference, [p, 1])
    _check_count(student, reference, [p, k])


# --------------------------------------------------------------------------- q10 mse


def _one_hot(rng, n, k):
    return np.eye(k)[rng.integers(0, k, size=n)]


def _predictions(rng, n, k):
    e = np.exp(2 * rng.normal(size=(n, k)))
    return e / e.sum(axis=1, keepdims=True)


def _check_mse(student, reference, Y, Y_hat, what):
    want = reference.mse(Y, Y_hat)
    n, k = Y.shape
    close(
        student.mse(Y, Y_hat),
        want,
        rtol=1e-9,
        atol=1e-14,
        what=what,
        mistakes=[
            (
                "this averages over all N*K entries; eq. (20) sums the K squared differences of a "
                "sample, then averages over the N samples",
                want / k if k > 1 else None,
            ),
            ("this is the sum over samples; eq. (20) divides it by N", want * n if n > 1 else None),
        ],
    )


@question("q10", points=0.5)
def test_mse_matches_eq20(student, reference, rng):
    """Is mse(Y, Y_hat) the average over samples of ||y - y_hat||^2, for one-hot labels?"""
    for n, k in [(10, 4), (1, 3), (7, 2), (25, 6)]:
        Y, Y_hat = _one_hot(rng, n, k), _predictions(rng, n, k)
        _check_mse(student, reference, Y, Y_hat, what=f"mse(Y, Y_hat) for shape {(n, k)}")


@question("q10", points=0.25)
def test_mse_is_an_average_over_samples(student, reference, rng):
    """Is mse 0 for perfect predictions and unchanged when the data set is repeated?"""
    Y, Y_hat = _one_hot(rng, 8, 3), _predictions(rng, 8, 3)
    close(student.mse(Y, Y), 0.0, atol=1e-15, what="mse(Y, Y)")
    _check_mse(
        student,
        reference,
        np.vstack([Y, Y]),
        np.vstack([Y_hat, Y_hat]),
        what="mse of the data set repeated twice (should equal mse of it once)",
    )


@question("q10", points=0.25)
def test_mse_single_output(student, reference, rng):
    """Does mse work for real-valued targets with one output (K = 1)?"""
    Y, Y_hat = rng.normal(size=(9, 1)), rng.normal(size=(9, 1))
    _check_mse(student, reference, Y, Y_hat, what="mse(Y, Y_hat) for shape (9, 1)")


# --------------------------------------------------------------------------- q10 gd_step


@question("q10", points=0.5)
def test_gd_step_matches_eq31(student, reference, rng):
    """Is gd_step(theta, grad, alpha) = theta - alpha * grad, for vectors and matrices?"""
    for shape in [(5,), (3, 4), (1,)]:
        theta, grad = rng.normal(size=shape), rng.normal(size=shape)
        alpha = float(rng.uniform(0.001, 1.0))
        close(
            student.gd_step(theta, grad, alpha),
            reference.gd_step(theta, grad, alpha),
            rtol=1e-12,
            atol=1e-15,
            what=f"gd_step(theta, grad, {alpha:.3g}) for shape {shape}",
        )


@question("q10", points=0.5)
def test_gd_step_descends_a_quadratic(student, reference, rng):
    """Does repeating gd_step walk downhill to the minimum of a quadratic loss?"""
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    A = q @ np.diag([1.0, 1.5, 2.0]) @ q.T  # C(theta) = 0.5 (theta - t*)^T A (theta - t*)
    target = rng.normal(size=3)
    theta = target + 3 * rng.normal(size=3)
    loss = [0.5 * (theta - target) @ A @ (theta - target)]
    for step in range(30):
        theta = as_array(
            student.gd_step(theta, A @ (theta - target), 0.5), f"gd_step at step {step}"
        ).astype(float)
        if theta.shape != (3,):
            raise AssertionError(f"gd_step returned shape {theta.shape} for theta of shape (3,)")
        loss.append(0.5 * (theta - target) @ A @ (theta - target))
        if not np.isfinite(loss[-1]) or loss[-1] > loss[-2] + 1e-12:
            raise AssertionError(
                f"the loss C(theta) went up from {loss[-2]:.4g} to {loss[-1]:.4g} at step "
                f"{step + 1} of gradient descent with alpha = 0.5 (a step must go against the "
                "gradient: theta - alpha * grad)"
            )
    close(theta, target, atol=1e-6, what="theta after 30 gradient descent steps")
