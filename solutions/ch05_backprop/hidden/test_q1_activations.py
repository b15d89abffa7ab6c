"""q1: the scalar activations of section 5.3 and their derivatives, stable at large |z|."""

import numpy as np

from autograder.api import question
from shared.compare import close

NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "softplus")
SMOOTH = ("sigmoid", "tanh")  # where sigma'(sigma(z)) is a tell-tale wrong answer


def _away_from_zero(rng, shape, scale=4.0):
    """Values with |z| in [0.01, scale]: no kink of ReLU / leaky ReLU is near."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.01, scale, size=shape)


def _call(student, name, z, **kw):
    return getattr(student, name)(z, **kw)


@question("q1", points=1)
def test_activation_values_match_reference(student, reference, rng):
    """Do the five activations give the right values, entrywise, on a (7, 5) array?"""
    z = 3 * rng.normal(size=(7, 5))
    for name in NAMES:
        close(
            _call(student, name, z),
            _call(reference, name, z),
            rtol=1e-9,
            atol=1e-12,
            what=f"{name}(z) for z of shape (7, 5)",
        )
    alpha = float(rng.uniform(0.05, 0.3))
    close(
        student.leaky_relu(z, alpha=alpha),
        reference.leaky_relu(z, alpha=alpha),
        rtol=1e-9,
        atol=1e-12,
        what=f"leaky_relu(z, alpha={alpha:.3f})",
    )


@question("q1", points=1)
def test_derivatives_match_reference_and_central_differences(student, reference, rng):
    """Is each derivative right, evaluated at z, against the reference and a numeric slope?"""
    z = _away_from_zero(rng, (6, 4))
    h = 1e-6
    alpha = float(rng.uniform(0.05, 0.3))
    cases = [(name, {}) for name in NAMES] + [("leaky_relu", {"alpha": alpha})]
    for name, kw in cases:
        label = f"{name}_prime(z, alpha={alpha:.3f})" if kw else f"{name}_prime(z)"
        got = _call(student, name + "_prime", z, **kw)
        want = _call(reference, name + "_prime", z, **kw)
        f = getattr(reference, name)
        numeric = (f(z + h, **kw) - f(z - h, **kw)) / (2 * h)
        if not np.allclose(want, numeric, rtol=1e-5, atol=1e-8):
            raise RuntimeError(f"grader self-check: reference {label} disagrees with slopes")
        at_value = _call(reference, name + "_prime", f(z)) if name in SMOOTH else None
        close(
            got,
            want,
            rtol=1e-7,
            atol=1e-10,
            what=label,
            mistakes=[
                (
                    f"this is the derivative evaluated at {name}(z); evaluate it at z itself",
                    at_value,
                )
            ],
        )


@question("q1", points=1)
def test_stable_for_large_scores(student, reference, rng):
    """Do sigmoid, softplus and their derivatives stay finite and right for |z| ~ 1000?"""
    z = np.concatenate(
        [rng.uniform(700, 1500, size=4), -rng.uniform(700, 1500, size=4), rng.normal(size=4)]
    )
    for name in ("sigmoid", "softplus", "sigmoid_prime", "softplus_prime", "tanh", "tanh_prime"):
        close(
            _call(student, name, z),
            _call(reference, name, z),
            rtol=1e-9,
            atol=1e-300,
            what=f"{name}(z) with z = {np.array2string(z, precision=1, max_line_width=200)}",
        )


@question("q1", points=0.5)
def test_kinks_take_the_left_slope_at_zero(student, rng):
    """At z = 0 exactly, is relu_prime 0 and leaky_relu_prime alpha (1 only where z > 0)?"""
    z = rng.integers(-3, 4, size=(5, 6)).astype(float)  # integer values: many exact zeros
    z[0, 0] = 0.0
    alpha = float(rng.uniform(0.05, 0.3))
    at_zero = "the derivative is 1 only where z > 0; at z = 0 take the left slope"
    close(
        student.relu_prime(z),
        np.where(z > 0, 1.0, 0.0),
        rtol=0,
        atol=0,
        what="relu_prime(z) for integer-valued z, zeros included",
        mistakes=[(f"this gives 1 at z = 0: {at_zero}, 0", np.where(z >= 0, 1.0, 0.0))],
    )
    close(
        student.leaky_relu_prime(z, alpha=alpha),
        np.where(z > 0, 1.0, alpha),
        rtol=0,
        atol=0,
        what=f"leaky_relu_prime(z, alpha={alpha:.3f}) for integer-valued z, zeros included",
        mistakes=[(f"this gives 1 at z = 0: {at_zero}, alpha", np.where(z >= 0, 1.0, alpha))],
    )


@question("q1", points=0.5)
def test_softplus_is_accurate_where_one_plus_exp_rounds_to_one(student, rng):
    """For z in [-45, -20], where 1 + e^z rounds (nearly) to 1, is softplus(z) right to 1e-12?"""
    z = -rng.uniform(20, 45, size=8)
    close(
        student.softplus(z),
        np.log1p(np.exp(z)),
        rtol=1e-12,
        atol=0,
        what=f"softplus(z) for z = {np.array2string(z, precision=1)}",
        mistakes=[
            (
                "this is np.log(1 + np.exp(z)), which loses every digit once 1 + e^z rounds "
                "to 1: use np.log1p(np.exp(-|z|)) + max(z, 0)",
                np.log(1.0 + np.exp(z)),
            )
        ],
    )
