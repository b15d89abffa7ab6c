"""q3: adam_step, one step at a time from the reference's state, and its first-step property."""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close


def _step(student, theta, g, m, v, t, alpha, beta1, beta2, eps):
    call = (
        f"adam_step(theta, grad, m, v, t={t}, alpha={alpha:.3g}, beta1={beta1:.3g}, "
        f"beta2={beta2:.4g}, eps={eps:.3g}) on arrays of shape {theta.shape}"
    )
    out = student.adam_step(theta.copy(), g.copy(), m.copy(), v.copy(), t, alpha, beta1, beta2, eps)
    if not isinstance(out, (list, tuple)) or len(out) != 3:
        raise AssertionError(f"{call} should return the triple (theta, m, v)")
    return [
        as_array(o, f"{call}: {name}") for o, name in zip(out, ("theta", "m", "v"), strict=True)
    ], call


def _sequence(student, reference, rng, shape, steps, t0, grad_scale, eps):
    alpha = float(rng.uniform(1e-3, 0.1))
    beta1, beta2 = float(rng.uniform(0.8, 0.95)), float(rng.uniform(0.99, 0.9999))
    theta = rng.normal(size=shape)
    m = np.zeros(shape) if t0 == 1 else rng.normal(size=shape) * grad_scale
    v = np.zeros(shape) if t0 == 1 else (rng.normal(size=shape) * grad_scale) ** 2
    for t in range(t0, t0 + steps):
        g = rng.normal(size=shape) * grad_scale
        (th_s, m_s, v_s), call = _step(student, theta, g, m, v, t, alpha, beta1, beta2, eps)
        theta, m, v = reference.adam_step(theta, g, m, v, t, alpha, beta1, beta2, eps)
        close(m_s, m, rtol=1e-10, atol=1e-14 * grad_scale, what=f"{call}: m")
        close(v_s, v, rtol=1e-10, atol=1e-14 * grad_scale**2, what=f"{call}: v")
        close(th_s, theta, rtol=1e-9, atol=1e-12, what=f"{call}: theta")


@question("q3", points=1.5)
def test_adam_steps_match_the_reference(student, reference, rng):
    """From m = v = 0, do 25 steps t = 1..25 give the right theta, m and v at every step?"""
    _sequence(student, reference, rng, (3, 4), 25, 1, 1.0, 1e-8)


@question("q3", points=1)
def test_first_step_moves_every_coordinate_by_alpha(student, rng):
    """At t = 1 from m = v = 0, does each coordinate move by alpha |g| / (|g| + eps), i.e. about
    alpha, whatever the gradient's scale (bias correction)?"""
    d = 6
    g = rng.choice([-1.0, 1.0], size=d) * 10.0 ** rng.uniform(-3, 3, size=d)
    alpha, eps = float(rng.uniform(0.01, 0.5)), 1e-8
    theta = rng.normal(size=d)
    (th, _, _), call = _step(student, theta, g, np.zeros(d), np.zeros(d), 1, alpha, 0.9, 0.999, eps)
    moved = th.astype(np.float64) - theta
    want = -alpha * g / (np.abs(g) + eps)
    ratio = np.abs(moved) / alpha
    hint = ""
    if np.any(ratio > 1.01) or np.any(ratio < 0.99):
        hint = f" (moves between {ratio.min():.3g} and {ratio.max():.3g} times alpha)"
    uncorrected = -alpha * 0.1 * g / (np.sqrt(0.001 * g * g) + eps)
    close(
        moved,
        want,
        rtol=1e-6,
        atol=1e-12,
        what=f"{call}: theta^(1) - theta^(0){hint}",
        mistakes=[("about 3.16 alpha: m and v are not bias-corrected", uncorrected)],
    )


@question("q3", points=1)
def test_epsilon_is_added_outside_the_square_root(student, reference, rng):
    """With gradients of size 1e-4 and eps = 1e-4, is eps added to sqrt(v_hat), not to v_hat?"""
    _sequence(student, reference, rng, (5,), 6, 1, 1e-4, 1e-4)


@question("q3", points=0.5)
def test_late_steps_and_other_shapes(student, reference, rng):
    """At step counts t = 40..45 from a non-zero state, with a (2, 3, 2) array, is the step
    right (1 - beta^t, not 1 - beta^(t-1) or a step counter of your own)?"""
    _sequence(student, reference, rng, (2, 3, 2), 6, 40, 1.0, 1e-8)
